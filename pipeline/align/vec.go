package align

import (
	"math"
	"sort"
)

// SparseVec is a sparse vector: Idx holds the column indices in strictly ascending order and
// Val the value at each. Idx and Val have the same length.
type SparseVec struct {
	Idx []int
	Val []float64
}

// Cosine returns the cosine similarity of a and b, clamped to [-1, 1]; 0 when either vector
// has no non-zero value. It divides by both norms, so it is the plain dot product for the
// L2-normalised vectors the pipeline passes and still right for any other scaling. It assumes
// Idx ascending (it does not panic otherwise, but the value is then meaningless); when Idx and
// Val differ in length only the common prefix is used; non-finite values count as 0.
func Cosine(a, b SparseVec) float64 {
	na, nb := len(a.Idx), len(b.Idx)
	if len(a.Val) < na {
		na = len(a.Val)
	}
	if len(b.Val) < nb {
		nb = len(b.Val)
	}
	var dot, sa, sb float64
	for i := 0; i < na; i++ {
		sa += sq(a.Val[i])
	}
	for j := 0; j < nb; j++ {
		sb += sq(b.Val[j])
	}
	for i, j := 0, 0; i < na && j < nb; {
		switch {
		case a.Idx[i] < b.Idx[j]:
			i++
		case a.Idx[i] > b.Idx[j]:
			j++
		default:
			dot += finite(a.Val[i]) * finite(b.Val[j])
			i++
			j++
		}
	}
	return clampCos(dot, math.Sqrt(sa)*math.Sqrt(sb))
}

func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

func sq(x float64) float64 { x = finite(x); return x * x }

func clampCos(dot, norms float64) float64 {
	if !(norms > 0) || math.IsInf(norms, 0) {
		return 0
	}
	c := dot / norms
	switch {
	case math.IsNaN(c):
		return 0
	case c > 1:
		return 1
	case c < -1:
		return -1
	}
	return c
}

// unitVec is a cleaned, L2-normalised copy of a SparseVec: indices strictly ascending and
// unique (duplicates summed), only finite non-zero values, unit norm (or empty).
type unitVec struct {
	idx []int
	val []float64
}

// clean sanitises v so that every later computation (inverted index, containment) agrees
// with Cosine on well-formed input and never misbehaves on malformed input.
func clean(v SparseVec) unitVec {
	u, _ := cleanInto(v, nil)
	return u
}

// cleanInto is clean, with the values of a well-formed vector appended to buf (returned):
// prepare cleans all the items of a side into one buffer instead of one slice each.
func cleanInto(v SparseVec, buf []float64) (unitVec, []float64) {
	n := len(v.Idx)
	if len(v.Val) < n {
		n = len(v.Val)
	}
	if u, buf, ok := cleanSorted(v, n, buf); ok {
		return u, buf
	}
	type kv struct {
		k int
		v float64
	}
	kvs := make([]kv, 0, n)
	sorted := true
	for i := 0; i < n; i++ {
		x := finite(v.Val[i])
		if x == 0 {
			continue
		}
		if len(kvs) > 0 && v.Idx[i] <= kvs[len(kvs)-1].k {
			sorted = false
		}
		kvs = append(kvs, kv{v.Idx[i], x})
	}
	if !sorted {
		sort.SliceStable(kvs, func(a, b int) bool { return kvs[a].k < kvs[b].k })
	}
	u := unitVec{idx: make([]int, 0, len(kvs)), val: make([]float64, 0, len(kvs))}
	for _, e := range kvs {
		if l := len(u.idx); l > 0 && u.idx[l-1] == e.k {
			u.val[l-1] += e.v
			continue
		}
		u.idx = append(u.idx, e.k)
		u.val = append(u.val, e.v)
	}
	return normalize(u), buf
}

// cleanSorted is clean for the vectors the pipeline passes: indices strictly ascending, every
// value finite and non-zero. The indices are shared with v, not copied (unitVec's are only
// read); the values are appended to buf; ok is false for any other vector. It is normalize's
// arithmetic, the same operations in the same order, with its passes over the values joined
// to the check's and the copy's (three passes instead of five).
func cleanSorted(v SparseVec, n int, buf []float64) (unitVec, []float64, bool) {
	var big float64 // normalize's scale: the largest magnitude
	for i := 0; i < n; i++ {
		x := v.Val[i]
		if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) || i > 0 && v.Idx[i] <= v.Idx[i-1] {
			return unitVec{}, buf, false
		}
		big = math.Max(big, math.Abs(x))
	}
	if n == 0 || math.IsInf(big, 0) {
		return unitVec{}, buf, true
	}
	k := len(buf)
	var s float64
	for _, x := range v.Val[:n] {
		x /= big
		buf = append(buf, x)
		s += x * x
	}
	norm := math.Sqrt(s)
	if !(norm > 0) || math.IsInf(norm, 0) {
		return unitVec{}, buf, true
	}
	val := buf[k:len(buf):len(buf)]
	for i := range val {
		val[i] /= norm
	}
	return unitVec{idx: v.Idx[:n:n], val: val}, buf, true
}

// normalize scales u's values (its own) to unit norm; a vector without a finite non-zero
// norm becomes empty.
func normalize(u unitVec) unitVec {
	// Scale by the largest magnitude first so that squaring cannot overflow.
	var big float64
	for _, x := range u.val {
		big = math.Max(big, math.Abs(x))
	}
	if !(big > 0) || math.IsInf(big, 0) {
		return unitVec{}
	}
	var s float64
	for i := range u.val {
		u.val[i] /= big
		s += u.val[i] * u.val[i]
	}
	norm := math.Sqrt(s)
	if !(norm > 0) || math.IsInf(norm, 0) {
		return unitVec{}
	}
	for i := range u.val {
		u.val[i] /= norm
	}
	return u
}
