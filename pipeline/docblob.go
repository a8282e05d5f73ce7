package pipeline

import (
	"encoding/binary"
	"errors"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/pipeline/analyze/sentence"
)

// The stream's first pass keeps what it read of each document (readOne: the normalised text,
// the provisions and the reading's warnings) in a temporary file, and the second pass takes the
// document from there (readDocBlob) instead of reading, decoding and segmenting the source
// again: that was 1.26 of the 28.9 s of CPU samples of the lead's 100MB profile. The rest of
// the DocResult readOne gives (path, hash, byte count) is in the streamDoc. With the document go
// the sentences of the provisions the first pass analysed (analyzeMemo's misses), which the
// second pass's analysis of the same texts takes instead of running the sentence splitter again
// (firstSentences). Their tokens are not kept: reading the offsets back cost about as many
// instructions as the tokeniser (cachegrind, 2MB bench corpus).
//
// A blob is the text, then the provisions, the warnings and the sentences, numbers as uvarints
// and strings as a length and the bytes; a provision's document id, section and provenance, when
// they are the previous provision's, as the length 0 (their own length is stored plus one); a
// sentence by its start's distance from the previous end and its length.

// appendDocBlob appends d's blob to b: what readDocBlob needs to give d's Text, Provisions and
// warns (the reading's warnings) back, and the sentences of the provisions whose texts are
// analysed, in provision order (d.Analyses of each). Every provision's Text is d.Text[Start:End]
// (segment.Result's and presplitDocument's provisions are), so the text is stored once.
func appendDocBlob(b []byte, d *DocResult, warns []corpus.Warning, analysed []string) []byte {
	b = appendBlobString(b, d.Text)
	b = appendBlobLen(b, len(d.Provisions), d.Provisions == nil)
	var prev *corpus.Provision
	for i := range d.Provisions {
		p := &d.Provisions[i]
		b = appendBlobString(b, p.ID)
		if prev != nil && p.DocID == prev.DocID {
			b = append(b, 0)
		} else {
			b = appendBlobString1(b, p.DocID)
		}
		b = binary.AppendUvarint(b, uint64(p.Ordinal))
		b = appendBlobString(b, p.Marker)
		if prev != nil && p.Section == prev.Section {
			b = append(b, 0)
		} else {
			b = appendBlobString1(b, string(p.Section))
		}
		b = binary.AppendUvarint(b, uint64(p.Start))
		b = binary.AppendUvarint(b, uint64(p.End))
		if prev != nil && p.Provenance == prev.Provenance {
			b = append(b, 0)
		} else {
			b = appendBlobString1(b, p.Provenance)
		}
		b = appendBlobLen(b, len(p.SubItems), p.SubItems == nil)
		for _, s := range p.SubItems {
			b = appendBlobString(b, s.Marker)
			b = binary.AppendUvarint(b, uint64(s.Start))
			b = binary.AppendUvarint(b, uint64(s.End))
		}
		b = binary.AppendUvarint(b, uint64(p.Line))
		prev = p
	}
	b = appendBlobLen(b, len(warns), warns == nil)
	for _, w := range warns {
		b = appendBlobString(b, w.Path)
		b = binary.AppendUvarint(b, uint64(w.Line))
		b = appendBlobString(b, w.Msg)
	}
	// the sentences: their provisions found in order
	var idx []int
	j := 0
	for _, t := range analysed {
		for j < len(d.Provisions) && d.Provisions[j].Text != t {
			j++
		}
		if j == len(d.Provisions) || j >= len(d.Analyses) {
			break
		}
		if spansInOrder(d.Analyses[j].Sentences, len(t)) {
			idx = append(idx, j)
		}
		j++
	}
	b = binary.AppendUvarint(b, uint64(len(idx)))
	for _, j := range idx {
		sents := d.Analyses[j].Sentences
		b = binary.AppendUvarint(b, uint64(j))
		b = appendBlobLen(b, len(sents), sents == nil)
		end := 0
		for _, sp := range sents {
			b = binary.AppendUvarint(b, uint64(sp.Start-end))
			b = binary.AppendUvarint(b, uint64(sp.End-sp.Start))
			end = sp.End
		}
	}
	return b
}

// spansInOrder reports whether sents are in order, apart and within a text of n bytes (what
// their offsets in a blob can say).
func spansInOrder(sents []sentence.Span, n int) bool {
	end := 0
	for _, sp := range sents {
		if sp.Start < end || sp.End < sp.Start || sp.End > n {
			return false
		}
		end = sp.End
	}
	return true
}

// appendBlobLen appends the length n of a slice plus one, 0 when it is nil (readOne's and the
// tokeniser's slices are kept nil or empty as they were).
func appendBlobLen(b []byte, n int, isNil bool) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

// appendBlobString appends s's length and bytes.
func appendBlobString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendBlobString1 appends s's length plus one and its bytes (0 stands for the previous
// provision's string).
func appendBlobString1(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s))+1)
	return append(b, s...)
}

// errDocBlob reports a blob that appendDocBlob did not write.
var errDocBlob = errors.New("pipeline: a read document's temporary copy is damaged")

// readDocBlob sets d's Text, Provisions and Warnings from b, a blob of appendDocBlob, and
// returns its sentences. The text is one string (the provisions' texts are slices of it, as
// Segment's are), the other strings slices of a second one, so that a provision id kept after
// the document does not keep its text.
func (d *DocResult) readDocBlob(b []byte) (firstSentences, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return firstSentences{}, errDocBlob
	}
	d.Text = string(b[k : k+int(n)])
	r := blobReader{s: string(b[k+int(n):])}
	d.Provisions = blobSlice[corpus.Provision](&r)
	var prev corpus.Provision
	for i := range d.Provisions {
		p := &d.Provisions[i]
		p.ID = r.str()
		p.DocID = r.str1(prev.DocID)
		p.Ordinal = r.uvarint()
		p.Marker = r.str()
		p.Section = corpus.Section(r.str1(string(prev.Section)))
		p.Start, p.End = r.uvarint(), r.uvarint()
		p.Provenance = r.str1(prev.Provenance)
		p.SubItems = blobSlice[corpus.SubItem](&r)
		for k := range p.SubItems {
			s := &p.SubItems[k]
			s.Marker = r.str()
			s.Start, s.End = r.uvarint(), r.uvarint()
		}
		p.Line = r.uvarint()
		if r.bad || p.Start > p.End || p.End > len(d.Text) {
			return firstSentences{}, errDocBlob
		}
		p.Text = d.Text[p.Start:p.End]
		prev = *p
	}
	d.Warnings = blobSlice[corpus.Warning](&r)
	for k := range d.Warnings {
		w := &d.Warnings[k]
		w.Path = r.str()
		w.Line = r.uvarint()
		w.Msg = r.str()
	}
	var f firstSentences
	na := r.uvarint()
	if na > len(r.s) {
		return firstSentences{}, errDocBlob
	}
	if na > 0 {
		f.texts, f.sents = make([]string, na), make([][]sentence.Span, na)
	}
	for k := range na {
		j := r.uvarint()
		if r.bad || j >= len(d.Provisions) {
			return firstSentences{}, errDocBlob
		}
		f.texts[k] = d.Provisions[j].Text
		sents := blobSlice[sentence.Span](&r)
		end := 0
		for i := range sents {
			sp := &sents[i]
			sp.Start = end + r.uvarint()
			sp.End = sp.Start + r.uvarint()
			end = sp.End
		}
		f.sents[k] = sents
	}
	if r.bad || r.off != len(r.s) {
		return firstSentences{}, errDocBlob
	}
	return f, nil
}

// firstSentences are the sentences of the provisions of a document that the first pass analysed
// (analyzeMemo's misses), in provision order, by text.
type firstSentences struct {
	texts []string
	sents [][]sentence.Span // sents[k] are the Sentences of analyze.Analyzer.Tokens(texts[k])
	next  int               // the first not taken
}

// take returns the sentences of text, when the first pass kept them. The second pass's analyses
// of a document's texts (its analyzeMemo's misses) are a subsequence of the first pass's, whose
// memo forgets no more (it starts again with each run of versions), so take finds them in order.
func (f *firstSentences) take(text string) ([]sentence.Span, bool) {
	for k := f.next; k < len(f.texts); k++ {
		if f.texts[k] == text {
			f.next = k + 1
			return f.sents[k], true
		}
	}
	return nil, false
}

// blobReader reads the numbers and strings of a blob after its text, s; the strings it returns
// are slices of s. bad is set by anything out of bounds (the reads then give zeros).
type blobReader struct {
	s   string
	off int
	bad bool
}

// uvarint reads a number, as binary.Uvarint does, at most 2^40.
func (r *blobReader) uvarint() int {
	var x uint64
	for shift := uint(0); shift < 42 && r.off < len(r.s); shift += 7 {
		c := r.s[r.off]
		r.off++
		if c < 0x80 {
			x |= uint64(c) << shift
			if x > 1<<40 {
				break
			}
			return int(x)
		}
		x |= uint64(c&0x7f) << shift
	}
	r.bad = true
	return 0
}

// blobSlice reads the length of a slice of appendBlobLen and returns a slice of that length
// (nil for 0), to fill from the elements that follow, each of at least one byte.
func blobSlice[T any](r *blobReader) []T {
	n := r.uvarint()
	if n == 0 {
		return nil
	}
	if n-1 > len(r.s)-r.off {
		r.bad = true
		return nil
	}
	return make([]T, n-1)
}

// str reads a string: a length, then the bytes.
func (r *blobReader) str() string { return r.bytes(r.uvarint()) }

// str1 reads a string of appendBlobString1: prev for the length 0.
func (r *blobReader) str1(prev string) string {
	if n := r.uvarint(); n > 0 {
		return r.bytes(n - 1)
	}
	return prev
}

// bytes reads the next n bytes.
func (r *blobReader) bytes(n int) string {
	if n > len(r.s)-r.off {
		r.bad = true
		return ""
	}
	r.off += n
	return r.s[r.off-n : r.off]
}
