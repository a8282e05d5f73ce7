package corpus

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeText turns a file's bytes into UTF-8 text.
//
// Rules, in order:
//   - an empty file, or one holding only white space (after a UTF-8 byte-order mark, if any), is
//     ErrEmpty, as is a UTF-16 one and a Windows-1252 one (0xA0 is a no-break space);
//   - a UTF-16 file with a byte-order mark is transcoded to UTF-8;
//   - a file with a NUL byte, or with more than 1% of control bytes in its first 64 KiB, is ErrBinary;
//   - a UTF-8 byte-order mark is removed;
//   - text that is not valid UTF-8 is taken as Windows-1252 (a superset of Latin-1's printable range)
//     and transcoded, with a warning naming the line and byte offset of the first invalid byte, so a
//     Latin-1 draft is read rather than lost.
//
// Errors and warnings carry path; lines are 1-based.
func DecodeText(path string, data []byte) (string, []Warning, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))) == 0 {
		return "", nil, &Error{Path: path, Err: ErrEmpty}
	}
	if s, ok := decodeUTF16(data); ok {
		if strings.TrimSpace(s) == "" {
			return "", nil, &Error{Path: path, Err: ErrEmpty}
		}
		return s, []Warning{{Path: path, Msg: "UTF-16 text transcoded to UTF-8"}}, nil
	}
	if err := checkBinary(path, data); err != nil {
		return "", nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), nil, nil
	}
	off := firstInvalid(data)
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	w := Warning{Path: path, Line: line, Msg: fmt.Sprintf(
		"not valid UTF-8 (first bad byte 0x%02x at byte offset %d); read as Windows-1252/Latin-1 and transcoded", data[off], off)}
	s := decodeCP1252(data)
	if strings.TrimSpace(s) == "" { // only 0xA0, a no-break space, and ASCII white space
		return "", nil, &Error{Path: path, Err: ErrEmpty}
	}
	return s, []Warning{w}, nil
}

func checkBinary(path string, data []byte) error {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return &Error{Path: path, Line: 1 + bytes.Count(data[:i], []byte{'\n'}),
			Err: fmt.Errorf("%w (NUL byte at byte offset %d)", ErrBinary, i)}
	}
	if ctrl := countCtrl(head); ctrl*100 > len(head) {
		return &Error{Path: path, Err: fmt.Errorf("%w (%d control bytes in the first %d)", ErrBinary, ctrl, len(head))}
	}
	return nil
}

// countCtrl counts the control bytes of b (ctrlByte). Eight bytes none of which is below 0x20
// (most of a text's: only its line ends are) are passed over at once; the others are counted a
// byte at a time (a table lookup per byte was most of DecodeText's instructions).
// FuzzCountCtrl compares it with the byte loop.
func countCtrl(b []byte) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	n, i := 0, 0
	for ; i+8 <= len(b); i += 8 {
		// the high bit of a byte below 0x20 (and of no byte when there is none) is set in
		// (x - 0x20 each) &^ x
		if x := binary.LittleEndian.Uint64(b[i:]); (x-0x20*lo)&^x&hi == 0 {
			continue
		}
		for _, c := range b[i : i+8] {
			n += int(ctrlByte[c])
		}
	}
	for _, c := range b[i:] {
		n += int(ctrlByte[c])
	}
	return n
}

// ctrlByte[b] is 1 for the control bytes checkBinary counts: below 0x20, other than \t, \n,
// \v, \f and \r. checkBinary reads up to 64 KiB of every document, twice in a streamed run: a
// table lookup per byte (the NUL found first by bytes.IndexByte) instead of six comparisons.
var ctrlByte = func() (t [256]uint8) {
	for b := range 0x20 {
		if b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != '\v' {
			t[b] = 1
		}
	}
	return t
}()

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func decodeUTF16(data []byte) (string, bool) {
	var big bool
	switch {
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		big = true
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
	default:
		return "", false
	}
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u)), true
}

// cp1252 maps bytes 0x80..0x9F; other bytes >= 0xA0 map to the same code point (Latin-1).
var cp1252 = [32]rune{
	'€', 0xFFFD, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0xFFFD, 'Ž', 0xFFFD,
	0xFFFD, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0xFFFD, 'ž', 'Ÿ',
}

// decodeCP1252 decodes every byte as Windows-1252. Valid UTF-8 sequences are not kept: a file is
// either UTF-8 or it is not, and mixing both would hide the problem.
func decodeCP1252(data []byte) string {
	var sb strings.Builder
	sb.Grow(len(data) + len(data)/8)
	for _, b := range data {
		switch {
		case b < 0x80:
			sb.WriteByte(b)
		case b < 0xA0:
			sb.WriteRune(cp1252[b-0x80])
		default:
			sb.WriteRune(rune(b))
		}
	}
	return sb.String()
}
