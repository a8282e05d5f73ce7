package segment

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stanceshift/stanceshift/corpus"
)

// wp is an expected provision: ID without the doc prefix, section, text and sub-item markers.
type wp struct {
	id   string
	sec  corpus.Section
	text string
	subs string // comma-separated sub-item markers
}

const (
	pre = corpus.Preamble
	op  = corpus.Operative
	anx = corpus.Annex
)

type segCase struct {
	name  string
	in    string
	want  []wp
	norm  string   // expected normalised text, when set
	warns []string // substrings expected, in order, one per warning; nil means no warnings
	opt   Options
}

var segCases = []segCase{
	// ---- marker styles ----
	{name: "paren letters", in: "(a) First item;\n(b) Second item.",
		want: []wp{{"a", op, "First item;", ""}, {"b", op, "Second item.", ""}}},
	{name: "half-paren letters", in: "a) First item;\nb) Second item.",
		want: []wp{{"a", op, "First item;", ""}, {"b", op, "Second item.", ""}}},
	{name: "paren numbers", in: "(1) One.\n(2) Two.",
		want: []wp{{"1", op, "One.", ""}, {"2", op, "Two.", ""}}},
	{name: "dot numbers", in: "1. One.\n2. Two.\n3. Three.",
		want: []wp{{"1", op, "One.", ""}, {"2", op, "Two.", ""}, {"3", op, "Three.", ""}}},
	{name: "half-paren numbers", in: "1) One.\n2) Two.",
		want: []wp{{"1", op, "One.", ""}, {"2", op, "Two.", ""}}},
	{name: "roman top level", in: "(i) One;\n(ii) Two;\n(iii) Three;\n(iv) Four;\n(v) Five.",
		want: []wp{{"i", op, "One;", ""}, {"ii", op, "Two;", ""}, {"iii", op, "Three;", ""}, {"iv", op, "Four;", ""}, {"v", op, "Five.", ""}}},
	{name: "capital letters", in: "A. The first part of the text.\nB. The second part of the text.",
		want: []wp{{"A", op, "The first part of the text.", ""}, {"B", op, "The second part of the text.", ""}}},
	{name: "article with text on the line", in: "Article 5. States shall cooperate.\nArticle 6. States shall report.",
		want: []wp{{"5", op, "States shall cooperate.", ""}, {"6", op, "States shall report.", ""}}},
	{name: "article alone on its line with a title",
		in:   "ARTICLE 1\nPurpose\nThis Code sets norms.\n\nARTICLE 2\nScope\nIt applies to States.",
		want: []wp{{"1", op, "Purpose\nThis Code sets norms.", ""}, {"2", op, "Scope\nIt applies to States.", ""}}},
	{name: "article bis and Art. abbreviation",
		in:   "Article 5\nStates shall cooperate.\nArticle 5 bis\nStates shall report.\nArt. 6 - Review\nThe Parties shall review it.",
		want: []wp{{"5", op, "States shall cooperate.", ""}, {"5bis", op, "States shall report.", ""}, {"6", op, "Review\nThe Parties shall review it.", ""}}},
	{name: "paragraph words", in: "Paragraph 5 States shall cooperate.\n\nParagraph 6 States shall report.",
		want: []wp{{"5", op, "States shall cooperate.", ""}, {"6", op, "States shall report.", ""}}},
	{name: "section signs", in: "§ 6 States shall report.\n\n§7. Final.",
		want: []wp{{"6", op, "States shall report.", ""}, {"7", op, "Final.", ""}}},
	{name: "a second marker word nests under the first",
		in:   "Article I\nSection 1. All powers.\nSection 2. The House.\nArticle II\nSection 1. The executive.",
		want: []wp{{"I", op, "Section 1. All powers.\nSection 2. The House.", "1,2"}, {"II", op, "Section 1. The executive.", "1"}}},
	{name: "section markers with subsections",
		in:   "Section 1. Short title.\nThis Act may be cited as the Port Safety Act.\nSec. 2. Definitions.\n(a) \"Port\" means a harbour.\n(b) \"Ship\" means a vessel.",
		want: []wp{{"1", op, "Short title.\nThis Act may be cited as the Port Safety Act.", ""}, {"2", op, "Definitions.\n(a) \"Port\" means a harbour.\n(b) \"Ship\" means a vessel.", "a,b"}}},
	{name: "article is top level when numbered paragraphs come first",
		in:    "1. Preliminary remark.\n\nArticle 1\n1. First paragraph.\n2. Second paragraph.",
		want:  []wp{{"1", op, "Preliminary remark.", ""}, {"1-2", op, "1. First paragraph.\n2. Second paragraph.", "1,2"}},
		warns: []string{`duplicate marker "1"`}},
	{name: "reference is not a marker", in: "States recall that\nArticle 51 of the Charter applies.",
		want:  []wp{{"p1", pre, "States recall that Article 51 of the Charter applies.", ""}},
		warns: []string{"no provision markers found; 1 unmarked"}},
	{name: "cross-reference at a line start is joined",
		in:   "1. As provided in paragraph\n(a) of resolution 1, States shall act.\n2. Next.",
		want: []wp{{"1", op, "As provided in paragraph (a) of resolution 1, States shall act.", ""}, {"2", op, "Next.", ""}}},
	{name: "year at a line start is not a marker",
		in:   "1. The Code was adopted in\n2015. It was revised later.",
		want: []wp{{"1", op, "The Code was adopted in 2015. It was revised later.", ""}}},
	{name: "marker alone on its line joins the next line", in: "(a)\nTo comply;\n(b)\n\nTo cooperate.",
		want: []wp{{"a", op, "To comply;", ""}, {"b", op, "To cooperate.", ""}}},

	// ---- sub-items ----
	{name: "numbered paragraphs with lettered sub-items",
		in:   "1. Decides that States shall:\n(a) Report;\n(b) Cooperate;\n2. Requests the Secretary-General to report.",
		want: []wp{{"1", op, "Decides that States shall:\n(a) Report;\n(b) Cooperate;", "a,b"}, {"2", op, "Requests the Secretary-General to report.", ""}}},
	{name: "roman sub-items inside a letter",
		in:   "(a) To comply;\n(b) To cooperate in:\n(i) exchange;\n(ii) training;\n(c) To report.",
		want: []wp{{"a", op, "To comply;", ""}, {"b", op, "To cooperate in:\n(i) exchange;\n(ii) training;", "i,ii"}, {"c", op, "To report.", ""}}},
	{name: "(i) right after (h) is a letter",
		in:   "(a) A;\n(b) B;\n(c) C;\n(d) D;\n(e) E;\n(f) F;\n(g) G;\n(h) H;\n(i) I;\n(j) J.",
		want: []wp{{"a", op, "A;", ""}, {"b", op, "B;", ""}, {"c", op, "C;", ""}, {"d", op, "D;", ""}, {"e", op, "E;", ""}, {"f", op, "F;", ""}, {"g", op, "G;", ""}, {"h", op, "H;", ""}, {"i", op, "I;", ""}, {"j", op, "J.", ""}}},
	{name: "(i) after (h) with (ii) next is roman",
		in:   "(g) G;\n(h) H, namely:\n(i) one;\n(ii) two;\n(i) I.",
		want: []wp{{"g", op, "G;", ""}, {"h", op, "H, namely:\n(i) one;\n(ii) two;", "i,ii"}, {"i", op, "I.", ""}}},
	{name: "(v) and (x) in a roman list stay roman",
		in:    "(c) C:\n(iv) four;\n(v) five;\n(vi) six;\n(ix) nine;\n(x) ten;\n(d) D.",
		want:  []wp{{"c", op, "C:\n(iv) four;\n(v) five;\n(vi) six;\n(ix) nine;\n(x) ten;", "iv,v,vi,ix,x"}, {"d", op, "D.", ""}},
		warns: nil},
	{name: "nested sub-items: the letter spans its romans",
		in:   "1. Text:\n(a) alpha:\n(i) one;\n(ii) two;\n(b) beta.\n2. Next.",
		want: []wp{{"1", op, "Text:\n(a) alpha:\n(i) one;\n(ii) two;\n(b) beta.", "a,i,ii,b"}, {"2", op, "Next.", ""}}},

	// ---- preamble, headings, sections, continuations ----
	{name: "UN heading block, preamble and operative",
		in: "United Nations\n\nGeneral Assembly\n\nDistr.: General\n13 January 2015\n\nSixty-ninth session\nAgenda item 91\n\n" +
			"The General Assembly,\n\nRecalling its resolution 68/243,\n\n1. Calls upon States to cooperate;\n\n2. Decides to remain seized.",
		want: []wp{{"p1", pre, "The General Assembly,", ""}, {"p2", pre, "Recalling its resolution 68/243,", ""}, {"1", op, "Calls upon States to cooperate;", ""}, {"2", op, "Decides to remain seized.", ""}},
		norm: "United Nations\nGeneral Assembly\nDistr.: General\n13 January 2015\nSixty-ninth session\nAgenda item 91\nThe General Assembly,\nRecalling its resolution 68/243,\n1. Calls upon States to cooperate;\n2. Decides to remain seized."},
	{name: "lettered headings in a numbered document",
		in:   "A. Introduction\n\n1. The report covers 2015.\n\nB. Findings and recommendations\n\n2. States agreed.",
		want: []wp{{"1", op, "The report covers 2015.", ""}, {"2", op, "States agreed.", ""}}},
	{name: "annex heading before any marker is only a heading",
		in:   "Annex\n\nInternational code of conduct for information security\n\nThe States subscribing to this Code,\n\n(a) To comply;\n(b) To cooperate.",
		want: []wp{{"p1", pre, "The States subscribing to this Code,", ""}, {"a", op, "To comply;", ""}, {"b", op, "To cooperate.", ""}}},
	{name: "annex after operative provisions",
		in:   "1. Adopts the code annexed.\n\nAnnex\n\nCode of conduct\n\n(a) States shall report.\n(b) States shall cooperate.",
		want: []wp{{"1", op, "Adopts the code annexed.", ""}, {"a", anx, "States shall report.", ""}, {"b", anx, "States shall cooperate.", ""}}},
	{name: "continuation attaches, heading separates",
		in:   "1. States shall cooperate.\n\nThis includes sharing data.\n\nFinal provisions\n\nThe Code is voluntary.\n\nIt is open to all.",
		want: []wp{{"1", op, "States shall cooperate.\nThis includes sharing data.", ""}, {"p1", op, "The Code is voluntary.", ""}, {"p2", op, "It is open to all.", ""}}},

	// ---- wrapping and hyphenation ----
	{name: "hard wraps joined",
		in:   "1. States shall cooperate in the exchange of information on threats and\nvulnerabilities and in the response to incidents affecting critical\ninfrastructure.",
		want: []wp{{"1", op, "States shall cooperate in the exchange of information on threats and vulnerabilities and in the response to incidents affecting critical infrastructure.", ""}}},
	{name: "hyphenated word joined", in: "1. States shall share informa-\ntion on threats.",
		want: []wp{{"1", op, "States shall share information on threats.", ""}}},
	{name: "compound keeps its hyphen", in: "1. States shall develop confidence-\nbuilding measures.",
		want: []wp{{"1", op, "States shall develop confidence-building measures.", ""}}},
	{name: "closed-compound prefix joined", in: "1. A deeper under-\nstanding and an under-\ntaking.",
		want: []wp{{"1", op, "A deeper understanding and an undertaking.", ""}}},
	{name: "prefix keeps its hyphen", in: "1. States respect non-\ninterference.",
		want: []wp{{"1", op, "States respect non-interference.", ""}}},
	{name: "document evidence beats the compound list",
		in:   "1. Training of watchkeeping officers.\n2. Hours of watch-\nkeeping crews.",
		want: []wp{{"1", op, "Training of watchkeeping officers.", ""}, {"2", op, "Hours of watchkeeping crews.", ""}}},
	{name: "capitalised second half keeps hyphen", in: "1. The pan-\nAfrican network.",
		want: []wp{{"1", op, "The pan-African network.", ""}}},
	{name: "soft hyphen at line end joined", in: "1. States share infor\u00ad\nmation.",
		want: []wp{{"1", op, "States share information.", ""}}},
	{name: "unwrapped web text keeps one paragraph per line",
		in:    "The first paragraph is a full sentence.\nThe second paragraph is another sentence.",
		want:  []wp{{"p1", pre, "The first paragraph is a full sentence.", ""}, {"p2", pre, "The second paragraph is another sentence.", ""}},
		warns: []string{"no provision markers found; 2 unmarked"}},

	// ---- page furniture ----
	{name: "symbols, job numbers and page numbers dropped",
		in: "A/69/723\n\n1. States shall cooperate in the\n\n15-00563 (E)    210115\n*1500563*\n\f2\nA/69/723\n\nexchange of information.\n\n" +
			"- 3 -\n\nPage 4\n\n4/12\nPage 5 of 12\nA/RES/70/237 Developments in the field of information\nE/CN.4/2005/L.10\n11-49688 (E) 210911\n\n2. States shall report.",
		want: []wp{{"1", op, "States shall cooperate in the exchange of information.", ""}, {"2", op, "States shall report.", ""}},
		norm: "1. States shall cooperate in the exchange of information.\n2. States shall report."},
	{name: "running title at page boundaries dropped",
		in:   "Code of conduct\n1. One.\n\n2\n\fCode of conduct\n2. Two.\n\n3\n\fCode of conduct\n3. Three.\n\n4\n\fCode of conduct\n4. Four.",
		want: []wp{{"1", op, "One.", ""}, {"2", op, "Two.", ""}, {"3", op, "Three.", ""}, {"4", op, "Four.", ""}},
		norm: "1. One.\n2. Two.\n3. Three.\n4. Four."},
	{name: "repeated line away from page boundaries kept",
		in:   "Scope\n\n1. One.\n\nScope\n\n2. Two.\n\nScope\n\n3. Three.",
		want: []wp{{"1", op, "One.", ""}, {"2", op, "Two.", ""}, {"3", op, "Three.", ""}},
		norm: "Scope\n1. One.\nScope\n2. Two.\nScope\n3. Three."},

	// ---- encodings and characters ----
	{name: "CRLF line endings", in: "1. One\r\ncontinued.\r\n\r\n2. Two.\r\n",
		want: []wp{{"1", op, "One continued.", ""}, {"2", op, "Two.", ""}}},
	{name: "old Mac line endings", in: "1. One\rcontinued.\r\r2. Two.",
		want: []wp{{"1", op, "One continued.", ""}, {"2", op, "Two.", ""}}},
	{name: "BOM stripped", in: "\ufeff1. One.",
		want: []wp{{"1", op, "One.", ""}}},
	{name: "form feeds are page breaks", in: "1. States shall\fcooperate.\f\f2. Two.",
		want: []wp{{"1", op, "States shall cooperate.", ""}, {"2", op, "Two.", ""}}},
	{name: "curly quotes, NBSP and tabs",
		in:   "1.\tStates\u00a0shall respect the \u201cright to seek\u201d and the State\u2019s  \t role.",
		want: []wp{{"1", op, "States shall respect the \"right to seek\" and the State's role.", ""}}},
	{name: "control characters removed", in: "1. Sta\x00tes\x07 shall\x1b cooperate.",
		want:  []wp{{"1", op, "States shall cooperate.", ""}},
		warns: []string{"removed 3 control character"}},
	{name: "invalid UTF-8 replaced", in: "1. States \xff\xfe shall cooperate.",
		want:  []wp{{"1", op, "States \ufffd\ufffd shall cooperate.", ""}},
		warns: []string{"invalid UTF-8: 2 byte"}},

	// ---- IDs and degenerate input ----
	{name: "duplicate markers get suffixes", in: "(a) One;\n(b) Two;\n(a) Three;\n(a) Four.",
		want:  []wp{{"a", op, "One;", ""}, {"b", op, "Two;", ""}, {"a-2", op, "Three;", ""}, {"a-3", op, "Four.", ""}},
		warns: []string{`line 3: segment: duplicate marker "a" (first at line 1); id "d:a-2"`, `line 4: segment: duplicate marker "a" (first at line 1); id "d:a-3"`}},
	{name: "numbering gap warned", in: "1. One.\n2. Two.\n4. Four.",
		want:  []wp{{"1", op, "One.", ""}, {"2", op, "Two.", ""}, {"4", op, "Four.", ""}},
		warns: []string{`line 3: segment: marker "4" follows "2" (expected "3")`}},
	{name: "no markers, one paragraph", in: "States should cooperate on cyber security.",
		want:  []wp{{"p1", pre, "States should cooperate on cyber security.", ""}},
		warns: []string{"segment: no provision markers found; 1 unmarked paragraphs kept as provisions"}},
	{name: "no markers, heading-like paragraph kept", in: "Hello world",
		want:  []wp{{"p1", pre, "Hello world", ""}},
		warns: []string{"no provision markers found; 1 unmarked"}},
	{name: "no markers, headings excluded", in: "Code of conduct\n\nStates should cooperate.\n\nThey should report.",
		want:  []wp{{"p1", pre, "States should cooperate.", ""}, {"p2", pre, "They should report.", ""}},
		warns: []string{"no provision markers found; 2 unmarked"}},
	{name: "empty input", in: "", warns: []string{"segment: empty document"}},
	{name: "whitespace and furniture only", in: " \n\t\n\f\n3\nA/69/723\n", warns: []string{"segment: empty document"}},
	{name: "only markers without text", in: "The States agree as follows.\n(a)\n(b)\n",
		want: []wp{{"p1", pre, "The States agree as follows.", ""}},
		warns: []string{`line 2: segment: marker "a" has no text`, `line 3: segment: marker "b" has no text`,
			"segment: 2 provision marker(s) found but none starts a provision with text; 1 unmarked paragraphs kept as provisions"}},
	{name: "a lone marker without text", in: "Article 1\n",
		warns: []string{`line 1: segment: marker "1" has no text`, "segment: 1 provision marker(s) found but none starts a provision with text; 0 unmarked"}},
	{name: "marker without text", in: "1. One.\n2.",
		want: []wp{{"1", op, "One.", ""}}, warns: []string{`line 2: segment: marker "2" has no text`}},
	{name: "provenance option",
		in:   "(a) One;\n(b) Two.",
		opt:  Options{Provenance: func(m string) string { return map[string]string{"b": corpus.ProvenanceQuoted}[m] }},
		want: []wp{{"a", op, "One;", ""}, {"b", op, "Two.", ""}}},
}

func TestSegment(t *testing.T) {
	for _, tc := range segCases {
		t.Run(tc.name, func(t *testing.T) {
			res := Segment("d", tc.in, tc.opt)
			checkInvariants(t, "d", tc.in, res)
			if tc.norm != "" && res.Text != tc.norm {
				t.Errorf("normalised text\n got %q\nwant %q", res.Text, tc.norm)
			}
			var got []wp
			for _, p := range res.Provisions {
				var subs []string
				for _, s := range p.SubItems {
					subs = append(subs, s.Marker)
				}
				got = append(got, wp{strings.TrimPrefix(p.ID, "d:"), p.Section, p.Text, strings.Join(subs, ",")})
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("provisions\n got %q\nwant %q", got, tc.want)
			}
			if len(res.Warnings) != len(tc.warns) {
				t.Errorf("warnings %q, want %d matching %q", res.Warnings, len(tc.warns), tc.warns)
			} else {
				for i, w := range res.Warnings {
					if !strings.Contains(w.String(), tc.warns[i]) {
						t.Errorf("warning %d = %q, want it to contain %q", i, w, tc.warns[i])
					}
				}
			}
			if tc.opt.Provenance != nil {
				for _, p := range res.Provisions {
					want := corpus.ProvenanceSource
					if p.Marker == "b" {
						want = corpus.ProvenanceQuoted
					}
					if p.Provenance != want {
						t.Errorf("provision %s provenance %q, want %q", p.ID, p.Provenance, want)
					}
				}
			}
		})
	}
}

// TestWordMarkerFirstByte checks parseWordMarker's rejection by the first byte and by the first
// two (startsFold2): whatever rune replaces the first or the second letter of a word marker's
// prefix, a line EqualFold matches with the prefix begins with bytes the checks let through.
func TestWordMarkerFirstByte(t *testing.T) {
	for _, w := range wordMarkers {
		_, size := utf8.DecodeRuneInString(w.prefix)
		_, size2 := utf8.DecodeRuneInString(w.prefix[size:])
		for r := rune(0); r <= unicode.MaxRune; r++ {
			// r in the prefix's first place, then in its second
			for _, s := range []string{string(r) + w.prefix[size:] + " 5", w.prefix[:size] + string(r) + w.prefix[size+size2:] + " 5"} {
				if len(s) <= len(w.prefix) || !strings.EqualFold(s[:len(w.prefix)], w.prefix) {
					continue
				}
				if c := s[0]; c|0x20 != 'a' && c|0x20 != 's' && c|0x20 != 'p' && c != 0xC2 {
					t.Errorf("%q starts like %q but parseWordMarker rejects its first byte", s, w.prefix)
				}
				if !startsFold2(s, w.prefix) {
					t.Errorf("%q starts like %q but startsFold2 rejects it", s, w.prefix)
				}
			}
		}
	}
}
