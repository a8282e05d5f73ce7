package results

import (
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSVAppender is implemented by a Row that can append its CSV record (the fields of Record,
// encoded as encoding/csv's Writer with its defaults encodes them, then "\n") to dst. The
// writers of this package prefer it to Record: building a []string and a string per number for
// every row, then scanning each field again in encoding/csv, was about a sixth of a run's CPU
// (10 MB bench corpus: csv.Writer.Write 0.42 s, float formatting 0.16 s, and the allocations'
// share of mallocgc and GC, of 10.9 s). Every AppendCSV must give the bytes encoding/csv gives
// for Record; FuzzAppendCSV checks each row type's.
type CSVAppender interface {
	AppendCSV(dst []byte) []byte
}

// The field appenders below each append one field and a ','; a record ends with endRecord,
// which turns the last ',' into the "\n" encoding/csv ends a record with (UseCRLF false).

// csvStr appends s as encoding/csv's Writer does (quoted when fieldNeedsQuotes says so, with
// '"' doubled and '\r' and '\n' kept as they are), and a ','.
func csvStr(dst []byte, s string) []byte {
	if len(s) < 32 {
		if d, ok := appendPlainShort(dst, s); ok {
			return d
		}
	}
	if !fieldNeedsQuotes(s) {
		dst = append(dst, s...)
		return append(dst, ',')
	}
	dst = append(dst, '"')
	for {
		// strings.IndexByte is vectorised: a byte loop here was a fifth of csvStr's time on
		// the long quoted fields (provision texts, diffs, passages).
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"', ',')
}

// appendPlainShort appends s, shorter than 32 bytes, and a ',' when s plainly needs no quotes:
// no ',', '"', '\r' or '\n', and a first byte that is ASCII and not a space. It copies and scans
// s in one pass, eight bytes at a time (the last block overlapping the one before), where
// fieldNeedsQuotes and then append went over s twice: short fields (ids, labels, phrases,
// matched texts) are most of the fields of the largest reports. Otherwise it returns false and
// dst with its length unchanged (grown, and written past its length, perhaps): csvStr then
// decides by fieldNeedsQuotes (a leading non-ASCII byte may or may not begin a space).
func appendPlainShort(dst []byte, s string) ([]byte, bool) {
	n := len(dst)
	if cap(dst)-n < 33 {
		dst = slices.Grow(dst, 33)
	}
	b := dst[n : n+33]
	var m uint64
	if len(s) >= 8 {
		for i := 0; i+8 <= len(s); i += 8 {
			v := load8(s, i)
			binary.LittleEndian.PutUint64(b[i:i+8], v)
			if (v-below8)&^v&msb8 != 0 {
				m |= specialBytes(v)
			}
		}
		v := load8(s, len(s)-8)
		binary.LittleEndian.PutUint64(b[len(s)-8:len(s)], v)
		if (v-below8)&^v&msb8 != 0 {
			m |= specialBytes(v)
		}
	} else {
		if s == `\.` {
			return dst, false
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			b[i] = c
			if c == ',' || c == '"' || c == '\r' || c == '\n' {
				m = msb8
			}
		}
	}
	if m != 0 || len(s) > 0 && notPlainFirst[s[0]] {
		return dst, false
	}
	b[len(s)] = ','
	return dst[:n+len(s)+1], true
}

// notPlainFirst[c] reports whether a field that starts with the byte c may need quotes for it
// (appendPlainShort): c is ASCII white space other than '\n' and '\r' (which need them anyway),
// or not ASCII (it may begin a space). One load where five comparisons were.
var notPlainFirst = func() (t [256]bool) {
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	t[' '], t['\t'], t['\v'], t['\f'] = true, true, true, true
	return t
}()

// fieldNeedsQuotes is encoding/csv's rule for Comma ',': a field is quoted when it is `\.`
// (which PostgreSQL reads as end of data), contains ',', '"', '\r' or '\n', or begins with a
// space by unicode.IsSpace. The empty field is not quoted.
func fieldNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	if hasSpecial(s) {
		return true
	}
	if c := s[0]; c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\v' || c == '\f' // '\n', '\r' found above
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// Broadcasts of the bytes hasSpecial looks for, and the constants of the zero-byte test.
const (
	lsb8   = 0x0101010101010101
	msb8   = 0x8080808080808080
	comma8 = ',' * lsb8
	quote8 = '"' * lsb8
	cr8    = '\r' * lsb8
	lf8    = '\n' * lsb8
	below8 = '-' * lsb8
)

// hasSpecial reports whether s contains ',', '"', '\r' or '\n'. Scanning byte by byte was a
// third of BenchmarkEncodeRows/stance's CPU once the per-row allocations were gone. A long field
// (evidence, provision text) is searched by strings.IndexByte, which is vectorised, once per
// byte; a short one (ids, labels, where four calls cost more than the search) eight bytes at a
// time (special8), the last block overlapping the one before rather than a byte loop.
// Measured on a 176-byte evidence string: byte loop 370 ns, eight bytes at a time 78 ns,
// four IndexByte 22 ns; on an 18-byte id: 11 ns eight at a time, 20 ns IndexByte.
func hasSpecial(s string) bool {
	if len(s) >= 32 {
		return strings.IndexByte(s, ',') >= 0 || strings.IndexByte(s, '"') >= 0 ||
			strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
	}
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case ',', '"', '\r', '\n':
				return true
			}
		}
		return false
	}
	for i := 0; i+8 <= len(s); i += 8 {
		if special8(load8(s, i)) {
			return true
		}
	}
	return special8(load8(s, len(s)-8))
}

// load8 returns the eight bytes of s from i, the first in the low byte. Slicing first leaves
// the compiler one bounds check and one 8-byte load, where indexing s[i+k] checked each byte.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special8 reports whether one of the eight bytes of v is ',', '"', '\r' or '\n'. All four are
// below '-', so a block without such a byte (most of an id, a number, a word) is answered by
// one test, (v-below8)&^v&msb8, which is non-zero exactly when some byte is below '-' (a borrow
// only marks bytes above a true one). Otherwise: a byte of v equals c where v^c has a zero
// byte, which (x-lsb8)&^x&msb8 finds the same way.
func special8(v uint64) bool {
	if (v-below8)&^v&msb8 == 0 {
		return false
	}
	return specialBytes(v) != 0
}

// specialBytes is special8's second test, as a mask: non-zero exactly when one of the eight
// bytes of v is ',', '"', '\r' or '\n'. appendPlainShort ors it over a field's blocks and
// tests the result once.
func specialBytes(v uint64) uint64 {
	a, b, c, d := v^comma8, v^quote8, v^cr8, v^lf8
	return ((a-lsb8)&^a | (b-lsb8)&^b | (c-lsb8)&^c | (d-lsb8)&^d) & msb8
}

// csvInt appends i in decimal (itoa) and a ','. A number never needs quotes. Numbers below
// 10,000 (ranks, counts, word counts, most offsets: nearly every integer of the reports) are
// written here, their digits by multiplications, without strconv.AppendInt's call, which was
// a fifth of BenchmarkEncodeRows/keyphrases' CPU; FuzzCSVInt compares it with strconv.
func csvInt(dst []byte, i int) []byte {
	u := uint(i)
	switch {
	case u < 10:
		return append(dst, byte('0'+u), ',')
	case u < 100:
		return append(dst, byte('0'+u/10), byte('0'+u%10), ',')
	case u < 1000:
		return append(dst, byte('0'+u/100), byte('0'+u/10%10), byte('0'+u%10), ',')
	case u < 10000:
		return append(dst, byte('0'+u/1000), byte('0'+u/100%10), byte('0'+u/10%10), byte('0'+u%10), ',')
	}
	return append(strconv.AppendInt(dst, int64(i), 10), ',')
}

// csvRounded appends FormatRounded(f, digits) and a ','. Its output ("", digits, '-', '.',
// "+Inf", "-Inf") never needs quotes.
func csvRounded(dst []byte, f float64, digits int) []byte {
	return append(appendRounded(dst, f, digits), ',')
}

// appendRounded appends FormatRounded(f, digits) to dst.
//
// Where it can, it rounds f*10^digits to an integer and writes that with the decimal point put
// in (appendScaled), rather than have strconv.AppendFloat find the exact decimal expansion:
// that was most of the time of every report's numbers and of EvidenceString. The product is
// within half an ulp of the exact f×10^digits (10^digits is exact, the multiplication
// correctly rounded), so away from a tie by more than that, rounding it rounds the exact
// value the same way, as strconv does; near a tie (and for large or infinite values)
// strconv decides. FuzzAppendRounded compares it with FormatRounded.
func appendRounded(dst []byte, f float64, digits int) []byte {
	if f != f {
		return dst
	}
	if digits > 0 && digits < len(pow10) {
		if x := f * pow10[digits]; x > -1e15 && x < 1e15 {
			r := math.Round(x)
			if 0.5-math.Abs(x-r) > math.Abs(x)*0x1p-50 {
				return appendScaled(dst, int64(r), digits)
			}
		}
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', digits, 64)
	if digits > 0 {
		i := len(dst)
		for i > n && dst[i-1] == '0' {
			i--
		}
		if i > n && dst[i-1] == '.' {
			i--
		}
		dst = dst[:i]
	}
	if len(dst)-n == 2 && dst[n] == '-' && dst[n+1] == '0' {
		dst = append(dst[:n], '0')
	}
	return dst
}

// pow10[d] is 10^d, exact as a float64, for appendRounded's fast path.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// appendScaled appends v/10^digits in decimal as FormatRounded writes it: trailing zeros of the
// fraction trimmed, with no '.' when none is left, and 0 without a sign.
func appendScaled(dst []byte, v int64, digits int) []byte {
	if v == 0 {
		return append(dst, '0')
	}
	u := uint64(v)
	if v < 0 {
		dst = append(dst, '-')
		u = -u
	}
	p := pow10u[digits]
	if q := u / p; q < 10 {
		// Most scores, contributions and similarities are below 10 in magnitude: one digit,
		// without strconv's call.
		dst = append(dst, byte('0'+q))
	} else {
		dst = strconv.AppendUint(dst, q, 10)
	}
	frac := u % p
	if frac == 0 {
		return dst
	}
	for frac%10 == 0 {
		frac /= 10
		digits--
	}
	// The '.' and the digits are written in place, the last two first (a division by 100 and a
	// table lookup per two digits, where one digit at a time was half of appendScaled's
	// instructions).
	n := len(dst)
	dst = slices.Grow(dst, digits+1)[:n+digits+1]
	dst[n] = '.'
	d := dst[n+1:]
	i := len(d)
	for i >= 2 {
		r := frac % 100
		frac /= 100
		i -= 2
		d[i], d[i+1] = twoDigits[2*r], twoDigits[2*r+1]
	}
	if i == 1 {
		d[0] = byte('0' + frac)
	}
	return dst
}

// twoDigits holds "00" to "99", the two digits of r at 2*r.
const twoDigits = "0001020304050607080910111213141516171819" +
	"2021222324252627282930313233343536373839" +
	"4041424344454647484950515253545556575859" +
	"6061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// pow10u[d] is 10^d for appendScaled's digits (those of appendRounded's fast path).
var pow10u = [len(pow10)]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// endRecord replaces the ',' after the last field with the record's "\n".
func endRecord(dst []byte) []byte {
	dst[len(dst)-1] = '\n'
	return dst
}

// appendRecord appends rec as encoding/csv's Writer (Comma ',', UseCRLF false) writes it: the
// path of rows without AppendCSV, and of headers.
func appendRecord(dst []byte, rec []string) []byte {
	if len(rec) == 0 {
		return append(dst, '\n')
	}
	for _, f := range rec {
		dst = csvStr(dst, f)
	}
	return endRecord(dst)
}

// appendRow appends r's record, by AppendCSV when its type has it.
func appendRow[T Row](dst []byte, r *T) []byte {
	if a, ok := any(r).(CSVAppender); ok {
		return a.AppendCSV(dst)
	}
	return appendRecord(dst, (*r).Record())
}
