package align

import (
	"math"
)

// cand is an admissible (row, column) pair with its weight, > 0.
type cand struct {
	col int
	w   float64
}

// assignMax returns a one-to-one assignment of rows to columns that maximises the total weight
// of the pairs it uses: match[r] is the column of row r, or -1 when the row is left
// unassigned. Only the pairs in rows[r] may be used; every weight must be finite and > 0
// (others are ignored). m is the number of columns (cand.col in [0, m)).
//
// The solver is the Hungarian method (Kuhn-Munkres) in its shortest-augmenting-path form, as
// in Jonker and Volgenant: every row also owns a private "unassigned" column, costs are
// W - w (W the largest weight) and W for the private column, so all costs are >= 0 and the
// minimum-cost row-perfect assignment is the maximum-weight matching. Rows are added one at a
// time; a Dijkstra search over reduced costs (with row and column potentials) finds the
// cheapest augmenting path and stops at the first free column it settles. Each stage costs
// O(E log V) in the worst case, so the whole is O(n * E log(n+m)) for E candidate pairs,
// O(n^2 m log) on a dense matrix, the Hungarian method's O(n^3) up to the heap's log; on
// version pairs, whose good matches lie near the diagonal, most paths have length one or two.
func assignMax(n, m int, rows [][]cand) []int {
	match := make([]int, n)
	for i := range match {
		match[i] = -1
	}
	if n == 0 {
		return match
	}
	W := 0.0
	for _, rs := range rows {
		for _, c := range rs {
			if c.w > W && !math.IsInf(c.w, 1) {
				W = c.w
			}
		}
	}
	if W == 0 {
		return match
	}
	// Columns 0..m-1 are real, m+r is row r's private column.
	nc := m + n
	owner := make([]int, nc) // row holding each column, -1 when free
	for j := range owner {
		owner[j] = -1
	}
	colOf := make([]int, n) // column held by each row
	u := make([]float64, n)
	v := make([]float64, nc)
	dist := make([]float64, nc)
	prev := make([]int, nc) // row from which each column was reached
	done := make([]bool, nc)
	for j := range dist {
		dist[j] = math.Inf(1)
	}
	var touched []int
	var settled []int
	h := &distHeap{}

	edges := func(r int, f func(col int, cost float64)) {
		for _, c := range rows[r] {
			if c.col < 0 || c.col >= m || !(c.w > 0) || math.IsInf(c.w, 1) {
				continue
			}
			f(c.col, W-c.w)
		}
		f(m+r, W)
	}

	for s := 0; s < n; s++ {
		touched, settled = touched[:0], settled[:0]
		*h = (*h)[:0]
		relax := func(r int, base float64) {
			edges(r, func(col int, cost float64) {
				if done[col] {
					return
				}
				rc := cost - u[r] - v[col]
				if rc < 0 {
					rc = 0 // rounding only: potentials keep reduced costs >= 0
				}
				if d := base + rc; d < dist[col] {
					if math.IsInf(dist[col], 1) {
						touched = append(touched, col)
					}
					dist[col] = d
					prev[col] = r
					h.push(distItem{d, col})
				}
			})
		}
		relax(s, 0)
		sink := -1
		var dstar float64
		for len(*h) > 0 {
			it := h.pop()
			j := it.col
			if done[j] || it.d > dist[j] {
				continue
			}
			done[j] = true
			settled = append(settled, j)
			if owner[j] < 0 {
				sink, dstar = j, it.d
				break
			}
			relax(owner[j], it.d)
		}
		if sink < 0 {
			// Unreachable: s's private column is always free or reachable.
			break
		}
		// Update potentials over the settled columns and the rows behind them.
		u[s] += dstar
		for _, j := range settled {
			if j == sink {
				continue
			}
			delta := dstar - dist[j]
			v[j] -= delta
			u[owner[j]] += delta
		}
		// Augment along the path ending in sink.
		for j := sink; ; {
			r := prev[j]
			next := -1
			if r != s {
				next = colOf[r]
			}
			owner[j] = r
			colOf[r] = j
			if r == s {
				break
			}
			j = next
		}
		for _, j := range touched {
			dist[j] = math.Inf(1)
			done[j] = false
		}
	}
	for r := 0; r < n; r++ {
		if owner[colOf[r]] == r && colOf[r] < m {
			match[r] = colOf[r]
		}
	}
	return match
}

type distItem struct {
	d   float64
	col int
}

// distHeap is a binary min-heap ordered by distance, then column, so that the search is
// deterministic. It is typed (container/heap boxed every pushed item: one allocation per push,
// three quarters of Align's allocations on BenchmarkAlign).
type distHeap []distItem

func (h distHeap) less(a, b int) bool {
	if h[a].d != h[b].d {
		return h[a].d < h[b].d
	}
	return h[a].col < h[b].col
}

func (h *distHeap) push(x distItem) {
	*h = append(*h, x)
	q := *h
	for j := len(q) - 1; j > 0; {
		i := (j - 1) / 2 // parent
		if !q.less(j, i) {
			break
		}
		q[i], q[j] = q[j], q[i]
		j = i
	}
}

func (h *distHeap) pop() distItem {
	q := *h
	n := len(q) - 1
	q[0], q[n] = q[n], q[0]
	for i := 0; ; {
		j := 2*i + 1
		if j >= n {
			break
		}
		if r := j + 1; r < n && q.less(r, j) {
			j = r
		}
		if !q.less(j, i) {
			break
		}
		q[i], q[j] = q[j], q[i]
		i = j
	}
	x := q[n]
	*h = q[:n]
	return x
}
