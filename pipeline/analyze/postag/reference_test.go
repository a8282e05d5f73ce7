package postag

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"regexp"

	"github.com/mingrammer/commonregex"

	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// refModel is a line-by-line transcription of prose v2.0.0's
// perceptronTagger.tag / featurize / normalize / predict over the same model
// maps, except that it sums scores in sorted feature order and breaks ties by
// class order, so that it is deterministic. Tests use it to recompute the
// scores behind any disagreement with prose.
type refModel struct {
	classes []string
	dict    map[string]string
	weights map[string]map[string]float64
}

var (
	refOnce sync.Once
	ref     *refModel
	refErr  error
)

func loadRef(t testing.TB) *refModel {
	t.Helper()
	refOnce.Do(func() {
		c, d, w, err := LoadProseModel()
		ref, refErr = &refModel{classes: c, dict: d, weights: w}, err
	})
	if refErr != nil {
		t.Fatal(refErr)
	}
	return ref
}

func refNormalize(word string) string {
	if word == "" {
		return word
	}
	first := string(word[0])
	if strings.Contains(word, "-") && first != "-" {
		return "!HYPHEN"
	} else if _, err := strconv.Atoi(word); err == nil && len(word) == 4 {
		return "!YEAR"
	} else if _, err := strconv.Atoi(first); err == nil {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}

func refFeaturize(i int, ctx []string, w, p1, p2 string) []string {
	suf := min(len(w), 3)
	i = min(len(ctx)-2, i+2)
	iminus := min(len(ctx[i-1]), 3)
	iplus := min(len(ctx[i+1]), 3)
	feats := []string{"bias", "i suffix " + w[len(w)-suf:]}
	if w != "" { // prose would panic on an empty word
		feats = append(feats, "i pref1 "+string(w[0]))
	}
	return append(feats,
		"i-1 tag "+p1,
		"i-2 tag "+p2,
		"i tag+i-2 tag "+p1+" "+p2,
		"i word "+ctx[i],
		"i-1 tag+i word "+p1+" "+ctx[i],
		"i-1 word "+ctx[i-1],
		"i-1 suffix "+ctx[i-1][len(ctx[i-1])-iminus:],
		"i-2 word "+ctx[i-2],
		"i+1 word "+ctx[i+1],
		"i+1 suffix "+ctx[i+1][len(ctx[i+1])-iplus:],
		"i+2 word "+ctx[i+2])
}

var (
	refNone = `^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`
	refKeep = `^\-[A-Z]{3}\-$`
)

// refRule is prose's rule cascade before the tag dictionary.
func refRule(word string) (string, bool) {
	switch {
	case word == "-":
		return "-", true
	case tokenize.IsEmoticon(word):
		return "SYM", true
	case commonregex.LinkRegex.MatchString(word) || commonregex.EmailRegex.MatchString(word) || strings.HasPrefix(word, "@"):
		return "NN", true
	case mustMatch(refNone, word):
		return "-NONE-", true
	case mustMatch(refKeep, word):
		return word, true
	}
	return "", false
}

// context builds prose's context slice.
func refContext(words []string) []string {
	ctx := []string{"-START-", "-START2-"}
	for _, w := range words {
		ctx = append(ctx, refNormalize(w))
	}
	return append(ctx, "-END-", "-END2-")
}

// scores returns the class scores prose's predict computes for token i
// given the tag history p1, p2 (only classes some feature has weights for).
func (m *refModel) scores(words []string, ctx []string, i int, p1, p2 string) map[string]float64 {
	feats := refFeaturize(i, ctx, words[i], p1, p2)
	sort.Strings(feats)
	s := map[string]float64{}
	for _, f := range feats {
		for c, w := range m.weights[f] {
			s[c] += w
		}
	}
	return s
}

// best returns the winning class (ties to class order), its score and the
// runner-up's score (-Inf when there is none).
func (m *refModel) best(s map[string]float64) (string, float64, float64) {
	win, top, second := "", math.Inf(-1), math.Inf(-1)
	for _, c := range m.classes {
		v, ok := s[c]
		if !ok {
			continue
		}
		if v > top {
			win, top, second = c, v, top
		} else if v > second {
			second = v
		}
	}
	return win, top, second
}

// tag tags words as prose does, deterministically. predicted[i] reports
// whether token i went through the perceptron.
func (m *refModel) tag(words []string) (tags []string, predicted []bool) {
	ctx := refContext(words)
	p1, p2 := "-START-", "-START2-"
	for i, w := range words {
		tag, ok := refRule(w)
		pred := false
		if !ok {
			if tag, ok = m.dict[w]; !ok {
				tag, _, _ = m.best(m.scores(words, ctx, i, p1, p2))
				pred = true
			}
		}
		tags, predicted = append(tags, tag), append(predicted, pred)
		p2, p1 = p1, tag
	}
	return tags, predicted
}

// explain checks a disagreement at token i between tags got and want (two
// taggings of words). A disagreement is explained when the history differs
// (a cascade from an earlier disagreement) or when, under want's history,
// the top two classes tie within 1e-9 and both tags are among the tied.
func (m *refModel) explain(words []string, ctx []string, got, want []string, i int) (string, bool) {
	hist := func(tags []string, k int) string {
		if k == -1 {
			return "-START-"
		}
		if k == -2 {
			return "-START2-"
		}
		return tags[k]
	}
	if hist(got, i-1) != hist(want, i-1) || hist(got, i-2) != hist(want, i-2) {
		return "cascade", true
	}
	if _, ok := refRule(words[i]); ok {
		return "rule-based tag differs", false
	}
	if _, ok := m.dict[words[i]]; ok {
		return "dictionary tag differs", false
	}
	s := m.scores(words, ctx, i, hist(want, i-1), hist(want, i-2))
	_, top, second := m.best(s)
	gs, gok := s[got[i]]
	ws, wok := s[want[i]]
	if top-second >= 1e-9 || !gok || !wok || top-gs >= 1e-9 || top-ws >= 1e-9 {
		return "no tie", false
	}
	return "tie", true
}

func mustMatch(pattern, s string) bool {
	return compiled(pattern).MatchString(s)
}

var reCache sync.Map

func compiled(p string) interface{ MatchString(string) bool } {
	if r, ok := reCache.Load(p); ok {
		return r.(interface{ MatchString(string) bool })
	}
	r := regexp.MustCompile(p)
	reCache.Store(p, r)
	return r
}

// tagExact is tag with the Tagger's documented summation order instead of
// the sorted one (see predict): the history features (bias, "i-1 tag",
// "i-2 tag", "i tag+i-2 tag"), then "i suffix", "i pref1", "i word",
// "i-1 tag+i word", "i-1 word", "i-1 suffix", "i-2 word", "i+1 word",
// "i+1 suffix", "i+2 word", each feature's weights in class order, and the
// first of the highest-scoring classes (among those some feature has a weight
// for) wins. The Tagger must agree with it exactly, ties included: it is the
// plain-map oracle for the Tagger's lookup tables.
func (m *refModel) tagExact(words []string) []string {
	ctx := refContext(words)
	p1, p2 := "-START-", "-START2-"
	tags := make([]string, 0, len(words))
	for i, w := range words {
		tag, ok := refRule(w)
		if !ok {
			if tag, ok = m.dict[w]; !ok {
				tag = m.predictExact(refFeaturize(i, ctx, w, p1, p2), w != "")
			}
		}
		tags = append(tags, tag)
		p2, p1 = p1, tag
	}
	return tags
}

// predictExact sums feats (refFeaturize's, which has "i pref1" when pref)
// in the Tagger's order and returns the winning class, or "" when no
// feature has weights.
func (m *refModel) predictExact(feats []string, pref bool) string {
	order := []int{0, 3, 4, 5, 1, 2, 6, 7, 8, 9, 10, 11, 12, 13} // refFeaturize -> Tagger order
	if !pref {
		order = []int{0, 2, 3, 4, 1, 5, 6, 7, 8, 9, 10, 11, 12}
	}
	scores := make([]float64, len(m.classes))
	present := make([]bool, len(m.classes))
	for _, k := range order {
		row := m.weights[feats[k]]
		for c, cls := range m.classes {
			if v, ok := row[cls]; ok {
				scores[c] += v
				present[c] = true
			}
		}
	}
	best := -1
	for c := range m.classes {
		if present[c] && (best < 0 || scores[c] > scores[best]) {
			best = c
		}
	}
	if best < 0 {
		return ""
	}
	return m.classes[best]
}
