package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/stanceshift/stanceshift/pipeline/analyze/entities"
)

const trainEntitiesUsage = `Usage: stanceshift train-entities --spans FILE --out DIR [--name NAME]

Trains a statistical entity model (prose's maximum-entropy entity classifier) on hand-labelled
spans and saves it into DIR (Maxent/*.gob and model.json; an existing model there is replaced).
Use the model for the types the gazetteer cannot list, such as treaty bodies or UN document
symbols; the gazetteer keeps priority wherever both find an entity.

FILE is JSON Lines, one labelled text per line, with byte offsets into the text:
  {"text": "The Assembly adopted A/RES/70/237.", "entities": [{"start": 21, "end": 33, "type": "DOCSYMBOL"}]}
Types are upper-case letters, digits and _. A span that covers no whole prose token ("UN" in
"UN-led") is skipped and counted. Training takes a few seconds per hundred sentences.

Examples:
  stanceshift train-entities --spans docsymbols.jsonl --out models/docsymbols
  stanceshift train-entities --spans bodies.jsonl --out models/bodies --name treaty-bodies
`

func cmdTrainEntities(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("train-entities", trainEntitiesUsage, stderr)
	var spansPath, out, name string
	fs.StringVar(&spansPath, "spans", "", "labelled spans `FILE` (JSON Lines; required)")
	fs.StringVar(&out, "out", "", "output `DIR` for the model (required)")
	fs.StringVar(&name, "name", entities.DefaultModelName, "model `NAME` recorded in model.json")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if spansPath == "" {
		return usageError{"train-entities: --spans is required"}
	}
	if out == "" {
		return usageError{"train-entities: --out is required"}
	}
	if st, err := os.Stat(spansPath); err == nil && st.IsDir() {
		return fmt.Errorf("train-entities: --spans %s is a folder, expected a JSON Lines file of labelled spans", spansPath)
	}
	f, err := os.Open(spansPath)
	if err != nil {
		return fmt.Errorf("train-entities: --spans: %w", err)
	}
	lts, err := entities.ReadSpans(f, spansPath)
	f.Close()
	if err != nil {
		return err // names the file and the line
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	m, err := entities.TrainModel(lts, entities.TrainOptions{Name: name})
	if errors.Is(err, entities.ErrNoSpans) {
		return fmt.Errorf("train-entities: --spans %s: %w (expected lines such as %s)", spansPath, err,
			`{"text": "The Assembly adopted A/RES/70/237.", "entities": [{"start": 21, "end": 33, "type": "DOCSYMBOL"}]}`)
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := m.Save(out); err != nil {
		return err
	}
	st := m.Stats()
	fmt.Fprintf(stdout, "trained %q on %d texts in %.1fs\n", m.Name(), st.Texts, time.Since(start).Seconds())
	fmt.Fprintf(stdout, "%-16s %6s\n", "type", "spans")
	total := 0
	for _, tc := range st.Spans {
		fmt.Fprintf(stdout, "%-16s %6d\n", tc.Type, tc.Count)
		total += tc.Count
	}
	fmt.Fprintf(stdout, "%-16s %6d\n", "total", total)
	if st.Skipped > 0 {
		fmt.Fprintf(stdout, "skipped %d spans that cover no whole token\n", st.Skipped)
	}
	fmt.Fprintf(stdout, "model saved in %s\n", out)
	return nil
}
