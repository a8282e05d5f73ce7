package labels

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
)

func f64(v float64) *float64 { return &v }

func TestReadValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Label
	}{
		{
			name: "required columns only",
			in:   "provision_id,stance\na:1,neutral\n",
			want: []Label{{ProvisionID: "a:1", Stance: "neutral", Line: 2}},
		},
		{
			name: "all columns, reordered, case and spaces",
			in: " Split ,CONCEPTS,score,Stance,provision_id\n" +
				"TEST, sovereignty ; multistakeholder ,-0.5, Multistakeholder , a:p1 \n" +
				"train,,1,state_centric,a:2\n",
			want: []Label{
				{ProvisionID: "a:p1", Stance: "multistakeholder", Score: f64(-0.5), Concepts: []string{"sovereignty", "multistakeholder"}, Split: "test", Line: 2},
				{ProvisionID: "a:2", Stance: "state_centric", Score: f64(1), Split: "train", Line: 3},
			},
		},
		{
			name: "BOM, CRLF, extra column ignored, empty optional cells",
			in:   "\xef\xbb\xbfprovision_id,stance,score,concepts,split,notes\r\nb:7,neutral,,,,\"see, later\"\r\n",
			want: []Label{{ProvisionID: "b:7", Stance: "neutral", Line: 2}},
		},
		{
			name: "user concept and empty items between separators",
			in:   "provision_id,stance,concepts\nx:1,neutral,;my_concept;;peaceful_settlement;\n",
			want: []Label{{ProvisionID: "x:1", Stance: "neutral", Concepts: []string{"my_concept", "peaceful_settlement"}, Line: 2}},
		},
		{
			name: "quoted multi-line field keeps the starting line",
			in:   "provision_id,stance,notes\n\"a:1\",neutral,\"two\nlines\"\na:2,neutral,x\n",
			want: []Label{{ProvisionID: "a:1", Stance: "neutral", Line: 2}, {ProvisionID: "a:2", Stance: "neutral", Line: 4}},
		},
		{
			name: "every split value, any case",
			in:   "provision_id,stance,split\na:1,neutral,train\na:2,neutral,Validation\na:3,neutral,TEST\na:4,neutral,\n",
			want: []Label{
				{ProvisionID: "a:1", Stance: "neutral", Split: "train", Line: 2},
				{ProvisionID: "a:2", Stance: "neutral", Split: "validation", Line: 3},
				{ProvisionID: "a:3", Stance: "neutral", Split: "test", Line: 4},
				{ProvisionID: "a:4", Stance: "neutral", Line: 5},
			},
		},
		{
			name: "score bounds and zero",
			in:   "provision_id,stance,score\na:1,state_centric,1\na:2,multistakeholder,-1.0\na:3,neutral,0\na:4,neutral,-0\n",
			want: []Label{
				{ProvisionID: "a:1", Stance: "state_centric", Score: f64(1), Line: 2},
				{ProvisionID: "a:2", Stance: "multistakeholder", Score: f64(-1), Line: 3},
				{ProvisionID: "a:3", Stance: "neutral", Score: f64(0), Line: 4},
				{ProvisionID: "a:4", Stance: "neutral", Score: f64(0), Line: 5},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in), "l.csv")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Read =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int    // line of the first error
		wantMsg  string // substring of the whole error
		wantN    int    // number of joined *Error values (0: do not check)
	}{
		{name: "empty file", in: "", wantMsg: "l.csv: file is empty"},
		{name: "header only", in: "provision_id,stance\n", wantMsg: "no labels"},
		{name: "missing stance", in: "provision_id,label\na:1,neutral\n", wantLine: 1, wantMsg: "missing column(s) stance (required: provision_id, stance"},
		{name: "missing both", in: "id,label\n", wantLine: 1, wantMsg: "missing column(s) provision_id, stance"},
		{name: "duplicate column", in: "provision_id,stance,Stance\n", wantLine: 1, wantMsg: `column "stance" appears twice`},
		{name: "unknown stance", in: "provision_id,stance\na:1,neutral\na:2,pro-state\n", wantLine: 3, wantMsg: `stance "pro-state": expected state_centric, multistakeholder, neutral`},
		{name: "empty stance", in: "provision_id,stance\na:1,\n", wantLine: 2, wantMsg: `stance ""`},
		{name: "score not a number", in: "provision_id,stance,score\na:1,neutral,zero\n", wantLine: 2, wantMsg: `score "zero": expected a number in [-1, 1]`},
		{name: "score NaN", in: "provision_id,stance,score\na:1,neutral,NaN\n", wantLine: 2, wantMsg: `score "NaN"`},
		{name: "score infinite", in: "provision_id,stance,score\na:1,neutral,-Inf\n", wantLine: 2, wantMsg: `score "-Inf"`},
		{name: "score out of range", in: "provision_id,stance,score\na:1,state_centric,1.5\n", wantLine: 2, wantMsg: "score 1.5 is out of range"},
		{name: "duplicate provision", in: "provision_id,stance\na:1,neutral\na:2,neutral\n a:1 ,neutral\n", wantLine: 4, wantMsg: `duplicate id: provision_id "a:1" (first at line 2)`},
		{name: "empty provision id", in: "provision_id,stance\n,neutral\n", wantLine: 2, wantMsg: "provision_id is empty"},
		{name: "bare marker id", in: "provision_id,stance\n4,neutral\n", wantLine: 2, wantMsg: `provision_id "4": expected <doc_id>:<marker>`},
		{name: "id with space", in: "provision_id,stance\n\"a: 4\",neutral\n", wantLine: 2, wantMsg: "space or control character"},
		{name: "bad concept", in: "provision_id,stance,concepts\na:1,neutral,Sovereignty\n", wantLine: 2, wantMsg: `concept "Sovereignty": expected lower-case`},
		{name: "concept with comma-like separator", in: "provision_id,stance,concepts\na:1,neutral,\"sovereignty,capacity_building\"\n", wantLine: 2, wantMsg: "separated by ';'"},
		{name: "concept twice", in: "provision_id,stance,concepts\na:1,neutral,sovereignty;sovereignty\n", wantLine: 2, wantMsg: `concept "sovereignty" is listed twice`},
		{name: "bad split", in: "provision_id,stance,split\na:1,neutral,dev\n", wantLine: 2, wantMsg: `split "dev": expected train, validation, test, heldout or empty`},
		{name: "abbreviated validation", in: "provision_id,stance,split\na:1,neutral,val\n", wantLine: 2, wantMsg: `split "val": expected train, validation, test, heldout or empty`},
		{name: "short row", in: "provision_id,stance,score\na:1,neutral,0\na:2,neutral\n", wantLine: 3, wantMsg: "row has 2 fields, expected 3"},
		{name: "long row", in: "provision_id,stance\na:1,neutral,0\n", wantLine: 2, wantMsg: "row has 3 fields, expected 2"},
		{name: "bare quote", in: "provision_id,stance\na\"1,neutral\na:2,neutral\n", wantLine: 2, wantMsg: "bare \" in non-quoted-field"},
		{
			name:     "every problem of every row is reported",
			in:       "provision_id,stance,score,split\na:1,neutral,2,dev\na:1,x,0,\nb,neutral,0,train\n",
			wantLine: 2, wantMsg: "l.csv:4: provision_id \"b\"", wantN: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in), "l.csv")
			if err == nil {
				t.Fatalf("Read = %v, want an error", got)
			}
			if got != nil {
				t.Errorf("Read returned %d labels with an error", len(got))
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
			if !strings.HasPrefix(err.Error(), "labels: l.csv") {
				t.Errorf("error %q lacks the package prefix and file name", err)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *labels.Error", err)
			}
			if pe.Line != tt.wantLine {
				t.Errorf("first error at line %d, want %d (%v)", pe.Line, tt.wantLine, err)
			}
			if tt.wantN > 0 {
				if n := len(strings.Split(err.Error(), "\n")); n != tt.wantN {
					t.Errorf("got %d errors, want %d:\n%v", n, tt.wantN, err)
				}
			}
		})
	}
}

func TestReadDuplicateIsErrDuplicate(t *testing.T) {
	_, err := Read(strings.NewReader("provision_id,stance\na:1,neutral\na:1,neutral\n"), "l.csv")
	if !errors.Is(err, corpus.ErrDuplicate) {
		t.Fatalf("errors.Is(%v, corpus.ErrDuplicate) = false", err)
	}
}

func TestReadStopsAfterMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("provision_id,stance\n")
	for i := 0; i < 3*MaxErrors; i++ {
		b.WriteString("a:1,bad\n")
	}
	_, err := Read(strings.NewReader(b.String()), "l.csv")
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != MaxErrors+1 || !strings.Contains(lines[len(lines)-1], "stopped after") {
		t.Errorf("got %d error lines, last %q; want %d and a final 'stopped after'", len(lines), lines[len(lines)-1], MaxErrors+1)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	in := []Label{
		{ProvisionID: "doc-1:a", Stance: "state_centric", Score: f64(0.5), Concepts: []string{"sovereignty", "my_concept"}, Split: "test"},
		{ProvisionID: "doc,2:\"q\"", Stance: "neutral"},
		{ProvisionID: "doc-3:p1", Stance: "multistakeholder", Score: f64(-0.123456789012345), Split: "train"},
		{ProvisionID: "val-doc:4", Stance: "neutral", Score: f64(0), Split: "validation"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf, "rt.csv")
	if err != nil {
		t.Fatalf("Read(Write): %v", err)
	}
	for i := range got {
		if got[i].Line == 0 {
			t.Errorf("label %d has no line", i)
		}
		got[i].Line = 0
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("round trip =\n%#v\nwant\n%#v", got, in)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		in   []Label
		want []string
	}{
		{name: "clean", in: []Label{
			{ProvisionID: "a:1", Stance: "state_centric", Score: f64(1), Concepts: []string{"sovereignty"}, Line: 2},
			{ProvisionID: "a:2", Stance: "neutral", Score: f64(0), Line: 3},
			{ProvisionID: "a:3", Stance: "multistakeholder", Line: 4},
		}},
		{name: "user concept", in: []Label{{ProvisionID: "a:1", Stance: "neutral", Concepts: []string{"net_neutrality"}, Line: 2}},
			want: []string{`l.csv:2: labels: a:1: concept "net_neutrality" is not one of the project's concept ids`}},
		{name: "sign disagreements", in: []Label{
			{ProvisionID: "a:1", Stance: "state_centric", Score: f64(-0.5), Line: 2},
			{ProvisionID: "a:2", Stance: "neutral", Score: f64(0.5), Line: 3},
			{ProvisionID: "a:3", Stance: "multistakeholder", Score: f64(0), Line: 4},
		}, want: []string{
			"l.csv:2: labels: a:1: score -0.5 disagrees with stance state_centric (expected > 0)",
			"l.csv:3: labels: a:2: score 0.5 disagrees with stance neutral (expected 0)",
			"l.csv:4: labels: a:3: score 0 disagrees with stance multistakeholder (expected < 0)",
		}},
		{name: "partial split", in: []Label{
			{ProvisionID: "a:1", Stance: "neutral", Split: "test", Line: 2},
			{ProvisionID: "a:2", Stance: "neutral", Line: 3},
		}, want: []string{"l.csv:3: labels: a:2: no split, while 1 of 2 labels have one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := Check("l.csv", tt.in)
			var got []string
			for _, w := range ws {
				got = append(got, w.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Check = %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("warning %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestTrains(t *testing.T) {
	for _, tt := range []struct {
		split            string
		trains, refitted bool
	}{
		{SplitTrain, true, true},
		{"", true, true}, // no split column: the whole file is used
		{"all", true, true},
		{SplitValidation, false, true}, // held out while comparing, part of the final refit
		{SplitTest, false, false},      // never trained on
		{SplitHeldout, false, false},   // never trained on either
	} {
		if got := Trains(tt.split); got != tt.trains {
			t.Errorf("Trains(%q) = %v, want %v", tt.split, got, tt.trains)
		}
		if got := TrainsFinal(tt.split); got != tt.refitted {
			t.Errorf("TrainsFinal(%q) = %v, want %v", tt.split, got, tt.refitted)
		}
	}
	for _, s := range Splits {
		if Trains(s) && !TrainsFinal(s) {
			t.Errorf("split %q trains the compared models but not the final one", s)
		}
		if HeldOut(s) == TrainsFinal(s) {
			t.Errorf("split %q: HeldOut %v and TrainsFinal %v", s, HeldOut(s), TrainsFinal(s))
		}
	}
}

func TestSummarizeSplits(t *testing.T) {
	ls := []Label{
		{ProvisionID: "a:1", Stance: "state_centric", Split: "train"},
		{ProvisionID: "a:2", Stance: "state_centric", Split: "test"},
		{ProvisionID: "a:3", Stance: "neutral", Split: "validation"},
		{ProvisionID: "a:4", Stance: "multistakeholder", Split: "validation"},
		{ProvisionID: "b:1", Stance: "neutral", Split: "heldout"},
		{ProvisionID: "b:2", Stance: "neutral", Split: "heldout"},
	}
	tests := []struct {
		name string
		ls   []Label
		want string // the stance table of WriteMarkdown
	}{
		{"no validation labels: no validation column", ls[:2],
			"| stance | labels | test | test share |\n|---|---:|---:|---:|\n" +
				"| state_centric | 2 | 1 | 50.0% |\n| multistakeholder | 0 | 0 | - |\n| neutral | 0 | 0 | - |\n| all | 2 | 1 | 50.0% |\n"},
		{"validation labels counted apart from test", ls[:4],
			"| stance | labels | validation | test | test share |\n|---|---:|---:|---:|---:|\n" +
				"| state_centric | 2 | 0 | 1 | 50.0% |\n| multistakeholder | 1 | 1 | 0 | 0.0% |\n| neutral | 1 | 1 | 0 | 0.0% |\n| all | 4 | 2 | 1 | 25.0% |\n"},
		{"heldout labels in a last column of their own", ls,
			"| stance | labels | validation | test | test share | heldout |\n|---|---:|---:|---:|---:|---:|\n" +
				"| state_centric | 2 | 0 | 1 | 50.0% | 0 |\n| multistakeholder | 1 | 1 | 0 | 0.0% | 0 |\n| neutral | 3 | 1 | 0 | 0.0% | 2 |\n| all | 6 | 2 | 1 | 16.7% | 2 |\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Summarize(tt.ls)
			var b bytes.Buffer
			if err := s.WriteMarkdown(&b); err != nil {
				t.Fatal(err)
			}
			got, _, _ := strings.Cut(b.String(), "\n\n")
			if got+"\n" != tt.want {
				t.Errorf("stance table =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func synthetic(n int) []Label {
	var ls []Label
	for i := 0; i < n; i++ {
		ls = append(ls, Label{ProvisionID: "doc-" + string(rune('a'+i%7)) + ":" + itoa(i), Stance: Stances[i%3], Line: i + 2})
	}
	return ls
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestAssignSplits(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		frac     float64
		wantTest [3]int // per stance, in Stances order
	}{
		{name: "30 percent of 10 per stance", n: 30, frac: 0.3, wantTest: [3]int{3, 3, 3}},
		{name: "rounds half up", n: 15, frac: 0.3, wantTest: [3]int{2, 2, 2}}, // 0.3*5 = 1.5
		{name: "rounds down", n: 12, frac: 0.3, wantTest: [3]int{1, 1, 1}},    // 0.3*4 = 1.2
		{name: "uneven classes", n: 31, frac: 0.3, wantTest: [3]int{3, 3, 3}}, // 11, 10, 10
		{name: "none", n: 9, frac: 0, wantTest: [3]int{0, 0, 0}},
		{name: "all", n: 9, frac: 1, wantTest: [3]int{3, 3, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := synthetic(tt.n)
			if err := AssignSplits(ls, tt.frac); err != nil {
				t.Fatal(err)
			}
			var got [3]int
			for _, l := range ls {
				if l.Split != SplitTest && l.Split != SplitTrain {
					t.Fatalf("%s: split %q", l.ProvisionID, l.Split)
				}
				for k, st := range Stances {
					if l.Stance == st && l.Split == SplitTest {
						got[k]++
					}
				}
			}
			if got != tt.wantTest {
				t.Errorf("test counts per stance = %v, want %v", got, tt.wantTest)
			}
			// Order independence: reversing the input gives the same assignment per id.
			rev := synthetic(tt.n)
			for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
				rev[i], rev[j] = rev[j], rev[i]
			}
			if err := AssignSplits(rev, tt.frac); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for _, l := range ls {
				want[l.ProvisionID] = l.Split
			}
			for _, l := range rev {
				if want[l.ProvisionID] != l.Split {
					t.Errorf("%s: %s after reversing, %s before", l.ProvisionID, l.Split, want[l.ProvisionID])
				}
			}
		})
	}
}

func TestAssignSplitsErrors(t *testing.T) {
	tests := []struct {
		name string
		ls   []Label
		frac float64
		want string
	}{
		{name: "fraction above 1", ls: synthetic(3), frac: 1.5, want: "test fraction 1.5"},
		{name: "negative fraction", ls: synthetic(3), frac: -0.1, want: "test fraction -0.1"},
		{name: "bad stance", ls: []Label{{ProvisionID: "a:1", Stance: "pro"}}, frac: 0.3, want: `stance "pro"`},
		{name: "duplicate id", ls: []Label{{ProvisionID: "a:1", Stance: "neutral"}, {ProvisionID: "a:1", Stance: "neutral"}}, frac: 0.3, want: "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := AssignSplits(tt.ls, tt.frac)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "labels: ") {
				t.Errorf("AssignSplits error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestSplitKey(t *testing.T) {
	// FNV-1a 64 reference values: offset basis for "", and the published value for "a".
	if got := SplitKey(""); got != 0xcbf29ce484222325 {
		t.Errorf("SplitKey(\"\") = %#x", got)
	}
	if got := SplitKey("a"); got != 0xaf63dc4c8601ec8c {
		t.Errorf("SplitKey(\"a\") = %#x", got)
	}
}

func TestSummarize(t *testing.T) {
	ls := []Label{
		{ProvisionID: "a:1", Stance: "state_centric", Score: f64(1), Concepts: []string{"sovereignty", "zeta"}, Split: "test"},
		{ProvisionID: "a:2", Stance: "state_centric", Concepts: []string{"sovereignty", "alpha"}, Split: "train"},
		{ProvisionID: "a:3", Stance: "neutral", Split: "test"},
	}
	s := Summarize(ls)
	if s.Total != 3 || s.Test != 2 || s.Scored != 1 || s.WithConcepts != 2 {
		t.Errorf("totals = %+v", s)
	}
	wantSt := []StanceCount{{"state_centric", 2, 1, 0, 0}, {"multistakeholder", 0, 0, 0, 0}, {"neutral", 1, 1, 0, 0}}
	if !reflect.DeepEqual(s.Stances, wantSt) {
		t.Errorf("Stances = %v, want %v", s.Stances, wantSt)
	}
	if len(s.Concepts) != len(ConceptIDs)+2 {
		t.Fatalf("%d concepts, want %d", len(s.Concepts), len(ConceptIDs)+2)
	}
	tail := s.Concepts[len(ConceptIDs):]
	if tail[0] != (ConceptCount{"alpha", 1, false}) || tail[1] != (ConceptCount{"zeta", 1, false}) {
		t.Errorf("user concepts = %v, want alpha then zeta", tail)
	}
	if s.Concepts[1] != (ConceptCount{"sovereignty", 2, true}) {
		t.Errorf("sovereignty = %v", s.Concepts[1])
	}
	var b strings.Builder
	if err := s.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| state_centric | 2 | 1 | 50.0% |", "| multistakeholder | 0 | 0 | - |", "| all | 3 | 2 | 66.7% |", "| zeta (user) | 1 |", "| international_law | 0 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, b.String())
		}
	}
}

func TestFilter(t *testing.T) {
	ls := []Label{{ProvisionID: "a:1", Split: "test"}, {ProvisionID: "a:2", Split: "train"}, {ProvisionID: "a:3", Split: "test"}}
	got := Filter(ls, SplitTest)
	if len(got) != 2 || got[0].ProvisionID != "a:1" || got[1].ProvisionID != "a:3" {
		t.Errorf("Filter = %v", got)
	}
}
