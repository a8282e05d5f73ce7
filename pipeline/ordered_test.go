package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestOrderedEach checks orderedEach's contract: results reach consume in index order, at most
// orderedAhead*workers are produced ahead of consume, and the first error (or a cancelled
// context) stops it.
func TestOrderedEach(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name       string
		n, workers int
		failAt     int // produce fails at this index; -1 never
		consumeErr int // consume fails at this index; -1 never
		cancel     bool
		wantErr    error
	}{
		{name: "one worker", n: 50, workers: 1, failAt: -1, consumeErr: -1},
		{name: "two workers", n: 200, workers: 2, failAt: -1, consumeErr: -1},
		{name: "more workers than items", n: 3, workers: 8, failAt: -1, consumeErr: -1},
		{name: "no items", n: 0, workers: 2, failAt: -1, consumeErr: -1},
		{name: "zero workers means one", n: 10, workers: 0, failAt: -1, consumeErr: -1},
		{name: "produce error", n: 100, workers: 2, failAt: 37, consumeErr: -1, wantErr: boom},
		{name: "consume error", n: 100, workers: 2, failAt: -1, consumeErr: 12, wantErr: boom},
		{name: "cancelled", n: 100, workers: 2, failAt: -1, consumeErr: -1, cancel: true, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			var (
				mu       sync.Mutex
				produced int // results produced so far
				consumed int
				maxAhead int
				calls    atomic.Int32
			)
			window := orderedAhead * max(1, min(tt.workers, tt.n))
			var got []int
			err := orderedEach(ctx, tt.n, tt.workers, func(i int) (int, error) {
				calls.Add(1)
				if i == tt.failAt {
					return 0, boom
				}
				mu.Lock()
				produced++
				maxAhead = max(maxAhead, produced-consumed)
				mu.Unlock()
				return i * i, nil
			}, func(i, v int) error {
				if v != i*i {
					t.Errorf("consume(%d) got %d, want %d", i, v, i*i)
				}
				got = append(got, i)
				mu.Lock()
				consumed++
				mu.Unlock()
				if i == tt.consumeErr {
					return boom
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if maxAhead > window {
				t.Errorf("%d results produced ahead of consume, want at most %d", maxAhead, window)
			}
			want := tt.n
			switch {
			case tt.cancel:
				want = 0
			case tt.failAt >= 0:
				want = tt.failAt
			case tt.consumeErr >= 0:
				want = tt.consumeErr + 1
			}
			if tt.cancel {
				if len(got) != 0 {
					t.Errorf("consumed %d items after cancel, want none", len(got))
				}
				return
			}
			if len(got) != want {
				t.Fatalf("consumed %d items, want %d", len(got), want)
			}
			if !slices.IsSorted(got) || (len(got) > 0 && (got[0] != 0 || got[len(got)-1] != len(got)-1)) {
				t.Errorf("consumed out of order: %v", got)
			}
			if tt.failAt >= 0 && int(calls.Load()) > tt.failAt+1+window {
				t.Errorf("produce called %d times after an error at %d, want at most %d", calls.Load(), tt.failAt, tt.failAt+1+window)
			}
		})
	}
}

// TestOrderedEachFillsWindow: with one slow item at the head, the other workers go on producing
// the following items until the window is full (the reason orderedAhead is larger than one).
func TestOrderedEachFillsWindow(t *testing.T) {
	const workers = 2
	release := make(chan struct{})
	var ahead atomic.Int32
	err := orderedEach(context.Background(), 40, workers, func(i int) (int, error) {
		if i == 0 {
			// Wait until every other slot of the window has been produced; a smaller window
			// would never release it.
			select {
			case <-release:
				return 0, nil
			case <-time.After(10 * time.Second):
				return 0, fmt.Errorf("only %d items produced behind a slow first one, want %d", ahead.Load(), orderedAhead*workers-1)
			}
		}
		if ahead.Add(1) == orderedAhead*workers-1 {
			close(release)
		}
		return i, nil
	}, func(int, int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := ahead.Load(); got != 39 {
		t.Errorf("produced %d items besides the first, want 39", got)
	}
}
