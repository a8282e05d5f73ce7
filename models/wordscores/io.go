package wordscores

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/stanceshift/stanceshift/models"
)

// Save writes the model as indented JSON. Keys of WordScores are written in sorted order
// (encoding/json sorts map keys), so the same model always serialises to the same bytes.
func (m *Model) Save(w io.Writer) error {
	if m == nil {
		return errors.New("wordscores: save: nil model")
	}
	return models.SaveJSON(w, "wordscores", "  ", m, m.validate)
}

// Load reads a model written by Save and checks it. Unknown fields, a wrong format tag, trailing
// data and inconsistent contents are errors.
func Load(r io.Reader) (*Model, error) {
	var m Model
	if err := models.LoadJSON(r, "wordscores", &m, m.validate); err != nil {
		return nil, err
	}
	return &m, nil
}

// validate checks the invariants Predict relies on.
func (m *Model) validate() error {
	if m.Format != FormatV1 {
		return fmt.Errorf("wordscores: format %q, want %q", m.Format, FormatV1)
	}
	n := len(m.RefIDs)
	if n < 2 {
		return fmt.Errorf("wordscores: need at least 2 references, got %d", n)
	}
	if len(m.RefPositions) != n || len(m.RefRaw) != n {
		return fmt.Errorf("wordscores: %d reference ids but %d positions and %d raw scores",
			n, len(m.RefPositions), len(m.RefRaw))
	}
	seen := make(map[string]bool, n)
	distinct := false
	for i, id := range m.RefIDs {
		if id == "" || seen[id] {
			return fmt.Errorf("wordscores: reference id %q at %d is empty or duplicate", id, i)
		}
		seen[id] = true
		if !finite(m.RefPositions[i]) || !finite(m.RefRaw[i]) {
			return fmt.Errorf("wordscores: reference %q has a non-finite position or raw score", id)
		}
		if m.RefPositions[i] != m.RefPositions[0] {
			distinct = true
		}
	}
	if !distinct {
		return errors.New("wordscores: all reference positions are equal")
	}
	if !finite(m.Smooth) || m.Smooth < 0 {
		return fmt.Errorf("wordscores: smooth must be finite and >= 0, got %v", m.Smooth)
	}
	if len(m.WordScores) == 0 {
		return errors.New("wordscores: no word scores")
	}
	for _, f := range sortedFeatures(Counts(m.WordScores)) {
		if !finite(m.WordScores[f]) {
			return fmt.Errorf("wordscores: word score of %q is not finite", f)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
