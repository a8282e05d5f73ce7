package segment

import "testing"

// FuzzStyleLists applies a sequence of operations to styleVals and styleCounts and to the maps
// they replaced (the segmenter's map[style]string of last values, with delete, and classify's
// map[style]int of counts), and compares every answer. Each byte of ops is an operation (its
// low three bits) on one of 32 styles (the other bits).
func FuzzStyleLists(f *testing.F) {
	f.Add([]byte{0, 8, 16, 1, 9, 2, 3, 4, 12, 5, 6, 7})
	f.Add([]byte{0x10, 0x18, 0x11, 0x12, 0x0b, 0x1c, 0x15, 0x16})
	styles := make([]style, 0, 32)
	for _, w := range []string{"", "article"} {
		for k := kNumber; k <= kUpperRoman; k++ {
			for fm := fParen; fm <= fDot; fm++ {
				styles = append(styles, style{k, fm, w})
			}
		}
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		var (
			vals   styleVals
			counts styleCounts
			valRef = map[style]string{}
			cntRef = map[style]int{}
		)
		for n, op := range ops {
			st := styles[int(op>>3)%len(styles)]
			switch op & 7 {
			case 0, 1: // set (most common: a marker recorded)
				v := string(rune('a' + n%26))
				vals.set(st, v)
				valRef[st] = v
			case 2: // keep one style only
				vals.keep(st)
				for k := range valRef {
					if k != st {
						delete(valRef, k)
					}
				}
			case 3: // clear
				vals = vals[:0]
				clear(valRef)
			case 4, 5:
				counts.add(st)
				cntRef[st]++
			}
			for _, k := range styles {
				if got, want := vals.get(k), valRef[k]; got != want {
					t.Fatalf("after %d operations: styleVals.get(%v) = %q, map %q", n+1, k, got, want)
				}
				if got, want := counts.get(k), cntRef[k]; got != want {
					t.Fatalf("after %d operations: styleCounts.get(%v) = %d, map %d", n+1, k, got, want)
				}
			}
			if len(vals) != len(valRef) {
				t.Fatalf("after %d operations: %d values, map %d", n+1, len(vals), len(valRef))
			}
		}
	})
}
