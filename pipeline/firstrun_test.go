package pipeline

import (
	"reflect"
	"slices"
	"testing"

	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"
)

// firstRunOut is what the first pass makes of a version run's documents with a firstRun: the
// run's document frequencies, and per document its tokens' numbers, packed LSS sentences and
// reuse shingles.
type firstRunOut struct {
	df       *vectorize.DFAccumulator
	nums     [][][]int32
	lss      [][]byte
	shingles [][][]uint64
}

// runFirst runs docs through st as the first pass's worker does (analyzeMemo with the tokens'
// numbering, addDF, lssWords.pack, the shingles through their memo), with the corpus-wide LSS
// numbering w.
func runFirst(t *testing.T, st *firstRun, w *lssWords, an *analyze.Analyzer, docs []*DocResult) firstRunOut {
	t.Helper()
	out := firstRunOut{df: vectorize.NewDF()}
	for _, shared := range docs {
		d := *shared
		d.Warnings = slices.Clone(shared.Warnings)
		d.analyzeMemo(st.toks.analysis(an), &st.memo)
		st.words.addDF(&d, &st.toks)
		_, packed := w.pack(&d, &st.toks, &st.lss)
		rp := ReuseProvisions(&d)
		st.reuse.shingles.next(len(rp))
		hs := make([][]uint64, len(rp))
		for j := range rp {
			var ok bool
			if hs[j], ok = st.reuse.shingles.get(&d, j); !ok {
				hs[j] = reuse.ShinglesNumbered(&rp[j], reuse.Options{}, d.tokenNums[j], &st.reuse.reuseKeys)
				st.reuse.shingles.put(j, hs[j])
			}
		}
		out.nums = append(out.nums, d.tokenNums)
		out.lss = append(out.lss, packed)
		out.shingles = append(out.shingles, hs)
	}
	st.words.addDFTo(out.df)
	return out
}

// TestFirstRunReset checks that a firstRun emptied by reset after a version run makes of the
// next run what a new firstRun makes of it: the same numbers, document frequencies, packed LSS
// sentences and shingles. The runs are the default corpus's instruments and three versions of
// one instrument that share provisions (memoVersions), in both orders.
func TestFirstRunReset(t *testing.T) {
	an, c := analyzerAndDefaultCorpus(t)
	def, err := TFIDFOptions(TFIDFDefault)
	if err != nil {
		t.Fatal(err)
	}
	var instruments [][]*DocResult
	for i, doc := range orderedDocs(c) {
		d, err := readOne(c, doc, "")
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 || doc.Instrument != instruments[len(instruments)-1][0].Doc.Instrument {
			instruments = append(instruments, nil)
		}
		instruments[len(instruments)-1] = append(instruments[len(instruments)-1], d)
	}
	versions := memoVersions(t, c)
	all := append(slices.Clone(instruments), versions)
	for _, tc := range []struct {
		name string
		runs [][]*DocResult
	}{
		{name: "default corpus's instruments, then three versions", runs: all},
		{name: "three versions, then the default corpus's instruments", runs: append([][]*DocResult{versions}, instruments...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept, fresh := &lssWords{ids: map[string]uint32{}}, &lssWords{ids: map[string]uint32{}}
			st := &firstRun{words: newWordTerms(def, nil)}
			for k, run := range tc.runs {
				st.reset()
				got := runFirst(t, st, kept, an, run)
				want := runFirst(t, &firstRun{words: newWordTerms(def, nil)}, fresh, an, run)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("run %d (%s): a reset firstRun's output differs from a new one's", k, run[0].Doc.Instrument)
				}
			}
		})
	}
}
