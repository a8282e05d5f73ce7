package align

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The provisions of the default corpus's SCO code texts (corpus/defaultcorpus/texts/
// sco-code-2011.txt and sco-code-2015.txt: described paraphrases and the seed commentary's
// quotations), preamble paragraphs included, hyphenation at line ends undone.
var (
	sco2011 = doc{"sco-code-2011", [][2]string{
		{"p1", "The sponsoring States propose this code as a basis for new international rules of conduct in the field of information security."},
		{"p2", "Each State subscribing to the code undertakes:"},
		{"b", "[n]ot to . . . proliferate information weapons or related technologies"},
		{"e", "To affirm that States have “rights and responsibilities” to protect their “information space”."},
		{"f", "To recognize limitations on freedom of expression as legitimate."},
		{"g", "To seek to establish “multilateral, transparent and democratic” international Internet governance."},
		{"h", "lead all elements of society, including its information and communication private sectors, to understand their roles and responsibilities with regard to information security"},
	}}
	sco2015 = doc{"sco-code-2015", [][2]string{
		{"p1", "Noting the report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security (A/68/98), and citing its paragraph on “norms derived from existing international law” and on additional norms that may be developed “over time”,"},
		{"p2", "Taking into account comments received from States on the draft code circulated in 2011,"},
		{"p3", "Each State subscribing to the code undertakes:"},
		{"6", "To affirm that States have “rights and responsibilities” to protect their “information space”."},
		{"7", "To recognize the right to “seek, receive and impart” information."},
		{"8", "“All States must play the same role in, and carry equal responsibility for, international governance of the Internet, its security, continuity and stability of operation, and its development . . . .” International Internet governance is to be “multilateral, transparent and democratic”."},
		{"9", "cooperate fully with other interested parties in encouraging a deeper understanding by all elements in society, including the private sector and civil-society institutions, of their responsibility to ensure information security"},
		{"10", "develop confidence-building measures aimed at increasing predictability and reducing the likelihood of misunderstanding and the risk of conflict. Such measures will include, inter alia, voluntary exchange of information regarding national strategies and organizational structures for ensuring a State’s information security, the publication of white papers and exchanges of best practice, wherever practical and advisable . . . ."},
	}}
)

// TestSeedSCO is the seed commentary's reading of the 2011 -> 2015 revision: (g) became 8
// (its "multilateral, transparent and democratic" kept, the WCIT-style "All States must play
// the same role" added), (b) on information weapons is gone, 10 on confidence-building
// measures is new, (e) is 6 word for word, (h) became 9.
func TestSeedSCO(t *testing.T) {
	v := build(sco2011, sco2015)
	pairs := Align(v[0], v[1], DefaultOptions())
	checkInvariants(t, v[0], v[1], pairs, DefaultOptions())
	byFrom, byTo := map[string]Pair{}, map[string]Pair{}
	for _, p := range pairs {
		if p.From != "" {
			byFrom[strip(p.From)] = p
		}
		if p.To != "" {
			byTo[strip(p.To)] = p
		}
	}
	want := []struct {
		from, to string
		status   Status
	}{
		{"g", "8", Modified},
		{"b", "", Deleted},
		{"", "10", Added},
		{"e", "6", Unchanged},
		{"h", "9", Modified},
		{"p2", "p3", Unchanged},
	}
	for _, w := range want {
		p := byFrom[w.from]
		if w.from == "" {
			p = byTo[w.to]
		}
		if strip(p.From) != w.from || strip(p.To) != w.to || p.Status != w.status {
			t.Errorf("want %s>%s:%s, got %s>%s:%s", w.from, w.to, w.status, strip(p.From), strip(p.To), p.Status)
		}
	}
	g := byFrom["g"]
	for _, s := range []string{"{+“All States must play the same role", "} to [-establish-] {+be+} “multilateral, transparent and [-democratic”", "[-To seek-]"} {
		if !strings.Contains(g.Diff, s) {
			t.Errorf("g>8 diff lacks %q:\n%s", s, g.Diff)
		}
	}
	golden(t, "sco-2011-2015.golden", renderPairs(pairs))
}

func renderPairs(pairs []Pair) string {
	var b strings.Builder
	for _, p := range pairs {
		fmt.Fprintf(&b, "%s -> %s  %s  cos=%.4f score=%.4f +%d -%d primary=%v moved=%v\n",
			p.From, p.To, p.Status, p.Similarity, p.Score, p.WordsAdded, p.WordsDeleted, p.Primary, p.Moved)
		if p.Diff != "" {
			fmt.Fprintf(&b, "    %s\n", p.Diff)
		}
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestSeedScores logs the combined-score matrix of the seed versions (go test -v), the
// measurement behind the default Threshold and weights.
func TestSeedScores(t *testing.T) {
	v := build(sco2011, sco2015)
	a := &aligner{opt: DefaultOptions().resolved(), from: prepare(v[0]), to: prepare(v[1])}
	for i := range a.from.items {
		line := fmt.Sprintf("%-3s", a.from.items[i].Marker)
		for j := range a.to.items {
			c := dotUnit(a.from.vecs[i], a.to.vecs[j])
			line += fmt.Sprintf(" %s=%.2f/%.3f", a.to.items[j].Marker, c, a.score(i, j, c))
		}
		t.Log(line)
	}
}
