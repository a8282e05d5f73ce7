package results

import (
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
	if !fieldNeedsQuotes(s) {
		dst = append(dst, s...)
		return append(dst, ',')
	}
	dst = append(dst, '"')
	for {
		i := indexQuote(s)
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

func indexQuote(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			return i
		}
	}
	return -1
}

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
)

// hasSpecial reports whether s contains ',', '"', '\r' or '\n'. Scanning byte by byte was a
// third of BenchmarkEncodeRows/stance's CPU once the per-row allocations were gone. A long field
// (evidence, provision text) is searched by strings.IndexByte, which is vectorised, once per
// byte; a short one (ids, labels, where four calls cost more than the search) eight bytes at a
// time. Measured on a 176-byte evidence string: byte loop 370 ns, eight bytes at a time 78 ns,
// four IndexByte 22 ns; on an 18-byte id: 11 ns eight at a time, 20 ns IndexByte.
func hasSpecial(s string) bool {
	if len(s) >= 32 {
		return strings.IndexByte(s, ',') >= 0 || strings.IndexByte(s, '"') >= 0 ||
			strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte of v equals c where v^c has a zero byte; (x-lsb8)&^x&msb8 is non-zero
		// exactly when x has one (a borrow only marks bytes above a true zero byte).
		a, b, c, d := v^comma8, v^quote8, v^cr8, v^lf8
		if ((a-lsb8)&^a|(b-lsb8)&^b|(c-lsb8)&^c|(d-lsb8)&^d)&msb8 != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// csvInt appends i in decimal (itoa) and a ','. A number never needs quotes.
func csvInt(dst []byte, i int) []byte {
	return append(strconv.AppendInt(dst, int64(i), 10), ',')
}

// csvRounded appends FormatRounded(f, digits) and a ','. Its output ("", digits, '-', '.',
// "+Inf", "-Inf") never needs quotes.
func csvRounded(dst []byte, f float64, digits int) []byte {
	return append(appendRounded(dst, f, digits), ',')
}

// appendRounded appends FormatRounded(f, digits) to dst.
func appendRounded(dst []byte, f float64, digits int) []byte {
	if f != f {
		return dst
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
