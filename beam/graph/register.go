package graph

import (
	"reflect"

	"context"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
	"github.com/stanceshift/stanceshift/pipeline/vectorize"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
)

// Registration lets a remote worker (Flink, Spark, Dataflow) find every function and type of the
// graph, and gives Prism and the workers the generated call paths instead of reflection.
func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(DocElem), func(string, string), error](&readFn{})
	register.DoFn4x1[context.Context, TableSplit, func(DocElem), func(string, string), error](&tableReadFn{})
	register.Function2x0(splitKV)
	register.DoFn2x0[DocElem, func([]string)](&termsFn{})
	register.Function2x0(termRowsFn)
	register.DoFn2x1[DocElem, func(**vectorize.Vocabulary) bool, DocElem](&vectorsFn{})
	register.Function1x1(sentCountFn)
	register.Combiner3[Counts, SentCount, Counts](&countsFn{})
	register.DoFn3x0[DocElem, func(*Counts) bool, func(Sentence)](&sampleFn{})
	register.DoFn2x2[[]byte, func(*Sentence) bool, LSSFit, error](&lssFitFn{})
	register.Function2x0(lssWarningFn)
	register.DoFn1x1[DocElem, WSDoc](&wsDocFn{})
	register.Combiner3[WSAcc, WSDoc, WSFit](&wsFitFn{})
	register.DoFn7x1[DocElem, func(*LSSFit) bool, func(*WSFit) bool, func(*ClassifierFit) bool, func(**vectorize.Vocabulary) bool,
		func(DocElem), func(string, string), error](&scoreFn{})
	register.DoFn2x1[DocElem, func(Labelled), error](&labelledFn{})
	register.DoFn4x2[context.Context, []byte, func(**vectorize.Vocabulary) bool, func(*Labelled) bool, ClassifierFit, error](&classifierFitFn{})
	register.Function2x0(classifierWarningFn)
	register.Function1x2(byInstrumentFn)
	register.DoFn4x1[context.Context, string, func(*DocElem) bool, func(string, string), error](&versionsFn{})
	register.DoFn4x0[DocElem, func(int, Postings), func(string, reuse.Provision), func(reuse.Provision)](&reuseInputsFn{})
	register.DoFn3x0[int, func(*Postings) bool, func(int, PairCounts)](&shinglePairsFn{})
	register.DoFn3x0[int, func(*PairCounts) bool, func(string, string)](&keepPairsFn{})
	register.Function4x0(attachSourceFn)
	register.DoFn4x0[string, func(*reuse.Provision) bool, func(*reuse.Provision) bool, func(string, string)](&alignPairsFn{})
	register.DoFn3x0[DocElem, func(*reuse.Provision) bool, func(string, string)](&echoFn{})
	register.DoFn2x2[string, string, string, string](&shardKeyFn{})
	register.DoFn3x1[context.Context, string, func(*string) bool, error](&writeShardFn{})

	for _, t := range []any{ProvRef{}, Postings{}, PairCounts{}, SentCount{}, Sentence{}, Counts{},
		LSSFit{}, reuse.Provision{}, DocInfo{}, TableSplit{}, Labelled{}, ClassifierFit{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	register.Emitter1[DocElem]()
	register.Emitter1[Labelled]()
	register.Iter1[Labelled]()
	register.Iter1[ClassifierFit]()
	register.Iter1[Sentence]()
	register.Emitter1[[]string]()
	register.Emitter1[Sentence]()
	register.Emitter1[reuse.Provision]()
	register.Emitter2[string, string]()
	register.Emitter2[int, PairCounts]()
	register.Emitter2[int, Postings]()
	register.Emitter2[string, reuse.Provision]()
	register.Iter1[DocElem]()
	register.Iter1[*vectorize.Vocabulary]()
	register.Iter1[Counts]()
	register.Iter1[LSSFit]()
	register.Iter1[WSFit]()
	register.Iter1[Postings]()
	register.Iter1[PairCounts]()
	register.Iter1[string]()
	register.Iter1[reuse.Provision]()
	register.Combiner3[*vectorize.DFAccumulator, []string, *vectorize.Vocabulary](&vectorize.DFCombineFn{})
}
