package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/models"
	"github.com/stanceshift/stanceshift/models/dictionary"
	"github.com/stanceshift/stanceshift/models/labels"
)

var modelNames = []string{models.NameDictionary, models.NameWordscores, models.NameLSS, models.NameClassifier}

// parseModels checks a --models list.
func parseModels(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	for _, m := range strings.Split(s, ",") {
		m = strings.TrimSpace(m)
		ok := false
		for _, n := range modelNames {
			ok = ok || m == n
		}
		if !ok {
			return nil, usageError{fmt.Sprintf("--models: unknown model %q (expected a comma-separated list of %s)", m, strings.Join(modelNames, ", "))}
		}
		out = append(out, m)
	}
	return out, nil
}

// loadDictionary reads the stance dictionary: the --dictionary file, else the manifest's
// `dictionary:`, else nil (the embedded default).
func loadDictionary(c *corpus.Corpus, path string) (*dictionary.Model, error) {
	switch {
	case path != "":
		return dictionary.LoadFile(path)
	case c.Dictionary != "":
		b, err := c.ReadFile(c.Dictionary)
		if err != nil {
			return nil, err
		}
		return dictionary.ParseYAML(b, c.DisplayPath(c.Dictionary))
	}
	return nil, nil
}

// loadLabels reads hand labels: the --labels files (merged, see labels.ReadFiles), else the
// manifest's `labels:`, else none.
func loadLabels(c *corpus.Corpus, paths []string) ([]labels.Label, error) {
	switch {
	case len(paths) > 0:
		return labels.ReadFiles(paths...)
	case c.Labels != "":
		b, err := c.ReadFile(c.Labels)
		if err != nil {
			return nil, err
		}
		return labels.Read(bytes.NewReader(b), c.DisplayPath(c.Labels))
	}
	return nil, nil
}
