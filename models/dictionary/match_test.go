package dictionary

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

func mustMatcher(t *testing.T, entries []Entry) *Matcher {
	t.Helper()
	m, err := NewMatcher(entries)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// got renders mentions as "key=matched" strings.
func got(ms []Mention) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Concept+"="+m.Matched)
	}
	return out
}

func TestMatcher(t *testing.T) {
	m := mustMatcher(t, []Entry{
		{Key: "sov", Patterns: []string{"sovereign*", "information space"}},
		{Key: "cbm", Patterns: []string{"confidence-building measure*"}},
		{Key: "ms", Patterns: []string{"multi-stakeholder*", "multistakeholder*", "civil society"}},
		{Key: "abc", Patterns: []string{"a b", "b c d", "c"}},
		{Key: "qm", Patterns: []string{"organi?ation*"}},
		{Key: "mid", Patterns: []string{"cyber*space"}},
		{Key: "own", Patterns: []string{"state's rights"}},
		{Key: "un", Patterns: []string{"u.n. charter"}},
		{Key: "one", Patterns: []string{"treat?"}},
	})
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"single word, case-insensitive", "SOVEREIGNTY matters", []string{"sov=SOVEREIGNTY"}},
		{"prefix glob", "sovereign states", []string{"sov=sovereign"}},
		{"glob needs the prefix", "sovereig", []string{}},
		{"multiword", "their Information Space.", []string{"sov=Information Space"}},
		{"no match across a comma", "information, space", []string{}},
		{"no match across a clause", "information; space", []string{}},
		{"hyphen kept in one token", "develop confidence-building measures now", []string{"cbm=confidence-building measures"}},
		{"space instead of hyphen", "develop confidence building measures now", []string{"cbm=confidence building measures"}},
		{"hyphenated pattern, hyphenated glob", "a multi-stakeholder model", []string{"ms=multi-stakeholder"}},
		{"closed compound", "the multistakeholder model", []string{"ms=multistakeholder"}},
		{"hyphenated civil-society", "civil-society institutions", []string{"ms=civil-society"}},
		{"longest wins over leftmost", "a b c d", []string{"abc=b c d"}},
		{"shorter fills free words", "a b x c", []string{"abc=a b", "abc=c"}},
		{"leftmost among equal length", "a b c d a b", []string{"abc=b c d", "abc=a b"}},
		{"question mark glob", "international organizations and organisation", []string{"qm=organizations", "qm=organisation"}},
		{"inner star glob", "cyberspace and cyber-space", []string{"mid=cyberspace"}},
		{"apostrophe splits like the pattern", "the State's rights", []string{"own=State's rights"}},
		{"abbreviation dot is not a clause end", "the U.N. Charter applies", []string{"un=U.N. Charter"}},
		{"unicode case folding", "SOUVERAINETÉ and SOVEREIGNTÉ", []string{"sov=SOVEREIGNTÉ"}},
		{"trailing question mark is one character", "treat, treaty, treaties, treatyy", []string{"one=treaty"}},
		{"no match across a colon", "information: space", []string{}},
		{"no match across a question mark", "information? space", []string{}},
		{"no match across an exclamation mark", "information! space", []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if g := got(m.Match(text(c.in))); !reflect.DeepEqual(g, c.want) {
				t.Errorf("prose tokens: got %q, want %q", g, c.want)
			}
			// A tokenizer that splits hyphens and drops punctuation gives the same matches.
			if g := got(m.Match(runText(c.in))); !reflect.DeepEqual(g, c.want) {
				t.Errorf("letter-run tokens: got %q, want %q", g, c.want)
			}
		})
	}
}

func TestMatcherOffsets(t *testing.T) {
	m := mustMatcher(t, []Entry{{Key: "cbm", Patterns: []string{"confidence-building measure*"}}})
	s := "To develop confidence-building measures."
	ms := m.Match(text(s))
	if len(ms) != 1 || s[ms[0].Start:ms[0].End] != "confidence-building measures" || ms[0].Matched != "confidence-building measures" {
		t.Fatalf("got %+v", ms)
	}
}

func TestMatcherSharedPattern(t *testing.T) {
	m := mustMatcher(t, []Entry{{Key: "a", Patterns: []string{"sovereign equality"}}, {Key: "b", Patterns: []string{"Sovereign  Equality", "equal*"}}})
	if g, want := got(m.Match(text("sovereign equality"))), []string{"a=sovereign equality", "b=sovereign equality"}; !reflect.DeepEqual(g, want) {
		t.Errorf("got %q, want %q", g, want)
	}
	if !reflect.DeepEqual(m.Keys(), []string{"a", "b"}) {
		t.Errorf("keys %q", m.Keys())
	}
}

func TestMatcherSpecificity(t *testing.T) {
	// Same span: the pattern with more literal characters wins, whatever the order.
	m := mustMatcher(t, []Entry{{Key: "glob", Patterns: []string{"sov*"}}, {Key: "exact", Patterns: []string{"sovereignty"}}})
	if g := got(m.Match(text("sovereignty and sovereign"))); !reflect.DeepEqual(g, []string{"exact=sovereignty", "glob=sovereign"}) {
		t.Errorf("got %q", g)
	}
}

// TestMatcherBestPattern: of the patterns matching the same span, the one with the most literal
// characters wins, then the one listed first, whichever is defined first and whichever the
// trie reaches first.
func TestMatcherBestPattern(t *testing.T) {
	cases := []struct {
		name    string
		entries []Entry
		in      string
		want    []string
	}{
		{"exact listed first beats glob", []Entry{{Key: "exact", Patterns: []string{"sovereignty"}}, {Key: "glob", Patterns: []string{"sov*"}}},
			"sovereignty", []string{"exact=sovereignty"}},
		{"exact listed second beats glob", []Entry{{Key: "glob", Patterns: []string{"sov*"}}, {Key: "exact", Patterns: []string{"sovereignty"}}},
			"sovereignty", []string{"exact=sovereignty"}},
		{"longer prefix beats shorter, listed first", []Entry{{Key: "long", Patterns: []string{"sovereign*"}}, {Key: "short", Patterns: []string{"sov*"}}},
			"sovereignty", []string{"long=sovereignty"}},
		{"longer prefix beats shorter, listed second", []Entry{{Key: "short", Patterns: []string{"sov*"}}, {Key: "long", Patterns: []string{"sovereign*"}}},
			"sovereignty", []string{"long=sovereignty"}},
		{"equal literal: first listed wins (prefix first)", []Entry{{Key: "first", Patterns: []string{"sover*"}}, {Key: "second", Patterns: []string{"sov*ty"}}},
			"sovereignty", []string{"first=sovereignty"}},
		{"equal literal: first listed wins (inner glob first)", []Entry{{Key: "first", Patterns: []string{"sov*ty"}}, {Key: "second", Patterns: []string{"sover*"}}},
			"sovereignty", []string{"first=sovereignty"}},
		{"equal literal within one key", []Entry{{Key: "k", Patterns: []string{"sov*ty", "sover*"}}},
			"sovereignty", []string{"k=sovereignty"}},
		{"multiword: exact beats glob", []Entry{{Key: "exact", Patterns: []string{"civil society"}}, {Key: "glob", Patterns: []string{"civil soc*"}}},
			"civil society groups", []string{"exact=civil society"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mustMatcher(t, c.entries)
			if g := got(m.Match(text(c.in))); !reflect.DeepEqual(g, c.want) {
				t.Errorf("got %q, want %q", g, c.want)
			}
		})
	}
}

func TestBadOffsets(t *testing.T) {
	// Offsets that do not fit the text must not panic; words keep the tokens' own offsets.
	m := mustMatcher(t, []Entry{{Key: "sov", Patterns: []string{"information space"}}})
	tx := models.Text{Text: "short", Tokens: []models.Token{{Text: "information", Start: 50, End: 40}, {Text: "space", Start: -3, End: 2}}}
	ms := m.Match(tx)
	if len(ms) != 1 || ms[0].Matched != "information space" || ms[0].Start != 50 || ms[0].End != 2 {
		t.Fatalf("got %+v", ms)
	}
}

func TestParsePatternErrors(t *testing.T) {
	for _, p := range []string{"", "   ", "*", "a *", "?*", "--", "sov**", "a b c d e f g h i j k l m n o p q", "\xff"} {
		if _, err := parsePattern(p); err == nil {
			t.Errorf("pattern %q: want an error", p)
		}
	}
	for _, p := range []string{"a", "sov*", "*stakeholder", "organi?ation", "a-b c", "19(3)"} {
		if _, err := parsePattern(p); err != nil {
			t.Errorf("pattern %q: %v", p, err)
		}
	}
}

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		g, w string
		want bool
	}{
		{"sov*", "sovereignty", true}, {"sov*", "so", false}, {"*ty", "sovereignty", true},
		{"a*b*c", "axxbyyc", true}, {"a*b*c", "axxbyy", false}, {"?", "é", true}, {"??", "é", false},
		{"*", "", true}, {"a?c", "abc", true}, {"a?c", "ac", false},
	}
	for _, c := range cases {
		if got := globMatch(c.g, c.w); got != c.want {
			t.Errorf("globMatch(%q, %q) = %v", c.g, c.w, got)
		}
	}
}

func TestBoundaries(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a, b; cc. D", "a|0 b|1 cc|2 d|2"},
		{"art. 5 and U.N. Charter", "art|0 5|0 and|0 u|0 n|0 charter|0"},
		{"well-known (a) item", "well|0 known|0 a|0 item|0"},
		{"end.\nNext", "end|0 next|2"},
		{"a: b? c! d, e", "a|0 b|2 c|2 d|2 e|1"},
		{"what? yes! no: maybe", "what|0 yes|2 no|2 maybe|2"},
	}
	for _, c := range cases {
		for name, tx := range map[string]models.Text{"prose": text(c.in), "runs": runText(c.in)} {
			var parts []string
			for _, w := range splitWords(tx, nil) {
				parts = append(parts, w.s+"|"+string(rune('0'+w.brk)))
			}
			if g := strings.Join(parts, " "); g != c.want {
				t.Errorf("%s %q: got %q, want %q", name, c.in, g, c.want)
			}
		}
	}
}
