package defaultcorpus

// Test-only helpers that read the corpus the way the brief for this package defines it,
// without depending on the project's segmenter: page furniture is dropped, hard-wrapped lines
// are joined, line-end hyphenation is undone, and quotes and spaces are normalised.

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// manifest mirrors corpus.yaml; decoding rejects unknown keys, as the project's reader does.
type manifest struct {
	Name        string     `yaml:"name"`
	Description string     `yaml:"description"`
	Documents   []document `yaml:"documents"`
}

type document struct {
	ID         string            `yaml:"id"`
	Instrument string            `yaml:"instrument"`
	Version    string            `yaml:"version"`
	Date       string            `yaml:"date"`
	Title      string            `yaml:"title"`
	Path       string            `yaml:"path"`
	Role       string            `yaml:"role"`
	Position   *float64          `yaml:"position"`
	Provenance string            `yaml:"provenance"`
	Quoted     []string          `yaml:"quoted"`
	Metadata   map[string]string `yaml:"metadata"`
}

// parseManifest decodes a manifest strictly (unknown keys are errors).
func parseManifest(data []byte) (manifest, error) {
	var m manifest
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return manifest{}, fmt.Errorf("defaultcorpus: %s: %w", ManifestName, err)
	}
	return m, nil
}

var (
	idRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// validateManifest returns every problem found in m, in manifest order.
func validateManifest(m manifest, fsys fs.FS) []error {
	var errs []error
	bad := func(i int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("defaultcorpus: document %d: %s", i+1, fmt.Sprintf(format, args...)))
	}
	if m.Name == "" {
		errs = append(errs, errors.New("defaultcorpus: manifest has no name"))
	}
	if len(m.Documents) == 0 {
		errs = append(errs, errors.New("defaultcorpus: manifest has no documents"))
	}
	seen := map[string]bool{}
	for i, d := range m.Documents {
		if !idRe.MatchString(d.ID) {
			bad(i, "id %q does not match %s", d.ID, idRe)
		}
		if seen[d.ID] {
			bad(i, "duplicate id %q", d.ID)
		}
		seen[d.ID] = true
		if !idRe.MatchString(d.Instrument) {
			bad(i, "%s: instrument %q does not match %s", d.ID, d.Instrument, idRe)
		}
		if d.Version == "" {
			bad(i, "%s: empty version", d.ID)
		}
		if !dateRe.MatchString(d.Date) {
			bad(i, "%s: date %q is not YYYY-MM-DD", d.ID, d.Date)
		} else if _, err := time.Parse(time.DateOnly, d.Date); err != nil {
			bad(i, "%s: date %q: %v", d.ID, d.Date, err)
		}
		if d.Title == "" {
			bad(i, "%s: empty title", d.ID)
		}
		if !fs.ValidPath(d.Path) || !strings.HasPrefix(d.Path, "texts/") || !strings.HasSuffix(d.Path, ".txt") {
			bad(i, "%s: path %q is not texts/<name>.txt", d.ID, d.Path)
		} else if st, err := fs.Stat(fsys, d.Path); err != nil {
			bad(i, "%s: %v", d.ID, err)
		} else if st.IsDir() {
			bad(i, "%s: path %q is a directory", d.ID, d.Path)
		}
		if d.Role != "" && d.Role != "reference" {
			bad(i, "%s: unknown role %q", d.ID, d.Role)
		}
		if d.Position != nil {
			if d.Role != "reference" {
				bad(i, "%s: position given to a non-reference document", d.ID)
			}
			if *d.Position < -1 || *d.Position > 1 {
				bad(i, "%s: position %v outside [-1, 1]", d.ID, *d.Position)
			}
		}
		switch d.Provenance {
		case "source", "quoted", "paraphrased":
		default:
			bad(i, "%s: provenance %q is not source, quoted or paraphrased", d.ID, d.Provenance)
		}
		qs := map[string]bool{}
		for _, q := range d.Quoted {
			if q == "" || qs[q] {
				bad(i, "%s: quoted marker %q empty or repeated", d.ID, q)
			}
			qs[q] = true
		}
	}
	return errs
}

// Page furniture: job numbers, page numbers and the running symbol header.
var furnitureRes = []*regexp.Regexp{
	regexp.MustCompile(`^\d{2}-\d{5}( \(E\))?$`),  // first-page job number
	regexp.MustCompile(`^\d{1,3}\s+\d{2}-\d{5}$`), // "2      11-49688"
	regexp.MustCompile(`^\d{2}-\d{5}\s+\d{1,3}$`), // "11-49688      3"
	regexp.MustCompile(`^A/\d+/\d+$`),             // running header
	regexp.MustCompile(`^- \d{1,3} -$`),           // ITU page number
	regexp.MustCompile(`^\d{1,3}$`),               // bare page number
}

func isFurniture(line string) bool {
	l := strings.TrimSpace(line)
	for _, re := range furnitureRes {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// markerRe matches an operative marker at the start of a line: "(b) ", "8. ", "E. ", "b) ".
var markerRe = regexp.MustCompile(`^(?:\(([0-9A-Za-z]{1,4})\)|([0-9]{1,3})\.|([A-Z])\.|([a-z])\))\s`)

// lineMarker returns the marker that starts line, or "".
func lineMarker(line string) string {
	sm := markerRe.FindStringSubmatch(strings.TrimLeft(line, " "))
	for _, g := range sm[min(1, len(sm)):] {
		if g != "" {
			return g
		}
	}
	return ""
}

// cleanLines splits text into lines (LF or CRLF), removes form feeds, and drops every run
// of blank and furniture lines that contains at least one furniture line, so text broken by
// a page end is rejoined.
func cleanLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\f", "\n")
	raw := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(raw); {
		if strings.TrimSpace(raw[i]) != "" && !isFurniture(raw[i]) {
			out = append(out, strings.TrimRight(raw[i], " \r"))
			i++
			continue
		}
		j, furn := i, false
		for j < len(raw) && (strings.TrimSpace(raw[j]) == "" || isFurniture(raw[j])) {
			furn = furn || isFurniture(raw[j])
			j++
		}
		if !furn {
			out = append(out, "")
		}
		i = j
	}
	return out
}

// joinLines joins hard-wrapped lines, undoing a hyphen that splits a lowercase word.
func joinLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		s := b.String()
		if s != "" {
			prev, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(s, "-"))
			next, _ := utf8.DecodeRuneInString(l)
			if strings.HasSuffix(s, "-") && unicode.IsLower(prev) && unicode.IsLower(next) {
				b.Reset()
				b.WriteString(s[:len(s)-1])
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

var quoteReplacer = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "‘", "'", "’", "'", "\u00a0", " ")

// normalize straightens curly quotes and collapses white space.
func normalize(s string) string {
	return strings.Join(strings.Fields(quoteReplacer.Replace(s)), " ")
}

// extractProvision returns the joined text after marker of the one provision whose line
// starts with marker; it runs to the next blank line or marker line.
func extractProvision(text, marker string) (string, error) {
	lines := cleanLines(text)
	start := -1
	for i, l := range lines {
		if lineMarker(l) == marker {
			if start >= 0 {
				return "", fmt.Errorf("defaultcorpus: marker %q starts lines %d and %d", marker, start+1, i+1)
			}
			start = i
		}
	}
	if start < 0 {
		return "", fmt.Errorf("defaultcorpus: no line starts with marker %q", marker)
	}
	first := strings.TrimLeft(lines[start], " ")
	first = first[len(markerRe.FindString(first)):]
	body := []string{first}
	for _, l := range lines[start+1:] {
		if strings.TrimSpace(l) == "" || lineMarker(l) != "" {
			break
		}
		body = append(body, l)
	}
	return joinLines(body), nil
}

// paragraphs returns the joined paragraphs of text (blank-line separated, furniture removed).
func paragraphs(text string) []string {
	var out, cur []string
	for _, l := range append(cleanLines(text), "") {
		if strings.TrimSpace(l) == "" || (lineMarker(l) != "" && len(cur) > 0) {
			if len(cur) > 0 {
				out = append(out, joinLines(cur))
			}
			cur = nil
		}
		if strings.TrimSpace(l) != "" {
			cur = append(cur, l)
		}
	}
	return out
}

var spanRe = regexp.MustCompile(`“([^“”]*)”`)

// quotedSpans returns every phrase set in curly double quotes, paragraph by paragraph, and an
// error for a paragraph whose opening and closing quotes do not pair up.
func quotedSpans(text string) ([]string, error) {
	var spans []string
	for _, p := range paragraphs(text) {
		open, closing := strings.Count(p, "“"), strings.Count(p, "”")
		ms := spanRe.FindAllStringSubmatch(p, -1)
		if open != closing || len(ms) != open {
			return spans, fmt.Errorf("defaultcorpus: unbalanced quotation marks in %q", p)
		}
		for _, m := range ms {
			spans = append(spans, m[1])
		}
	}
	return spans, nil
}

// markersOf lists the operative markers of text in order.
func markersOf(text string) []string {
	var ms []string
	for _, l := range cleanLines(text) {
		if m := lineMarker(l); m != "" {
			ms = append(ms, m)
		}
	}
	return ms
}

// checkVerbatim reports whether quote (normalised) occurs in the normalised seed.
func checkVerbatim(quote, seedNorm string, minWords int) error {
	q := normalize(quote)
	if n := len(strings.Fields(q)); n < minWords {
		return fmt.Errorf("defaultcorpus: quotation %q has %d words, want at least %d", q, n, minWords)
	}
	if !strings.Contains(seedNorm, q) {
		return fmt.Errorf("defaultcorpus: %q does not occur verbatim in the seed", q)
	}
	return nil
}

// hyphenBreaks counts lines that end in a letter and a hyphen and are followed by a line
// starting with a lowercase letter (a word hyphenated across the line end).
func hyphenBreaks(text string) int {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	n := 0
	for i := 0; i+1 < len(lines); i++ {
		l := lines[i]
		if len(l) < 2 || !strings.HasSuffix(l, "-") {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(l[:len(l)-1])
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(lines[i+1], "\f "))
		if unicode.IsLetter(prev) && unicode.IsLower(next) {
			n++
		}
	}
	return n
}

// sortedKeys returns m's keys in order (deterministic iteration in tests).
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
