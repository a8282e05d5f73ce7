package reuse_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/defaultcorpus"
	"github.com/stanceshift/stanceshift/pipeline"
	"github.com/stanceshift/stanceshift/pipeline/reuse"
)

var (
	defaultOnce  sync.Once
	defaultProvs []reuse.Provision
	defaultRoles map[string]string
	defaultErr   error
)

// defaultCorpus reads the embedded default corpus through the pipeline and returns its
// provisions with the analyser's tokens as words, and each document's role.
func defaultCorpus(tb testing.TB) ([]reuse.Provision, map[string]string) {
	tb.Helper()
	defaultOnce.Do(func() {
		c, err := corpus.LoadManifest(defaultcorpus.FS(), defaultcorpus.ManifestName, "embedded")
		if err != nil {
			defaultErr = err
			return
		}
		res, err := pipeline.Run(context.Background(), c, pipeline.Options{})
		if err != nil {
			defaultErr = err
			return
		}
		defaultRoles = map[string]string{}
		for _, d := range res.Docs {
			defaultRoles[d.Doc.ID] = d.Doc.Role
			for i, p := range d.Provisions {
				rp := reuse.Provision{ID: p.ID, DocID: p.DocID, Instrument: d.Doc.Instrument,
					Date: d.Doc.Date, Order: d.Doc.Order, Text: p.Text}
				for _, t := range d.Analyses[i].Tokens {
					rp.Words = append(rp.Words, reuse.Word{Text: t.Text, Start: t.Start, End: t.End})
				}
				defaultProvs = append(defaultProvs, rp)
			}
		}
	})
	if defaultErr != nil {
		tb.Fatalf("reading the default corpus: %v", defaultErr)
	}
	return defaultProvs, defaultRoles
}
