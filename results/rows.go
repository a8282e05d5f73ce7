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

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r ProvisionRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.ProvisionID)
	dst = csvStr(dst, r.DocID)
	dst = csvStr(dst, r.Instrument)
	dst = csvStr(dst, r.Version)
	dst = csvInt(dst, r.Ordinal)
	dst = csvStr(dst, r.Marker)
	dst = csvStr(dst, r.Section)
	dst = csvStr(dst, r.Provenance)
	dst = csvInt(dst, r.Start)
	dst = csvInt(dst, r.End)
	dst = csvInt(dst, r.NWords)
	dst = csvStr(dst, r.Text)
	return endRecord(dst)
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

// EntityRow is one row of entities.csv: one per entity mention, by provision (provisions.csv
// order), then start. Start and End are byte offsets into the provision's text.
type EntityRow struct {
	ProvisionID string
	DocID       string
	Start, End  int
	Text        string
	Type        string // STATE, IGO, ORG, FORUM, INSTRUMENT
	CanonicalID string // ISO 3166 alpha-3 for states; type:slug otherwise
	Source      string // gazetteer or model
}

func (EntityRow) Header() []string {
	return []string{"provision_id", "doc_id", "start", "end", "text", "type", "canonical_id", "source"}
}

func (r EntityRow) Record() []string {
	return []string{r.ProvisionID, r.DocID, itoa(r.Start), itoa(r.End), r.Text, r.Type, r.CanonicalID, r.Source}
}

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r EntityRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.ProvisionID)
	dst = csvStr(dst, r.DocID)
	dst = csvInt(dst, r.Start)
	dst = csvInt(dst, r.End)
	dst = csvStr(dst, r.Text)
	dst = csvStr(dst, r.Type)
	dst = csvStr(dst, r.CanonicalID)
	dst = csvStr(dst, r.Source)
	return endRecord(dst)
}

// TermRow is one row of terms.csv: one per vocabulary term, in term order.
type TermRow struct {
	Term string
	DF   int
	IDF  float64
}

func (TermRow) Header() []string { return []string{"term", "df", "idf"} }

func (r TermRow) Record() []string { return []string{r.Term, itoa(r.DF), FormatRounded(r.IDF, 6)} }

// AlignmentRow is one row of alignment.csv: one aligned pair of provisions of consecutive
// versions (one side empty for added and deleted provisions).
type AlignmentRow struct {
	Instrument                 string
	FromDoc, ToDoc             string
	FromProvision, ToProvision string
	Status                     string
	Similarity                 float64
	WordsAdded, WordsDeleted   int
	Diff                       string
}

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r TermRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.Term)
	dst = csvInt(dst, r.DF)
	dst = csvRounded(dst, r.IDF, 6)
	return endRecord(dst)
}

func (AlignmentRow) Header() []string {
	return []string{"instrument", "from_doc", "to_doc", "from_provision", "to_provision", "status", "similarity", "words_added", "words_deleted", "diff"}
}

func (r AlignmentRow) Record() []string {
	return []string{r.Instrument, r.FromDoc, r.ToDoc, r.FromProvision, r.ToProvision, r.Status,
		FormatRounded(r.Similarity, 4), itoa(r.WordsAdded), itoa(r.WordsDeleted), r.Diff}
}

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r AlignmentRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.Instrument)
	dst = csvStr(dst, r.FromDoc)
	dst = csvStr(dst, r.ToDoc)
	dst = csvStr(dst, r.FromProvision)
	dst = csvStr(dst, r.ToProvision)
	dst = csvStr(dst, r.Status)
	dst = csvRounded(dst, r.Similarity, 4)
	dst = csvInt(dst, r.WordsAdded)
	dst = csvInt(dst, r.WordsDeleted)
	dst = csvStr(dst, r.Diff)
	return endRecord(dst)
}

// KeyphraseRow is one row of keyphrases.csv. Scope is "document" or "provision"; FirstStart is
// the byte offset of the first occurrence, in the document's normalised text for a document and
// in the provision's text for a provision. Scores compare within one scope only.
type KeyphraseRow struct {
	Scope, ScopeID string
	Rank           int
	Phrase         string
	Score          float64
	Count          int
	FirstStart     int
}

func (KeyphraseRow) Header() []string {
	return []string{"scope", "scope_id", "rank", "phrase", "score", "count", "first_start"}
}

func (r KeyphraseRow) Record() []string {
	return []string{r.Scope, r.ScopeID, itoa(r.Rank), r.Phrase, FormatRounded(r.Score, 4), itoa(r.Count), itoa(r.FirstStart)}
}

// AppendCSV appends the record Record encodes (see CSVAppender): AppendCSVHead, then
// AppendCSVRest.
func (r KeyphraseRow) AppendCSV(dst []byte) []byte {
	return r.AppendCSVRest(r.AppendCSVHead(dst))
}

// AppendCSVHead appends the first fields of the record AppendCSV encodes, Scope and ScopeID,
// each with its ','. A provision kept from one version to the next has the same rows but for
// those: keyphrases.csv's writer encodes the rest of its rows once (AppendCSVRest) and copies it.
func (r KeyphraseRow) AppendCSVHead(dst []byte) []byte {
	dst = csvStr(dst, r.Scope)
	return csvStr(dst, r.ScopeID)
}

// AppendCSVRest appends the fields of the record AppendCSV encodes after AppendCSVHead's, and
// ends the record.
func (r KeyphraseRow) AppendCSVRest(dst []byte) []byte {
	dst = csvInt(dst, r.Rank)
	dst = csvStr(dst, r.Phrase)
	dst = csvRounded(dst, r.Score, 4)
	dst = csvInt(dst, r.Count)
	dst = csvInt(dst, r.FirstStart)
	return endRecord(dst)
}

// KeyphraseChangeRow is one row of keyphrase_changes.csv: a document key phrase added in a
// version or dropped from the previous one, with its score in the version that has it.
type KeyphraseChangeRow struct {
	Instrument             string
	FromVersion, ToVersion string
	Phrase                 string
	Change                 string // added or dropped
	Score                  float64
}

func (KeyphraseChangeRow) Header() []string {
	return []string{"instrument", "from_version", "to_version", "phrase", "change", "score"}
}

func (r KeyphraseChangeRow) Record() []string {
	return []string{r.Instrument, r.FromVersion, r.ToVersion, r.Phrase, r.Change, FormatRounded(r.Score, 4)}
}

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r KeyphraseChangeRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.Instrument)
	dst = csvStr(dst, r.FromVersion)
	dst = csvStr(dst, r.ToVersion)
	dst = csvStr(dst, r.Phrase)
	dst = csvStr(dst, r.Change)
	dst = csvRounded(dst, r.Score, 4)
	return endRecord(dst)
}

// ReuseRow is one row of reuse.csv: a passage a provision shares with a provision of another
// instrument. Offsets are bytes into each provision's text; the source is the earlier document.
type ReuseRow struct {
	SourceProvision, TargetProvision string
	SourceDoc, TargetDoc             string
	Score                            float64
	AlignedWords                     int
	SourceStart, SourceEnd           int
	TargetStart, TargetEnd           int
	SourcePassage, TargetPassage     string
}

func (ReuseRow) Header() []string {
	return []string{"source_provision", "target_provision", "source_doc", "target_doc", "score", "aligned_words",
		"source_start", "source_end", "target_start", "target_end", "source_passage", "target_passage"}
}

func (r ReuseRow) Record() []string {
	return []string{r.SourceProvision, r.TargetProvision, r.SourceDoc, r.TargetDoc, FormatRounded(r.Score, 4), itoa(r.AlignedWords),
		itoa(r.SourceStart), itoa(r.SourceEnd), itoa(r.TargetStart), itoa(r.TargetEnd), r.SourcePassage, r.TargetPassage}
}

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r ReuseRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.SourceProvision)
	dst = csvStr(dst, r.TargetProvision)
	dst = csvStr(dst, r.SourceDoc)
	dst = csvStr(dst, r.TargetDoc)
	dst = csvRounded(dst, r.Score, 4)
	dst = csvInt(dst, r.AlignedWords)
	dst = csvInt(dst, r.SourceStart)
	dst = csvInt(dst, r.SourceEnd)
	dst = csvInt(dst, r.TargetStart)
	dst = csvInt(dst, r.TargetEnd)
	dst = csvStr(dst, r.SourcePassage)
	dst = csvStr(dst, r.TargetPassage)
	return endRecord(dst)
}

// ReferenceRow is one row of references.csv.
type ReferenceRow struct {
	ReferenceProvision, ReferenceDoc, TargetDoc string
	Echoed                                      bool
	BestTargetProvision                         string
	Score                                       float64
}

func (ReferenceRow) Header() []string {
	return []string{"reference_provision", "reference_doc", "target_doc", "echoed", "best_target_provision", "score"}
}

func (r ReferenceRow) Record() []string {
	e := "false"
	if r.Echoed {
		e = "true"
	}
	return []string{r.ReferenceProvision, r.ReferenceDoc, r.TargetDoc, e, r.BestTargetProvision, FormatRounded(r.Score, 4)}
}
