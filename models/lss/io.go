package lss

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/stanceshift/stanceshift/models"
)

// Save writes the model as indented JSON. Every slice is sorted, so the same model always
// serialises to the same bytes.
func (m *Model) Save(w io.Writer) error {
	if m == nil {
		return errors.New("lss: save: nil model")
	}
	return models.SaveJSON(w, "lss", "  ", m, m.validate)
}

// Load reads a model written by Save and checks it. Unknown fields, a wrong format tag,
// trailing data and inconsistent contents are errors.
func Load(r io.Reader) (*Model, error) {
	var m Model
	if err := models.LoadJSON(r, "lss", &m, m.validate); err != nil {
		return nil, err
	}
	m.buildIndex()
	return &m, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// validate checks the invariants scoring relies on.
func (m *Model) validate() error {
	if m.Format != FormatV1 {
		return fmt.Errorf("format %q, want %q", m.Format, FormatV1)
	}
	n := len(m.Terms)
	if n == 0 {
		return errors.New("no terms")
	}
	if len(m.Polarities) != n || len(m.Frequency) != n {
		return fmt.Errorf("%d terms but %d polarities and %d frequencies", n, len(m.Polarities), len(m.Frequency))
	}
	for i, t := range m.Terms {
		if t == "" || (i > 0 && m.Terms[i-1] >= t) {
			return fmt.Errorf("term %d (%q) is empty or out of order", i, t)
		}
		if !finite(m.Polarities[i]) || !finite(m.Frequency[i]) || m.Frequency[i] < 0 {
			return fmt.Errorf("term %q has a non-finite polarity or a bad frequency", t)
		}
	}
	if len(m.SeedsWeighted) == 0 {
		return errors.New("no weighted seeds")
	}
	for i, s := range m.SeedsWeighted {
		if s.Term == "" || (i > 0 && m.SeedsWeighted[i-1].Term >= s.Term) || !finite(s.Weight) {
			return fmt.Errorf("weighted seed %d (%q) is empty, out of order or non-finite", i, s.Term)
		}
	}
	if m.K < 1 || len(m.SingularValues) != m.K {
		return fmt.Errorf("k = %d with %d singular values", m.K, len(m.SingularValues))
	}
	if m.SVDMethod != MethodExact && m.SVDMethod != MethodRandomized {
		return fmt.Errorf("unknown svd method %q", m.SVDMethod)
	}
	switch {
	case !finite(m.TrainMean) || !finite(m.TrainSD) || !(m.TrainSD > 0):
		return fmt.Errorf("training mean %v and sd %v must be finite, sd > 0", m.TrainMean, m.TrainSD)
	case !finite(m.NeutralBand) || m.NeutralBand < 0:
		return fmt.Errorf("neutral band %v must be finite and >= 0", m.NeutralBand)
	case m.MinN < 0 || m.Evidence < 0:
		return fmt.Errorf("min_n %d and evidence %d must be >= 0", m.MinN, m.Evidence)
	}
	return nil
}
