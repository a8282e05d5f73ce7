package keyphrase

// sigTable maps formSigs to form ids (docScratch.formSigs): an open-addressing table with
// linear probing, in place of a map[formSig]int32. Each candidate occurrence of numbered words
// looks its form up here; the map hashed the 28-byte key through its generic hash function and
// read a group's control word and then its slot, two cache lines, where a lookup here mixes
// the numbers with a multiplication and reads one 32-byte slot, nearly always.
type sigTable struct {
	slots []sigSlot // a power of two of them, or none
	n     int       // slots in use
}

// sigSlot is one entry of a sigTable; id 0: empty, else the form id + 1.
type sigSlot struct {
	sig formSig
	id  int32
}

// minSigSlots is a sigTable's first size.
const minSigSlots = 64

// sigHash mixes sig's numbers (up to the first 0) and flags; a slot index is its low bits, into
// which the products' high bits are folded. formSigOf computes it as it reads the words (sigMix
// for each number, then sigFinish); grow, from the signature.
func sigHash(sig *formSig) uint64 {
	h := uint64(0)
	for _, n := range sig.nums {
		if n == 0 { // after the last word
			break
		}
		h = sigMix(h, n)
	}
	return sigFinish(h, sig)
}

// sigMix is sigHash's step for a signature's number n (not 0).
func sigMix(h uint64, n int32) uint64 {
	return (h ^ uint64(uint32(n))) * 0x9e3779b97f4a7c15
}

// sigFinish is sigHash's last step, for its flags, from h after the numbers.
func sigFinish(h uint64, sig *formSig) uint64 {
	h = (h ^ uint64(sig.content) ^ uint64(sig.keep)<<8) * 0x9e3779b97f4a7c15
	return h ^ h>>32
}

// get returns the form id of sig, whose sigHash is h, and whether it has one.
func (t *sigTable) get(sig *formSig, h uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.id == 0 {
			return 0, false
		}
		if s.sig == *sig {
			return s.id - 1, true
		}
	}
}

// put sets the form id of sig, whose sigHash is h, to id (sig has none yet).
func (t *sigTable) put(sig *formSig, h uint64, id int32) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	t.insert(sig, h, id+1)
	t.n++
}

// insert puts slot value id (form id + 1) for sig, whose sigHash is h, in the first free slot
// of its probe.
func (t *sigTable) insert(sig *formSig, h uint64, id int32) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].id != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = sigSlot{sig: *sig, id: id}
}

// grow doubles t's slots (minSigSlots at first) and puts its entries back.
func (t *sigTable) grow() {
	old := t.slots
	t.slots = make([]sigSlot, max(minSigSlots, 2*len(old)))
	for i := range old {
		if s := &old[i]; s.id != 0 {
			t.insert(&s.sig, sigHash(&s.sig), s.id)
		}
	}
}

// reset empties t. A table much larger than its entries needed (a large document's, reused for
// a small one) is replaced by one of about their size, so that emptying it again costs about
// what filling it did.
func (t *sigTable) reset() {
	if t.n == 0 {
		return
	}
	if len(t.slots) > minSigSlots && 16*t.n < len(t.slots) {
		size := minSigSlots
		for 4*t.n > size {
			size *= 2
		}
		t.slots = make([]sigSlot, size)
	} else {
		clear(t.slots)
	}
	t.n = 0
}
