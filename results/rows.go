package results

// DocumentRow is one row of documents.csv: one per document read, sorted by instrument, then
// version order (date, then input order).
type DocumentRow struct {
	DocID        string
	Instrument   string
	Version      string
	Date         string
	Title        string
	Role         string
	NProvisions  int
	NWords       int
	SourcePath   string
	SourceSHA256 string
}

func (DocumentRow) Header() []string {
	return []string{"doc_id", "instrument", "version", "date", "title", "role", "n_provisions", "n_words", "source_path", "source_sha256"}
}

func (r DocumentRow) Record() []string {
	return []string{r.DocID, r.Instrument, r.Version, r.Date, r.Title, r.Role, itoa(r.NProvisions), itoa(r.NWords), r.SourcePath, r.SourceSHA256}
}

// ProvisionRow is one row of provisions.csv: one per provision, in documents.csv order, then by
// ordinal. Start and End are byte offsets into the document's normalised text.
type ProvisionRow struct {
	ProvisionID string
	DocID       string
	Instrument  string
	Version     string
	Ordinal     int
	Marker      string
	Section     string
	Provenance  string
	Start, End  int
	NWords      int
	Text        string
}

func (ProvisionRow) Header() []string {
	return []string{"provision_id", "doc_id", "instrument", "version", "ordinal", "marker", "section", "provenance", "start", "end", "n_words", "text"}
}

func (r ProvisionRow) Record() []string {
	return []string{r.ProvisionID, r.DocID, r.Instrument, r.Version, itoa(r.Ordinal), r.Marker, r.Section, r.Provenance, itoa(r.Start), itoa(r.End), itoa(r.NWords), r.Text}
}

// ErrorRow is one row of errors.csv: an input that was skipped, in the order found. Line is empty
// when the error concerns a whole file.
type ErrorRow struct {
	Path  string
	Line  int
	Error string
}

func (ErrorRow) Header() []string { return []string{"path", "line", "error"} }

func (r ErrorRow) Record() []string {
	line := ""
	if r.Line > 0 {
		line = itoa(r.Line)
	}
	return []string{r.Path, line, r.Error}
}

// WarningRow is one row of warnings.csv: a problem in the input that did not stop it being read.
type WarningRow struct {
	Path    string
	Line    int
	Warning string
}

func (WarningRow) Header() []string { return []string{"path", "line", "warning"} }

func (r WarningRow) Record() []string {
	line := ""
	if r.Line > 0 {
		line = itoa(r.Line)
	}
	return []string{r.Path, line, r.Warning}
}
