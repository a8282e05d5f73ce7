package dictionary

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

// refScoreAllConcepts is ScoreAllConcepts as it was before it reused its buffers: every
// provision analysed with fresh slices (modifier names included), its concepts found by
// Concepts, and the document scored from the list of all its matches.
func refScoreAllConcepts(m *Model, provisions []models.Text) ([]models.Score, models.Score, [][]Mention) {
	out := make([]models.Score, len(provisions))
	concepts := make([][]Mention, len(provisions))
	ev := map[string]int{}
	var evs []models.Evidence
	var all []Match
	words := 0
	for i, p := range provisions {
		ws, ms := m.analyse(p, nil)
		words += len(ws)
		concepts[i] = m.Concepts(p)
		out[i] = m.scoreMatches(ws, ms, nil)
		for _, mt := range ms {
			k, ok := ev[mt.Term]
			if !ok {
				k = len(evs)
				ev[mt.Term] = k
				evs = append(evs, models.Evidence{Term: mt.Term, Start: -1, End: -1})
			}
			evs[k].Count++
			evs[k].Contribution += mt.Contribution
		}
		all = append(all, ms...)
	}
	if words == 0 {
		return out, models.NaNScore(), concepts
	}
	sum, mass := 0.0, 0.0
	for _, mt := range all {
		sum += mt.Contribution
		mass += math.Abs(mt.Contribution)
	}
	return out, m.finish(evs, sum, mass), concepts
}

// checkScoreAll compares ScoreAllConcepts and ScoreAllConceptsMemoNumbered with the
// reference, and each provision's buffered analysis (one buffer for all of them, in turn) with
// its analysis on fresh slices.
func checkScoreAll(t *testing.T, m *Model, provs []models.Text) {
	t.Helper()
	each, doc, concepts := m.ScoreAllConcepts(provs)
	wantEach, wantDoc, wantConcepts := refScoreAllConcepts(m, provs)
	for i := range provs {
		if !sameScore(each[i], wantEach[i]) {
			t.Errorf("provision %d %q: %+v, reference %+v", i, provs[i].Text, each[i], wantEach[i])
		}
	}
	if !sameScore(doc, wantDoc) {
		t.Errorf("document: %+v, reference %+v", doc, wantDoc)
	}
	if !reflect.DeepEqual(concepts, wantConcepts) {
		t.Errorf("concepts: %+v, reference %+v", concepts, wantConcepts)
	}
	// numbered tokens (every other provision's), one memo over two calls: the second finds
	// every provision's text, and its numbered tokens' words looked up in the first. A memo
	// takes equal texts to have equal tokens: the provisions are those with a text of their own.
	var own []models.Text
	seen := map[string]bool{}
	for _, p := range provs {
		if !seen[p.Text] {
			seen[p.Text] = true
			own = append(own, p)
		}
	}
	ownEach, ownDoc, ownConcepts := refScoreAllConcepts(m, own)
	nums, ids := make([][]int32, len(own)), map[string]int32{}
	for i, p := range own {
		if i%2 == 1 {
			continue
		}
		nums[i] = make([]int32, len(p.Tokens))
		for k, tok := range p.Tokens {
			id, ok := ids[tok.Text]
			if !ok {
				id = int32(len(ids))
				ids[tok.Text] = id
			}
			nums[i][k] = id
		}
	}
	memo := NewMemo()
	for pass := range 2 {
		each, doc, concepts := m.ScoreAllConceptsMemoNumbered(own, nums, memo)
		for i := range own {
			if !sameScore(each[i], ownEach[i]) {
				t.Errorf("numbered, pass %d, provision %d %q: %+v, reference %+v", pass, i, own[i].Text, each[i], ownEach[i])
			}
		}
		if !sameScore(doc, ownDoc) {
			t.Errorf("numbered, pass %d, document: %+v, reference %+v", pass, doc, ownDoc)
		}
		if !reflect.DeepEqual(concepts, ownConcepts) {
			t.Errorf("numbered, pass %d, concepts: %+v, reference %+v", pass, concepts, ownConcepts)
		}
	}
	buf := &analyseBuf{}
	for i, p := range provs {
		_, got := m.analyse(p, buf)
		_, want := m.analyse(p, nil)
		for k := range want {
			want[k].Modifiers = nil // the buffered path does not name them
		}
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("provision %d %q: buffered matches %+v, fresh %+v", i, p.Text, got, want)
		}
	}
}

func TestScoreAllMatchesReference(t *testing.T) {
	m := Default()
	lines := seedLines(t)
	for _, tc := range []struct {
		name  string
		provs []models.Text
	}{
		{"none", nil},
		{"empty", []models.Text{text("")}},
		{"seed sentences", func() (ps []models.Text) {
			for _, s := range seedSentences {
				ps = append(ps, text(s), runText(s))
			}
			return ps
		}()},
		{"seed commentary lines", lines},
	} {
		t.Run(tc.name, func(t *testing.T) { checkScoreAll(t, m, tc.provs) })
	}
}

// FuzzScoreAll compares ScoreAllConcepts with refScoreAllConcepts on provisions cut from s at
// every '|', tokenised by the project's tokenizer and as runs of letters, and with token
// offsets that do not fit the text.
func FuzzScoreAll(f *testing.F) {
	f.Add(strings.Join(seedSentences, "|"), 0)
	f.Add("States shall not restrict sovereignty|| without prejudice to multistakeholder, x", 2)
	f.Add("ÉTATS \xff information space|SOVEREIGN|should lead; civil society", 1)
	var many []string // more texts, and matches, than a block of the memo holds (memoBlock)
	for i := range 3 * memoBlock {
		many = append(many, "States shall not restrict sovereignty; civil society "+strconv.Itoa(i))
	}
	f.Add(strings.Join(many, "|"), 0)
	m := Default()
	f.Fuzz(func(t *testing.T, s string, shift int) {
		var provs []models.Text
		for _, p := range strings.Split(s, "|") {
			provs = append(provs, text(p), runText(p))
		}
		checkScoreAll(t, m, provs)
		for i := range provs {
			for k := range provs[i].Tokens {
				provs[i].Tokens[k].Start += shift * (k % 3)
				provs[i].Tokens[k].End -= shift
			}
		}
		checkScoreAll(t, m, provs)
	})
}
