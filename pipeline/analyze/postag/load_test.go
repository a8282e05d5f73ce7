package postag

import (
	"bytes"
	"encoding/gob"
	"math"
	"reflect"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"
)

// sameTagger reports whether a and b are deeply equal but for their scratch
// pools and prediction caches and, if not, names the fields that differ.
func sameTagger(a, b *Tagger) string {
	strip := func(t *Tagger) *Tagger {
		c := new(Tagger)
		reflect.ValueOf(c).Elem().Set(reflect.ValueOf(t).Elem())
		c.pool = sync.Pool{}
		c.preds = nil
		return c
	}
	if reflect.DeepEqual(strip(a), strip(b)) {
		return ""
	}
	diff := "fields"
	for _, f := range []struct {
		name string
		a, b any
	}{
		{"classes", a.classes, b.classes}, {"dict", a.dict, b.dict}, {"tags", a.tags, b.tags},
		{"tagID", a.tagID, b.tagID}, {"rw", a.rw, b.rw}, {"base", a.base, b.base},
		{"baseMask", a.baseMask, b.baseMask}, {"pref1", a.pref1, b.pref1}, {"words", a.words, b.words},
		{"sufs", a.sufs, b.sufs}, {"twTags", a.twTags, b.twTags}, {"twRows", a.twRows, b.twRows}, {"raw", a.raw, b.raw},
		{"entries", a.entries, b.entries},
	} {
		if !reflect.DeepEqual(f.a, f.b) {
			diff += " " + f.name
		}
	}
	return diff
}

// TestFastLoadEqualsNew: the tagger Default builds with decodeWeights is
// field for field the one New builds from encoding/gob's decoding of the
// same assets, and the fast path is the one taken for prose's asset.
func TestFastLoadEqualsNew(t *testing.T) {
	classes, dict, weights, err := LoadProseModel()
	if err != nil {
		t.Fatal(err)
	}
	want, err := New(weights, dict, classes)
	if err != nil {
		t.Fatal(err)
	}
	src, err := prose.Asset(AssetWeights)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder(dict, classes)
	if err != nil {
		t.Fatal(err)
	}
	feats, ok := decodeWeights(src, b.classIdx)
	if !ok {
		t.Fatal("decodeWeights rejected prose's weights.gob: Default would fall back to encoding/gob")
	}
	if len(feats.feats) != len(weights) {
		t.Fatalf("decodeWeights: %d features, gob %d", len(feats.feats), len(weights))
	}
	got, err := loadDefault()
	if err != nil {
		t.Fatal(err)
	}
	if f := sameTagger(got, want); f != "" {
		t.Fatalf("loadDefault and New(LoadProseModel()) differ: %s", f)
	}
	if f := sameTagger(defaultTaggerT(t), want); f != "" {
		t.Fatalf("Default and New(LoadProseModel()) differ: %s", f)
	}
}

// gobUint is gob's unsigned integer encoding.
func gobUint(x uint64) []byte {
	if x < 0x80 {
		return []byte{byte(x)}
	}
	var be []byte
	for ; x > 0; x >>= 8 {
		be = append([]byte{byte(x)}, be...)
	}
	return append([]byte{byte(-int8(len(be)))}, be...)
}

// weightsStream returns a weights.gob-like stream for m: prose's type
// definitions, then m's value as gob encodes it.
func weightsStream(t testing.TB, m map[string]map[string]float64) []byte {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	// Skip the type definitions (negative ids) of this process's encoding,
	// keep the map's bytes after the value message's type id and zero byte.
	r := gobReader{b: buf.String()}
	for {
		n := r.uint()
		start := r.off
		id := r.uint()
		if r.bad {
			t.Fatal("malformed gob")
		}
		if id&1 == 0 { // non-negative type id: the value
			body := buf.Bytes()[r.off+1 : start+int(n)]
			msg := append([]byte(weightsValue), body...)
			out := append(append([]byte(nil), weightsTypes...), gobUint(uint64(len(msg)))...)
			return append(out, msg...)
		}
		r.off = start + int(n)
	}
}

func proseClassIdx(t testing.TB) ([]string, map[string]int) {
	classes, dict, err := loadClassesAndDict()
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder(dict, classes)
	if err != nil {
		t.Fatal(err)
	}
	return classes, b.classIdx
}

// checkDecode compares decodeWeights on src with encoding/gob: when
// decodeWeights accepts src, gob must decode it, consume all of it, and give
// the same features and weights (bit for bit). decodeWeights may refuse
// more than gob does (a repeated key, bytes after the map inside its
// message), which only sends Default to the gob path.
func checkDecode(t *testing.T, src []byte, classes []string, classIdx map[string]int) {
	feats, ok := decodeWeights(src, classIdx)
	if !ok {
		// The fallback to gob; TestFastLoadEqualsNew pins prose's stream to
		// the fast path. (Not decoded with gob: gob sizes a map by its
		// declared count, so a corrupt count can exhaust memory.)
		return
	}
	var m map[string]map[string]float64
	rd := bytes.NewReader(src)
	gobErr := gob.NewDecoder(rd).Decode(&m)
	if gobErr != nil || rd.Len() != 0 {
		t.Fatalf("decodeWeights accepted a stream gob rejects (%v, %d bytes left): %q", gobErr, rd.Len(), src)
	}
	if len(feats.feats) != len(m) {
		t.Fatalf("%d features, gob %d", len(feats.feats), len(m))
	}
	prev := ""
	for n, ft := range feats.feats {
		k := ft.key
		if n > 0 && k <= prev {
			t.Fatalf("keys out of order: %q after %q", k, prev)
		}
		prev = k
		ws, in := m[k]
		if !in {
			t.Fatalf("feature %q not in gob's map", k)
		}
		cls, w := feats.cls[ft.lo:ft.hi], feats.w[ft.lo:ft.hi]
		if len(cls) != len(ws) {
			t.Fatalf("feature %q: %d weights, gob %d", k, len(cls), len(ws))
		}
		for j, c := range cls {
			if j > 0 && c <= cls[j-1] {
				t.Fatalf("feature %q: classes not ascending", k)
			}
			if v, in := ws[classes[c]]; !in || math.Float64bits(v) != math.Float64bits(w[j]) {
				t.Fatalf("feature %q class %s: %v, gob %v (%v)", k, classes[c], w[j], v, in)
			}
		}
	}
}

func TestDecodeWeights(t *testing.T) {
	classes, classIdx := proseClassIdx(t)
	valid := weightsStream(t, map[string]map[string]float64{
		"bias": {"NN": 1.5, "VB": -0.25, "DT": 0}, "i word the": {"DT": 3}, "i suffix xyz": {},
	})
	cases := []struct {
		name string
		src  []byte
		ok   bool
	}{
		{"valid", valid, true},
		{"empty map", weightsStream(t, map[string]map[string]float64{}), true},
		{"nan and inf", weightsStream(t, map[string]map[string]float64{"bias": {"NN": math.NaN(), "VB": math.Inf(-1)}}), true},
		{"empty input", nil, false},
		{"other type definitions", append([]byte{0x0e}, valid[1:]...), false},
		{"truncated", valid[:len(valid)-1], false},
		{"trailing byte", append(append([]byte(nil), valid...), 0), false},
		{"unknown class", weightsStream(t, map[string]map[string]float64{"bias": {"ZZ": 1}}), false},
		{"second value", append(append([]byte(nil), valid...), valid[len(weightsTypes):]...), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := decodeWeights(tc.src, classIdx); ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			checkDecode(t, tc.src, classes, classIdx)
		})
	}
	// A key given twice: gob keeps the last weight, decodeWeights refuses
	// (New, fed from gob's map, would never see both).
	dup := weightsStream(t, map[string]map[string]float64{"i word a": {"NN": 1}, "i word b": {"NN": 2}})
	dup = bytes.Replace(dup, []byte("i word b"), []byte("i word a"), 1)
	if _, ok := decodeWeights(dup, classIdx); ok {
		t.Error("decodeWeights accepted a repeated key")
	}
}

// FuzzDecodeWeights compares decodeWeights with encoding/gob on arbitrary
// bytes after prose's type definitions (see checkDecode).
func FuzzDecodeWeights(f *testing.F) {
	classes, classIdx := proseClassIdx(f)
	for _, m := range []map[string]map[string]float64{
		{},
		{"bias": {"NN": 1.5, "VB": -0.25}, "i word the": {"DT": 3}},
		{"i suffix é": {"NNP": math.SmallestNonzeroFloat64, "JJ": 1e300}, "": {"CD": -0.0}},
	} {
		f.Add(weightsStream(f, m)[len(weightsTypes):])
	}
	f.Fuzz(func(t *testing.T, tail []byte) {
		checkDecode(t, append(append([]byte(nil), weightsTypes...), tail...), classes, classIdx)
	})
}
