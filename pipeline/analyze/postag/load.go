package postag

import (
	"bytes"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/jdkato/prose/v2"
)

// Why a second decoder for prose's weights: encoding/gob decodes
// weights.gob (4.97 MB, 75,447 features) into a map[string]map[string]float64
// of 815,700 allocations (94 MB allocated) that New then walks, sorts and
// drops, paid once by every run and every test binary that tags:
// BenchmarkNewFromGob, 457 ms of process CPU (garbage collection included)
// per load. decodeWeights reads the same gob stream straight into the
// builder's rows: BenchmarkDefaultLoad, 162 ms, 49 MB, 6,005 allocations
// (medians of 5 interleaved runs, shared machine), of which about 45 ms is
// prose.Asset's gunzip. It accepts only the exact stream prose v2.0.0 ships
// (same type definitions, one value, nothing after it); anything else makes
// loadDefault fall back to encoding/gob and New, so the fast path can never
// change which model is loaded. TestFastLoadEqualsNew checks the two paths
// build the same Tagger.

// weightsTypes is the start of weights.gob: gob's definitions of
// map[string]float64 (type id 67) and map[string]map[string]float64 (68).
var weightsTypes = []byte{
	0x0f, 0xff, 0x87, 0x04, 0x01, 0x02, 0xff, 0x88, 0x00, 0x01, 0x0c, 0x01, 0xff, 0x86, 0x00, 0x00,
	0x0e, 0xff, 0x85, 0x04, 0x01, 0x02, 0xff, 0x86, 0x00, 0x01, 0x0c, 0x01, 0x08, 0x00, 0x00,
}

// weightsValue follows the value message's length: type id 68 (gob's int
// encoding of 68) and the zero byte gob writes before a non-struct value.
const weightsValue = "\xff\x88\x00"

// loadDefault builds the Tagger of prose's embedded model: what
// New(LoadProseModel()) builds, decoding the weights without encoding/gob
// when they are in the expected format.
func loadDefault() (*Tagger, error) {
	classes, dict, err := loadClassesAndDict()
	if err != nil {
		return nil, err
	}
	raw, err := prose.Asset(AssetWeights)
	if err != nil {
		return nil, assetErr(AssetWeights, err)
	}
	b, err := newBuilder(dict, classes)
	if err != nil {
		return nil, err
	}
	feats, ok := decodeWeights(raw, b.classIdx)
	if !ok {
		_, _, weights, err := LoadProseModel()
		if err != nil {
			return nil, err
		}
		return New(weights, dict, classes)
	}
	if err := feats.build(b); err != nil {
		return nil, err
	}
	return b.finish(), nil
}

// streamFeats is a decoded weights stream, features in ascending key
// order: feature i's row is cls and w [feats[i].lo:feats[i].hi], classes
// ascending.
type streamFeats struct {
	feats    []streamFeat
	cls      []uint8
	w        []float64
	keyBytes int // total length of the keys
}

type streamFeat struct {
	key    string // a substring of the whole stream, copied by build
	lo, hi uint32
}

// build feeds the features to b in ascending key order, as New does. The
// keys are copied into one string (one allocation for all of them, and the
// stream can be freed).
func (f *streamFeats) build(b *builder) error {
	var arena strings.Builder
	arena.Grow(f.keyBytes)
	for _, ft := range f.feats {
		arena.WriteString(ft.key)
	}
	keys := arena.String()
	// Size the word and suffix maps once: every word of the word templates
	// has an "i word" row but a few, every suffix an "i suffix" row.
	var nWords, nSufs int
	for _, ft := range f.feats {
		if cut(ft.key, "i word ") {
			nWords++
		} else if cut(ft.key, "i suffix ") {
			nSufs++
		}
	}
	b.t.words = make(map[string]wordRows, nWords)
	b.t.sufs = make(map[string]sufRows, nSufs)
	b.t.rw = make([]float64, 0, len(f.w)+len(f.w)/8+len(f.feats))
	off := 0
	for _, ft := range f.feats {
		k := keys[off : off+len(ft.key)]
		off += len(ft.key)
		if err := b.feature(k, f.cls[ft.lo:ft.hi], f.w[ft.lo:ft.hi]); err != nil {
			return err
		}
	}
	return nil
}

// decodeWeights decodes weights.gob (a gob stream of one
// map[string]map[string]float64) and reports false if it is not exactly in
// the expected format: other type definitions, a malformed or truncated
// value, bytes after the value, a class not in classIdx, or a key given
// twice.
func decodeWeights(raw []byte, classIdx map[string]int) (*streamFeats, bool) {
	if !bytes.HasPrefix(raw, weightsTypes) {
		return nil, false
	}
	src := string(raw) // one copy, so that keys are substrings
	r := gobReader{b: src, off: len(weightsTypes)}
	if n := r.uint(); r.bad || n != uint64(len(src)-r.off) || !strings.HasPrefix(src[r.off:], weightsValue) {
		return nil, false
	}
	r.off += len(weightsValue)
	n := r.uint()
	if r.bad || n > uint64(len(src)-r.off) { // every feature takes at least one byte
		return nil, false
	}
	// prose's stream has 271,206 weights in 4.97 MB, about 18 bytes each.
	f := &streamFeats{
		feats: make([]streamFeat, n),
		cls:   make([]uint8, 0, len(src)/16),
		w:     make([]float64, 0, len(src)/16),
	}
	for i := range f.feats {
		key := r.bytes()
		f.keyBytes += len(key)
		nw := r.uint()
		if r.bad || nw > uint64(len(src)-r.off) {
			return nil, false
		}
		// As gob fills a map, a class given twice keeps its last weight.
		var dense [maxClasses]float64
		var m uint64
		for range int(nw) {
			c := r.bytes()
			u := r.uint()
			ci, ok := classIdx[c]
			if r.bad || !ok {
				return nil, false
			}
			dense[ci] = math.Float64frombits(bits.ReverseBytes64(u)) // gob's float encoding
			m |= 1 << uint(ci)
		}
		lo := uint32(len(f.cls))
		for rest := m; rest != 0; rest &= rest - 1 {
			c := bits.TrailingZeros64(rest)
			f.cls, f.w = append(f.cls, uint8(c)), append(f.w, dense[c])
		}
		f.feats[i] = streamFeat{key: key, lo: lo, hi: uint32(len(f.cls))}
	}
	if r.off != len(src) {
		return nil, false
	}
	slices.SortFunc(f.feats, func(a, b streamFeat) int { return strings.Compare(a.key, b.key) })
	for i := 1; i < len(f.feats); i++ {
		if f.feats[i-1].key == f.feats[i].key {
			return nil, false // gob would keep the last; New never sees both
		}
	}
	return f, true
}

// gobReader reads gob's unsigned integers and byte strings; bad records
// any malformed or truncated input (reads then return zero values).
type gobReader struct {
	b   string
	off int
	bad bool
}

// uint reads gob's unsigned integer: a byte < 0x80 is the value; otherwise
// its negation is the count (at most 8) of big-endian bytes that follow.
func (r *gobReader) uint() uint64 {
	if r.off >= len(r.b) {
		r.bad = true
		return 0
	}
	c := r.b[r.off]
	r.off++
	if c < 0x80 {
		return uint64(c)
	}
	n := -int(int8(c))
	if n > 8 || n > len(r.b)-r.off {
		r.bad = true
		return 0
	}
	var x uint64
	for i := r.off; i < r.off+n; i++ {
		x = x<<8 | uint64(r.b[i])
	}
	r.off += n
	return x
}

// bytes reads a length-prefixed byte string (gob's string encoding).
func (r *gobReader) bytes() string {
	n := r.uint()
	if r.bad || n > uint64(len(r.b)-r.off) {
		r.bad = true
		return ""
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}
