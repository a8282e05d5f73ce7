package align

import (
	"math"
	"math/rand"
	"testing"
)

// bruteMax is the best total weight over every one-to-one partial assignment, found by trying
// every column (or none) for each row.
func bruteMax(n, m int, w [][]float64) float64 {
	used := make([]bool, m)
	var rec func(r int) float64
	rec = func(r int) float64 {
		if r == n {
			return 0
		}
		best := rec(r + 1) // row r unassigned
		for j := 0; j < m; j++ {
			if used[j] || w[r][j] <= 0 {
				continue
			}
			used[j] = true
			if s := w[r][j] + rec(r+1); s > best {
				best = s
			}
			used[j] = false
		}
		return best
	}
	return rec(0)
}

func randomProblem(rng *rand.Rand, n, m int, density float64, levels int) ([][]float64, [][]cand) {
	w := make([][]float64, n)
	rows := make([][]cand, n)
	for i := range w {
		w[i] = make([]float64, m)
		for j := range w[i] {
			if rng.Float64() < density {
				x := rng.Float64()
				if levels > 0 { // few distinct values: many ties
					x = float64(1+rng.Intn(levels)) / float64(levels)
				}
				w[i][j] = x
				rows[i] = append(rows[i], cand{j, x})
			}
		}
	}
	return w, rows
}

func checkAssignment(t *testing.T, n, m int, w [][]float64, match []int) float64 {
	t.Helper()
	seen := map[int]bool{}
	total := 0.0
	for i, j := range match {
		if j < 0 {
			continue
		}
		if j >= m || seen[j] || w[i][j] <= 0 {
			t.Fatalf("invalid assignment %v for %v", match, w)
		}
		seen[j] = true
		total += w[i][j]
	}
	return total
}

func TestAssignBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	cases := []struct {
		name    string
		density float64
		levels  int
	}{
		{"dense continuous", 1, 0},
		{"sparse continuous", 0.4, 0},
		{"dense ties", 1, 3},
		{"sparse ties", 0.5, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for it := 0; it < 400; it++ {
				n, m := rng.Intn(7), rng.Intn(7)
				w, rows := randomProblem(rng, n, m, tc.density, tc.levels)
				match := assignMax(n, m, rows)
				if len(match) != n {
					t.Fatalf("len %d want %d", len(match), n)
				}
				got := checkAssignment(t, n, m, w, match)
				if want := bruteMax(n, m, w); math.Abs(got-want) > 1e-9 {
					t.Fatalf("%dx%d %v: total %v, brute force %v (match %v)", n, m, w, got, want, match)
				}
			}
		})
	}
}

func TestAssignEdgeCases(t *testing.T) {
	cases := []struct {
		name string
		n, m int
		rows [][]cand
		want []int
	}{
		{"no rows", 0, 3, nil, []int{}},
		{"no columns", 2, 0, [][]cand{nil, nil}, []int{-1, -1}},
		{"no candidates", 2, 2, [][]cand{nil, nil}, []int{-1, -1}},
		{"ignores bad weights", 2, 2, [][]cand{{{0, math.NaN()}, {1, -1}}, {{0, math.Inf(1)}, {5, 1}}}, []int{-1, -1}},
		{"prefers the larger total", 2, 2, [][]cand{{{0, 0.9}, {1, 0.8}}, {{0, 0.8}}}, []int{1, 0}},
		{"leaves a row out", 2, 1, [][]cand{{{0, 0.5}}, {{0, 0.9}}}, []int{-1, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := assignMax(tc.n, tc.m, tc.rows)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v want %v", got, tc.want)
				}
			}
		})
	}
}

func BenchmarkAssignDense(b *testing.B) {
	for _, n := range []int{200, 500} {
		rng := rand.New(rand.NewSource(1))
		_, rows := randomProblem(rng, n, n, 1, 0)
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				assignMax(n, n, rows)
			}
		})
	}
}

// FuzzDistHeap checks the typed heap against a linear search for the least item: each byte
// pushes an item (distance from its low bits, column from its position) or, when its high bit
// is set, pops one.
func FuzzDistHeap(f *testing.F) {
	f.Add([]byte{3, 1, 2, 0x80, 5, 5, 0x80, 0x80, 0x80})
	f.Add([]byte{7, 6, 5, 4, 3, 2, 1, 0, 0x80, 0x80, 9, 0x80, 0x80, 0x80})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var h distHeap
		var ref []distItem
		for k, b := range ops {
			if b&0x80 == 0 {
				it := distItem{d: float64(b % 8), col: k}
				h.push(it)
				ref = append(ref, it)
				continue
			}
			if len(ref) == 0 {
				continue
			}
			least := 0
			for i, it := range ref {
				if it.d < ref[least].d || it.d == ref[least].d && it.col < ref[least].col {
					least = i
				}
			}
			want := ref[least]
			ref = append(ref[:least], ref[least+1:]...)
			if got := h.pop(); got != want {
				t.Fatalf("op %d: pop %v, want %v", k, got, want)
			}
			if len(h) != len(ref) {
				t.Fatalf("op %d: %d items, want %d", k, len(h), len(ref))
			}
		}
	})
}
