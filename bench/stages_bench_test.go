package bench

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/align"
	"github.com/stanceshift/stanceshift/pipeline/analyze"
	"github.com/stanceshift/stanceshift/pipeline/analyze/keyphrase"
	"github.com/stanceshift/stanceshift/pipeline/analyze/tokenize"
)

// stageInput is the corpus of $STANCESHIFT_BENCH_CORPUS read, analysed and vectorized (the
// input of the key-phrase and alignment stages), built once per test binary.
var stageInput struct {
	once sync.Once
	res  *pipeline.Result
	err  error
}

// vectorized returns stageInput, building it on first use (outside the benchmark's timer).
func vectorized(b *testing.B) *pipeline.Result {
	path := os.Getenv(CorpusEnv)
	if path == "" {
		b.Skipf("set %s to a corpus written by bench/gen (see bench/README.md)", CorpusEnv)
	}
	stageInput.once.Do(func() {
		stageInput.res, stageInput.err = readAndVectorize(path)
	})
	if stageInput.err != nil {
		b.Fatal(stageInput.err)
	}
	return stageInput.res
}

// readAndVectorize does what pipeline.Run does before its key-phrase stage.
func readAndVectorize(path string) (*pipeline.Result, error) {
	c, err := corpus.Load(path)
	if err != nil {
		return nil, err
	}
	an, err := analyze.New(nil)
	if err != nil {
		return nil, err
	}
	res := &pipeline.Result{Corpus: c}
	for _, inst := range corpus.Instruments(c.Documents) {
		for _, d := range inst.Versions {
			raw, err := c.ReadFile(d.Path)
			if err != nil {
				return nil, err
			}
			dr, err := pipeline.ReadDocument(d, c.DisplayPath(d.Path), raw)
			if err != nil {
				return nil, err
			}
			dr.Analyze(an)
			res.Docs = append(res.Docs, dr)
		}
	}
	tf, err := pipeline.TFIDFOptions(pipeline.TFIDFDefault)
	if err != nil {
		return nil, err
	}
	return res, res.Vectorize(context.Background(), tf, 2)
}

// BenchmarkKeyphrasesStage runs the key-phrase stage (Result.Keyphrases, one worker) over the
// corpus of $STANCESHIFT_BENCH_CORPUS; skipped when it is unset. Bytes are corpus text bytes.
func BenchmarkKeyphrasesStage(b *testing.B) {
	res := vectorized(b)
	tf, _ := pipeline.TFIDFOptions(pipeline.TFIDFDefault)
	b.SetBytes(textBytes(os.Getenv(CorpusEnv)))
	for b.Loop() {
		if err := res.Keyphrases(context.Background(), tf, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAlignStage runs the alignment stage (Result.Align, one worker) over the corpus of
// $STANCESHIFT_BENCH_CORPUS; skipped when it is unset. Bytes are corpus text bytes.
func BenchmarkAlignStage(b *testing.B) {
	res := vectorized(b)
	b.SetBytes(textBytes(os.Getenv(CorpusEnv)))
	for b.Loop() {
		if err := res.Align(context.Background(), align.DefaultOptions(), 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLSSFitStage fits LSS (pipeline.FitLSS: default dictionary seeds, 300 dimensions, 2
// workers) on the even-stride sample of at most pipeline.DefaultLSSMaxSentences sentences of the
// corpus of $STANCESHIFT_BENCH_CORPUS, the fit `stanceshift run` does; skipped when it is unset.
// Bytes are corpus text bytes.
func BenchmarkLSSFitStage(b *testing.B) {
	res := vectorized(b)
	var all [][]string
	for _, d := range res.Docs {
		all = append(all, pipeline.LSSSentences(d)...)
	}
	n := min(len(all), pipeline.DefaultLSSMaxSentences)
	sample := make([][]string, 0, n)
	for i := range n {
		sample = append(sample, all[pipeline.StridePick(i, len(all), n)])
	}
	dict := dictionary.Default()
	b.SetBytes(textBytes(os.Getenv(CorpusEnv)))
	for b.Loop() {
		m, err := pipeline.FitLSS(sample, dict, 0, 2)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(m.Sentences), "sentences")
		b.ReportMetric(float64(m.Vocabulary), "terms")
	}
}

// BenchmarkDictionaryStage scores every document of the corpus of $STANCESHIFT_BENCH_CORPUS with
// the default dictionary and finds its concepts (dictionary.Model.ScoreAllConcepts on
// pipeline.DocTexts, the streamed run's call, one goroutine); skipped when it is unset. Bytes
// are corpus text bytes.
func BenchmarkDictionaryStage(b *testing.B) {
	res := vectorized(b)
	texts := make([][]models.Text, len(res.Docs))
	for i, d := range res.Docs {
		texts[i] = pipeline.DocTexts(d)
	}
	dict := dictionary.Default()
	b.SetBytes(textBytes(os.Getenv(CorpusEnv)))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			dict.ScoreAllConcepts(t)
		}
	}
}

// BenchmarkKeyphraseSessions extracts the key phrases of the corpus of $STANCESHIFT_BENCH_CORPUS
// as the streamed run's second pass does: one keyphrase.Session per instrument over its
// versions in order, the tokens numbered per instrument, with one pipeline.WordIDF (a run's,
// warm after the first op); skipped when the variable is unset. Bytes are corpus text bytes.
func BenchmarkKeyphraseSessions(b *testing.B) {
	res := vectorized(b)
	tf, _ := pipeline.TFIDFOptions(pipeline.TFIDFDefault)
	var insts [][][]keyphrase.ProvisionInput // per instrument, per version: its provisions
	var nums map[string]int32                // the instrument's token texts numbered, as the stream does
	for i, d := range res.Docs {
		if i == 0 || d.Doc.Instrument != res.Docs[i-1].Doc.Instrument {
			insts = append(insts, nil)
			nums = map[string]int32{}
		}
		provs := make([]keyphrase.ProvisionInput, len(d.Provisions))
		for j, p := range d.Provisions {
			an := d.Analyses[j]
			ids := numberTokens(nums, an.Tokens, func(t tokenize.Token) string { return t.Text })
			provs[j] = keyphrase.ProvisionInput{ID: p.ID, Offset: p.Start, Text: p.Text, Tokens: an.Tokens, Tags: an.Tags, Nums: ids, Sentences: an.Sentences}
		}
		insts[len(insts)-1] = append(insts[len(insts)-1], provs)
	}
	b.SetBytes(textBytes(os.Getenv(CorpusEnv)))
	b.ReportAllocs()
	idf := pipeline.WordIDF(res.Vocabulary, tf) // one per run, shared by its instruments
	for b.Loop() {
		for _, versions := range insts {
			s := keyphrase.NewSession(idf, keyphrase.Options{TopN: pipeline.KeyphraseTopN}, keyphrase.Options{TopN: -1})
			for _, provs := range versions {
				s.ExtractAllKeys(provs)
			}
			s.Close()
		}
	}
}

// BenchmarkDictionaryMemoNumbered scores the documents of the corpus of
// $STANCESHIFT_BENCH_CORPUS with the default dictionary as the streamed run's second pass does:
// dictionary.Model.ScoreAllConceptsMemoNumbered with one Memo per instrument, the tokens
// numbered per instrument; skipped when the variable is unset. Bytes are corpus text bytes.
func BenchmarkDictionaryMemoNumbered(b *testing.B) {
	res := vectorized(b)
	type doc struct {
		texts []models.Text
		nums  [][]int32
		first bool // the first version of its instrument: a new memo
	}
	var docs []doc
	var ids map[string]int32
	for i, d := range res.Docs {
		first := i == 0 || d.Doc.Instrument != res.Docs[i-1].Doc.Instrument
		if first {
			ids = map[string]int32{}
		}
		texts := pipeline.DocTexts(d)
		nums := make([][]int32, len(texts))
		for j, t := range texts {
			nums[j] = numberTokens(ids, t.Tokens, func(t models.Token) string { return t.Text })
		}
		docs = append(docs, doc{texts, nums, first})
	}
	dict := dictionary.Default()
	b.SetBytes(textBytes(os.Getenv(CorpusEnv)))
	b.ReportAllocs()
	for b.Loop() {
		var memo *dictionary.Memo
		for _, d := range docs {
			if d.first {
				memo = dictionary.NewMemo()
			}
			dict.ScoreAllConceptsMemoNumbered(d.texts, d.nums, memo)
		}
	}
}

// numberTokens numbers tokens by their text as the streamed run's second pass does for an
// instrument: 0, 1, ... in the order texts first occur in nums (shared by the instrument's
// documents).
func numberTokens[T any](nums map[string]int32, tokens []T, text func(T) string) []int32 {
	ids := make([]int32, len(tokens))
	for k, t := range tokens {
		n, ok := nums[text(t)]
		if !ok {
			n = int32(len(nums))
			nums[text(t)] = n
		}
		ids[k] = n
	}
	return ids
}
