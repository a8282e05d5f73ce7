package pipeline

import (
	"encoding/binary"
	"errors"

	"github.com/stanceshift/stanceshift/corpus"
)

// The stream's first pass keeps what it read of each document (readOne: the normalised text,
// the provisions and the reading's warnings) in a temporary file, and the second pass takes the
// document from there (readDocBlob) instead of reading, decoding and segmenting the source
// again: that was 1.26 of the 28.9 s of CPU samples of the lead's 100MB profile. The rest of
// the DocResult readOne gives (path, hash, byte count) is in the streamDoc.
//
// A blob is the text, then the provisions and the warnings, numbers as uvarints and strings
// as a length and the bytes; a provision's document id, section and provenance, when they are
// the previous provision's, as the length 0 (their own length is stored plus one).

// appendDocBlob appends d's blob to b: what readDocBlob needs to give d's Text, Provisions and
// Warnings back. Every provision's Text is d.Text[Start:End] (segment.Result's and
// presplitDocument's provisions are), so the text is stored once.
func appendDocBlob(b []byte, d *DocResult) []byte {
	b = appendBlobString(b, d.Text)
	b = binary.AppendUvarint(b, uint64(len(d.Provisions)))
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
		b = binary.AppendUvarint(b, uint64(len(p.SubItems)))
		for _, s := range p.SubItems {
			b = appendBlobString(b, s.Marker)
			b = binary.AppendUvarint(b, uint64(s.Start))
			b = binary.AppendUvarint(b, uint64(s.End))
		}
		b = binary.AppendUvarint(b, uint64(p.Line))
		prev = p
	}
	b = binary.AppendUvarint(b, uint64(len(d.Warnings)))
	for _, w := range d.Warnings {
		b = appendBlobString(b, w.Path)
		b = binary.AppendUvarint(b, uint64(w.Line))
		b = appendBlobString(b, w.Msg)
	}
	return b
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

// readDocBlob sets d's Text, Provisions and Warnings from b, a blob of appendDocBlob. The text
// is one string (the provisions' texts are slices of it, as Segment's are), the other strings
// slices of a second one, so that a provision id kept after the document does not keep its
// text.
func (d *DocResult) readDocBlob(b []byte) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return errDocBlob
	}
	d.Text = string(b[k : k+int(n)])
	r := blobReader{s: string(b[k+int(n):])}
	np := r.uvarint()
	if np > len(r.s) { // each provision takes more than one byte
		return errDocBlob
	}
	if np > 0 { // nil when none, as readOne's
		d.Provisions = make([]corpus.Provision, np)
	}
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
		if ns := r.uvarint(); ns > 0 {
			if ns > len(r.s) {
				return errDocBlob
			}
			p.SubItems = make([]corpus.SubItem, ns)
			for k := range p.SubItems {
				s := &p.SubItems[k]
				s.Marker = r.str()
				s.Start, s.End = r.uvarint(), r.uvarint()
			}
		}
		p.Line = r.uvarint()
		if r.bad || p.Start > p.End || p.End > len(d.Text) {
			return errDocBlob
		}
		p.Text = d.Text[p.Start:p.End]
		prev = *p
	}
	if nw := r.uvarint(); nw > 0 {
		if nw > len(r.s) {
			return errDocBlob
		}
		d.Warnings = make([]corpus.Warning, nw)
		for k := range d.Warnings {
			w := &d.Warnings[k]
			w.Path = r.str()
			w.Line = r.uvarint()
			w.Msg = r.str()
		}
	}
	if r.bad || r.off != len(r.s) {
		return errDocBlob
	}
	return nil
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

// str reads a string: a length, then the bytes.
func (r *blobReader) str() string {
	n := r.uvarint()
	if n > len(r.s)-r.off {
		r.bad = true
		return ""
	}
	r.off += n
	return r.s[r.off-n : r.off]
}

// str1 reads a string of appendBlobString1: prev for the length 0.
func (r *blobReader) str1(prev string) string {
	n := r.uvarint()
	if n == 0 {
		return prev
	}
	if n-1 > len(r.s)-r.off {
		r.bad = true
		return ""
	}
	r.off += n - 1
	return r.s[r.off-(n-1) : r.off]
}
