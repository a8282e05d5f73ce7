// Package par runs independent items of work on a few goroutines.
//
// Each hands the item indexes out in order from one atomic counter, so whichever goroutine is
// free takes the next item: items of uneven cost (alignment of long and short provisions, the
// last short chunk of a matrix) do not leave a CPU idle behind a fixed split. Callers that need
// results independent of the number of goroutines write each item's result to its own slot and
// combine the slots in item order.
package par
