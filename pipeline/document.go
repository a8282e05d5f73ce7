package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/segment"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/keyphrase"
)

// DocResult is one document after the per-document stages.
type DocResult struct {
	Doc *corpus.Document
	// SourcePath is the document's source as shown to users; SourceSHA256 the hash of its bytes
	// (for a provisions table: of the table file).
	SourcePath   string
	SourceSHA256 string
	Bytes        int
	// Text is the normalised text; every provision's Text == Text[Start:End].
	Text       string
	Provisions []corpus.Provision
	// ProvisionWords[i] is the word count of Provisions[i]; Words their sum.
	ProvisionWords []int
	Words          int
	// Analyses[i] is the linguistic analysis of Provisions[i] (nil until Analyze runs).
	Analyses []analyze.Provision
	// Vecs[i] is the TF-IDF row of Provisions[i] (nil until Vectorize runs).
	Vecs []align.SparseVec
	// Phrases[i] are the key phrases of Provisions[i]; DocPhrases the whole document\'s, ranked.
	Phrases    [][]keyphrase.Phrase
	DocPhrases []keyphrase.Phrase
	Warnings   []corpus.Warning

	// tokenNums[i] are the numbers of Analyses[i].Tokens' texts in the numbering of the stream
	// pass that analysed them through analyzeMemo (tokenIDs in the first pass, wordTerms.number
	// in the second); nil outside the stream and for a provision the layer failed on.
	tokenNums [][]int32
	// keptFrom[i] tells where analyzeMemo took Analyses[i] from (provisionMemo): noSource, the
	// layer analysed it for provision i (or failed); k >= 0, the previous document's provision
	// k had it; k <= -2, this document's provision -2-k had it. nil outside the stream.
	keptFrom []int32
	// textNums[i] is the number of Provisions[i].Text among its instrument's texts (textMemo,
	// the second pass's analyzeTexts); nil outside it. Every document of a Result holding one
	// instrument of the stream has them, in one numbering.
	textNums []int32

	// docPhraseKeys[i] is the merge key of DocPhrases[i] when a keyphrase.Session gave them
	// (extractKeyphrasesIn); nil otherwise (KeyphraseChangeRows then finds them).
	docPhraseKeys []string
	// docPhraseKeyNums[i] is the session's number of docPhraseKeys[i]
	// (keyphrase.Session.ExtractAllKeyNums): one session per instrument numbers the keys of all
	// its versions, whose phrases KeyphraseChangeRows compares by these numbers
	docPhraseKeyNums []int32
}

// Analyze runs the linguistic layer on every provision. A provision the layer fails on keeps an
// empty analysis and gets a warning.
func (r *DocResult) Analyze(a *analyze.Analyzer) { r.analyze(a.Analyze) }

// AnalyzeTokens is Analyze with only tokens and sentences (analyze.Analyzer.Tokens).
func (r *DocResult) AnalyzeTokens(a *analyze.Analyzer) { r.analyze(a.Tokens) }

// analysisMemo carries the linguistic analyses of one document's provisions, by text, to the
// next version of the same instrument (and to repeats within the document). The versions of an
// instrument share most of their provisions (on the 10MB bench corpus, 54% of the provision
// bytes equal a provision of the previous version), and an analysis is a function of the text
// alone, so such a provision takes over the earlier analysis, slices shared, instead of running
// the layer again. Its tokens' numbers come with it: the memo lives within one numbering of the
// token texts (a version run's in the first pass, an instrument's in the second), so a memoised
// provision's tokens are not looked up again either. Only successful analyses are kept: a
// provision the layer fails on is analysed (and warned about) again. It holds at most two
// documents' analyses: the previous one and the one being analysed.
type analysisMemo struct{ prev, cur map[string]numberedAnalysis }

// reset forgets every analysis, as if m were new.
func (m *analysisMemo) reset() {
	clear(m.prev)
	clear(m.cur)
}

// numberedAnalysis is a provision's analysis and the numbers of its tokens' texts, and the
// index of the last provision of its document given it (DocResult.keptFrom).
type numberedAnalysis struct {
	an   analyze.Provision
	nums []int32
	at   int32
}

// noSource is DocResult.keptFrom's mark of a provision the layer analysed (or failed on).
const noSource = -1

// analyzeMemo runs fn on r's provisions through m and sets r.Analyses and r.tokenNums: fn
// analyses a text (as analyze.Analyzer's Analyze or Tokens does) and numbers its tokens' texts,
// the same fn, in one numbering, for every document through m. The analyses and numbers are
// fn's, and m then remembers them for the next document. r.keptFrom tells which provision of
// the previous document or of r had each analysis before.
func (r *DocResult) analyzeMemo(fn func(string) (analyze.Provision, []int32, error), m *analysisMemo) {
	clear(m.prev)
	m.prev, m.cur = m.cur, m.prev
	if m.cur == nil {
		m.cur = make(map[string]numberedAnalysis, len(r.Provisions))
	}
	r.Analyses = make([]analyze.Provision, len(r.Provisions))
	r.tokenNums = make([][]int32, len(r.Provisions))
	r.keptFrom = make([]int32, len(r.Provisions))
	for i, p := range r.Provisions {
		// The previous document first: most provisions found are its. An equal text in both
		// maps has equal analyses and numbers (fn's of the same text, in one numbering).
		from := int32(noSource)
		a, ok := m.prev[p.Text]
		if ok {
			from, a.at = a.at, int32(i)
			m.cur[p.Text] = a
		} else if a, ok = m.cur[p.Text]; ok {
			from = -2 - a.at
		} else {
			an, nums, err := fn(p.Text)
			if err != nil {
				r.warnAnalysis(p, err)
				r.keptFrom[i] = noSource
				continue
			}
			a = numberedAnalysis{an: an, nums: nums, at: int32(i)}
			m.cur[p.Text] = a
		}
		r.Analyses[i], r.tokenNums[i], r.keptFrom[i] = a.an, a.nums, from
	}
}

func (r *DocResult) analyze(fn func(string) (analyze.Provision, error)) {
	r.Analyses = make([]analyze.Provision, len(r.Provisions))
	for i, p := range r.Provisions {
		an, err := fn(p.Text)
		if err != nil {
			r.warnAnalysis(p, err)
			continue
		}
		r.Analyses[i] = an
	}
}

// warnAnalysis adds the warning of the layer's failure err on provision p.
func (r *DocResult) warnAnalysis(p corpus.Provision, err error) {
	r.Warnings = append(r.Warnings, corpus.Warning{Path: r.SourcePath, Line: p.Line,
		Msg: fmt.Sprintf("provision %s: %v", p.ID, err)})
}

// ReadDocument decodes, normalises and segments one document's raw bytes. path is how the
// document is shown in errors and warnings. It returns an error (a *corpus.Error) when the bytes
// are not text; problems that do not stop the document are warnings.
func ReadDocument(d *corpus.Document, path string, raw []byte) (*DocResult, error) {
	r, err := readDocument(d, path, raw)
	if err != nil {
		return nil, err
	}
	r.count()
	return r, nil
}

// readDocument is ReadDocument without the word counts (see readOne).
func readDocument(d *corpus.Document, path string, raw []byte) (*DocResult, error) {
	text, warns, err := corpus.DecodeText(path, raw)
	if err != nil {
		return nil, err
	}
	seg := segment.Segment(d.ID, text, segment.Options{Provenance: d.ProvenanceOf})
	for _, w := range seg.Warnings {
		w.Path = path
		warns = append(warns, w)
	}
	warns = append(warns, unmatchedQuoted(d, path, seg.Provisions)...)
	r := &DocResult{Doc: d, SourcePath: path, SourceSHA256: hashHex(raw), Bytes: len(raw),
		Text: seg.Text, Provisions: seg.Provisions, Warnings: warns}
	return r, nil
}

// unmatchedQuoted warns of each marker of d.Quoted that no provision has: a typo such as "(g)"
// for "g" would otherwise leave the provision's provenance silently unchanged.
func unmatchedQuoted(d *corpus.Document, path string, provs []corpus.Provision) []corpus.Warning {
	if len(d.Quoted) == 0 {
		return nil
	}
	have := make(map[string]bool, len(provs))
	for _, p := range provs {
		have[p.Marker] = true
	}
	var out []corpus.Warning
	for i, m := range d.Quoted {
		if have[m] {
			continue
		}
		have[m] = true // warn once per marker
		where := ""
		switch {
		case i < len(d.QuotedLines) && d.QuotedLines[i] > 0: // the marker's own line
			where = fmt.Sprintf(" (manifest line %d)", d.QuotedLines[i])
		case d.Line > 0: // the document's entry
			where = fmt.Sprintf(" (manifest line %d)", d.Line)
		}
		out = append(out, corpus.Warning{Path: path, Msg: fmt.Sprintf(
			"quoted: marker %q%s matches no provision of document %q; markers are written as in provisions.csv, without punctuation (\"g\" for \"(g)\")", m, where, d.ID)})
	}
	return out
}

// PresplitDocument builds the DocResult of a document read from a provisions table. Each
// provision's white space is collapsed to single spaces; the normalised document text is the
// provisions joined by "\n". tableSHA is the hash of the table file. The error is
// corpus.Document.TableProvisions' (a table file changed since it was loaded).
func PresplitDocument(d *corpus.Document, path, tableSHA string) (*DocResult, error) {
	r, err := presplitDocument(d, path, tableSHA)
	if err != nil {
		return nil, err
	}
	r.count()
	return r, nil
}

// presplitDocument is PresplitDocument without the word counts (see readOne).
func presplitDocument(d *corpus.Document, path, tableSHA string) (*DocResult, error) {
	provs, err := d.TableProvisions()
	if err != nil {
		return nil, err
	}
	r := &DocResult{Doc: d, SourcePath: path, SourceSHA256: tableSHA}
	var sb strings.Builder
	for i, p := range provs {
		if i > 0 {
			sb.WriteByte('\n')
		}
		t := collapseSpace(p.Text)
		p.Start = sb.Len()
		sb.WriteString(t)
		p.End = sb.Len()
		p.Text = t
		p.Ordinal = i + 1
		r.Provisions = append(r.Provisions, p)
		r.Bytes += len(t)
	}
	r.Text = sb.String()
	for i := range r.Provisions {
		p := &r.Provisions[i]
		p.Text = r.Text[p.Start:p.End] // share the document's backing string
	}
	return r, nil
}

// count fills ProvisionWords and Words.
func (r *DocResult) count() {
	r.ProvisionWords = make([]int, len(r.Provisions))
	r.Words = 0
	for i, p := range r.Provisions {
		n := CountWords(p.Text)
		r.ProvisionWords[i] = n
		r.Words += n
	}
}

// CountWords counts words: maximal runs of letters, digits and marks, joined by an apostrophe or
// hyphen between two such characters ("States'" is one word, "confidence-building" is one, "3.5"
// is two). This is the n_words of documents.csv and provisions.csv.
//
// ASCII bytes are classified by a table (wordByte) and only other runes decoded: decoding every
// rune and asking package unicode was 1.70 s of the 100MB bench run's 58.3 s of CPU samples.
// FuzzCountWords compares it with the rune-by-rune reference it replaced.
//
// Eight ASCII bytes whose last is no apostrophe or hyphen are counted at once (asciiWordStarts:
// the words that start among them, from masks of their word bytes and joining bytes); a word
// byte at a time was most of CountWords' instructions.
func CountWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			if starts, last, ok := asciiWordStarts(load8(s[i:i+8]), in); ok {
				n += starts
				in = last
				i += 8
				continue
			}
		}
		c := s[i]
		if wordByte[c] {
			if !in {
				n++
				in = true
			}
			for i++; i < len(s) && wordByte[s[i]]; i++ {
			}
			continue
		}
		if c < utf8.RuneSelf {
			if in && (c == '\'' || c == '-') && i+1 < len(s) {
				in = startsWord(s[i+1:])
			} else {
				in = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			if !in {
				n++
				in = true
			}
		case in && r == '’' && i+size < len(s):
			in = startsWord(s[i+size:])
		default:
			in = false
		}
		i += size
	}
	return n
}

// asciiWordStarts counts the words that start among the eight bytes of x (little-endian), all
// ASCII, the last not an apostrophe or hyphen, CountWords being in a word before them when in
// is true; last reports whether it is in one after them. ok is false, and nothing counted, when
// x does not qualify (a byte of a longer rune; a joining byte last, whose word goes on only if
// the next byte starts one).
//
// A byte starts a word when it is a word byte, the byte before it is not, and that byte is not
// an apostrophe or hyphen after a word byte (which joins the two: "confidence-building").
// CountWords' state before the eight bytes stands for the word byte before the first; the one
// before that does not matter (a joining byte before the first is not looked at).
// TestASCIIWordMasks checks the masks against wordByte on every byte; FuzzCountWords compares
// CountWords with countWordsRef.
func asciiWordStarts(x uint64, in bool) (starts int, last, ok bool) {
	if x&hi8 != 0 {
		return 0, false, false
	}
	w, j := asciiWordMasks(x)
	if j>>63 != 0 {
		return 0, false, false
	}
	var carry uint64 // the high bit of a byte before the first: in a word before x
	if in {
		carry = 0x80
	}
	prev := w<<8 | carry                      // the byte before each is a word byte
	prevJoined := j << 8 & (w<<16 | carry<<8) // the byte before each joins a word byte before it
	return bits.OnesCount64(w &^ prev &^ prevJoined), w>>63 != 0, true
}

// Each byte's lowest and highest bit in a word of eight.
const lo8, hi8 = 0x0101010101010101, 0x8080808080808080

// asciiWordMasks returns, for the eight ASCII bytes of x, the high bit of each byte that is a
// letter or a digit (w: wordByte) and of each apostrophe or hyphen (j). Each byte is below 0x80,
// so adding a constant below 0x80 to it carries into no other byte: b + 0x80-c has its high bit
// set when b >= c, b + 0x7f-c when b > c, and b^c + 0x7f | b^c when b != c.
func asciiWordMasks(x uint64) (w, j uint64) {
	l := x | 0x20*lo8 // ASCII letters in lower case; no other byte becomes one
	w = ((l+(0x80-'a')*lo8)&^(l+(0x7f-'z')*lo8) | (x+(0x80-'0')*lo8)&^(x+(0x7f-'9')*lo8)) & hi8
	a, d := x^'\''*lo8, x^'-'*lo8
	j = ^((a + 0x7f*lo8 | a) & (d + 0x7f*lo8 | d)) & hi8
	return w, j
}

// load8 returns the eight bytes of b as a little-endian word (one load).
func load8(b string) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// wordByte[c] reports whether the byte c is an ASCII letter or digit: isWordRune(rune(c)) for
// c < utf8.RuneSelf, false for the bytes of longer runes.
var wordByte = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// startsWord reports whether s, not empty, begins with a letter, digit or mark.
func startsWord(s string) bool {
	if c := s[0]; c < utf8.RuneSelf {
		return wordByte[c]
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
