package dictionary

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const smallYAML = `
settings: {smoothing: 1, dead_band: 0.2}
stance:
  sc:
    weight: 2
    negated: flip
    sov: {weight: 0.5, negated: keep, patterns: [sovereign*]}
    ctl: [control*]
  ms:
    weight: -1
    roles: ["respective roles"]
concepts:
  c1: [sovereign*]
  grp:
    c2: ["civil society"]
modifiers:
  neg: {effect: negate, factor: 0.25, patterns: [not]}
  pre: {effect: negate, before: -1, patterns: ["cannot justify"]}
scope: {max_words: 5, breaks: [but], after_comma: [and], modals: [shall]}
`

func TestParseYAML(t *testing.T) {
	m, err := ParseYAML([]byte(smallYAML), "small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := m.Spec()
	want := []Entry{
		{Key: "sc.sov", Weight: 1, Negated: NegKeep, Patterns: []string{"sovereign*"}},
		{Key: "sc.ctl", Weight: 2, Negated: NegFlip, Patterns: []string{"control*"}},
		{Key: "ms.roles", Weight: -1, Negated: NegDamp, Patterns: []string{"respective roles"}},
	}
	if !reflect.DeepEqual(s.Stance, want) {
		t.Errorf("stance\n got %+v\nwant %+v", s.Stance, want)
	}
	if got := []string{s.Concepts[0].Key, s.Concepts[1].Key}; !reflect.DeepEqual(got, []string{"c1", "grp.c2"}) {
		t.Errorf("concept keys %q", got)
	}
	if len(s.Modifiers) != 2 || s.Modifiers[0].Before != 0 || s.Modifiers[1].Before != -1 || s.Modifiers[1].BeforeScope != "" {
		t.Errorf("modifiers %+v", s.Modifiers)
	}
	if s.Smoothing != 1 || s.DeadBand != 0.2 || s.Scope.MaxWords != 5 {
		t.Errorf("settings %+v", s)
	}
}

func TestParseYAMLErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"not yaml", "stance: [", "x.yaml"},
		{"empty", "", "empty document"},
		{"top not mapping", "- a", "x.yaml:1:1: top level must be a mapping"},
		{"unknown top key", "stance: {a: [x]}\nstanse: {}", "x.yaml:2:1: unknown top-level key \"stanse\""},
		{"no stance", "concepts: {a: [x]}", "no stance keys"},
		{"stance a number", "stance: 3", "x.yaml:1:9: stance: must be a mapping of keys to patterns or to child keys"},
		{"stance a list", "stance: [a, b]", "x.yaml:1:9: stance: must be a mapping of keys to patterns or to child keys (e.g. stance: {some_key: [pattern, ...]}), got a list"},
		{"stance empty", "stance:\nconcepts: {a: [x]}", "x.yaml:1:8: stance: must be a mapping of keys to patterns or to child keys (e.g. stance: {some_key: [pattern, ...]}), got nothing"},
		{"concepts a number", "stance: {a: [x]}\nconcepts: 3", "x.yaml:2:11: concepts: must be a mapping"},
		{"concepts a list", "stance: {a: [x]}\nconcepts: [a]", "x.yaml:2:11: concepts: must be a mapping"},
		{"misspelt weight", "stance:\n  a:\n    weigth: 1\n    patterns: [x]", "x.yaml:3:5: a: unknown key \"weigth\""},
		{"bad weight", "stance:\n  a: {weight: lots, patterns: [x]}", "x.yaml:2:15: a.weight: want a finite number"},
		{"nan weight", "stance:\n  a: {weight: .nan, patterns: [x]}", "want a finite number"},
		{"huge weight", "stance:\n  a: {weight: 1e9, patterns: [x]}", "outside"},
		{"bad negated", "stance:\n  a: {negated: invert, patterns: [x]}", "negated must be flip, damp or keep"},
		{"bad glob", "stance:\n  a:\n    - ok\n    - '*'", "x.yaml:4:7: a: bad glob"},
		{"double star", "stance:\n  a: [sov**]", "repeated *"},
		{"empty pattern", "stance:\n  a: ['--']", "has no words"},
		{"empty list", "stance:\n  a: []", "empty pattern list"},
		{"empty key", "stance:\n  a: {}", "neither patterns nor child keys"},
		{"duplicate key", "stance:\n  a: [x]\n  a: [y]", "x.yaml:3:3: duplicate key \"a\""},
		{"dotted key", "stance:\n  a.b: [x]", "bad key name"},
		{"weight in concepts", "stance: {a: [x]}\nconcepts:\n  c: {weight: 1, patterns: [y]}", "weight is only allowed under stance"},
		{"pattern in two stance keys", "stance:\n  a: [sovereignty]\n  b: [Sovereignty]", "listed under both \"a\" and \"b\""},
		{"nested list in patterns", "stance:\n  a: [[x]]", "want a list of strings"},
		{"bad effect", "stance: {a: [x]}\nmodifiers:\n  n: {effect: invert, patterns: [not]}", "x.yaml:3:6: modifiers.n: effect must be"},
		{"bad factor", "stance: {a: [x]}\nmodifiers:\n  n: {effect: scale, factor: 3, patterns: [may]}", "factor must be in [-1, 1]"},
		{"unknown modifier key", "stance: {a: [x]}\nmodifiers:\n  n: {effect: scale, scope: 3, patterns: [may]}", "unknown key \"scope\""},
		{"stop_at_comma not a bool", "stance: {a: [x]}\nmodifiers:\n  n: {effect: negate, stop_at_comma: sometimes, patterns: [not]}", "x.yaml:3:38: modifiers.n.stop_at_comma: want true or false, got \"sometimes\""},
		{"stop_at_comma a list", "stance: {a: [x]}\nmodifiers:\n  n: {effect: negate, stop_at_comma: [true], patterns: [not]}", "x.yaml:3:38: modifiers.n.stop_at_comma: want true or false"},
		{"before not a number", "stance: {a: [x]}\nmodifiers:\n  n: {effect: negate, before: often, patterns: [not]}", "x.yaml:3:31: modifiers.n.before"},
		{"before out of range", "stance: {a: [x]}\nmodifiers:\n  n: {effect: negate, before: -2, patterns: [not]}", "before must be in [-1, 1], got -2"},
		{"bad before_scope", "stance: {a: [x]}\nmodifiers:\n  n: {effect: none, before: 0.5, before_scope: sentence, patterns: [however]}", "before_scope must be clause or text, got \"sentence\""},
		{"bad after_scope", "stance: {a: [x]}\nmodifiers:\n  n: {effect: scale, after_scope: sentence, patterns: [lead]}", "after_scope must be clause or text, got \"sentence\""},
		{"keys not a list", "stance: {a: [x]}\nmodifiers:\n  n: {effect: scale, keys: a, patterns: [lead]}", "modifiers.n.keys: want a list of strings"},
		{"empty key path", "stance: {a: [x]}\nmodifiers:\n  n: {effect: scale, keys: [''], patterns: [lead]}", "keys: empty key path"},
		{"flip on a scale class", "stance: {a: [x]}\nmodifiers:\n  n: {effect: scale, flip: [a], patterns: [reject]}", "flip needs effect negate"},
		{"empty flip key", "stance: {a: [x]}\nmodifiers:\n  n: {effect: negate, flip: [''], patterns: [reject]}", "flip: empty key path"},
		{"modifier in two classes", "stance: {a: [x]}\nmodifiers:\n  n: {effect: negate, patterns: [not]}\n  m: {effect: none, patterns: [NOT]}", "in both \"n\" and \"m\""},
		{"bad scope", "stance: {a: [x]}\nscope: {max_words: 0}", "max_words must be in [1, 200]"},
		{"bad scope word", "stance: {a: [x]}\nscope: {breaks: [two words]}", "single literal word"},
		{"unknown setting", "settings: {smoth: 1}\nstance: {a: [x]}", "x.yaml:1:12: settings: unknown key \"smoth\""},
		{"bad dead band", "settings: {dead_band: 1.5}\nstance: {a: [x]}", "dead_band must be in [0, 1)"},
		{"bad smoothing", "settings: {smoothing: 0}\nstance: {a: [x]}", "smoothing must be in (0, 1000]"},
		{"alias cycle", "stance:\n  a: &x\n    b: *x", "x.yaml:3:5: a: YAML aliases are not supported"},
		{"alias in a list", "stance:\n  a: [&x y, *x]", "YAML aliases are not supported"},
		{"alias bomb", "stance:\n  a: &a [x]\n  b: &b {p: *a, q: *a}\n  c: {p: *b, q: *b}", "YAML aliases are not supported"},
		{"two documents", "stance: {a: [x]}\n---\nstance: {b: [y]}", "more than one YAML document"},
		{"two documents after an empty one", "stance: {a: [x]}\n---\n---\nstance: {b: [y]}", "x.yaml:3:1: more than one YAML document"},
		{"second document not YAML", "stance: {a: [x]}\n---\nstance: [\n", "did not find expected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseYAML([]byte(c.yaml), "x.yaml")
			if err == nil {
				t.Fatalf("want an error containing %q", c.want)
			}
			if !strings.HasPrefix(err.Error(), "dictionary: ") && !strings.HasPrefix(err.Error(), "x.yaml: dictionary: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

// A trailing "---" or "..." (an empty second document) is not a second dictionary.
func TestParseYAMLTrailingSeparator(t *testing.T) {
	for _, tail := range []string{"---\n", "...\n", "---\n# end\n"} {
		if _, err := ParseYAML([]byte("stance: {a: [x]}\n"+tail), "x.yaml"); err != nil {
			t.Errorf("tail %q: %v", tail, err)
		}
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "user.yaml")
	if err := os.WriteFile(p, []byte("stance:\n  a:\n    weight: x\n    patterns: [y]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(p)
	if err == nil || !strings.Contains(err.Error(), p+":3:13") {
		t.Fatalf("error %v should name %s:3:13", err, p)
	}
	if err := os.WriteFile(p, []byte(smallYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Score(text("sovereign")).Score; math.Abs(got-0.5) > 1e-12 {
		t.Errorf("score %v, want 0.5", got)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.HasPrefix(err.Error(), "dictionary: ") {
		t.Errorf("missing file: %v", err)
	}
}

func TestQuanteda(t *testing.T) {
	q := []byte(`
state:
  sovereignty: [sovereign*, "information space"]
  control: [censor*]
multi:
  - multistakeholder*
  - "all stakeholders"
other:
  misc: [weather]
`)
	entries, err := ParseQuanteda(q, "q.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range entries {
		keys = append(keys, e.Key)
	}
	if !reflect.DeepEqual(keys, []string{"state.sovereignty", "state.control", "multi", "other.misc"}) {
		t.Errorf("keys %q", keys)
	}
	m, err := FromQuanteda(q, "q.yaml", map[string]float64{"state": 1, "state.control": 0.5, "multi": -1})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		want float64
	}{
		{"sovereignty", 1.0 / 2},
		{"censorship", 0.5 / 1.5},
		{"all stakeholders", -1.0 / 2},
		{"weather", 0},
		{"States shall not censor", 0.5 * 0.25 / 1.125}, // default modifiers; quanteda keys damp
	}
	for _, c := range cases {
		if got := m.Score(text(c.in)).Score; math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%q: score %v, want %v", c.in, got, c.want)
		}
	}
	if len(m.Concepts(text("confidence-building measures"))) != 1 {
		t.Error("FromQuanteda should keep the default concepts")
	}
	for name, w := range map[string]map[string]float64{
		"unknown key": {"nope": 1},
		"nan weight":  {"state": math.NaN()},
	} {
		if _, err := FromQuanteda(q, "q.yaml", w); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	mt, err := ParseMatcher(q, "q.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if g := got(mt.Match(text("Civil society and multistakeholder bodies in the information space"))); !reflect.DeepEqual(g, []string{"multi=multistakeholder", "state.sovereignty=information space"}) {
		t.Errorf("ParseMatcher: %q", g)
	}
	if _, err := ParseQuanteda([]byte("a: {weight: 1}"), "q.yaml"); err == nil {
		t.Error("weights inside a plain quanteda file should be rejected")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	for name, m := range map[string]*Model{"default": Default(), "small": mustParse(t, smallYAML)} {
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf2 bytes.Buffer
		if err := m2.Save(&buf2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
			t.Errorf("%s: save/load/save differs", name)
		}
		for _, s := range seedSentences {
			a, b := m.Score(text(s)), m2.Score(text(s))
			if !sameScore(a, b) {
				t.Errorf("%s: %q scores differ after round trip:\n%+v\n%+v", name, s, a, b)
			}
		}
	}
	// YAML through Load too.
	if _, err := Load(strings.NewReader(smallYAML)); err != nil {
		t.Error(err)
	}
}

func TestLoadJSONErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := mustParse(t, smallYAML).Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	cases := map[string]string{
		"trailing data":  good + "{}",
		"unknown field":  strings.Replace(good, `"format"`, `"formatt"`, 1),
		"wrong format":   strings.Replace(good, FormatV1, "v0", 1),
		"bad negated":    strings.Replace(good, `"keep"`, `"maybe"`, 1),
		"bad smoothing":  strings.Replace(good, `"smoothing": 1`, `"smoothing": -1`, 1),
		"no stance":      `{"format": "` + FormatV1 + `", "smoothing": 1, "scope": {"max_words": 3}}`,
		"not json":       "{",
		"concept weight": strings.Replace(good, `"key": "c1",`, `"key": "c1", "weight": 2,`, 1),
	}
	for name, in := range cases {
		if in == good {
			t.Fatalf("%s: replacement did not apply", name)
		}
		if _, err := Load(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), "dictionary: ") && !strings.HasPrefix(err.Error(), "input: dictionary: ") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}

func mustParse(t testing.TB, y string) *Model {
	t.Helper()
	m, err := ParseYAML([]byte(y), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return m
}
