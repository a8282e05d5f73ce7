package entities

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/stanceshift/stanceshift/internal/yamldoc"
)

// Entity types.
const (
	TypeState      = "STATE"      // a State: the 193 UN Member States and the two observer States
	TypeIGO        = "IGO"        // an intergovernmental organisation or one of its organs
	TypeORG        = "ORG"        // a non-intergovernmental body: technical community, registries, standards bodies
	TypeForum      = "FORUM"      // a conference, summit or process
	TypeInstrument = "INSTRUMENT" // a treaty, declaration, regulation, code or manual
)

// SourceGazetteer is the Source of every Entity found by a Gazetteer.
const SourceGazetteer = "gazetteer"

// Types lists the entity types in a fixed order.
func Types() []string {
	return []string{TypeState, TypeIGO, TypeORG, TypeForum, TypeInstrument}
}

func knownType(t string) bool {
	for _, k := range Types() {
		if k == t {
			return true
		}
	}
	return false
}

// Errors that Load wraps in a *LoadError; test with errors.Is.
var (
	ErrSyntax         = errors.New("malformed gazetteer")
	ErrUnknownKey     = errors.New("unknown key")
	ErrMissingField   = errors.New("missing field")
	ErrUnknownType    = errors.New("unknown type")
	ErrBadID          = errors.New("malformed id")
	ErrDuplicateID    = errors.New("duplicate id")
	ErrDuplicateAlias = errors.New("alias claimed by two entries")
	ErrBadAlias       = errors.New("unusable alias")
)

// LoadError reports a gazetteer that could not be loaded, with the file and, when known, the
// 1-based line of the offending node.
type LoadError struct {
	File string
	Line int // 0 when the error is not tied to a line
	Err  error
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("entities: %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("entities: %s: %v", e.File, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }

// Entry is one gazetteer entry as loaded.
type Entry struct {
	ID      string   // canonical id: ISO 3166-1 alpha-3 for STATE, "<type>:<slug>" otherwise
	Type    string   // one of Types()
	Name    string   // canonical name; matched like an alias
	Aliases []string // other surface forms, as written in the file
	Line    int      // line of the entry in its file

	nameLine   int   // line of the name scalar
	aliasLines []int // line of each alias scalar
}

// Gazetteer matches the names of its entries in text. It is immutable after Load and safe for
// concurrent use.
type Gazetteer struct {
	file    string
	entries []Entry
	byID    map[string]int
	m       matcher
}

//go:embed gazetteer.yaml
var defaultFS embed.FS

// DefaultFile is the name of the embedded default gazetteer inside DefaultFS.
const DefaultFile = "gazetteer.yaml"

// DefaultFS returns the file system holding the embedded default gazetteer (DefaultFile), so
// that a user can copy it as a starting point.
func DefaultFS() fs.FS { return defaultFS }

var (
	defaultOnce sync.Once
	defaultG    *Gazetteer
	defaultErr  error
)

// Default returns the embedded gazetteer, parsed once per process.
func Default() (*Gazetteer, error) {
	defaultOnce.Do(func() {
		defaultG, defaultErr = LoadFS(defaultFS, DefaultFile)
	})
	return defaultG, defaultErr
}

// LoadFS loads the gazetteer file name from fsys.
func LoadFS(fsys fs.FS, name string) (*Gazetteer, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	defer f.Close()
	return Load(f, name)
}

// maxFileSize bounds what Load reads.
const maxFileSize = 64 << 20

// Load parses a gazetteer in YAML from r; name identifies it in errors. It rejects unknown keys,
// entries without id, type or name, unknown types, malformed or duplicate ids, and an alias
// (or name) that two entries claim after normalisation.
func Load(r io.Reader, name string) (g *Gazetteer, err error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	if len(data) > maxFileSize {
		return nil, &LoadError{File: name, Err: fmt.Errorf("%w: larger than %d bytes", ErrSyntax, maxFileSize)}
	}
	if !utf8.Valid(data) {
		return nil, &LoadError{File: name, Line: invalidUTF8Line(data), Err: fmt.Errorf("%w: invalid UTF-8", ErrSyntax)}
	}
	var root yaml.Node
	if err := safeUnmarshal(data, &root); err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.File = name
			return nil, le
		}
		return nil, &LoadError{File: name, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	entries, err := parseEntries(&root)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.File = name
		}
		return nil, err
	}
	return build(name, entries)
}

func invalidUTF8Line(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return bytes.Count(data[:i], []byte("\n")) + 1
		}
		i += size
	}
	return 0
}

// safeUnmarshal reads the one YAML document in data into n, turning a panic inside the YAML
// parser into an error: bad input never panics. A second, non-empty document after "---" is a
// *LoadError at its line rather than silently ignored.
func safeUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(n); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // no document: parseEntries reports the empty file
		}
		return err
	}
	next, err := yamldoc.Extra(dec)
	if err != nil {
		return err
	}
	if next != nil {
		return lineErr(next, ErrSyntax, "a second YAML document (after \"---\"): want one gazetteer per file")
	}
	return nil
}

func lineErr(n *yaml.Node, err error, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	msg := fmt.Sprintf(format, args...)
	if msg == "" {
		return &LoadError{Line: line, Err: err}
	}
	return &LoadError{Line: line, Err: fmt.Errorf("%w: %s", err, msg)}
}

func parseEntries(root *yaml.Node) ([]Entry, error) {
	if root.Kind == 0 || (root.Kind == yaml.DocumentNode && len(root.Content) == 0) {
		return nil, lineErr(nil, ErrSyntax, "empty file (want a mapping with key \"entries\")")
	}
	doc := root
	if doc.Kind == yaml.DocumentNode {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return nil, lineErr(doc, ErrSyntax, "top level must be a mapping with key \"entries\"")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value != "entries" {
			return nil, lineErr(k, ErrUnknownKey, "%q at top level (want \"entries\")", k.Value)
		}
		if list != nil {
			return nil, lineErr(k, ErrSyntax, "key \"entries\" repeated")
		}
		list = v
	}
	if list == nil {
		return nil, lineErr(doc, ErrMissingField, "\"entries\"")
	}
	if isNull(list) {
		return nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, lineErr(list, ErrSyntax, "\"entries\" must be a list")
	}
	out := make([]Entry, 0, len(list.Content))
	for _, item := range list.Content {
		e, err := parseEntry(item)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func scalar(n *yaml.Node, key string) (string, error) {
	if n.Kind == yaml.AliasNode {
		return "", lineErr(n, ErrSyntax, "YAML aliases (*%s) are not supported", n.Value)
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return "", lineErr(n, ErrSyntax, "%q must be a string", key)
	}
	return n.Value, nil
}

func parseEntry(item *yaml.Node) (Entry, error) {
	if item.Kind != yaml.MappingNode {
		return Entry{}, lineErr(item, ErrSyntax, "an entry must be a mapping with id, type, name and aliases")
	}
	e := Entry{Line: item.Line}
	seen := map[string]bool{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], item.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return Entry{}, lineErr(k, ErrSyntax, "entry keys must be strings")
		}
		if seen[k.Value] {
			return Entry{}, lineErr(k, ErrSyntax, "key %q repeated", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "id":
			e.ID, err = scalar(v, "id")
		case "type":
			e.Type, err = scalar(v, "type")
		case "name":
			e.Name, err = scalar(v, "name")
			e.nameLine = v.Line
		case "aliases":
			e.Aliases, e.aliasLines, err = parseAliases(v)
		default:
			return Entry{}, lineErr(k, ErrUnknownKey, "%q (want id, type, name, aliases)", k.Value)
		}
		if err != nil {
			return Entry{}, err
		}
	}
	for _, f := range []struct{ key, val string }{{"id", e.ID}, {"type", e.Type}, {"name", e.Name}} {
		if strings.TrimSpace(f.val) == "" {
			return Entry{}, lineErr(item, ErrMissingField, "%q", f.key)
		}
	}
	if !knownType(e.Type) {
		return Entry{}, lineErr(item, ErrUnknownType, "%q in entry %q (want one of %s)", e.Type, e.ID, strings.Join(Types(), ", "))
	}
	if !validID(e.Type, e.ID) {
		want := `"<type>:<slug>" with a lower-case type and a slug of a-z, 0-9 and inner hyphens`
		if e.Type == TypeState {
			want = "three capital letters (ISO 3166-1 alpha-3)"
		}
		return Entry{}, lineErr(item, ErrBadID, "%q for type %s (want %s)", e.ID, e.Type, want)
	}
	return e, nil
}

func parseAliases(v *yaml.Node) ([]string, []int, error) {
	if isNull(v) {
		return nil, nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, nil, lineErr(v, ErrSyntax, "\"aliases\" must be a list of strings")
	}
	out := make([]string, 0, len(v.Content))
	lines := make([]int, 0, len(v.Content))
	for _, a := range v.Content {
		s, err := scalar(a, "aliases")
		if err != nil {
			return nil, nil, err
		}
		out = append(out, s)
		lines = append(lines, a.Line)
	}
	return out, lines, nil
}

func validID(typ, id string) bool {
	if typ == TypeState {
		if len(id) != 3 {
			return false
		}
		for i := 0; i < 3; i++ {
			if id[i] < 'A' || id[i] > 'Z' {
				return false
			}
		}
		return true
	}
	slug, ok := strings.CutPrefix(id, strings.ToLower(typ)+":")
	if !ok || slug == "" || slug[0] == '-' || slug[len(slug)-1] == '-' || strings.Contains(slug, "--") {
		return false
	}
	for i := 0; i < len(slug); i++ {
		c := slug[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// build validates ids and aliases across entries and compiles the matcher.
func build(file string, entries []Entry) (*Gazetteer, error) {
	g := &Gazetteer{file: file, entries: entries, byID: make(map[string]int, len(entries))}
	for i, e := range entries {
		if j, dup := g.byID[e.ID]; dup {
			return nil, &LoadError{File: file, Line: e.Line,
				Err: fmt.Errorf("%w: %q already defined at line %d", ErrDuplicateID, e.ID, entries[j].Line)}
		}
		g.byID[e.ID] = i
	}
	m, err := compile(entries)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.File = file
		}
		return nil, err
	}
	g.m = m
	return g, nil
}

// File returns the name the gazetteer was loaded under.
func (g *Gazetteer) File() string { return g.file }

// Entries returns a copy of the entries in file order.
func (g *Gazetteer) Entries() []Entry {
	out := make([]Entry, len(g.entries))
	for i, e := range g.entries {
		e.Aliases = append([]string(nil), e.Aliases...)
		out[i] = e
	}
	return out
}

// Lookup returns the entry with the given canonical id.
func (g *Gazetteer) Lookup(id string) (Entry, bool) {
	i, ok := g.byID[id]
	if !ok {
		return Entry{}, false
	}
	e := g.entries[i]
	e.Aliases = append([]string(nil), e.Aliases...)
	return e, true
}
