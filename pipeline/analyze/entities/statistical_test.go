package entities

import (
	"bytes"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/jdkato/prose/v2"
)

// checkModelInvariants fails t unless es satisfies Model.Find's and Recognizer.Find's
// invariants for text.
func checkModelInvariants(t testing.TB, text string, es []Entity) {
	t.Helper()
	prevEnd := 0
	for i, e := range es {
		if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
			t.Fatalf("entity %d span [%d,%d) out of range for %d bytes", i, e.Start, e.End, len(text))
		}
		if e.Start < prevEnd {
			t.Fatalf("entity %d [%d,%d) overlaps or precedes the previous one ending at %d", i, e.Start, e.End, prevEnd)
		}
		if e.Text != text[e.Start:e.End] || e.Type == "" || (e.Source != SourceModel && e.Source != SourceGazetteer) {
			t.Fatalf("entity %d malformed: %+v", i, e)
		}
		if e.Source == SourceGazetteer && e.CanonicalID == "" || e.CanonicalID != "" && !knownType(e.Type) {
			t.Fatalf("entity %d has a bad canonical id: %+v", i, e)
		}
		prevEnd = e.End
	}
}

// ents renders entities as "text/TYPE/id/source" for compact comparison.
func ents(es []Entity) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Text+"/"+e.Type+"/"+e.CanonicalID+"/"+e.Source)
	}
	return out
}

// TestModelFind pins the built-in model's output on a few sentences: the offsets mapping
// (curly quotes, non-ASCII), the trimming, the gazetteer typing and the entity that ends the
// text (which prose alone drops).
func TestModelFind(t *testing.T) {
	m := mustBuiltin(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"gazetteer typing overrides prose's label", "The ICANN Board met the IETF in Dubai.",
			[]string{"ICANN Board/PERSON//model", "IETF/ORG/org:ietf/model", "Dubai/GPE//model"}},
		{"curly quotes and non-ASCII offsets", "China’s delegation and Côte d’Ivoire, “the U.S.”, don't ... met in Geneva",
			[]string{"China/STATE/CHN/model", "Côte d’Ivoire/STATE/CIV/model", "Geneva/GPE//model"}},
		{"entity at the very end of the text", "The session was held in Geneva",
			[]string{"Geneva/GPE//model"}},
		{"empty", "", []string{}},
		{"no entities", "the the the", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Find(tt.text)
			checkModelInvariants(t, tt.text, got)
			if !reflect.DeepEqual(ents(got), tt.want) {
				t.Errorf("Find(%q)\n got %q\nwant %q", tt.text, ents(got), tt.want)
			}
		})
	}
}

func TestModelWithoutGazetteer(t *testing.T) {
	m := mustBuiltin(t).WithGazetteer(nil)
	got := ents(m.Find("The ICANN Board met the IETF in Dubai."))
	want := []string{"ICANN Board/PERSON//model", "IETF/GPE//model", "Dubai/GPE//model"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if m.Gazetteer() != nil || mustBuiltin(t).Gazetteer() == nil {
		t.Error("WithGazetteer changed the original model or did not change the copy")
	}
}

func TestBuiltinModelInfo(t *testing.T) {
	m := mustBuiltin(t)
	if m.Name() != "en-v2.0.0" {
		t.Errorf("Name() = %q", m.Name())
	}
	want := []string{ProseFacility, ProseGPE, ProseGSP, ProseLocation, ProseOrganization, ProsePerson}
	if !slices.Equal(m.Types(), want) {
		t.Errorf("Types() = %v, want %v", m.Types(), want)
	}
	if m2 := mustBuiltin(t); m2 != m {
		t.Error("BuiltinModel loaded the model twice")
	}
}

func TestModelFindRecoversFromProsePanic(t *testing.T) {
	m := &Model{pm: &prose.Model{}} // no tagger: prose dereferences nil
	if got := m.Find("China and Russia."); got != nil {
		t.Errorf("got %v, want nil", got)
	}
	var nilModel *Model
	if got := nilModel.Find("China."); got != nil {
		t.Errorf("nil model: got %v", got)
	}
}

func TestTrimSpan(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"plain", "Geneva", "Geneva"},
		{"leading the", "the Hague", "Hague"},
		{"leading The", "The Hague", "Hague"},
		{"bare the", "The", "The"},
		{"possessive", "China's", "China"},
		{"curly possessive", "China’s", "China"},
		{"quotes", "“Geneva”", "Geneva"},
		{"unbalanced bracket", "(Geneva", "Geneva"},
		{"balanced bracket kept", "Iran (Islamic Republic of)", "Iran (Islamic Republic of)"},
		{"unbalanced closing", "Geneva)", "Geneva"},
		{"trailing comma", "Geneva,", "Geneva"},
		{"abbreviation dot kept", "U.S.", "U.S."},
		{"only punctuation", `",`, ""},
		{"spaces", " Geneva ", "Geneva"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := trimSpan(tt.text, 0, len(tt.text))
			if got := tt.text[s:e]; got != tt.want {
				t.Errorf("trimSpan(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	text := "“A” d’x &rsquo;s \xff"
	clean, from, to := sanitize(text)
	if want := "\"A\" d'x 's \xff"; clean != want {
		t.Fatalf("clean = %q, want %q", clean, want)
	}
	for i := range clean {
		orig := text[from[i]:to[i]]
		if orig != clean[i:i+1] && !slices.ContainsFunc(proseReplacements[:], func(r struct{ old, new string }) bool {
			return r.old == orig && r.new == clean[i:i+1]
		}) {
			t.Errorf("byte %d %q maps to %q", i, clean[i], orig)
		}
	}
}

// adjustPos is prose v2.0.0's own offset arithmetic (extract.go), copied to check proseOffset.
func adjustPos(text string, start, end int) (int, int) {
	index, left, right := -1, 0, 0
	_ = strings.Map(func(r rune) rune {
		index++
		if unicode.IsSpace(r) {
			if index < start {
				left++
			}
			if index < end {
				right++
			}
			return -1
		}
		return r
	}, text)
	return start - left, end - right
}

func TestProseOffset(t *testing.T) {
	for _, text := range []string{"", "a", "  Côte d’Ivoire  and\tthe\n UN", "\xff \xfe x", "日本 と 中国"} {
		ns := nonSpaceRuneOffsets(text)
		for target := 0; target < len(text)+5; target++ {
			r := proseOffset(ns, target)
			if got, _ := adjustPos(text, r, r); got != target {
				t.Fatalf("%q: proseOffset(%d) = %d, which prose maps to %d", text, target, r, got)
			}
			if r > 0 {
				if prev, _ := adjustPos(text, r-1, r-1); prev == target {
					t.Fatalf("%q: proseOffset(%d) = %d is not the smallest", text, target, r)
				}
			}
		}
	}
}

// TestEntityContext checks that prose labels exactly the tokens a span covers, by running
// prose's labelling arithmetic on the offsets entityContext produces.
func TestEntityContext(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		spans  []Span
		want   []string // covered token texts, per used span
		unused int
	}{
		{"ascii", "Resolution A/RES/70/237 was adopted.", []Span{{11, 23, "DOCSYMBOL", ""}}, []string{"A/RES/70/237"}, 0},
		{"non-ASCII before the span", "Côte d’Ivoire cited A/75/816, twice.", []Span{{23, 31, "DOCSYMBOL", ""}}, []string{"A/75/816"}, 0},
		{"two spans, curly quotes", "“Côte d’Ivoire” and the Holy See", []Span{{3, 19, "STATE", ""}, {31, 39, "STATE", ""}},
			[]string{"Côte d'Ivoire", "Holy See"}, 0},
		{"span inside a token is skipped", "The UN-led process.", []Span{{4, 6, "IGO", ""}}, nil, 1},
		{"span narrowed to whole tokens", "The UN-led process began.", []Span{{5, 18, "X", ""}}, []string{"process"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ec, used, err := entityContext(tt.text, tt.spans)
			if err != nil {
				t.Fatal(err)
			}
			unused := 0
			for _, u := range used {
				if !u {
					unused++
				}
			}
			if unused != tt.unused {
				t.Errorf("%d spans unused, want %d", unused, tt.unused)
			}
			doc, err := prose.NewDocument(tt.text, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
			if err != nil {
				t.Fatal(err)
			}
			toks := doc.Tokens()
			var got []string
			for _, sp := range ec.Spans {
				// prose's assignLabels.
				start, end := adjustPos(ec.Text, sp.Start, sp.End)
				var covered []string
				index := 0
				for _, tok := range toks {
					if index >= start && index < end {
						covered = append(covered, tok.Text)
					}
					index += len(tok.Text)
				}
				got = append(got, strings.Join(covered, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("prose would label %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	e := func(s, end int, src string) Entity {
		return Entity{Start: s, End: end, Type: "T", Source: src}
	}
	tests := []struct {
		name       string
		gaz, cands []Entity
		want       []Entity
	}{
		{"no candidates", []Entity{e(0, 3, "g")}, nil, []Entity{e(0, 3, "g")}},
		{"no gazetteer", nil, []Entity{e(5, 9, "m"), e(0, 3, "m")}, []Entity{e(0, 3, "m"), e(5, 9, "m")}},
		{"overlap with gazetteer dropped", []Entity{e(4, 9, "g")}, []Entity{e(0, 5, "m"), e(8, 12, "m"), e(9, 12, "m")},
			[]Entity{e(4, 9, "g"), e(9, 12, "m")}},
		{"touching spans kept", []Entity{e(3, 5, "g")}, []Entity{e(0, 3, "m"), e(5, 7, "m")},
			[]Entity{e(0, 3, "m"), e(3, 5, "g"), e(5, 7, "m")}},
		{"longest model span wins", nil, []Entity{e(0, 4, "a"), e(2, 10, "b"), e(9, 12, "c")},
			[]Entity{e(2, 10, "b")}},
		{"equal length: leftmost wins", nil, []Entity{e(3, 7, "b"), e(1, 5, "a"), e(6, 9, "c")},
			[]Entity{e(1, 5, "a"), e(6, 9, "c")}},
		{"between gazetteer spans", []Entity{e(0, 2, "g"), e(10, 12, "g")}, []Entity{e(2, 10, "m"), e(1, 3, "m")},
			[]Entity{e(0, 2, "g"), e(2, 10, "m"), e(10, 12, "g")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gaz := slices.Clone(tt.gaz)
			got := merge(gaz, slices.Clone(tt.cands))
			if !reflect.DeepEqual(got, tt.want) && len(got)+len(tt.want) > 0 {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(gaz, tt.gaz) {
				t.Errorf("merge modified the gazetteer entities")
			}
		})
	}
}

func TestRecognizer(t *testing.T) {
	g, m := mustDefault(t), mustBuiltin(t)
	text := "The ICANN Board met the IETF in Dubai; Chad and the U.N. agreed."
	tests := []struct {
		name string
		r    *Recognizer
		want []string
	}{
		{"combined", &Recognizer{Gazetteer: g, Model: m}, []string{
			"ICANN/ORG/org:icann/gazetteer", "IETF/ORG/org:ietf/gazetteer", "Dubai/GPE//model",
			"Chad/STATE/TCD/gazetteer", "U.N./IGO/igo:un/gazetteer"}},
		{"gazetteer only", &Recognizer{Gazetteer: g}, ents(g.Find(text))},
		{"model only", &Recognizer{Model: m}, ents(m.Find(text))},
		{"empty", &Recognizer{}, []string{}},
		{"nil", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.Find(text)
			checkModelInvariants(t, text, got)
			if !reflect.DeepEqual(ents(got), tt.want) {
				t.Errorf("got %q\nwant %q", ents(got), tt.want)
			}
		})
	}
}

func TestReadSpansErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"bad json", "{\"text\": \"a\", \"entities\": []}\n{oops\n", 2, "invalid character"},
		{"byte-order mark only at the start", "\ufeff{\"text\": \"a\", \"entities\": []}\n\ufeff{\"text\": \"b\", \"entities\": []}\n", 2, "invalid character"},
		{"unknown key", `{"text": "a", "entities": [], "label": 1}`, 1, `unknown field "label"`},
		{"unknown span key", `{"text": "ab", "entities": [{"start": 0, "end": 1, "type": "X", "kind": 2}]}`, 1, `unknown field "kind"`},
		{"missing text", `{"entities": []}`, 1, `missing "text"`},
		{"null text", `{"text": null}`, 1, `missing "text"`},
		{"end past text", `{"text": "ab", "entities": [{"start": 0, "end": 3, "type": "X"}]}`, 1, "not a non-empty span"},
		{"empty span", `{"text": "ab", "entities": [{"start": 1, "end": 1, "type": "X"}]}`, 1, "not a non-empty span"},
		{"negative", `{"text": "ab", "entities": [{"start": -1, "end": 1, "type": "X"}]}`, 1, "not a non-empty span"},
		{"float offset", `{"text": "ab", "entities": [{"start": 0.5, "end": 1, "type": "X"}]}`, 1, "cannot unmarshal"},
		{"cuts UTF-8", `{"text": "Côte", "entities": [{"start": 0, "end": 2, "type": "X"}]}`, 1, "cuts a UTF-8 sequence"},
		{"white space edge", `{"text": "a b", "entities": [{"start": 0, "end": 2, "type": "X"}]}`, 1, "white space"},
		{"lower-case type", `{"text": "ab", "entities": [{"start": 0, "end": 1, "type": "state"}]}`, 1, `type "state"`},
		{"hyphen in type", `{"text": "ab", "entities": [{"start": 0, "end": 1, "type": "B-X"}]}`, 1, `type "B-X"`},
		{"overlap", `{"text": "abcd", "entities": [{"start": 2, "end": 4, "type": "X"}, {"start": 0, "end": 3, "type": "Y"}]}`, 1, "overlaps"},
		{"two values", `{"text": "a"} {"text": "b"}`, 1, "more than one JSON value"},
		{"invalid UTF-8", "\n\n{\"text\": \"\xff\"}", 3, "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSpans(strings.NewReader(tt.src), "x.jsonl")
			var se *SpanError
			if !errors.As(err, &se) || !errors.Is(err, ErrSpans) {
				t.Fatalf("error %v, want a *SpanError wrapping ErrSpans", err)
			}
			if se.Line != tt.line || se.File != "x.jsonl" || !strings.Contains(err.Error(), tt.msg) ||
				!strings.HasPrefix(err.Error(), "entities: x.jsonl:") {
				t.Errorf("error %q, want line %d and %q", err, tt.line, tt.msg)
			}
		})
	}
}

func TestReadSpans(t *testing.T) {
	src := "\n{\"text\": \"Chad and the UN\", \"entities\": [{\"start\": 13, \"end\": 15, \"type\": \"IGO\", \"id\": \"igo:un\"}, {\"start\": 0, \"end\": 4, \"type\": \"STATE\"}]}\n  \n{\"text\": \"none\"}"
	got, err := ReadSpans(strings.NewReader(src), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []LabelledText{
		{Text: "Chad and the UN", Spans: []Span{{0, 4, "STATE", ""}, {13, 15, "IGO", "igo:un"}}},
		{Text: "none", Spans: []Span{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

var (
	trainOnce  sync.Once
	trainedM   *Model
	trainedErr error
)

// trainedModel trains the DOCSYMBOL model on testdata/train_spans.jsonl once per test binary
// (about 4 s).
func trainedModel(t testing.TB) *Model {
	t.Helper()
	trainOnce.Do(func() {
		f, err := os.Open("testdata/train_spans.jsonl")
		if err != nil {
			trainedErr = err
			return
		}
		defer f.Close()
		lts, err := ReadSpans(f, "testdata/train_spans.jsonl")
		if err != nil {
			trainedErr = err
			return
		}
		trainedM, trainedErr = TrainModel(lts, TrainOptions{Name: "docsymbols"})
	})
	if trainedErr != nil {
		t.Fatal(trainedErr)
	}
	return trainedM
}

// TestTrainCustomModel trains a model for UN document symbols (a type neither prose nor the
// gazetteer knows) and scores it on held-out sentences whose symbols never occur in training.
func TestTrainCustomModel(t *testing.T) {
	m := trainedModel(t)
	if m.Name() != "docsymbols" || !slices.Equal(m.Types(), []string{"DOCSYMBOL"}) {
		t.Errorf("Name %q Types %v", m.Name(), m.Types())
	}
	if st := m.Stats(); st.Texts != 60 || !reflect.DeepEqual(st.Spans, []TypeCount{{"DOCSYMBOL", 56}}) || st.Skipped != 0 {
		t.Errorf("Stats() = %+v", st)
	}
	heldout := readSpansFile(t, "testdata/heldout_spans.jsonl")
	train := readSpansFile(t, "testdata/train_spans.jsonl")
	seen := map[string]bool{}
	for _, lt := range train {
		for _, s := range lt.Spans {
			seen[lt.Text[s.Start:s.End]] = true
		}
	}
	for _, lt := range heldout {
		for _, s := range lt.Spans {
			if seen[lt.Text[s.Start:s.End]] {
				t.Fatalf("held-out symbol %q occurs in the training file", lt.Text[s.Start:s.End])
			}
		}
	}
	sc := evaluateCustom(heldout, m.Find)
	t.Logf("DOCSYMBOL on %d held-out sentences: precision %.3f recall %.3f (tp %d fp %d fn %d)",
		len(heldout), sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
	if sc.recall() <= 0.5 {
		t.Errorf("held-out recall %.3f, want > 0.5", sc.recall())
	}
	if sc.precision() <= 0.5 {
		t.Errorf("held-out precision %.3f, want > 0.5", sc.precision())
	}

	// Save and load: same name, types, statistics and entities.
	dir := filepath.Join(t.TempDir(), "model")
	if err := m.Save(dir); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(dir); err != nil { // replacing a saved model works (prose alone panics)
		t.Fatalf("second Save: %v", err)
	}
	loaded, err := LoadModel(dir)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Name() != m.Name() || !slices.Equal(loaded.Types(), m.Types()) || !reflect.DeepEqual(loaded.Stats(), m.Stats()) {
		t.Errorf("loaded %q %v %+v, saved %q %v %+v", loaded.Name(), loaded.Types(), loaded.Stats(), m.Name(), m.Types(), m.Stats())
	}
	for _, lt := range append(heldout, train[:10]...) {
		if a, b := m.Find(lt.Text), loaded.Find(lt.Text); !slices.Equal(a, b) {
			t.Errorf("%q: trained %v, loaded %v", lt.Text, a, b)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{maxentDir, modelMetaFile}) {
		t.Errorf("saved directory holds %v", names)
	}
}

// evaluateCustom scores span and type matches of every type.
func evaluateCustom(gold []LabelledText, find func(string) []Entity) prf {
	var c prf
	for _, lt := range gold {
		want := map[Span]bool{}
		for _, s := range lt.Spans {
			want[Span{s.Start, s.End, s.Type, ""}] = true
		}
		got := map[Span]bool{}
		for _, e := range find(lt.Text) {
			k := Span{e.Start, e.End, e.Type, ""}
			got[k] = true
			if want[k] {
				c.tp++
			} else {
				c.fp++
			}
		}
		for k := range want {
			if !got[k] {
				c.fn++
			}
		}
	}
	return c
}

func TestTrainModelErrors(t *testing.T) {
	tests := []struct {
		name  string
		spans []LabelledText
		msg   string
	}{
		{"nothing", nil, "no usable spans"},
		{"no spans", []LabelledText{{Text: "A text."}}, "no usable spans"},
		{"only unusable spans", []LabelledText{{Text: "The UN-led talks.", Spans: []Span{{4, 6, "IGO", ""}}}}, "no usable spans"},
		{"bad type", []LabelledText{{Text: "Chad.", Spans: []Span{{0, 4, "state", ""}}}}, "text 1: entity [0,4) has type"},
		{"out of range", []LabelledText{{Text: "a"}, {Text: "Chad.", Spans: []Span{{0, 9, "STATE", ""}}}}, "text 2: entity [0,9)"},
		{"overlap", []LabelledText{{Text: "Chad and Niger.", Spans: []Span{{0, 8, "X", ""}, {5, 14, "Y", ""}}}}, "overlaps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := TrainModel(tt.spans, TrainOptions{})
			if err == nil || m != nil || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "entities: ") {
				t.Errorf("got %v, %v; want an error containing %q", m, err, tt.msg)
			}
		})
	}
}

func TestLoadModelErrors(t *testing.T) {
	m := trainedModel(t)
	good := filepath.Join(t.TempDir(), "good")
	if err := m.Save(good); err != nil {
		t.Fatal(err)
	}
	copyModel := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "m")
		if err := os.MkdirAll(filepath.Join(dir, maxentDir), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(slices.Clone(maxentFiles), "../"+modelMetaFile) {
			data, err := os.ReadFile(filepath.Join(good, maxentDir, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, maxentDir, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	encode := func(v any) []byte {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(v); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	tests := []struct {
		name   string
		file   string // relative to the model directory; "" removes nothing
		data   []byte // nil removes the file
		msg    string
		loadOK bool
	}{
		{"intact", "", nil, "", true},
		{"no model.json (a plain prose model)", modelMetaFile, nil, "", true},
		{"missing weights", "Maxent/weights.gob", nil, "no such file", false},
		{"corrupt mapping", "Maxent/mapping.gob", []byte("not gob"), "mapping.gob", false},
		{"bad label", "Maxent/labels.gob", encode([]string{"O", "X-Y-Z"}), `label "X-Y-Z"`, false},
		{"no labels", "Maxent/labels.gob", encode([]string{}), "no labels", false},
		{"weight index out of range", "Maxent/mapping.gob", encode(map[string]int{"bias-True-O": 1 << 30}), "outside the", false},
		{"types disagree", "Maxent/labels.gob", encode([]string{"O", "B-OTHER"}), "do not match", false},
		{"bad format", modelMetaFile, []byte(`{"format": "v0"}`), `format "v0"`, false},
		{"unknown key", modelMetaFile, []byte(`{"format": "stanceshift-entities/1", "extra": 1}`), `unknown field "extra"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyModel(t)
			if tt.file != "" {
				p := filepath.Join(dir, filepath.FromSlash(tt.file))
				var err error
				if tt.data == nil {
					err = os.Remove(p)
				} else {
					err = os.WriteFile(p, tt.data, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			got, err := LoadModel(dir)
			if tt.loadOK {
				if err != nil {
					t.Fatal(err)
				}
				text := "The Assembly adopted A/RES/76/19 today."
				if a, b := ents(got.Find(text)), ents(m.Find(text)); !slices.Equal(a, b) {
					t.Errorf("loaded model finds %q, trained one %q", a, b)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "entities: load model") {
				t.Errorf("error %v, want one containing %q", err, tt.msg)
			}
		})
	}
	if _, err := LoadModel(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("loading a missing directory succeeded")
	}
}

func TestSaveErrors(t *testing.T) {
	var nilModel *Model
	if err := nilModel.Save(t.TempDir()); err == nil {
		t.Error("saving a nil model succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := trainedModel(t).Save(file); err == nil || !strings.HasPrefix(err.Error(), "entities: save") {
		t.Errorf("saving into a file: %v", err)
	}
}
