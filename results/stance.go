package results

import (
	"strings"
	"unsafe"
)

// EvidenceString renders evidence as "term:contribution;term:contribution" (contributions rounded
// to 4 decimals), the form of the evidence columns. In a term, ';' becomes ',' and ':' a space.
//
// It builds the string in one buffer sized up front and returned as the string (as a
// strings.Builder's String does, without a copy), each contribution appended in place
// (appendRounded): with a growing buffer and a string per contribution it was 0.09 s of the
// 10 MB bench run's CPU samples.
func EvidenceString(terms []string, contrib []float64) string {
	n := 0
	for _, t := range terms {
		n += len(t) + len("-0.0000:;")
	}
	if n == 0 {
		return ""
	}
	b := appendEvidence(make([]byte, 0, n), terms, contrib)
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
}

// appendEvidence appends EvidenceString(terms, contrib) to dst.
func appendEvidence(dst []byte, terms []string, contrib []float64) []byte {
	for i, t := range terms {
		if i > 0 {
			dst = append(dst, ';')
		}
		if strings.IndexByte(t, ';') < 0 && strings.IndexByte(t, ':') < 0 {
			dst = append(dst, t...)
		} else {
			for j := 0; j < len(t); j++ {
				switch c := t[j]; c {
				case ';':
					dst = append(dst, ',')
				case ':':
					dst = append(dst, ' ')
				default:
					dst = append(dst, c)
				}
			}
		}
		dst = append(dst, ':')
		dst = appendRounded(dst, contrib[i], 4)
	}
	return dst
}

// csvEvidence appends EvidenceString(terms, contrib) as a field, as csvStr appends it, and a
// ','. The field is built in dst, not as a string first, and quoted afterwards when it needs
// quotes (a term with ',' or '"', or one that begins with a space).
func csvEvidence(dst []byte, terms []string, contrib []float64) []byte {
	p := len(dst)
	dst = appendEvidence(dst, terms, contrib)
	if f := dst[p:]; len(f) > 0 && fieldNeedsQuotes(unsafe.String(&f[0], len(f))) {
		return csvStr(dst[:p], string(f))
	}
	return append(dst, ',')
}

// StanceRow is one row of stance.csv: one provision scored by one model; rows by provision
// (provisions.csv order), then model name.
type StanceRow struct {
	ProvisionID, DocID, Model string
	Score, SE, CILow, CIHigh  float64
	Label                     string
	Confidence                float64
	Evidence                  string
}

func (StanceRow) Header() []string {
	return []string{"provision_id", "doc_id", "model", "score", "se", "ci_low", "ci_high", "label", "confidence", "evidence"}
}

func (r StanceRow) Record() []string {
	return []string{r.ProvisionID, r.DocID, r.Model, FormatRounded(r.Score, 4), FormatRounded(r.SE, 4),
		FormatRounded(r.CILow, 4), FormatRounded(r.CIHigh, 4), r.Label, FormatRounded(r.Confidence, 4), r.Evidence}
}

// AppendCSV appends the record Record encodes (see CSVAppender): AppendCSVHead, then
// AppendCSVRest.
func (r StanceRow) AppendCSV(dst []byte) []byte {
	return r.AppendCSVRest(r.AppendCSVHead(dst))
}

// AppendCSVHead appends the first fields of the record AppendCSV encodes, ProvisionID and
// DocID, each with its ','. A provision kept from one version to the next has the same scores
// and evidence: stance.csv's writer encodes the rest of its rows once (AppendCSVRest) and
// copies it.
func (r StanceRow) AppendCSVHead(dst []byte) []byte {
	dst = csvStr(dst, r.ProvisionID)
	return csvStr(dst, r.DocID)
}

// AppendCSVRest appends the fields of the record AppendCSV encodes after AppendCSVHead's, and
// ends the record.
func (r StanceRow) AppendCSVRest(dst []byte) []byte {
	return endRecord(csvStr(r.appendScores(dst), r.Evidence))
}

// AppendCSVRestEvidence is AppendCSVRest of r with Evidence EvidenceString(terms, contrib)
// (r.Evidence is not read), the evidence written in place rather than made a string first.
func (r StanceRow) AppendCSVRestEvidence(dst []byte, terms []string, contrib []float64) []byte {
	return endRecord(csvEvidence(r.appendScores(dst), terms, contrib))
}

// appendScores appends the fields of AppendCSVRest before the evidence.
func (r StanceRow) appendScores(dst []byte) []byte {
	dst = csvStr(dst, r.Model)
	dst = csvRounded(dst, r.Score, 4)
	dst = csvRounded(dst, r.SE, 4)
	dst = csvRounded(dst, r.CILow, 4)
	dst = csvRounded(dst, r.CIHigh, 4)
	dst = csvStr(dst, r.Label)
	return csvRounded(dst, r.Confidence, 4)
}

// DocumentScoreRow is one row of document_scores.csv: one document scored by one model.
type DocumentScoreRow struct {
	DocID, Instrument, Version, Model string
	Score, SE, CILow, CIHigh          float64
	RescaledLBG, RescaledMV           float64 // NaN (empty) where the model has no such rescaling
}

func (DocumentScoreRow) Header() []string {
	return []string{"doc_id", "instrument", "version", "model", "score", "se", "ci_low", "ci_high", "rescaled_lbg", "rescaled_mv"}
}

func (r DocumentScoreRow) Record() []string {
	return []string{r.DocID, r.Instrument, r.Version, r.Model, FormatRounded(r.Score, 4), FormatRounded(r.SE, 4),
		FormatRounded(r.CILow, 4), FormatRounded(r.CIHigh, 4), FormatRounded(r.RescaledLBG, 4), FormatRounded(r.RescaledMV, 4)}
}

// ShiftRow is one row of shifts.csv: one aligned pair (alignment.csv) under one model.
type ShiftRow struct {
	Instrument, FromProvision, ToProvision, Status, Model string
	ScoreFrom, ScoreTo, Delta                             float64
	Direction                                             string
	EvidenceAdded, EvidenceRemoved                        string
}

func (ShiftRow) Header() []string {
	return []string{"instrument", "from_provision", "to_provision", "status", "model", "score_from", "score_to", "delta", "direction", "evidence_added", "evidence_removed"}
}

func (r ShiftRow) Record() []string {
	return []string{r.Instrument, r.FromProvision, r.ToProvision, r.Status, r.Model, FormatRounded(r.ScoreFrom, 4),
		FormatRounded(r.ScoreTo, 4), FormatRounded(r.Delta, 4), r.Direction, r.EvidenceAdded, r.EvidenceRemoved}
}

// AppendCSV appends the record Record encodes (see CSVAppender): AppendCSVHead, then
// AppendCSVRest.
func (r ShiftRow) AppendCSV(dst []byte) []byte {
	return r.AppendCSVRest(r.AppendCSVHead(dst))
}

// AppendCSVHead appends the first fields of the record AppendCSV encodes, Instrument,
// FromProvision, ToProvision and Status, each with its ','. They are the same in the rows of
// one aligned pair under every model: shifts.csv's writer encodes them once per pair and copies
// them.
func (r ShiftRow) AppendCSVHead(dst []byte) []byte {
	dst = csvStr(dst, r.Instrument)
	dst = csvStr(dst, r.FromProvision)
	dst = csvStr(dst, r.ToProvision)
	return csvStr(dst, r.Status)
}

// AppendCSVRest appends the fields of the record AppendCSV encodes after AppendCSVHead's, and
// ends the record.
func (r ShiftRow) AppendCSVRest(dst []byte) []byte {
	dst = csvStr(r.appendScores(dst), r.EvidenceAdded)
	return endRecord(csvStr(dst, r.EvidenceRemoved))
}

// AppendCSVRestEvidence is AppendCSVRest of r with EvidenceAdded EvidenceString(addTerms,
// addContrib) and EvidenceRemoved EvidenceString(remTerms, remContrib) (r's own are not read),
// the evidence written in place rather than made strings first.
func (r ShiftRow) AppendCSVRestEvidence(dst []byte, addTerms []string, addContrib []float64, remTerms []string, remContrib []float64) []byte {
	dst = csvEvidence(r.appendScores(dst), addTerms, addContrib)
	return endRecord(csvEvidence(dst, remTerms, remContrib))
}

// appendScores appends the fields of AppendCSVRest before the evidence.
func (r ShiftRow) appendScores(dst []byte) []byte {
	dst = csvStr(dst, r.Model)
	dst = csvRounded(dst, r.ScoreFrom, 4)
	dst = csvRounded(dst, r.ScoreTo, 4)
	dst = csvRounded(dst, r.Delta, 4)
	return csvStr(dst, r.Direction)
}

// SummaryRow is one row of summary.csv: one version pair of one instrument under one model.
type SummaryRow struct {
	Instrument, FromVersion, ToVersion, Model string
	// Counts per alignment status.
	Unchanged, Modified, Moved, Split, Merged, Added, Deleted int
	MeanFrom, MeanTo, Shift                                   float64 // mean provision scores and their difference
	TowardStateCentric, TowardMultistakeholder, NoShift       int     // matched pairs moving each way
}

func (SummaryRow) Header() []string {
	return []string{"instrument", "from_version", "to_version", "model", "n_unchanged", "n_modified", "n_moved", "n_split", "n_merged", "n_added", "n_deleted",
		"mean_score_from", "mean_score_to", "shift", "n_toward_state_centric", "n_toward_multistakeholder", "n_no_shift"}
}

func (r SummaryRow) Record() []string {
	return []string{r.Instrument, r.FromVersion, r.ToVersion, r.Model, itoa(r.Unchanged), itoa(r.Modified), itoa(r.Moved), itoa(r.Split),
		itoa(r.Merged), itoa(r.Added), itoa(r.Deleted), FormatRounded(r.MeanFrom, 4), FormatRounded(r.MeanTo, 4), FormatRounded(r.Shift, 4),
		itoa(r.TowardStateCentric), itoa(r.TowardMultistakeholder), itoa(r.NoShift)}
}

// ConceptMentionRow is one row of concept_mentions.csv; Start and End are byte offsets into the
// provision's text.
type ConceptMentionRow struct {
	ProvisionID, DocID, Concept string
	Start, End                  int
	MatchedText                 string
}

func (ConceptMentionRow) Header() []string {
	return []string{"provision_id", "doc_id", "concept", "start", "end", "matched_text"}
}

func (r ConceptMentionRow) Record() []string {
	return []string{r.ProvisionID, r.DocID, r.Concept, itoa(r.Start), itoa(r.End), r.MatchedText}
}

// AppendCSV appends the record Record encodes (see CSVAppender): AppendCSVHead, then
// AppendCSVRest.
func (r ConceptMentionRow) AppendCSV(dst []byte) []byte {
	return r.AppendCSVRest(r.AppendCSVHead(dst))
}

// AppendCSVHead appends the first fields of the record AppendCSV encodes, ProvisionID and
// DocID, each with its ','. A provision kept from one version to the next has the same
// mentions: concept_mentions.csv's writer encodes the rest of its rows once (AppendCSVRest)
// and copies it.
func (r ConceptMentionRow) AppendCSVHead(dst []byte) []byte {
	dst = csvStr(dst, r.ProvisionID)
	return csvStr(dst, r.DocID)
}

// AppendCSVRest appends the fields of the record AppendCSV encodes after AppendCSVHead's, and
// ends the record.
func (r ConceptMentionRow) AppendCSVRest(dst []byte) []byte {
	dst = csvStr(dst, r.Concept)
	dst = csvInt(dst, r.Start)
	dst = csvInt(dst, r.End)
	dst = csvStr(dst, r.MatchedText)
	return endRecord(dst)
}

// ConceptChangeRow is one row of concept_changes.csv: a concept present in one or both of two
// consecutive versions. FromProvisions and ToProvisions are semicolon lists of provision ids.
type ConceptChangeRow struct {
	Instrument, FromVersion, ToVersion, Concept, Change string
	FromProvisions, ToProvisions                        string
}

func (ConceptChangeRow) Header() []string {
	return []string{"instrument", "from_version", "to_version", "concept", "change", "from_provisions", "to_provisions"}
}

func (r ConceptChangeRow) Record() []string {
	return []string{r.Instrument, r.FromVersion, r.ToVersion, r.Concept, r.Change, r.FromProvisions, r.ToProvisions}
}

// AppendCSV appends the record Record encodes (see CSVAppender).
func (r ConceptChangeRow) AppendCSV(dst []byte) []byte {
	dst = csvStr(dst, r.Instrument)
	dst = csvStr(dst, r.FromVersion)
	dst = csvStr(dst, r.ToVersion)
	dst = csvStr(dst, r.Concept)
	dst = csvStr(dst, r.Change)
	dst = csvStr(dst, r.FromProvisions)
	dst = csvStr(dst, r.ToProvisions)
	return endRecord(dst)
}

// ClassScores is one stance class's precision, recall and F1.
type ClassScores struct{ Precision, Recall, F1 float64 }

// PerClass is the ClassScores of state_centric, multistakeholder and neutral, in that order:
// the nine columns eval.csv and agreement.csv share.
type PerClass [3]ClassScores

// perClassHeader names PerClass's columns.
var perClassHeader = []string{
	"precision_state_centric", "recall_state_centric", "f1_state_centric",
	"precision_multistakeholder", "recall_multistakeholder", "f1_multistakeholder",
	"precision_neutral", "recall_neutral", "f1_neutral"}

// appendFields appends p's nine fields, formatted by f, to dst.
func (p PerClass) appendFields(dst []string, f func(float64) string) []string {
	for _, c := range p {
		dst = append(dst, f(c.Precision), f(c.Recall), f(c.F1))
	}
	return dst
}

// EvalRow is one row of eval.csv: one model on one split of the labels.
type EvalRow struct {
	Model, Split      string
	N                 int
	Accuracy, MacroF1 float64
	PerClass          PerClass
	Spearman          float64
}

func (EvalRow) Header() []string {
	h := append([]string{"model", "split", "n", "accuracy", "macro_f1"}, perClassHeader...)
	return append(h, "spearman")
}

func (r EvalRow) Record() []string {
	f := func(x float64) string { return FormatRounded(x, 4) }
	out := r.PerClass.appendFields([]string{r.Model, r.Split, itoa(r.N), f(r.Accuracy), f(r.MacroF1)}, f)
	return append(out, f(r.Spearman))
}

// ConfusionRow is one row of confusion.csv: how many provisions of a gold label a model gave a
// predicted label, on one split.
type ConfusionRow struct {
	Model, Split, Gold, Predicted string
	N                             int
}

func (ConfusionRow) Header() []string { return []string{"model", "split", "gold", "predicted", "n"} }

func (r ConfusionRow) Record() []string {
	return []string{r.Model, r.Split, r.Gold, r.Predicted, itoa(r.N)}
}
