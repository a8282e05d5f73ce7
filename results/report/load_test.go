package report

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRowReaderColumns: str and sym give each row's field of the column asked for whether the
// columns are asked for in the same order on every row (the remembered sequence) or not, and ""
// for a column the header lacks; from rows as strings and from rows read as bytes
// (table.fields).
func TestRowReaderColumns(t *testing.T) {
	tab, err := parseTable(strings.NewReader("a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,5,9\n"), "x.csv", []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		asks [][]string // per row, the columns asked for in order
		want [][]string
	}{
		{"same order", [][]string{{"a", "b", "c"}, {"a", "b", "c"}, {"a", "b", "c"}, {"a", "b", "c"}},
			[][]string{{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"1", "5", "9"}}},
		{"changing order", [][]string{{"c", "a"}, {"a", "c", "b"}, {"b"}, {"c", "a"}},
			[][]string{{"3", "1"}, {"4", "6", "5"}, {"8"}, {"9", "1"}}},
		{"missing column", [][]string{{"a", "z", "c"}, {"z", "a"}, {"a", "z", "c"}, {"z"}},
			[][]string{{"1", "", "3"}, {"", "4"}, {"7", "", "9"}, {""}}},
	} {
		for _, way := range []string{"strings", "bytes", "bytes, sym"} {
			t.Run(tc.name+", "+way, func(t *testing.T) {
				tab.seq, tab.strs = nil, fieldStrings{}
				check := func(i int, r *rowReader) {
					for k, col := range tc.asks[i] {
						got := r.str(col)
						if way == "bytes, sym" {
							got = r.sym(col)
						}
						if got != tc.want[i][k] {
							t.Errorf("row %d, column %s: %q, want %q", i, col, got, tc.want[i][k])
						}
					}
				}
				if way == "strings" {
					i := 0
					if err := tab.each(func(r *rowReader) { check(i, r); i++ }); err != nil {
						t.Fatal(err)
					}
					return
				}
				rows := tab.rows
				defer func() { tab.rows, tab.fields = rows, nil }()
				for i, row := range rows {
					tab.rows, tab.fields = nil, rowOfBytes(row...)
					check(i, &rowReader{t: tab})
				}
			})
		}
	}
}

// TestValidNumbers: validInt and validFloat accept exactly what rowReader.int and float read
// without error.
func TestValidNumbers(t *testing.T) {
	for _, s := range []string{"", "0", "7", "-1", "+3", "1.5", "x", "1e3", "NaN", "NA", "Inf", "-Inf", "1e400", " 2", "0x10", "99999999999999999999", "3_0"} {
		t.Run(s, func(t *testing.T) {
			tab := &table{name: "t.csv", cols: map[string]int{"v": 0}, rows: [][]string{{s}}, lines: []int{2}}
			r := &rowReader{t: tab}
			r.int("v")
			if got, want := validInt([]byte(s)), r.err == nil; got != want {
				t.Errorf("validInt(%q) = %v, rowReader.int's error %v", s, got, r.err)
			}
			r = &rowReader{t: tab}
			r.float("v")
			if got, want := validFloat([]byte(s)), r.err == nil; got != want {
				t.Errorf("validFloat(%q) = %v, rowReader.float's error %v", s, got, r.err)
			}
		})
	}
}

// numberSeeds are fields for FuzzReadNumbers: the reports' integers and rounded decimals, and
// what only strconv reads (signs, exponents, hex, underscores, NaN, infinities, too many digits).
var numberSeeds = []string{"", "0", "7", "-1", "+3", "1.5", "-0", "-0.0", "0.0125", "-0.2326", "28.1693",
	"123456789012345", "1234567890123456", "0.000000000000001", "99999999999999999999", "999999999999999999",
	"1.", ".5", "1..2", "-", "-.5", "1e3", "1E-3", "NaN", "nan", "NA", "na", "NA ", "Inf", "-Inf", "1e400", " 2", "0x10", "3_0", "1.2.3", "٣"}

// FuzzReadNumbers: readInt and readFloat (and readDecimal, when it reads a field) give for any
// field, as a string or as bytes, the value and the verdict of strconv's reading as
// rowReader.int and float did it: an empty field is 0 or NaN, a negative integer or an infinity
// an error.
func FuzzReadNumbers(f *testing.F) {
	for _, s := range numberSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkReadNumbers(t, s)
	})
}

func checkReadNumbers(t *testing.T, s string) {
	t.Helper()
	wantN, wantIntOK := 0, true
	wantF, wantFloatOK := math.NaN(), true
	if s != "" {
		// "NA" (R's missing value) is missing, like an empty field, to readFloat only
		n, err := strconv.Atoi(s)
		wantN, wantIntOK = n, err == nil && n >= 0
		f, err := strconv.ParseFloat(s, 64)
		switch {
		case s == "NA":
		case err != nil || math.IsInf(f, 0):
			wantFloatOK = false
		default:
			wantF = f
		}
	}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
	}
	for _, way := range []struct {
		name  string
		intOf func() (int, bool)
		fltOf func() (float64, bool)
		decOf func() (float64, bool)
	}{
		{"string", func() (int, bool) { return readInt(s) }, func() (float64, bool) { return readFloat(s) },
			func() (float64, bool) { return readDecimal(s) }},
		{"bytes", func() (int, bool) { return readInt([]byte(s)) }, func() (float64, bool) { return readFloat([]byte(s)) },
			func() (float64, bool) { return readDecimal([]byte(s)) }},
	} {
		if n, ok := way.intOf(); ok != wantIntOK || (ok && n != wantN) {
			t.Errorf("%s: readInt(%q) = %d, %v; want %d, %v", way.name, s, n, ok, wantN, wantIntOK)
		}
		if f, ok := way.fltOf(); ok != wantFloatOK || !same(f, wantF) {
			t.Errorf("%s: readFloat(%q) = %v, %v; want %v, %v", way.name, s, f, ok, wantF, wantFloatOK)
		}
		if f, ok := way.decOf(); ok && (!wantFloatOK || !same(f, wantF)) {
			t.Errorf("%s: readDecimal(%q) = %v; strconv.ParseFloat gives %v (ok %v)", way.name, s, f, wantF, wantFloatOK)
		}
	}
}

// TestReadDecimalExact: readDecimal reads every decimal of up to 4 places the reports write,
// over a range of magnitudes and signs, as strconv.ParseFloat does (bit for bit).
func TestReadDecimalExact(t *testing.T) {
	for _, tc := range []struct {
		name       string
		lo, hi     int64
		places     int
		step       int64
		wantReadAt int // numbers of at most 15 digits are read by readDecimal
	}{
		{"four places below 10", -100000, 100000, 4, 1, 15},
		{"three places", -1000000, 1000000, 3, 7, 15},
		{"large", 99999999999000, 99999999999999, 1, 1, 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for v := tc.lo; v <= tc.hi; v += tc.step {
				s := strconv.FormatFloat(float64(v)/math.Pow10(tc.places), 'f', -1, 64)
				checkReadNumbers(t, s)
				digits := len(strings.NewReplacer("-", "", ".", "").Replace(s))
				if _, ok := readDecimal(s); !ok && digits <= tc.wantReadAt && !strings.Contains(s, "e") {
					t.Fatalf("readDecimal(%q) does not read it", s)
				}
			}
		})
	}
}

// TestFieldStrings: the strings of fields read as bytes equal the fields, whether the field is
// the row before's, a value of a column of few values seen before, or new; a column's string
// of the row before is not another column's; the values' map is bounded.
func TestFieldStrings(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]string // fields of columns 0 and 1
		sym  bool
	}{
		{"repeated", [][]string{{"a", "x"}, {"a", "x"}, {"b", "x"}, {"b", "y"}}, false},
		{"empty fields", [][]string{{"", "x"}, {"", ""}, {"a", ""}}, false},
		{"columns swap", [][]string{{"a", "b"}, {"b", "a"}, {"a", "b"}}, true},
		{"few values", [][]string{{"lss", "+"}, {"dictionary", "-"}, {"lss", "+"}, {"wordscores", "-"}, {"lss", "+"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fs fieldStrings
			for i, row := range tc.rows {
				for j, f := range row {
					b := []byte(f)
					got := fs.of(j, b, tc.sym)
					for k := range b {
						b[k] = '#' // the bytes change after the row
					}
					if got != f {
						t.Errorf("row %d, column %d: %q, want %q", i, j, got, f)
					}
				}
			}
		})
	}
	var fs fieldStrings
	for i := range 3 * maxSymbols {
		if s := strconv.Itoa(i); fs.of(0, []byte(s), true) != s {
			t.Fatalf("value %d: wrong string", i)
		}
	}
	if n := len(fs.syms[0]); n > maxSymbols {
		t.Errorf("%d values kept, want at most %d", n, maxSymbols)
	}
}

// TestEvidence: an evidence column's terms, contributions and Shown texts (term, space,
// fmtSigned of the contribution), from rows as strings and as bytes, and its errors.
func TestEvidence(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		want        []evidence
		err         string
	}{
		{"empty", "  ", nil, ""},
		{"one term", "civil society:-0.2326", []evidence{{"civil society", -0.2326, "civil society -0.233"}}, ""},
		{"several, spaces, empty parts", " a:0.1 ;; b b : 0.0004;c:-1.5;", []evidence{{"a", 0.1, "a +0.1"}, {"b b", 0.0004, "b b 0"}, {"c", -1.5, "c -1.5"}}, ""},
		{"colon in term", "ratio 1:2:3e-1", []evidence{{"ratio 1:2", 0.3, "ratio 1:2 +0.3"}}, ""},
		{"no colon", "a:1;free", nil, `column evidence: "free" is not term:contribution`},
		{"empty term", ":1", nil, `column evidence: ":1" is not term:contribution`},
		{"not a number", "a:x", nil, `column evidence: "a:x" is not term:contribution`},
		{"NaN", "a:NaN", nil, `column evidence: "a:NaN" is not term:contribution`},
		{"infinite", "a:1e999", nil, `column evidence: "a:1e999" is not term:contribution`},
	} {
		for _, bytesRow := range []bool{false, true} {
			name := tc.name
			if bytesRow {
				name += ", bytes"
			}
			t.Run(name, func(t *testing.T) {
				tab := &table{name: "stance.csv", cols: map[string]int{"evidence": 0}, rows: [][]string{{tc.field}}, lines: []int{2},
					evidence: map[string][]evidence{}}
				if bytesRow {
					tab.fields = rowOfBytes(tc.field)
				}
				for range 2 { // parsed, then from the memo
					r := &rowReader{t: tab}
					got := r.evidence("evidence")
					if tc.err != "" {
						if r.err == nil || !strings.Contains(r.err.Error(), tc.err) {
							t.Fatalf("err = %v, want %q", r.err, tc.err)
						}
						return
					}
					if r.err != nil || !slices.Equal(got, tc.want) {
						t.Fatalf("%v (err %v), want %v", got, r.err, tc.want)
					}
				}
			})
		}
	}
}

// rowOfBytes is a row of these fields as a reader reads it as bytes: the fields one after the
// other, separated by commas.
func rowOfBytes(fields ...string) *rowBytes {
	var r rowBytes
	for i, f := range fields {
		if i > 0 {
			r.raw = append(r.raw, ',')
		}
		r.bounds = append(r.bounds, [2]int{len(r.raw), len(r.raw) + len(f)})
		r.raw = append(r.raw, f...)
	}
	return &r
}
