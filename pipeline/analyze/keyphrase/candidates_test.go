package keyphrase

import (
	"strings"
	"testing"
)

func TestCandidatesPatterns(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		sents   []Sentence // nil: one sentence
		want    []string   // must be among the candidates
		notWant []string   // must not be
	}{
		{"np-of-det-np", "promote/VB international/JJ governance/NN of/IN the/DT Internet/NNP",
			nil, []string{"international governance of the Internet", "governance of the Internet", "Internet"},
			[]string{"promote international governance"}},
		{"hyphenated-token", "develop/VB confidence-building/JJ measures/NNS",
			nil, []string{"confidence-building measures", "measures"}, []string{"confidence-building"}},
		{"hyphen-pieces-joined", "develop/VB confidence/NN ~-/: ~building/NN measures/NNS",
			nil, []string{"confidence-building measures"}, []string{"building measures"}},
		{"coordinated-modifiers", "use/NN of/IN information/NN and/CC communications/NNS technologies/NNS",
			nil, []string{"information and communications technologies", "use of information and communications technologies", "technologies"},
			[]string{"communications technologies", "information"}},
		{"coordinated-adjectives", "the/DT technical/JJ and/CC academic/JJ communities/NNS",
			nil, []string{"technical and academic communities"}, []string{"academic communities", "technical"}},
		{"nn-cc-nn", "have/VBP rights/NNS and/CC responsibilities/NNS",
			nil, []string{"rights and responsibilities", "rights", "responsibilities"}, nil},
		{"np-cc-np-split", "the/DT private/JJ sector/NN and/CC civil/JJ society/NN institutions/NNS",
			nil, []string{"private sector", "civil society institutions"}, []string{"private sector and civil society institutions"}},
		{"charter-of-the-un", "the/DT Charter/NNP of/IN the/DT United/NNP Nations/NNPS applies/VBZ",
			nil, []string{"Charter of the United Nations", "United Nations"}, []string{"Charter", "Nations"}},
		{"proper-chain-for", "a/DT draft/NN International/NNP Code/NNP of/IN Conduct/NNP for/IN Information/NNP Security/NNP",
			nil, []string{"International Code of Conduct", "Information Security", "draft International Code of Conduct"},
			[]string{"Code of Conduct", "Security", "International Code of Conduct for Information Security"}},
		{"max-words", "the/DT report/NN of/IN the/DT group/NN of/IN experts/NNS of/IN the/DT council/NN",
			nil, []string{"report of the group of experts"}, []string{"report of the group of experts of the council"}},
		{"strip-determiner-possessive", "their/PRP$ respective/JJ roles/NNS and/CC a/DT State/NNP 's/POS information/NN security/NN",
			nil, []string{"respective roles", "State", "information security"}, []string{"their respective roles", "State 's information security"}},
		{"strip-such", "Such/JJ measures/NNS will/MD help/VB", nil, []string{"measures"}, []string{"such measures"}},
		{"sentence-boundary", "flow/NN of/IN information/NN ./. Security/NNP council/NN meets/VBZ",
			[]Sentence{{Start: 0, End: 24}, {Start: 25, End: 47}}, []string{"flow of information", "Security council"},
			[]string{"information Security council", "flow of information Security council"}},
		{"punctuation-break", "peace/NN ,/, security/NN and/CC stability/NN", nil,
			[]string{"peace", "security and stability"}, []string{"peace security", "peace security and stability"}},
		{"editorial-bracket", "[/JJ ~i]nternational/JJ law/NN applies/VBZ", nil,
			[]string{"international law"}, []string{"i]nternational law"}},
		{"bracketed-insertion-breaks", "accessible/JJ [/JJ information/NN technology/NN ]/CD environment/NN", nil,
			[]string{"information technology", "environment"}, []string{"information technology environment"}},
		{"verbs-not-candidates", "to/TO seek/VB ,/, receive/VB and/CC impart/VB information/NN", nil,
			[]string{"information"}, []string{"seek", "impart information", "seek, receive and impart"}},
		{"verb-mistagged-after-name", "the/DT IETF/NNP serve/NN as/IN models/NNS", nil,
			[]string{"IETF", "models"}, []string{"IETF serve"}},
		{"verb-mistagged-before-colon", "each/DT State/NNP subscribing/VBG to/TO the/DT code/NN undertakes/NNS :/:", nil,
			[]string{"State", "code"}, []string{"code undertakes", "State subscribing"}},
		{"light-noun", "taking/VBG into/IN account/NN comments/NNS received/VBN", nil,
			[]string{"comments"}, []string{"account comments", "account"}},
		{"capitalised-jj-as-name", "addressed/VBN to/TO the/DT Secretary-General/JJ", nil,
			[]string{"Secretary-General"}, nil},
		{"sentence-initial-lowercased", "Governments/NNS should/MD support/VB the/DT ITU/NNP", nil,
			[]string{"governments", "ITU"}, []string{"Governments"}},
		{"existing-vbg", "norms/NNS derived/VBN from/IN existing/VBG international/JJ law/NN", nil,
			[]string{"existing international law", "norms"}, nil},
		{"verb-vbg-not-modifier", "aimed/VBN at/IN increasing/VBG predictability/NN", nil,
			[]string{"predictability"}, []string{"increasing predictability"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, toks := tagged(tc.in)
			sents := tc.sents
			if sents == nil {
				sents = []Sentence{{Start: 0, End: len(text)}}
			}
			got := candTexts(Candidates(text, toks, sents))
			for _, w := range tc.want {
				if !has(got, w) {
					t.Errorf("missing %q in %q", w, got)
				}
			}
			for _, w := range tc.notWant {
				if has(got, w) {
					t.Errorf("unexpected %q in %q", w, got)
				}
			}
		})
	}
}

func TestCandidatesInvariants(t *testing.T) {
	text, toks := tagged("the/DT Group/NNP of/IN Governmental/NNP Experts/NNPS on/IN Developments/NNPS in/IN the/DT Field/NNP of/IN Information/NNP and/CC Telecommunications/NNPS notes/VBZ additional/JJ norms/NNS")
	cs := Candidates(text, toks, nil)
	if len(cs) == 0 {
		t.Fatal("no candidates")
	}
	for i, c := range cs {
		if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
			t.Errorf("%d: bad span %d..%d", i, c.Start, c.End)
		}
		if c.Words > DefaultMaxWords {
			t.Errorf("%q: %d words", c.Text, c.Words)
		}
		if c.Key != Key(c.Text) {
			t.Errorf("%q: key %q != Key(text) %q", c.Text, c.Key, Key(c.Text))
		}
		if i > 0 && (c.Start < cs[i-1].Start || c.Start == cs[i-1].Start && c.End <= cs[i-1].End) {
			t.Errorf("%d: not sorted by (start, end)", i)
		}
		if f := strings.Fields(strings.ToLower(c.Text))[0]; f == "the" || f == "of" || f == "and" {
			t.Errorf("%q starts with a connector", c.Text)
		}
	}
	if got := candTexts(cs); !has(got, "Group of Governmental Experts") || has(got, "Governmental Experts on Developments") {
		t.Errorf("proper-name chain cut wrongly: %q", got)
	}
}

func TestCandidatesBadTokens(t *testing.T) {
	text := "free flow of information"
	for _, tc := range []struct {
		name string
		toks []Token
		want []string
	}{
		{"out-of-range", []Token{{Start: -3, End: 4, Tag: "JJ"}, {Start: 5, End: 9, Tag: "NN"}, {Start: 20, End: 99, Tag: "NN"}}, []string{"flow"}},
		{"reversed", []Token{{Start: 4, End: 0, Tag: "JJ"}, {Start: 5, End: 9, Tag: "NN"}}, []string{"flow"}},
		{"overlapping", []Token{{Start: 0, End: 4, Tag: "JJ"}, {Start: 2, End: 9, Tag: "NN"}, {Start: 5, End: 9, Tag: "NN"}}, []string{"free flow", "flow"}},
		{"token-with-space", []Token{{Start: 0, End: 9, Tag: "NN"}, {Start: 13, End: 24, Tag: "NN"}}, []string{"information"}},
		{"empty", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := candTexts(Candidates(text, tc.toks, []Sentence{{Start: -1, End: 5}, {Start: 0, End: 500}}))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFormsOfOneText pins forms that share a display text but not their content words: "all"
// tagged DT is a connector, tagged JJ a content word, so the two "rights of all persons"
// differ in Content (and so in Spec and the length factor) though their text is the same.
func TestFormsOfOneText(t *testing.T) {
	text, toks := tagged("rights/NNS of/IN all/DT persons/NNS ./. rights/NNS of/IN all/JJ persons/NNS ./. rights/NNS of/IN all/DT persons/NNS")
	cs := Candidates(text, toks, nil)
	var contents []string
	for _, c := range cs {
		if c.Text == "rights of all persons" {
			contents = append(contents, strings.Join(c.Content, "+"))
		}
	}
	want := []string{"rights+persons", "rights+all+persons", "rights+persons"}
	if strings.Join(contents, " ") != strings.Join(want, " ") {
		t.Errorf("contents of \"rights of all persons\" = %q, want %q", contents, want)
	}
}
