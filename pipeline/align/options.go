package align

import (
	"errors"
	"fmt"
	"math"
)

// Options tunes Align. The zero value of a field means its default (see DefaultOptions),
// except for the weights, which are taken as given unless all three are zero.
type Options struct {
	// Threshold is the minimum combined score for a one-to-one match, in (0, 1].
	Threshold float64
	// WeightCosine, WeightPosition and WeightMarker weigh the TF-IDF cosine, the
	// relative-position closeness 1-|i/n-j/m| and marker equality in the combined score, which
	// is their weighted mean (so it lies in [0, 1] whatever the scale of the weights).
	WeightCosine, WeightPosition, WeightMarker float64
	// MoveTolerance is the relative-position difference |i/n-j/m| that a match whose order is
	// inverted relative to the other matches must exceed to be reported as moved. 0 (the
	// default) reports every inversion.
	MoveTolerance float64
	// SplitThreshold is the minimum split similarity sqrt(cosine x containment) for the extra
	// part of a split or merge; a value above 1 turns split and merge detection off.
	SplitThreshold float64
	// LargeDoc is the number of provisions (in either version) above which candidates are
	// restricted (see MaxCandidates and PositionBand); up to it the assignment is exact.
	LargeDoc int
	// MaxCandidates is, for large documents, the number of best-scoring candidate new
	// provisions kept for each old one.
	MaxCandidates int
	// PositionBand is, for large documents, the relative-position band within which pairs
	// that share no term are still considered (only when the weights let such a pair reach
	// Threshold).
	PositionBand float64
}

// The defaults, chosen as explained in the package documentation.
const (
	DefaultThreshold      = 0.3
	DefaultWeightCosine   = 0.85
	DefaultWeightPosition = 0.10
	DefaultWeightMarker   = 0.05
	DefaultMoveTolerance  = 0.0
	DefaultSplitThreshold = 0.4
	DefaultLargeDoc       = 2000
	DefaultMaxCandidates  = 64
	DefaultPositionBand   = 0.05
)

// DefaultOptions returns the default options.
func DefaultOptions() Options {
	return Options{
		Threshold:      DefaultThreshold,
		WeightCosine:   DefaultWeightCosine,
		WeightPosition: DefaultWeightPosition,
		WeightMarker:   DefaultWeightMarker,
		MoveTolerance:  DefaultMoveTolerance,
		SplitThreshold: DefaultSplitThreshold,
		LargeDoc:       DefaultLargeDoc,
		MaxCandidates:  DefaultMaxCandidates,
		PositionBand:   DefaultPositionBand,
	}
}

func badFloat(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < 0 }

// Validate reports the fields that Align would replace by their defaults: negative or
// non-finite numbers and a Threshold above 1.
func (o Options) Validate() error {
	var errs []error
	check := func(name string, x float64) {
		if badFloat(x) {
			errs = append(errs, fmt.Errorf("align: option %s = %v: must be a finite number >= 0", name, x))
		}
	}
	check("Threshold", o.Threshold)
	if o.Threshold > 1 {
		errs = append(errs, fmt.Errorf("align: option Threshold = %v: must be at most 1", o.Threshold))
	}
	check("WeightCosine", o.WeightCosine)
	check("WeightPosition", o.WeightPosition)
	check("WeightMarker", o.WeightMarker)
	check("MoveTolerance", o.MoveTolerance)
	check("SplitThreshold", o.SplitThreshold)
	check("PositionBand", o.PositionBand)
	if o.LargeDoc < 0 {
		errs = append(errs, fmt.Errorf("align: option LargeDoc = %d: must be >= 0", o.LargeDoc))
	}
	if o.MaxCandidates < 0 {
		errs = append(errs, fmt.Errorf("align: option MaxCandidates = %d: must be >= 0", o.MaxCandidates))
	}
	return errors.Join(errs...)
}

// resolved returns o with defaults filled in and invalid fields replaced, and the weights
// divided by their sum.
func (o Options) resolved() Options {
	d := DefaultOptions()
	if badFloat(o.Threshold) || o.Threshold == 0 || o.Threshold > 1 {
		o.Threshold = d.Threshold
	}
	if badFloat(o.WeightCosine) || badFloat(o.WeightPosition) || badFloat(o.WeightMarker) ||
		o.WeightCosine+o.WeightPosition+o.WeightMarker == 0 ||
		math.IsInf(o.WeightCosine+o.WeightPosition+o.WeightMarker, 0) {
		o.WeightCosine, o.WeightPosition, o.WeightMarker = d.WeightCosine, d.WeightPosition, d.WeightMarker
	}
	sum := o.WeightCosine + o.WeightPosition + o.WeightMarker
	o.WeightCosine /= sum
	o.WeightPosition /= sum
	o.WeightMarker /= sum
	if badFloat(o.MoveTolerance) {
		o.MoveTolerance = d.MoveTolerance
	}
	if badFloat(o.SplitThreshold) || o.SplitThreshold == 0 {
		o.SplitThreshold = d.SplitThreshold
	}
	if o.LargeDoc <= 0 {
		o.LargeDoc = d.LargeDoc
	}
	if o.MaxCandidates <= 0 {
		o.MaxCandidates = d.MaxCandidates
	}
	if badFloat(o.PositionBand) || o.PositionBand == 0 {
		o.PositionBand = d.PositionBand
	}
	return o
}
