package classifier

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/stanceshift/stanceshift/models"
)

// Save writes the model as compact JSON (one line). Floats are written in the shortest form that
// parses back to the same float64, so Load gives a model with bit-identical predictions. The
// featurizer is not saved, except for its character n-gram and word-bigram blocks
// (Model.CharNGrams, Model.WordBigrams) when the caller put them there: attach the featurizer again with WithFeaturizer after Load.
func (m *Model) Save(w io.Writer) error {
	if m == nil {
		return errors.New("classifier: save: nil model")
	}
	return models.SaveJSON(w, "classifier", "", m, m.validate)
}

// Load reads a model written by Save and checks it. Unknown fields, a wrong format tag, trailing
// data and inconsistent contents are errors.
func Load(r io.Reader) (*Model, error) {
	var m Model
	if err := models.LoadJSON(r, "classifier", &m, m.validate); err != nil {
		return nil, err
	}
	if m.CharNGrams != nil {
		m.CharNGrams.buildIndex()
	}
	if m.WordBigrams != nil {
		m.WordBigrams.buildIndex()
	}
	return &m, nil
}

// validate checks the invariants prediction relies on.
func (m *Model) validate() error {
	if m.Format != FormatV1 {
		return fmt.Errorf("format %q, want %q", m.Format, FormatV1)
	}
	k := len(m.Classes)
	if k < 2 {
		return fmt.Errorf("need at least 2 classes, got %d", k)
	}
	for i, c := range m.Classes {
		if c == "" || (i > 0 && c <= m.Classes[i-1]) {
			return fmt.Errorf("classes must be non-empty, sorted and unique: %q", m.Classes)
		}
	}
	if m.Dim <= 0 || int64(m.Dim+1)*int64(k) > maxParams {
		return fmt.Errorf("dim %d out of range", m.Dim)
	}
	if len(m.W) != k || len(m.B) != k {
		return fmt.Errorf("%d classes but %d weight rows and %d intercepts", k, len(m.W), len(m.B))
	}
	for c, row := range m.W {
		if len(row) != m.Dim {
			return fmt.Errorf("weight row %d has %d entries, want dim %d", c, len(row), m.Dim)
		}
		if i := slices.IndexFunc(row, func(v float64) bool { return !finite(v) }); i >= 0 {
			return fmt.Errorf("weight [%d][%d] is not finite", c, i)
		}
		if !finite(m.B[c]) {
			return fmt.Errorf("intercept %d is not finite", c)
		}
	}
	if !finite(m.Temperature) || m.Temperature <= 0 {
		return fmt.Errorf("temperature must be finite and > 0, got %v", m.Temperature)
	}
	if len(m.FeatureNames) != 0 && len(m.FeatureNames) != m.Dim {
		return fmt.Errorf("%d feature names for dim %d", len(m.FeatureNames), m.Dim)
	}
	for _, v := range []float64{m.Fit.C, m.Fit.Objective, m.Fit.GradNorm, m.Fit.Tol} {
		if !finite(v) {
			return errors.New("fit record has a non-finite number")
		}
	}
	if c := m.Calibration; c != nil && (!finite(c.ECEBefore) || !finite(c.ECEAfter)) {
		return errors.New("calibration record has a non-finite ECE")
	}
	if c := m.CharNGrams; c != nil {
		if err := c.check(); err != nil {
			return err
		}
		if c.Len() > m.Dim {
			return fmt.Errorf("%d char n-grams for dim %d", c.Len(), m.Dim)
		}
	}
	if b := m.WordBigrams; b != nil {
		if err := b.check(); err != nil {
			return err
		}
		if m.CharNGrams.Len()+b.Len() > m.Dim {
			return fmt.Errorf("%d char n-grams and %d word bigrams for dim %d", m.CharNGrams.Len(), b.Len(), m.Dim)
		}
	}
	return nil
}
