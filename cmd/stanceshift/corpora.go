package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/stanceshift/stanceshift/corpus"
)

// pathList is a repeatable flag: every use appends one path (--labels a.csv --labels b.csv).
// Paths may contain commas, so a comma is not a separator.
type pathList []string

func (p *pathList) String() string {
	if p == nil {
		return ""
	}
	return strings.Join(*p, " ")
}

func (p *pathList) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("empty path")
	}
	*p = append(*p, s)
	return nil
}

// loadCorpora reads the corpus named by --corpus: the embedded default corpus when none is
// given, the one corpus when one is given (any kind), or the union of several provisions tables.
// Only tables can be merged: their documents carry their provisions or where they are in their
// own file, while a manifest or a folder of drafts reads files relative to its own root. A document id found in two tables is an
// error naming both files and lines.
func loadCorpora(ctx context.Context, paths []string, progress func(stage string, done, total int)) (*corpus.Corpus, error) {
	switch len(paths) {
	case 0:
		return loadCorpus(ctx, "", progress)
	case 1:
		return loadCorpus(ctx, paths[0], progress)
	}
	var parts []*corpus.Corpus
	for _, p := range paths {
		c, err := loadCorpus(ctx, p, progress)
		if err != nil {
			return nil, err
		}
		if c.Kind != corpus.KindTable {
			return nil, usageError{fmt.Sprintf("--corpus: %s is a %s corpus; several --corpus can be merged only when each is a provisions table (.csv, .jsonl)", p, c.Kind)}
		}
		parts = append(parts, c)
	}
	return mergeTables(parts)
}

// mergeTables joins table corpora into one, in the order given: documents keep their own file
// (Document.Path) and line, Order runs across the tables, skipped rows and warnings are kept.
func mergeTables(parts []*corpus.Corpus) (*corpus.Corpus, error) {
	m := &corpus.Corpus{Kind: corpus.KindTable, Digests: map[string]corpus.Digest{}}
	var roots, names []string
	first := map[string]*corpus.Document{}
	var errs []error
	for _, c := range parts {
		roots = append(roots, c.Root)
		names = append(names, c.Name)
		m.Inputs = append(m.Inputs, c.Inputs...)
		maps.Copy(m.Digests, c.Digests)
		m.Skipped = append(m.Skipped, c.Skipped...)
		m.Warnings = append(m.Warnings, c.Warnings...)
		for _, d := range c.Documents {
			if f, dup := first[d.ID]; dup {
				errs = append(errs, &corpus.Error{Path: d.Path, Line: d.Line,
					Err: fmt.Errorf("%w: document %q is also in %s:%d (its provision ids would clash)", corpus.ErrDuplicate, d.ID, f.Path, f.Line)})
				continue
			}
			first[d.ID] = d
			d.Order = len(m.Documents)
			m.Documents = append(m.Documents, d)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	m.Root = strings.Join(roots, "+")
	m.Name = strings.Join(names, "+")
	return m, nil
}
