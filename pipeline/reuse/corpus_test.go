package reuse_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/reuse"
)

// TestDefaultCorpusFind runs Find on the default corpus and checks the exact set of reuses.
// Every pair it returns is logged. The expected set, after inspection:
//
//   - wcit-2012-res3:E -> sco-code-2015:8: the seed commentary's finding, the 2015 code's
//     paragraph 8 restates WCIT-12 Resolution 3 paragraph E ("equal ... responsibility for
//     international ... governance", "stability, security and continuity").
//   - gge-2013:16 -> sco-code-2015:p2: the 2015 preamble cites the GGE report's paragraph 16
//     ("norms derived from existing international law", "over time"), as the seed says.
//   - tunis-agenda-2005:35 -> netmundial-2014:1 and -> netmundial-2014:p1: NETmundial repeats
//     the Tunis Agenda's list of stakeholders ("governments, the private sector, civil society,
//     and the technical and academic communities", "in their respective roles"); genuine
//     reuse of the multistakeholder formula.
//
// Not reported, rightly: pairs sharing a two- or three-word term ("international Internet
// governance", "China ... the Russian Federation", "private sector"), which score at most 6
// with 3 aligned words, below MinScore 7 and MinWords 5. Same-instrument pairs (the 2011 and
// 2015 drafts' identical paragraphs e and 6) are versions, not reuse, and never compared.
func TestDefaultCorpusFind(t *testing.T) {
	provs, _ := defaultCorpus(t)
	got := reuse.Find(provs, reuse.Options{})
	var pairs []string
	for _, r := range got {
		t.Logf("%s -> %s score %.2f, %d words\n\tsource: %q\n\ttarget: %q",
			r.Source, r.Target, r.Score, r.AlignedWords, r.SourcePassage, r.TargetPassage)
		pairs = append(pairs, r.Source+" -> "+r.Target)
	}
	want := []string{
		"tunis-agenda-2005:35 -> netmundial-2014:1",
		"tunis-agenda-2005:35 -> netmundial-2014:p1",
		"gge-2013:16 -> sco-code-2015:p2",
		"wcit-2012-res3:E -> sco-code-2015:8",
	}
	if !slices.Equal(pairs, want) {
		t.Fatalf("Find pairs =\n%s\nwant\n%s", strings.Join(pairs, "\n"), strings.Join(want, "\n"))
	}

	byID := map[string]reuse.Provision{}
	for _, p := range provs {
		byID[p.ID] = p
	}
	for _, r := range got {
		s, tg := byID[r.Source], byID[r.Target]
		if r.SourceDoc != s.DocID || r.TargetDoc != tg.DocID || s.Text[r.SourceStart:r.SourceEnd] != r.SourcePassage ||
			tg.Text[r.TargetStart:r.TargetEnd] != r.TargetPassage {
			t.Errorf("%s -> %s: inconsistent offsets or documents: %+v", r.Source, r.Target, r)
		}
	}

	seed := got[3]
	for _, c := range []struct{ in, phrase string }{
		{seed.SourcePassage, "equal role and responsibility for international Internet governance"},
		{seed.SourcePassage, "stability, security and continuity"},
		{seed.TargetPassage, "equal responsibility for, international governance"},
		{seed.TargetPassage, "security, continuity and stability"},
	} {
		if !strings.Contains(c.in, c.phrase) {
			t.Errorf("passage %q does not cover %q", c.in, c.phrase)
		}
	}
	if again := reuse.Find(provs, reuse.Options{}); !reflect.DeepEqual(again, got) {
		t.Error("Find is not deterministic")
	}
	if seed.SourceDoc != "wcit-2012-res3" || seed.TargetDoc != "sco-code-2015" {
		t.Errorf("seed reuse oriented %s -> %s, want wcit-2012-res3 -> sco-code-2015", seed.SourceDoc, seed.TargetDoc)
	}
}

// TestDefaultCorpusThresholdMargins measures how far the reported reuses and the best
// unreported pair are from the thresholds, so that a change of scores shows up here first.
func TestDefaultCorpusThresholdMargins(t *testing.T) {
	provs, _ := defaultCorpus(t)
	all := reuse.Find(provs, reuse.Options{MinScore: math.SmallestNonzeroFloat64, MinWords: 1, MinShared: 1})
	reported := reuse.Find(provs, reuse.Options{})
	isReported := map[string]bool{}
	minReported, minWords := math.Inf(1), math.MaxInt
	for _, r := range reported {
		isReported[r.Source+r.Target] = true
		minReported, minWords = math.Min(minReported, r.Score), min(minWords, r.AlignedWords)
	}
	maxOther, maxWords := 0.0, 0
	for _, r := range all {
		if !isReported[r.Source+r.Target] {
			maxOther, maxWords = math.Max(maxOther, r.Score), max(maxWords, r.AlignedWords)
		}
	}
	t.Logf("reported: score >= %.2f, words >= %d; best unreported: score %.2f, words %d (of %d aligned pairs)",
		minReported, minWords, maxOther, maxWords, len(all))
	if minReported-reuse.DefaultMinScore < 1 || reuse.DefaultMinScore-maxOther < 1 ||
		minWords-reuse.DefaultMinWords < 2 || reuse.DefaultMinWords-maxWords < 2 {
		t.Errorf("thresholds no longer sit in the gap: reported >= %.2f/%d, unreported <= %.2f/%d",
			minReported, minWords, maxOther, maxWords)
	}
}

// TestSeedScores documents the choice of soft penalties: with the textbook Mismatch -1 and
// GapOpen -3 the seed pair's alignment shrinks to a fragment that misses "stability, security
// and continuity".
func TestSeedScores(t *testing.T) {
	provs, _ := defaultCorpus(t)
	var w, s reuse.Provision
	for _, p := range provs {
		switch p.ID {
		case "wcit-2012-res3:E":
			w = p
		case "sco-code-2015:8":
			s = p
		}
	}
	for _, tc := range []struct {
		name   string
		opt    reuse.Options
		covers bool
	}{
		{"defaults", reuse.Options{}, true},
		{"textbook penalties", reuse.Options{Mismatch: -1, GapOpen: -3, GapExtend: -0.5}, false},
	} {
		score, as, ae, _, _, n := reuse.LocalAlign(w.Words, s.Words, tc.opt)
		src := w.Text[w.Words[as].Start:w.Words[ae-1].End]
		t.Logf("%s: score %.2f, %d words: %q", tc.name, score, n, src)
		if got := strings.Contains(src, "stability, security and continuity") && strings.Contains(src, "equal role"); got != tc.covers {
			t.Errorf("%s: covers both phrases = %v, want %v", tc.name, got, tc.covers)
		}
	}
}

// TestShingleLength documents the choice of two shared content-word bigrams: the paraphrase
// in the first sentence of sco-code-2015:8 shares only two bigrams with WCIT paragraph E
// ("responsibility international", "security continuity") and no trigram, so trigrams find the
// pair only through the second sentence's "international Internet governance".
func TestShingleLength(t *testing.T) {
	provs, _ := defaultCorpus(t)
	idx := map[string]int{}
	for i, p := range provs {
		idx[p.ID] = i
	}
	full := provs[idx["sco-code-2015:8"]]
	first := full
	cut := strings.Index(full.Text, "International Internet governance is")
	first.Text = full.Text[:cut]
	first.Words = nil
	for _, w := range full.Words {
		if w.End <= cut {
			first.Words = append(first.Words, w)
		}
	}
	wcit := provs[idx["wcit-2012-res3:E"]]
	for _, tc := range []struct {
		name               string
		sco                reuse.Provision
		shingle, minShared int
		want               bool
	}{
		{"whole paragraph, bigrams x2", full, 2, 2, true},
		{"whole paragraph, trigrams x1", full, 3, 1, true},
		{"whole paragraph, trigrams x2", full, 3, 2, false},
		{"first sentence, bigrams x2", first, 2, 2, true},
		{"first sentence, trigrams x1", first, 3, 1, false},
	} {
		got := len(reuse.Candidates([]reuse.Provision{wcit, tc.sco}, reuse.Options{Shingle: tc.shingle, MinShared: tc.minShared})) == 1
		if got != tc.want {
			t.Errorf("%s: candidate = %v, want %v", tc.name, got, tc.want)
		}
	}
	pair := [2]int{idx["sco-code-2015:8"], idx["wcit-2012-res3:E"]}
	// MinHash over lower-cased word 3-shingles estimates their Jaccard similarity, which for
	// the seed pair is tiny: LSH with 32 bands of 4 rows would almost never propose it.
	j := jaccard3(provs[pair[0]].Words, provs[pair[1]].Words)
	p := 1 - math.Pow(1-math.Pow(j, 4), 32)
	t.Logf("word 3-shingle Jaccard of the seed pair %.4f; LSH(32x4) detection probability %.2g", j, p)
	if p > 0.01 {
		t.Errorf("Jaccard %.3f: LSH would find the pair with probability %.2g", j, p)
	}
}

func jaccard3(a, b []reuse.Word) float64 {
	sh := func(ws []reuse.Word) map[string]bool {
		var keys []string
		for _, w := range ws {
			k := strings.ToLower(strings.Trim(w.Text, ".,;:\"“”'()[]"))
			if k != "" {
				keys = append(keys, k)
			}
		}
		m := map[string]bool{}
		for i := 0; i+3 <= len(keys); i++ {
			m[strings.Join(keys[i:i+3], " ")] = true
		}
		return m
	}
	x, y := sh(a), sh(b)
	inter := 0
	for k := range x {
		if y[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}

// TestDefaultCorpusEchoes checks the echoes of the reference documents: the 2015 code echoes
// the GGE report's paragraph 16 (norms) but not 19 (international law applies), and the GGE
// report is compared only with later documents of other instruments.
func TestDefaultCorpusEchoes(t *testing.T) {
	provs, roles := defaultCorpus(t)
	echoes := reuse.Echoes(provs, func(d string) bool { return roles[d] == "reference" }, reuse.EchoOptions{})
	var echoed []string
	rows := map[string]reuse.Echo{}
	for _, e := range echoes {
		t.Logf("%-22s in %-16s %5.3f (overlap %.3f, align %.3f) best %s echoed=%v",
			e.ReferenceProvision, e.TargetDoc, e.Score, e.Overlap, e.AlignShare, e.BestTargetProvision, e.Echoed)
		rows[e.ReferenceProvision+" "+e.TargetDoc] = e
		if e.Echoed {
			echoed = append(echoed, e.ReferenceProvision+" in "+e.TargetDoc)
		}
	}
	want := []string{
		"gge-2013:16 in sco-code-2015",
		"tunis-agenda-2005:35 in netmundial-2014",
		"wcit-2012-res3:E in sco-code-2015",
	}
	if !slices.Equal(echoed, want) {
		t.Errorf("echoed = %v, want %v", echoed, want)
	}
	if e := rows["gge-2013:16 sco-code-2015"]; !e.Echoed || e.BestTargetProvision != "sco-code-2015:p2" {
		t.Errorf("gge-2013:16 in sco-code-2015: %+v, want echoed by sco-code-2015:p2", e)
	}
	if e, ok := rows["gge-2013:19 sco-code-2015"]; !ok || e.Echoed {
		t.Errorf("gge-2013:19 in sco-code-2015: %+v (present %v), want a row, not echoed", e, ok)
	}
	var targets []string
	for _, e := range echoes {
		if e.ReferenceDoc == "gge-2013" && !slices.Contains(targets, e.TargetDoc) {
			targets = append(targets, e.TargetDoc)
		}
	}
	if want := []string{"netmundial-2014", "sco-code-2015"}; !slices.Equal(targets, want) {
		t.Errorf("gge-2013 compared with %v, want %v (later documents of other instruments)", targets, want)
	}
	// Margin: the echoed rows and the others are well apart from the threshold.
	lo, hi := 1.0, 0.0
	for _, e := range echoes {
		if e.Echoed {
			lo = math.Min(lo, e.Score)
		} else {
			hi = math.Max(hi, e.Score)
		}
	}
	t.Logf("echoed >= %.3f, not echoed <= %.3f, threshold %.2f", lo, hi, reuse.DefaultEchoThreshold)
	if lo-reuse.DefaultEchoThreshold < 0.1 || reuse.DefaultEchoThreshold-hi < 0.1 {
		t.Errorf("echo threshold %.2f not in the gap (%.3f, %.3f)", reuse.DefaultEchoThreshold, hi, lo)
	}
}

func BenchmarkFindDefaultCorpus(b *testing.B) {
	provs, _ := defaultCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		reuse.Find(provs, reuse.Options{})
	}
}

func BenchmarkEchoesDefaultCorpus(b *testing.B) {
	provs, roles := defaultCorpus(b)
	isRef := func(d string) bool { return roles[d] == "reference" }
	b.ReportAllocs()
	for b.Loop() {
		reuse.Echoes(provs, isRef, reuse.EchoOptions{})
	}
}

// BenchmarkAlignCandidatesDefaultCorpus aligns the default corpus's candidate pairs in their
// prepared form, as the streamed run does (pipeline.Stream calls AlignCandidates).
func BenchmarkAlignCandidatesDefaultCorpus(b *testing.B) {
	provs, _ := defaultCorpus(b)
	opt := reuse.Options{Workers: 1}
	pairs := reuse.Candidates(provs, opt)
	prep := make([]reuse.Prepared, len(provs))
	for i := range provs {
		prep[i] = reuse.Prepare(&provs[i], opt)
	}
	b.ReportAllocs()
	for b.Loop() {
		reuse.AlignCandidates(pairs, func(i int) *reuse.Prepared { return &prep[i] }, opt)
	}
}
