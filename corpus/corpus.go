package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Kinds of corpus input.
const (
	KindManifest  = "manifest"
	KindDirectory = "directory"
	KindTable     = "table"
)

// Corpus is a set of documents and where their text lives.
type Corpus struct {
	Name        string
	Description string
	Kind        string // KindManifest, KindDirectory or KindTable
	// FS holds the documents' files; Document.Path is relative to it. Nil for a table corpus.
	FS fs.FS
	// Root is how the corpus root is shown to users and in errors: the path given on the command
	// line, or "embedded" for the default corpus.
	Root string
	// Inputs are the files read to build the corpus itself (manifest or table), relative to FS for a
	// manifest and as given for a table.
	Inputs []string
	// Labels and Dictionary are manifest-relative paths ("" when not given).
	Labels, Dictionary string
	Documents          []*Document
	// Skipped holds one error per document, row or file that could not be read; the rest of the
	// corpus is still usable.
	Skipped  []error
	Warnings []Warning
	// Digests are the SHA-256 and size of the input files read whole to build the corpus (a
	// provisions table, hashed in the pass that checks its rows), by path as in Inputs: a run's
	// record of its inputs needs no second read of a large file and describes the bytes the
	// corpus was built from. A manifest, whose documents are read later, has none.
	Digests map[string]Digest
}

// DisplayPath is how a corpus-relative path is shown in reports and errors.
func (c *Corpus) DisplayPath(rel string) string {
	if c.Root == "" {
		return rel
	}
	if c.Root == "embedded" {
		return "embedded:" + rel
	}
	if c.Kind == KindTable {
		return c.Root
	}
	return filepath.ToSlash(filepath.Join(c.Root, filepath.FromSlash(rel)))
}

// ReadFile returns the bytes of a corpus-relative file.
func (c *Corpus) ReadFile(rel string) ([]byte, error) {
	if c.FS == nil {
		return nil, Errorf(c.DisplayPath(rel), 0, "corpus has no files (it was read from a table)")
	}
	b, err := fs.ReadFile(c.FS, rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{Path: c.DisplayPath(rel), Err: ErrNotExist}
		}
		return nil, &Error{Path: c.DisplayPath(rel), Err: err}
	}
	return b, nil
}

// ManifestName is the file a directory corpus is described by.
const ManifestName = "corpus.yaml"

// Load reads a corpus from a path: a manifest file (.yaml, .yml), a directory holding corpus.yaml,
// a directory of drafts named <instrument>@<version>.txt or .md, or a provisions table (.csv,
// .jsonl, .ndjson). A table's documents keep where their rows are in its file, not their text
// (Document.TableProvisions reads them again), so the file must stay unchanged while the corpus
// is used.
func Load(p string) (*Corpus, error) { return LoadContext(context.Background(), p, nil) }

// LoadContext is Load, for the reading that can take a while: a provisions table, read whole to
// check its rows (about 20 s for a 1.2 GB table), stops once ctx is done (the error wraps
// ctx.Err()), and progress, when set, is told the bytes read of the table's size as it goes. A
// manifest or folder only lists its documents, which the pipeline reads.
func LoadContext(ctx context.Context, p string, progress func(read, size int64)) (*Corpus, error) {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{Path: p, Err: fmt.Errorf("%w (expected a corpus.yaml manifest, a directory of .txt/.md drafts, or a provisions table .csv/.jsonl)", ErrNotExist)}
		}
		return nil, &Error{Path: p, Err: err}
	}
	if st.IsDir() {
		for _, m := range []string{ManifestName, "corpus.yml"} {
			if _, err := os.Stat(filepath.Join(p, m)); err == nil {
				return LoadManifest(os.DirFS(p), m, p)
			}
		}
		return LoadDirectory(os.DirFS(p), p)
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".yaml", ".yml":
		dir := filepath.Dir(p)
		return LoadManifest(os.DirFS(dir), filepath.Base(p), dir)
	case ".csv", ".jsonl", ".ndjson":
		return loadTable(ctx, p, progress)
	}
	return nil, Errorf(p, 0, "unrecognised corpus file: expected a manifest (.yaml), a provisions table (.csv, .jsonl) or a directory")
}

// LoadManifest reads the manifest at name inside fsys. root is how fsys is shown to users.
func LoadManifest(fsys fs.FS, name, root string) (*Corpus, error) {
	c := &Corpus{Kind: KindManifest, FS: fsys, Root: root, Inputs: []string{name}}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &Error{Path: c.DisplayPath(name), Err: ErrNotExist}
	}
	defer f.Close()
	m, docErrs, err := ParseManifest(f, c.DisplayPath(name))
	if err != nil {
		return nil, err
	}
	c.Name, c.Description = m.Name, m.Description
	if c.Name == "" {
		c.Name = path.Base(strings.TrimSuffix(filepath.ToSlash(root), "/"))
	}
	c.Skipped = append(c.Skipped, docErrs...)
	dir := path.Dir(name)
	join := func(p string) string { return path.Clean(path.Join(dir, p)) }
	var errs []error
	for _, f := range []struct {
		key, rel, want string
		line           int
		dst            *string
	}{
		{"labels", m.Labels, "a labels CSV file", m.LabelsLine, &c.Labels},
		{"dictionary", m.Dictionary, "a dictionary YAML file", m.DictionaryLine, &c.Dictionary},
	} {
		if f.rel == "" {
			continue
		}
		p := join(f.rel)
		if st, err := fs.Stat(fsys, p); err != nil {
			errs = append(errs, Errorf(c.DisplayPath(name), f.line, "%s: %q does not exist (expected %s; paths are relative to the manifest)", f.key, p, f.want))
		} else if st.IsDir() {
			errs = append(errs, Errorf(c.DisplayPath(name), f.line, "%s: %q is a folder, expected %s", f.key, p, f.want))
		}
		*f.dst = p
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, d := range m.Documents {
		d.Path = join(d.Path)
		st, err := fs.Stat(fsys, d.Path)
		if err != nil {
			c.Skipped = append(c.Skipped, Errorf(c.DisplayPath(name), d.Line,
				"document %q: path %q does not exist (paths are relative to the manifest)", d.ID, d.Path))
			continue
		}
		if st.IsDir() {
			c.Skipped = append(c.Skipped, Errorf(c.DisplayPath(name), d.Line,
				"document %q: path %q is a folder, expected a text file", d.ID, d.Path))
			continue
		}
		c.Documents = append(c.Documents, d)
	}
	return c, nil
}

// LoadDirectory reads every .txt and .md file at the top of fsys. A file named
// <instrument>@<version>.txt is that version of that instrument; a file without "@" is version
// "1" of an instrument named after the file. Versions are ordered by natural sort (so "v2" < "v10").
// Other files are skipped with a warning; hidden files are ignored.
func LoadDirectory(fsys fs.FS, root string) (*Corpus, error) {
	c := &Corpus{Kind: KindDirectory, FS: fsys, Root: root}
	c.Name = path.Base(strings.TrimSuffix(filepath.ToSlash(root), "/"))
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, &Error{Path: root, Err: err}
	}
	seen := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || e.IsDir() {
			continue
		}
		ext := strings.ToLower(path.Ext(name))
		if ext != ".txt" && ext != ".md" {
			c.Warnings = append(c.Warnings, Warning{Path: c.DisplayPath(name), Msg: "skipped: expected a .txt or .md draft named <instrument>@<version>.txt"})
			continue
		}
		stem := strings.TrimSuffix(name, path.Ext(name))
		inst, ver, ok := strings.Cut(stem, "@")
		if !ok {
			ver = "1"
		}
		if inst == "" || ver == "" {
			c.Skipped = append(c.Skipped, Errorf(c.DisplayPath(name), 0, "file name: expected <instrument>@<version>.txt with both parts non-empty"))
			continue
		}
		id := inst + "@" + ver
		if !idPattern.MatchString(id) {
			c.Skipped = append(c.Skipped, Errorf(c.DisplayPath(name), 0, "file name %q: expected letters, digits, '.', '_' or '-' in the instrument and version", name))
			continue
		}
		if other, dup := seen[id]; dup {
			c.Skipped = append(c.Skipped, &Error{Path: c.DisplayPath(name), Err: fmt.Errorf("%w %q (also %s)", ErrDuplicate, id, other)})
			continue
		}
		seen[id] = name
		c.Documents = append(c.Documents, &Document{ID: id, Instrument: inst, Version: ver, Path: name,
			Title: stem, Provenance: ProvenanceSource})
	}
	sort.SliceStable(c.Documents, func(i, j int) bool {
		a, b := c.Documents[i], c.Documents[j]
		if a.Instrument != b.Instrument {
			return a.Instrument < b.Instrument
		}
		return NaturalLess(a.Version, b.Version)
	})
	for i, d := range c.Documents {
		d.Order = i
	}
	if len(c.Documents) == 0 && len(c.Skipped) == 0 {
		return nil, Errorf(root, 0, "no drafts found: expected .txt or .md files named <instrument>@<version>.txt, or a corpus.yaml manifest")
	}
	return c, nil
}

// NaturalLess compares strings with digit runs compared as numbers ("v2" < "v10").
func NaturalLess(a, b string) bool {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			i, j := digits(a), digits(b)
			na, nb := strings.TrimLeft(a[:i], "0"), strings.TrimLeft(b[:j], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[i:], b[j:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// Instrument is one instrument and its versions in order.
type Instrument struct {
	Name     string
	Versions []*Document
}

// Instruments groups documents by instrument. Instruments are sorted by name; versions as
// SortVersions orders them.
func Instruments(docs []*Document) []Instrument {
	by := map[string][]*Document{}
	var names []string
	for _, d := range docs {
		if _, ok := by[d.Instrument]; !ok {
			names = append(names, d.Instrument)
		}
		by[d.Instrument] = append(by[d.Instrument], d)
	}
	sort.Strings(names)
	out := make([]Instrument, 0, len(names))
	for _, n := range names {
		vs := by[n]
		SortVersions(vs)
		out = append(out, Instrument{Name: n, Versions: vs})
	}
	return out
}

// SortVersions orders documents of one instrument: the documents with a date by date (ISO
// dates sort as strings), then input order, and each document without a date at its place in
// input order among them. Without any date that is input order; with every date, date order.
//
// It used to sort by VersionLess's pairwise rule alone, which is not a consistent order when
// dated and undated versions mix: for a 2015 draft, an undated one and a 2011 draft, listed in
// that order, each is "before" the next and the 2011 draft "before" the 2015 one, and the sort
// kept them in input order, so the 2015 draft was aligned to the undated one and that to 2011.
func SortVersions(vs []*Document) {
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].Order < vs[j].Order })
	var slots []int
	var dated []*Document
	for i, d := range vs {
		if d.Date != "" {
			slots = append(slots, i)
			dated = append(dated, d)
		}
	}
	sort.SliceStable(dated, func(i, j int) bool { return VersionLess(dated[i], dated[j]) })
	for k, i := range slots {
		vs[i] = dated[k]
	}
}

// VersionLess reports whether a is an earlier version than b: by date when both have one (ISO
// dates sort as strings), then by input order. It is a consistent order only among documents
// that all have a date, or all have none; SortVersions places undated ones.
func VersionLess(a, b *Document) bool {
	if a.Date != "" && b.Date != "" && a.Date != b.Date {
		return a.Date < b.Date
	}
	return a.Order < b.Order
}
