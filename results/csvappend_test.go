package results

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// stdCSV is the reference: what encoding/csv's Writer, with its defaults, writes for records.
func stdCSV(t testing.TB, records ...[]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, r := range records {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAppendRecord(t *testing.T) {
	tests := []struct {
		name   string
		record []string
		want   string
	}{
		{"plain", []string{"a", "b c", "1.5"}, "a,b c,1.5\n"},
		{"no fields", []string{}, "\n"},
		{"one empty field", []string{""}, "\n"},
		{"empty fields are not quoted", []string{"", "x", ""}, ",x,\n"},
		{"comma", []string{"a,b"}, "\"a,b\"\n"},
		{"quote doubled", []string{`say "no"`}, "\"say \"\"no\"\"\"\n"},
		{"only quotes", []string{`""`}, "\"\"\"\"\"\"\n"},
		{"newline kept", []string{"a\nb"}, "\"a\nb\"\n"},
		{"CR kept, not CRLF", []string{"a\r\nb", "c\r"}, "\"a\r\nb\",\"c\r\"\n"},
		{"leading space", []string{" a"}, "\" a\"\n"},
		{"leading tab", []string{"\ta"}, "\"\ta\"\n"},
		{"leading vertical tab and form feed", []string{"\va", "\fb"}, "\"\va\",\"\fb\"\n"},
		{"trailing space is not quoted", []string{"a "}, "a \n"},
		{"leading no-break space (U+00A0)", []string{"\u00a0a"}, "\"\u00a0a\"\n"},
		{"leading next line (U+0085)", []string{"\u0085a"}, "\"\u0085a\"\n"},
		{"leading ideographic space (U+3000)", []string{"\u3000a"}, "\"\u3000a\"\n"},
		{"leading zero-width space is not space", []string{"\u200ba"}, "\u200ba\n"},
		{"invalid UTF-8 kept", []string{"\xff\xfe", "a\xc3"}, "\xff\xfe,a\xc3\n"},
		{"invalid UTF-8 with quote", []string{"\xff\""}, "\"\xff\"\"\"\n"},
		{`PostgreSQL end marker \.`, []string{`\.`}, "\"\\.\"\n"},
		{`\. inside a field`, []string{`a\.`, `\.b`}, "a\\.,\\.b\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendRecord([]byte("prefix|"), tc.record))
			if got != "prefix|"+tc.want {
				t.Errorf("appendRecord(%q) = %q, want %q", tc.record, got, "prefix|"+tc.want)
			}
			if std := string(stdCSV(t, tc.record)); std != tc.want {
				t.Errorf("encoding/csv writes %q, the test expects %q", std, tc.want)
			}
		})
	}
}

func TestAppendRounded(t *testing.T) {
	tests := []struct {
		name   string
		f      float64
		digits int
		want   string
	}{
		{"NaN is empty", math.NaN(), 4, ""},
		{"negative zero", math.Copysign(0, -1), 4, "0"},
		{"rounds to negative zero", -0.00004, 4, "0"},
		{"rounds away from negative zero", -0.00005, 4, "-0.0001"},
		{"trailing zeros trimmed", 1.5, 4, "1.5"},
		{"integer", 40, 4, "40"},
		{"zero digits keep zeros", 100, 0, "100"},
		{"zero digits negative zero", -0.4, 0, "0"},
		{"six digits", 1.0000004, 6, "1"},
		{"plus infinity", math.Inf(1), 4, "+Inf"},
		{"minus infinity", math.Inf(-1), 4, "-Inf"},
		{"large", 1e21, 4, "1000000000000000000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendRounded([]byte("x"), tc.f, tc.digits))
			if got != "x"+tc.want {
				t.Errorf("appendRounded(%v, %d) = %q, want %q", tc.f, tc.digits, got, "x"+tc.want)
			}
			if s := FormatRounded(tc.f, tc.digits); s != tc.want {
				t.Errorf("FormatRounded(%v, %d) = %q, the test expects %q", tc.f, tc.digits, s, tc.want)
			}
		})
	}
}

// roundedCases are values at and beside the ties and limits of appendRounded's fast path.
var roundedCases = []float64{0, 1, -1, 0.5, -0.5, 0.00005, -0.00005, 0.00015, 0.00025, 0.03125, -0.03125, 0.1, 0.2,
	0.3, 1.00005, 2.5e-5, 0.123456789, 99999.99995, 1e11, 1e15 / 1e4, -1e15 / 1e4, 123456789.12345, 5e-324,
	math.Nextafter(0.00005, 1), math.Nextafter(0.00005, 0), math.Nextafter(-0.00015, 0), math.Nextafter(0.5, 0),
	math.MaxFloat64, -math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1)}

// TestAppendRoundedMatchesFormat compares appendRounded with FormatRounded (strconv's exact
// rounding) on roundedCases at every digits of the fast path and beyond.
func TestAppendRoundedMatchesFormat(t *testing.T) {
	for _, f := range roundedCases {
		for digits := 0; digits <= 11; digits++ {
			if got, want := string(appendRounded(nil, f, digits)), FormatRounded(f, digits); got != want {
				t.Errorf("appendRounded(%v, %d) = %q, FormatRounded %q", f, digits, got, want)
			}
		}
	}
}

// FuzzAppendRounded compares appendRounded with FormatRounded on any value and digits, and on
// the value's neighbours and its decimal ties.
func FuzzAppendRounded(f *testing.F) {
	for _, x := range roundedCases {
		f.Add(x, uint8(4))
	}
	f.Fuzz(func(t *testing.T, x float64, d uint8) {
		digits := int(d % 12)
		tie := (math.Floor(x*1e4) + 0.5) / 1e4
		for _, v := range []float64{x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1)), tie,
			math.Nextafter(tie, 0), math.Nextafter(tie, math.Inf(1)), x / 1e4} {
			if got, want := string(appendRounded([]byte("x"), v, digits)), "x"+FormatRounded(v, digits); got != want {
				t.Errorf("appendRounded(%v, %d) = %q, FormatRounded %q", v, digits, got, want)
			}
		}
	})
}

// csvIntCases are FuzzCSVInt's seeds and TestCSVInt's cases: each side of every bound of
// csvInt's fast paths, and the extremes.
var csvIntCases = []int{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 9999, 10000, 10001, 123456789,
	-1, -9, -10, -9999, -10000, math.MaxInt, math.MinInt}

func TestCSVInt(t *testing.T) {
	for _, i := range csvIntCases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			if got, want := string(csvInt([]byte("x"), i)), "x"+strconv.Itoa(i)+","; got != want {
				t.Errorf("csvInt(%d) = %q, want %q", i, got, want)
			}
		})
	}
}

func FuzzCSVInt(f *testing.F) {
	for _, i := range csvIntCases {
		f.Add(i)
	}
	f.Fuzz(func(t *testing.T, i int) {
		for _, v := range []int{i, i % 20000, -(i % 20000)} {
			if got, want := string(csvInt([]byte("x"), v)), "x"+strconv.Itoa(v)+","; got != want {
				t.Errorf("csvInt(%d) = %q, want %q", v, got, want)
			}
		}
	})
}

// allRows is the zero value of every row type of the package.
var allRows = []Row{DocumentRow{}, ProvisionRow{}, ErrorRow{}, WarningRow{}, EntityRow{}, TermRow{}, AlignmentRow{},
	KeyphraseRow{}, KeyphraseChangeRow{}, ReuseRow{}, ReferenceRow{}, StanceRow{}, DocumentScoreRow{}, ShiftRow{},
	SummaryRow{}, ConceptMentionRow{}, ConceptChangeRow{}, EvalRow{}, ConfusionRow{}, AgreementRow{}, AgreementConfusionRow{}}

// TestAppendCSVCovers pins which row types have the fast path: those of the reports that
// dominate the bytes a run writes (the 10 MB bench corpus: keyphrases 18 MB, stance 14,
// provisions 13, alignment 11, concept_mentions 10, shifts 7, reuse 4, concept_changes 3,
// entities 1.3, keyphrase_changes 0.8, terms 0.1; the others together under 0.2 MB).
func TestAppendCSVCovers(t *testing.T) {
	fast := []Row{ProvisionRow{}, EntityRow{}, TermRow{}, AlignmentRow{}, KeyphraseRow{}, KeyphraseChangeRow{},
		ReuseRow{}, StanceRow{}, ShiftRow{}, ConceptMentionRow{}, ConceptChangeRow{}}
	for _, r := range fast {
		if _, ok := r.(CSVAppender); !ok {
			t.Errorf("%T has no AppendCSV", r)
		}
	}
}

// fillRow returns a row of r's type with its string fields taken in turn from strs, its int
// fields from ints, its float fields from floats and its bools set to b (nested structs and
// arrays, such as PerClass, are filled the same way).
func fillRow(r Row, strs []string, ints []int, floats []float64, b bool) Row {
	v := reflect.New(reflect.TypeOf(r)).Elem()
	var ns, ni, nf int
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			v.SetString(strs[ns%len(strs)])
			ns++
		case reflect.Int:
			v.SetInt(int64(ints[ni%len(ints)]))
			ni++
		case reflect.Float64:
			v.SetFloat(floats[nf%len(floats)])
			nf++
		case reflect.Bool:
			v.SetBool(b)
		case reflect.Struct:
			for i := range v.NumField() {
				fill(v.Field(i))
			}
		case reflect.Array:
			for i := range v.Len() {
				fill(v.Index(i))
			}
		default:
			panic("fillRow: field of kind " + v.Kind().String())
		}
	}
	fill(v)
	return v.Interface().(Row)
}

// encodeRow is what the writers write for one row of type T (AppendCSV where T has it).
func encodeRow[T Row](r T) []byte {
	var b bytes.Buffer
	if err := EncodeRows(&b, []T{r}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// encodeAny calls encodeRow with r's dynamic type, so the generic path the writers take (T a
// concrete row type) is the one tested.
func encodeAny(r Row) []byte {
	switch r := r.(type) {
	case DocumentRow:
		return encodeRow(r)
	case ProvisionRow:
		return encodeRow(r)
	case ErrorRow:
		return encodeRow(r)
	case WarningRow:
		return encodeRow(r)
	case EntityRow:
		return encodeRow(r)
	case TermRow:
		return encodeRow(r)
	case AlignmentRow:
		return encodeRow(r)
	case KeyphraseRow:
		return encodeRow(r)
	case KeyphraseChangeRow:
		return encodeRow(r)
	case ReuseRow:
		return encodeRow(r)
	case ReferenceRow:
		return encodeRow(r)
	case StanceRow:
		return encodeRow(r)
	case DocumentScoreRow:
		return encodeRow(r)
	case ShiftRow:
		return encodeRow(r)
	case SummaryRow:
		return encodeRow(r)
	case ConceptMentionRow:
		return encodeRow(r)
	case ConceptChangeRow:
		return encodeRow(r)
	case EvalRow:
		return encodeRow(r)
	case ConfusionRow:
		return encodeRow(r)
	case AgreementRow:
		return encodeRow(r)
	case AgreementConfusionRow:
		return encodeRow(r)
	}
	panic("encodeAny: add " + reflect.TypeOf(r).String())
}

// FuzzAppendCSV checks that every row type encodes, through EncodeRows (AppendCSV where the
// type has it), to the bytes encoding/csv writes for its Record, and that a header encodes as
// encoding/csv writes it.
func FuzzAppendCSV(f *testing.F) {
	f.Add("code-00005-2003:p1", "a, \"b\"\nc", " lead", "", 0, 12, -0.2248, 0.00005, true)
	f.Add(`\.`, "\r\n", "\xff\xfe", "\u00a0x", -3, 1<<40, math.NaN(), math.Inf(-1), false)
	f.Add("civil society:-0.2326;private sector:-0.186", "\u0085", "\"", "\t", 7, -1, -0.00004, 1e21, true)
	f.Fuzz(func(t *testing.T, s0, s1, s2, s3 string, i0, i1 int, f0, f1 float64, b bool) {
		strs := []string{s0, s1, s2, s3}
		ints := []int{i0, i1}
		floats := []float64{f0, f1, -f0, f0 * f1, math.NaN()}
		for _, zero := range allRows {
			r := fillRow(zero, strs, ints, floats, b)
			if got, want := encodeAny(r), stdCSV(t, r.Record()); !bytes.Equal(got, want) {
				t.Errorf("%T %+v:\ngot  %q\nwant %q", r, r, got, want)
			}
		}
		rec := []string{s0, s1, s2, s3}
		if got, want := appendRecord(nil, rec), stdCSV(t, rec); !bytes.Equal(got, want) {
			t.Errorf("appendRecord(%q) = %q, want %q", rec, got, want)
		}
	})
}

// TestWritersUseAppendCSV checks that EncodeCSV and WriteCSV give encoding/csv's
// bytes for a header and many rows of a fast-path type, across the writers' buffer boundaries.
func TestWritersUseAppendCSV(t *testing.T) {
	s := benchRows(3000)
	records := [][]string{StanceRow{}.Header()}
	for _, r := range s.stance {
		records = append(records, r.Record())
	}
	want := stdCSV(t, records...)
	got, err := EncodeCSV(s.stance)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("EncodeCSV differs from encoding/csv (%d vs %d bytes)", len(got), len(want))
	}
	dir := t.TempDir()
	if err := WriteCSV(context.Background(), dir, "stance.csv", s.stance); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "stance.csv")); !bytes.Equal(got, want) {
		t.Errorf("WriteCSV differs from encoding/csv (%d vs %d bytes)", len(got), len(want))
	}
}

// TestHasSpecial puts each byte hasSpecial looks for, and each byte next to one ('+' '-' '!'
// '#' '\t' '\v' '\x0c' '\x0e'; 0x80 and 0xff for the borrow of the eight-bytes-at-a-time test)
// at every position of fields of every length from 0 to 40, across both of its paths (shorter
// and longer than 32 bytes), and checks it against a byte-by-byte scan.
func TestHasSpecial(t *testing.T) {
	fillers := []byte{'a', 0x00, 0x01, 0x80, 0xff, '+', ' ', '-', '.'}
	probes := []byte{',', '"', '\r', '\n', '+', '-', '!', '#', ' ', '\t', '\v', '\x0c', '\x0e', 0x2b, 0x2d, 0x80, 0xac, 0xff, 0x00}
	slow := func(s string) bool { return strings.ContainsAny(s, ",\"\r\n") }
	for n := 0; n <= 40; n++ {
		for _, fill := range fillers {
			b := bytes.Repeat([]byte{fill}, n)
			if got, want := hasSpecial(string(b)), slow(string(b)); got != want {
				t.Errorf("hasSpecial(%q) = %v, want %v", b, got, want)
			}
			for i := range n {
				for _, p := range probes {
					c := bytes.Clone(b)
					c[i] = p
					if got, want := hasSpecial(string(c)), slow(string(c)); got != want {
						t.Errorf("hasSpecial(%q) = %v, want %v", c, got, want)
					}
				}
			}
		}
	}
}

// TestCSVStr puts each byte that decides quoting (the four hasSpecial looks for, the ASCII
// spaces, a non-ASCII lead byte and the bytes of U+00A0 and U+3000) and bytes next to them at
// every position of fields of every length from 0 to 40, across appendPlainShort's paths
// (shorter than 8 bytes, 8 to 31, and csvStr's own from 32), and checks csvStr against
// encoding/csv, appending both to a slice with room to spare and to one without.
func TestCSVStr(t *testing.T) {
	fillers := []byte{'a', 0x00, 0x80, 0xff, ' ', '-', '.', '\\'}
	probes := []byte{',', '"', '\r', '\n', ' ', '\t', '\v', '\f', '+', '-', '!', '#', 0x0e, 0x80, 0xa0, 0xc2, 0xe3, 0xff, 0x00}
	check := func(s string) {
		want := string(stdCSV(t, []string{s}))
		want = "p|" + want[:len(want)-1] + ","
		roomy := append(make([]byte, 0, 64), "p|"...)
		if got := string(csvStr(roomy, s)); got != want {
			t.Errorf("csvStr(%q) = %q, want %q", s, got, want)
		}
		if got := string(csvStr([]byte("p|"), s)); got != want {
			t.Errorf("csvStr(%q) without room = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"", `\.`, "\u00a0abcdefgh", "\u3000ab", "\u200babcdefgh", "\u0085x"} {
		check(s)
	}
	for n := 0; n <= 40; n++ {
		for _, fill := range fillers {
			b := bytes.Repeat([]byte{fill}, n)
			check(string(b))
			for i := range n {
				for _, p := range probes {
					c := bytes.Clone(b)
					c[i] = p
					check(string(c))
				}
			}
		}
	}
}

// notPlainFirst holds, for every byte, the comparisons it replaced in appendPlainShort.
func TestNotPlainFirst(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		want := b >= utf8.RuneSelf || b == ' ' || b == '\t' || b == '\v' || b == '\f'
		if notPlainFirst[b] != want {
			t.Errorf("notPlainFirst[%#x] = %v, want %v", b, notPlainFirst[b], want)
		}
	}
}

// FuzzHasSpecial compares hasSpecial with strings.ContainsAny on any string.
func FuzzHasSpecial(f *testing.F) {
	for _, s := range []string{"", "code-00005-2003:p12", "a,b", "civil society:-0.2326;private", "\xac\x2c", "12345678\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasSpecial(s), strings.ContainsAny(s, ",\"\r\n"); got != want {
			t.Errorf("hasSpecial(%q) = %v, want %v", s, got, want)
		}
	})
}

// evidenceStringRef is EvidenceString as it was before it built its buffer itself.
func evidenceStringRef(terms []string, contrib []float64) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, ";", ","), ":", " "))
		b.WriteByte(':')
		b.WriteString(FormatRounded(contrib[i], 4))
	}
	return b.String()
}

func TestEvidenceString(t *testing.T) {
	tests := []struct {
		name    string
		terms   []string
		contrib []float64
		want    string
	}{
		{"none", nil, nil, ""},
		{"one", []string{"civil society"}, []float64{-0.23264}, "civil society:-0.2326"},
		{"several", []string{"a", "b"}, []float64{0.1, 2}, "a:0.1;b:2"},
		{"separators in terms", []string{"x;y:z", ":;"}, []float64{0, math.NaN()}, "x,y z:0; ,:"},
		{"negative zero", []string{"t"}, []float64{-0.00001}, "t:0"},
		{"non-ASCII and invalid UTF-8", []string{"été\xff"}, []float64{1e-4}, "été\xff:0.0001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EvidenceString(tc.terms, tc.contrib); got != tc.want {
				t.Errorf("EvidenceString = %q, want %q", got, tc.want)
			}
			if ref := evidenceStringRef(tc.terms, tc.contrib); ref != tc.want {
				t.Errorf("reference gives %q, the test expects %q", ref, tc.want)
			}
		})
	}
}

// FuzzEvidenceString compares EvidenceString with the reference, and the evidence written in
// place as a field (csvEvidence, StanceRow.AppendCSVRestEvidence, ShiftRow.AppendCSVRestEvidence)
// with that string encoded.
func FuzzEvidenceString(f *testing.F) {
	f.Add("civil society", "a;b:c", -0.23264, 0.00005)
	f.Add("", "\xff:", math.NaN(), math.Inf(1))
	f.Add(" leading space", "comma, and \"quote\"", 0.5, -0.25)
	f.Add("\\.", "\u00a0non-breaking", 1.0, 2.0)
	f.Fuzz(func(t *testing.T, t0, t1 string, c0, c1 float64) {
		for _, n := range []int{0, 1, 2, 3} {
			terms := []string{t0, t1, t0 + t1}[:min(n, 3)]
			contrib := []float64{c0, c1, c0 - c1}[:len(terms)]
			want := evidenceStringRef(terms, contrib)
			if got := EvidenceString(terms, contrib); got != want {
				t.Fatalf("EvidenceString(%q, %v) = %q, reference %q", terms, contrib, got, want)
			}
			pre := []byte("p,")
			if got, want := csvEvidence(slices.Clone(pre), terms, contrib), csvStr(slices.Clone(pre), want); !bytes.Equal(got, want) {
				t.Fatalf("csvEvidence(%q, %v) = %q, csvStr of the string %q", terms, contrib, got, want)
			}
			row := StanceRow{Model: "lss", Score: c0, SE: math.NaN(), CILow: c1, CIHigh: c0 + c1, Label: "Neutral", Confidence: 0.5}
			got := row.AppendCSVRestEvidence(slices.Clone(pre), terms, contrib)
			row.Evidence = want
			if want := row.AppendCSVRest(slices.Clone(pre)); !bytes.Equal(got, want) {
				t.Fatalf("AppendCSVRestEvidence(%q, %v) = %q, AppendCSVRest %q", terms, contrib, got, want)
			}
			// shifts.csv: the added evidence these terms, the removed the reverse list
			rev := slices.Clone(terms)
			slices.Reverse(rev)
			revContrib := slices.Clone(contrib)
			slices.Reverse(revContrib)
			shift := ShiftRow{Instrument: t0, FromProvision: "x@1:1", ToProvision: t1, Status: "modified", Model: "lss",
				ScoreFrom: c0, ScoreTo: c1, Delta: c1 - c0, Direction: "none"}
			got = shift.AppendCSVRestEvidence(shift.AppendCSVHead(slices.Clone(pre)), terms, contrib, rev, revContrib)
			shift.EvidenceAdded, shift.EvidenceRemoved = want, evidenceStringRef(rev, revContrib)
			rec := appendRecord(slices.Clone(pre), shift.Record())
			if !bytes.Equal(got, rec) {
				t.Fatalf("ShiftRow.AppendCSVRestEvidence(%q, %v) = %q, the record encoded %q", terms, contrib, got, rec)
			}
			if got := shift.AppendCSV(slices.Clone(pre)); !bytes.Equal(got, rec) {
				t.Fatalf("ShiftRow.AppendCSV = %q, the record encoded %q", got, rec)
			}
		}
	})
}

// BenchmarkEvidenceString renders the evidence of 10,000 stance rows (1 to 10 terms each), by
// EvidenceString and by the reference (the code before).
func BenchmarkEvidenceString(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	type ev struct {
		terms   []string
		contrib []float64
	}
	evs := make([]ev, 10000)
	for i := range evs {
		n := 1 + r.IntN(10)
		for range n {
			evs[i].terms = append(evs[i].terms, benchWords[r.IntN(len(benchWords))])
			evs[i].contrib = append(evs[i].contrib, r.NormFloat64()*0.05)
		}
	}
	for _, f := range []struct {
		name string
		fn   func([]string, []float64) string
	}{{"current", EvidenceString}, {"reference", evidenceStringRef}} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, e := range evs {
					f.fn(e.terms, e.contrib)
				}
			}
		})
	}
}
