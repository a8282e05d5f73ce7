package vectorize

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/james-bowman/sparse"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// mmEntry is one coordinate line, 1-based.
type mmEntry struct {
	i, j int
	v    float64
}

// parseMatrixMarket is a strict reader of the subset WriteMatrixMarket emits: it checks the
// header, the size line, the entry count and that every index is within bounds.
func parseMatrixMarket(s string) (r, c int, entries []mmEntry, err error) {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) < 2 || lines[0] != "%%MatrixMarket matrix coordinate real general" {
		return 0, 0, nil, errors.New("bad header")
	}
	var nnz int
	if _, err := fmt.Sscanf(lines[1], "%d %d %d", &r, &c, &nnz); err != nil {
		return 0, 0, nil, fmt.Errorf("size line %q: %v", lines[1], err)
	}
	if len(lines)-2 != nnz {
		return 0, 0, nil, fmt.Errorf("size line says %d entries, found %d", nnz, len(lines)-2)
	}
	for _, l := range lines[2:] {
		f := strings.Split(l, " ")
		if len(f) != 3 {
			return 0, 0, nil, fmt.Errorf("entry %q: want 3 fields", l)
		}
		i, err1 := strconv.Atoi(f[0])
		j, err2 := strconv.Atoi(f[1])
		v, err3 := strconv.ParseFloat(f[2], 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return 0, 0, nil, fmt.Errorf("entry %q: %v", l, err)
		}
		if i < 1 || i > r || j < 1 || j > c {
			return 0, 0, nil, fmt.Errorf("entry %q out of %dx%d", l, r, c)
		}
		entries = append(entries, mmEntry{i, j, v})
	}
	return r, c, entries, nil
}

func TestWriteMatrixMarket(t *testing.T) {
	tests := []struct {
		name string
		m    *sparse.CSR
		want string
	}{
		{"empty 0x0", sparse.NewCSR(0, 0, []int{0}, nil, nil),
			"%%MatrixMarket matrix coordinate real general\n0 0 0\n"},
		{"empty rows", sparse.NewCSR(2, 3, []int{0, 0, 0}, nil, nil),
			"%%MatrixMarket matrix coordinate real general\n2 3 0\n"},
		{"values", sparse.NewCSR(2, 3, []int{0, 1, 3}, []int{2, 0, 1}, []float64{0.1, 1, 1e-300}),
			"%%MatrixMarket matrix coordinate real general\n2 3 3\n1 3 0.1\n2 1 1\n2 2 1e-300\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMatrixMarket(&b, tc.m); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

func TestWriteMatrixMarketErrors(t *testing.T) {
	tests := []struct {
		name string
		m    *sparse.CSR
		w    *failWriter
		want string
	}{
		{"nil matrix", nil, &failWriter{}, "nil matrix"},
		{"NaN", sparse.NewCSR(1, 1, []int{0, 1}, []int{0}, []float64{math.NaN()}), &failWriter{}, "entry (1, 1) is NaN"},
		{"Inf", sparse.NewCSR(1, 2, []int{0, 1}, []int{1}, []float64{math.Inf(1)}), &failWriter{}, "entry (1, 2) is +Inf"},
		{"writer fails", sparse.NewCSR(1, 1, []int{0, 1}, []int{0}, []float64{1}), &failWriter{fail: true}, "disk full"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := WriteMatrixMarket(tc.w, tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "vectorize: write matrix market: ") {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

type failWriter struct{ fail bool }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.fail {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestMatrixMarketGolden writes the sklearn-default matrix of docs.txt, compares it with
// testdata/sklearn_default.mtx (rewrite with -update), and reads it back with the strict
// parser: every entry must equal the matrix bit for bit and match sklearn to 1e-12.
func TestMatrixMarketGolden(t *testing.T) {
	docs := readDocs(t)
	fx := readFixture(t, "sklearn_default")
	opt := fx.options(t)
	v, rows := fit(docs, opt)
	m := Matrix(rows, v, opt)
	var b bytes.Buffer
	if err := WriteMatrixMarket(&b, m); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sklearn_default.mtx")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run MatrixMarketGolden -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("output differs from %s (rerun with -update if intended)", golden)
	}
	r, c, entries, err := parseMatrixMarket(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if r != len(docs) || c != v.Len() || len(entries) != m.NNZ() {
		t.Fatalf("read %dx%d with %d entries, want %dx%d with %d", r, c, len(entries), len(docs), v.Len(), m.NNZ())
	}
	for _, e := range entries {
		if got := m.At(e.i-1, e.j-1); got != e.v {
			t.Errorf("entry (%d,%d) reads %v, matrix has %v", e.i, e.j, e.v, got)
		}
		if math.Abs(e.v-fx.Matrix[e.i-1][e.j-1]) > tol {
			t.Errorf("entry (%d,%d) = %v, sklearn %v", e.i, e.j, e.v, fx.Matrix[e.i-1][e.j-1])
		}
	}
}

// TestMatrixMarketScipy has scipy.io.mmread read the golden file and compares the dense
// result with the sklearn fixture. It skips when /usr/bin/python3 lacks scipy.
func TestMatrixMarketScipy(t *testing.T) {
	t.Parallel()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	script := `import json, sys
try:
    import numpy, scipy.io
except ImportError:
    print("NOSCIPY"); sys.exit(0)
m = scipy.io.mmread(sys.argv[1]).toarray()
want = numpy.array(json.load(open(sys.argv[2]))["matrix"])
assert m.shape == want.shape, (m.shape, want.shape)
print(m.shape[0], m.shape[1], repr(float(numpy.abs(m - want).max())))`
	out, err := exec.Command(py, "-c", script, "testdata/sklearn_default.mtx", "testdata/sklearn_default.json").CombinedOutput()
	if err != nil {
		t.Fatalf("scipy: %v\n%s", err, out)
	}
	if strings.TrimSpace(string(out)) == "NOSCIPY" {
		t.Skip("/usr/bin/python3 has no scipy")
	}
	var r, c int
	var maxDiff float64
	if _, err := fmt.Sscanf(string(out), "%d %d %g", &r, &c, &maxDiff); err != nil {
		t.Fatalf("scipy output %q: %v", out, err)
	}
	if maxDiff > tol {
		t.Errorf("scipy reads a %dx%d matrix differing from sklearn by %g", r, c, maxDiff)
	}
	t.Logf("scipy.io.mmread: %dx%d, max |diff| from sklearn %g", r, c, maxDiff)
}
