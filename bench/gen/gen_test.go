package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/corpus"
	"github.com/stanceshift/stanceshift/corpus/segment"
)

// genDir generates a corpus of size bytes into a temporary directory.
func genDir(t *testing.T, size int64, seed uint64) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(dir, size, seed)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

// readTree returns every file of dir by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterminism(t *testing.T) {
	tests := []struct {
		name         string
		seedA, seedB uint64
		same         bool
	}{
		{"same seed, same bytes", 1, 1, true},
		{"other seed, other bytes", 1, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := genDir(t, 300_000, tc.seedA)
			b, _ := genDir(t, 300_000, tc.seedB)
			fa, fb := readTree(t, a), readTree(t, b)
			same := len(fa) == len(fb)
			for name, x := range fa {
				if !bytes.Equal(x, fb[name]) {
					same = false
					if tc.same {
						t.Errorf("%s differs between two runs with seed %d", name, tc.seedA)
					}
				}
			}
			if same != tc.same {
				t.Errorf("corpora identical = %v, want %v", same, tc.same)
			}
		})
	}
}

// TestSegmenterAgrees checks the promise behind provisions.txt: the segmenter extracts from
// each text exactly the provisions the generator recorded, in order, and the manifest loads.
func TestSegmenterAgrees(t *testing.T) {
	dir, st := genDir(t, 400_000, 7)
	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Skipped) > 0 || len(c.Warnings) > 0 {
		t.Fatalf("manifest problems: skipped %v, warnings %v", c.Skipped, c.Warnings)
	}
	if len(c.Documents) != st.Documents {
		t.Fatalf("manifest has %d documents, stats say %d", len(c.Documents), st.Documents)
	}
	pf, err := os.Open(filepath.Join(dir, ProvisionsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	sc := bufio.NewScanner(pf)
	sc.Buffer(nil, 1<<20)
	n := 0
	for _, d := range c.Documents { // manifest order == generation order
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(d.Path)))
		if err != nil {
			t.Fatal(err)
		}
		seg := segment.Segment(d.ID, string(raw), segment.Options{})
		if len(seg.Warnings) > 0 {
			t.Errorf("%s: segmenter warnings: %v", d.ID, seg.Warnings)
		}
		if k := len(seg.Provisions); k < minProvisions || k > maxProvisions {
			t.Errorf("%s: %d provisions, want %d-%d", d.ID, k, minProvisions, maxProvisions)
		}
		for _, p := range seg.Provisions {
			if !sc.Scan() {
				t.Fatalf("%s: %s has more provisions than it recorded", d.ID, ProvisionsFile)
			}
			if p.Text != sc.Text() {
				t.Fatalf("%s: provision %s\n segmenter: %q\n generator: %q", d.ID, p.ID, p.Text, sc.Text())
			}
			n++
		}
	}
	if sc.Scan() {
		t.Errorf("%s has more lines than the segmenter found provisions (%d)", ProvisionsFile, n)
	}
	if n != st.Provisions {
		t.Errorf("segmenter found %d provisions, stats say %d", n, st.Provisions)
	}
}

// instrumentsOf generates n instruments in memory.
func instrumentsOf(seed uint64, n int) []*instrument {
	g := newGenerator(seed)
	var ins []*instrument
	for i := range n {
		ins = append(ins, g.newInstrument(i+1, 60+10*i))
	}
	return ins
}

func TestVersionsShareProvisions(t *testing.T) {
	for _, in := range instrumentsOf(3, 8) {
		if nv := len(in.versions); nv < 3 || nv > 6 {
			t.Errorf("%s: %d versions, want 3-6", in.name, nv)
		}
		for v := 1; v < len(in.versions); v++ {
			prev := map[string]bool{}
			for _, p := range in.versions[v-1].provs {
				prev[p.text()] = true
			}
			kept := 0
			cur := in.versions[v].provs
			for _, p := range cur {
				if prev[p.text()] {
					kept++
				}
			}
			// about 70% are kept verbatim; far fewer means versions are unrelated, all means no change
			if kept*2 < len(cur) || kept == len(cur) {
				t.Errorf("%s v%d: %d of %d provisions kept verbatim", in.name, v, kept, len(cur))
			}
		}
	}
}

func TestReusePresent(t *testing.T) {
	ins := instrumentsOf(5, 12)
	owner := map[string]int{} // sentence -> first instrument that has it
	shared := 0
	for i, in := range ins {
		seen := map[string]bool{}
		for _, v := range in.versions {
			for _, p := range v.provs {
				for _, s := range p.sents {
					if seen[s] {
						continue
					}
					seen[s] = true
					if o, ok := owner[s]; !ok {
						owner[s] = i
					} else if o != i && strings.Count(s, " ") >= 6 {
						shared++
					}
				}
			}
		}
	}
	if shared == 0 {
		t.Error("no clause of one instrument appears in another")
	}
}

func TestStatsFile(t *testing.T) {
	dir, st := genDir(t, 200_000, 1)
	b, err := os.ReadFile(filepath.Join(dir, StatsFile))
	if err != nil {
		t.Fatal(err)
	}
	var got Stats
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got != st {
		t.Errorf("%s = %+v, want %+v", StatsFile, got, st)
	}
	var total int64
	for name, x := range readTree(t, dir) {
		if strings.HasPrefix(name, "texts/") {
			total += int64(len(x))
		}
	}
	if total != st.TextBytes {
		t.Errorf("texts/ holds %d bytes, stats say %d", total, st.TextBytes)
	}
	if total < 200_000 || total > 200_000*3/2 {
		t.Errorf("asked for 200000 bytes, got %d", total)
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"10MB", 10_000_000, true},
		{"100mb", 100_000_000, true},
		{"1GB", 1_000_000_000, true},
		{"500KB", 500_000, true},
		{"12345", 12345, true},
		{"7B", 7, true},
		{"", 0, false},
		{"MB", 0, false},
		{"-1MB", 0, false},
		{"0", 0, false},
		{"1.5GB", 0, false},
		{"99999999999999GB", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseSize(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("ParseSize(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"10MB", "1GB", "0", "-5", "KB", "9223372036854775807", "1e6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err == nil && n <= 0 {
			t.Errorf("ParseSize(%q) = %d without error", s, n)
		}
	})
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no out", []string{"-size", "1KB"}, 2},
		{"bad size", []string{"-size", "lots", "-out", t.TempDir()}, 2},
		{"extra argument", []string{"-out", t.TempDir(), "x"}, 2},
		{"ok", []string{"-size", "50KB", "-out", t.TempDir()}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := run(tc.args, &out, &errb); got != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", got, tc.code, errb.String())
			}
		})
	}
}

func TestWrap(t *testing.T) {
	var buf bytes.Buffer
	s := strings.Repeat("multistakeholder governance ", 40) + "end."
	wrap(&buf, s)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, l := range lines {
		if i < len(lines)-1 && (len(l) < wrapMin || len(l) > wrapTarget+20) {
			t.Errorf("line %d has %d bytes: %q", i, len(l), l)
		}
	}
	if got := strings.Join(lines, " "); got != s {
		t.Errorf("lines do not join back to the text")
	}
}

func ExampleParseSize() {
	n, _ := ParseSize("100MB")
	fmt.Println(n)
	// Output: 100000000
}

func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	b.SetBytes(1_000_000)
	for b.Loop() {
		if _, err := Generate(dir, 1_000_000, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	in := instrumentsOf(1, 1)[0]
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		render(in, 0, &buf)
	}
	b.SetBytes(int64(buf.Len()))
}
