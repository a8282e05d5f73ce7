package keyphrase

import "testing"

// checkSigTable runs the operations that b encodes on a sigTable and on a map[formSig]int32 (what
// docScratch.formSigs was), and fails when a lookup's answer or the number of entries differ.
// Each group of three bytes is an operation: a reset when its first byte is 255, else a lookup of
// the signature made of its bytes (numbers from a small range, so that signatures repeat and
// probes collide), then, when it has no id, a put of the next id.
func checkSigTable(t *testing.T, b []byte) {
	t.Helper()
	var tab sigTable
	want := map[formSig]int32{}
	next := int32(0)
	for i := 0; i+2 < len(b); i += 3 {
		if b[i] == 255 {
			tab.reset()
			clear(want)
			continue
		}
		var sig formSig
		words := 1 + int(b[i]%DefaultMaxWords)
		for k := range words {
			sig.nums[k] = 1 + int32(b[i+1]>>k&3) + int32(k*int(b[i+2]%5))
		}
		sig.content, sig.keep = b[i+2]&(1<<words-1), b[i+2]>>3&(1<<words-1)
		id, ok := tab.get(&sig, sigHash(&sig))
		wid, wok := want[sig]
		if ok != wok || id != wid {
			t.Fatalf("operation %d: get(%v) = %d, %v; the map's %d, %v", i/3, sig, id, ok, wid, wok)
		}
		if !ok {
			tab.put(&sig, sigHash(&sig), next)
			want[sig] = next
			next++
		}
		if tab.n != len(want) {
			t.Fatalf("operation %d: %d entries, the map's %d", i/3, tab.n, len(want))
		}
	}
}

// TestSigTableMatchesMap compares sigTable with a map[formSig]int32 on named operation sequences:
// enough entries to grow the table several times, repeats, resets of a small and of a grown
// table (which shrinks it), and a zero signature.
func TestSigTableMatchesMap(t *testing.T) {
	many := func(n int, reset bool) []byte {
		var b []byte
		for i := range n {
			b = append(b, byte(i%6), byte(i*7), byte(i/3))
		}
		if reset {
			b = append(b, 255, 0, 0)
			b = append(b, 1, 2, 3, 1, 2, 3, 4, 5, 6)
		}
		return append(b, b...)
	}
	for _, tc := range []struct {
		name string
		ops  []byte
	}{
		{"empty", nil},
		{"one", []byte{0, 0, 0}},
		{"repeats", []byte{1, 2, 3, 1, 2, 3, 1, 2, 4, 1, 2, 3}},
		{"reset empty", []byte{255, 0, 0, 1, 2, 3}},
		{"reset small", []byte{1, 2, 3, 255, 0, 0, 1, 2, 3, 2, 2, 3}},
		{"grows", many(400, false)},
		{"grows then reset", many(400, true)},
		{"grows, resets and grows", append(many(300, true), many(700, true)...)},
	} {
		t.Run(tc.name, func(t *testing.T) { checkSigTable(t, tc.ops) })
	}
}

// TestSigTableShrinks checks that a reset of a table much larger than its entries need replaces
// it by a small one, and that a reset keeps a table its entries filled.
func TestSigTableShrinks(t *testing.T) {
	var tab sigTable
	for i := range int32(1000) {
		sig := formSig{nums: [DefaultMaxWords]int32{i + 1}}
		tab.put(&sig, sigHash(&sig), i)
	}
	grown := len(tab.slots)
	tab.reset()
	if len(tab.slots) != grown {
		t.Fatalf("reset of a full table: %d slots, want %d", len(tab.slots), grown)
	}
	one := formSig{nums: [DefaultMaxWords]int32{1}}
	tab.put(&one, sigHash(&one), 0)
	tab.reset()
	if len(tab.slots) != minSigSlots || tab.n != 0 {
		t.Fatalf("reset of a table with one entry of %d slots: %d slots, %d entries", grown, len(tab.slots), tab.n)
	}
	if _, ok := tab.get(&one, sigHash(&one)); ok {
		t.Fatal("an entry survived reset")
	}
}

// FuzzSigTable compares sigTable with a map[formSig]int32 (checkSigTable).
func FuzzSigTable(f *testing.F) {
	f.Add([]byte{1, 2, 3, 1, 2, 3, 255, 0, 0, 1, 2, 3})
	f.Add([]byte{5, 255, 31, 0, 0, 0, 4, 17, 9})
	f.Fuzz(checkSigTable)
}

// TestFormSigOfHash checks that the hash formSigOf computes as it reads the words is sigHash of
// the signature it returns (grow puts entries back by sigHash), and that words without a
// signature (an unnumbered word, more than DefaultMaxWords words) have none.
func TestFormSigOfHash(t *testing.T) {
	w := func(num int32, class uint8, keep bool) word { return word{num: num, class: class, upperKeep: keep} }
	for _, tc := range []struct {
		name string
		ws   []word
		ok   bool
	}{
		{"one noun", []word{w(0, cNoun, false)}, true},
		{"kept case", []word{w(7, cMod, true), w(3, cNoun, true)}, true},
		{"not content", []word{w(2, cMod, false), w(5, cOf, true), w(9, cNoun, false)}, true},
		{"longest", []word{w(1, cNoun, false), w(2, cNoun, true), w(3, cDet, false), w(4, cMod, false), w(5, cNoun, true), w(6, cNoun, false)}, true},
		{"unnumbered", []word{w(1, cNoun, false), w(-1, cNoun, false)}, false},
		{"too long", []word{w(1, cNoun, false), w(2, cNoun, false), w(3, cNoun, false), w(4, cNoun, false), w(5, cNoun, false), w(6, cNoun, false), w(7, cNoun, false)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sig, h, ok := formSigOf(tc.ws, 0, len(tc.ws))
			if ok != tc.ok {
				t.Fatalf("formSigOf: ok %v, want %v", ok, tc.ok)
			}
			if ok && h != sigHash(&sig) {
				t.Fatalf("formSigOf's hash %#x, sigHash %#x of %v", h, sigHash(&sig), sig)
			}
		})
	}
}
