package corpus

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/stanceshift/stanceshift/internal/yamldoc"
)

// Manifest is a parsed corpus.yaml.
type Manifest struct {
	Name        string
	Description string
	Labels      string // path relative to the manifest, "" when none
	Dictionary  string // path relative to the manifest, "" when none
	Documents   []*Document
	// LabelsLine and DictionaryLine are the manifest lines of labels: and dictionary: (0 when none).
	LabelsLine, DictionaryLine int
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]*$`)

var (
	topKeys = []string{"name", "description", "labels", "dictionary", "documents"}
	docKeys = []string{"id", "instrument", "version", "date", "title", "path", "role", "position",
		"provenance", "quoted", "metadata"}
)

// ParseManifest reads a corpus manifest. name is the path used in errors.
//
// Problems in the manifest as a whole (not YAML, an unknown top-level key, no documents) are
// returned as err. Problems in one document entry (a missing required field, an unknown key, a
// duplicate id, a bad date or position) skip that document and are returned in docErrs, so one bad
// entry does not lose the others. Required document fields: id, instrument, version, path.
func ParseManifest(r io.Reader, name string) (m *Manifest, docErrs []error, err error) {
	var root yaml.Node
	dec := yaml.NewDecoder(r)
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, &Error{Path: name, Err: ErrEmpty}
		}
		return nil, nil, &Error{Path: name, Line: yamlErrLine(err), Err: fmt.Errorf("not a valid YAML manifest: %v", err)}
	}
	if len(root.Content) == 0 {
		return nil, nil, &Error{Path: name, Err: ErrEmpty}
	}
	if err := singleDocument(dec, name); err != nil {
		return nil, nil, err
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil, Errorf(name, top.Line, "expected a mapping with keys %s, found %s", strings.Join(topKeys, ", "), kindName(top))
	}
	m = &Manifest{}
	var docsNode *yaml.Node
	var errs []error
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch k.Value {
		case "name":
			m.Name, err = scalar(name, "name", v)
		case "description":
			m.Description, err = scalar(name, "description", v)
		case "labels":
			m.Labels, err = relPath(name, "labels", v)
			m.LabelsLine = v.Line
		case "dictionary":
			m.Dictionary, err = relPath(name, "dictionary", v)
			m.DictionaryLine = v.Line
		case "documents":
			docsNode = v
		default:
			err = Errorf(name, k.Line, "unknown key %q (expected one of %s)", k.Value, strings.Join(topKeys, ", "))
		}
		if err != nil {
			errs = append(errs, err)
			err = nil
		}
	}
	if docsNode == nil {
		errs = append(errs, Errorf(name, top.Line, "missing key \"documents\" (a list of documents)"))
	} else if docsNode.Kind != yaml.SequenceNode {
		errs = append(errs, Errorf(name, docsNode.Line, "\"documents\" must be a list, found %s", kindName(docsNode)))
	} else if len(docsNode.Content) == 0 {
		errs = append(errs, Errorf(name, docsNode.Line, "\"documents\" is empty"))
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	seen := map[string]int{}
	for i, dn := range docsNode.Content {
		d, err := parseDocument(name, dn)
		if err != nil {
			docErrs = append(docErrs, err)
			continue
		}
		if first, dup := seen[d.ID]; dup {
			docErrs = append(docErrs, &Error{Path: name, Line: d.Line,
				Err: fmt.Errorf("%w %q (first declared at line %d)", ErrDuplicate, d.ID, first)})
			continue
		}
		seen[d.ID] = d.Line
		d.Order = i
		m.Documents = append(m.Documents, d)
	}
	return m, docErrs, nil
}

// singleDocument checks that nothing but empty documents follows the manifest's first YAML
// document: a second document after "---" would otherwise be silently ignored.
func singleDocument(dec *yaml.Decoder, name string) error {
	n, err := yamldoc.Extra(dec)
	if err != nil {
		return &Error{Path: name, Line: yamlErrLine(err), Err: fmt.Errorf("not a valid YAML manifest: %v", err)}
	}
	if n != nil {
		return Errorf(name, n.Line, "a second YAML document (after \"---\"): expected one manifest per file")
	}
	return nil
}

func parseDocument(name string, n *yaml.Node) (*Document, error) {
	if n.Kind != yaml.MappingNode {
		return nil, Errorf(name, n.Line, "documents: a document must be a mapping with keys %s, found %s", strings.Join(docKeys, ", "), kindName(n))
	}
	d := &Document{Line: n.Line}
	var errs []error
	have := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if have[k.Value] {
			errs = append(errs, Errorf(name, k.Line, "key %q given twice", k.Value))
			continue
		}
		have[k.Value] = true
		var err error
		switch k.Value {
		case "id":
			d.ID, err = scalar(name, k.Value, v)
			if err == nil && !idPattern.MatchString(d.ID) {
				err = Errorf(name, v.Line, "id %q: expected letters, digits, '.', '_', '-' or '@', starting with a letter or digit", d.ID)
			}
		case "instrument":
			d.Instrument, err = scalar(name, k.Value, v)
			if err == nil && d.Instrument == "" {
				err = Errorf(name, v.Line, "instrument: empty, expected the name of the instrument this document is a version of")
			}
		case "version":
			d.Version, err = scalar(name, k.Value, v)
			if err == nil && d.Version == "" {
				err = Errorf(name, v.Line, "version: empty, expected a version label such as \"2011\" or \"v2\"")
			}
		case "date":
			d.Date, err = scalar(name, k.Value, v)
			if err == nil {
				err = checkDate(name, v.Line, d.Date)
			}
		case "title":
			d.Title, err = scalar(name, k.Value, v)
		case "path":
			d.Path, err = relPath(name, k.Value, v)
		case "role":
			d.Role, err = scalar(name, k.Value, v)
		case "position":
			var s string
			s, err = scalar(name, k.Value, v)
			if err == nil {
				f, perr := strconv.ParseFloat(s, 64)
				if perr != nil || math.IsNaN(f) || math.IsInf(f, 0) {
					err = Errorf(name, v.Line, "position %q: expected a finite number", s)
				} else {
					d.Position = &f
				}
			}
		case "provenance":
			d.Provenance, err = scalar(name, k.Value, v)
			if err == nil && d.Provenance != ProvenanceSource && d.Provenance != ProvenanceQuoted && d.Provenance != ProvenanceParaphrased {
				err = Errorf(name, v.Line, "provenance %q: expected source, quoted or paraphrased", d.Provenance)
			}
		case "quoted":
			d.Quoted, err = stringList(name, k.Value, v)
			d.QuotedLines = itemLines(v, len(d.Quoted))
		case "metadata":
			d.Metadata, err = stringMap(name, v)
		default:
			err = Errorf(name, k.Line, "unknown document key %q (expected one of %s)", k.Value, strings.Join(docKeys, ", "))
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	for _, req := range []string{"id", "instrument", "version", "path"} {
		if !have[req] {
			errs = append(errs, Errorf(name, n.Line, "document is missing required key %q", req))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if d.Provenance == "" {
		d.Provenance = ProvenanceSource
	}
	return d, nil
}

// checkDate accepts YYYY-MM-DD, YYYY-MM or YYYY.
func checkDate(name string, line int, s string) error {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return nil
			}
		}
	}
	return Errorf(name, line, "date %q: expected YYYY-MM-DD, YYYY-MM or YYYY", s)
}

// scalar returns the value of key as a string ("" for null: "key:", "key: ~"); a list or a
// mapping is an error naming the key.
func scalar(name, key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", Errorf(name, v.Line, "%s: expected a single value, found %s", key, kindName(v))
	}
	if isNull(v) {
		return "", nil
	}
	return strings.TrimSpace(v.Value), nil
}

// relPath validates a slash-separated path relative to the manifest that stays inside its folder.
func relPath(name, key string, v *yaml.Node) (string, error) {
	s, err := scalar(name, key, v)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", Errorf(name, v.Line, "%s: empty path", key)
	}
	p := path.Clean(strings.ReplaceAll(s, "\\", "/"))
	if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return "", Errorf(name, v.Line, "%s %q: expected a path relative to the manifest's folder, inside it", key, s)
	}
	return p, nil
}

func stringList(name, key string, v *yaml.Node) ([]string, error) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind == yaml.ScalarNode {
		return []string{v.Value}, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, Errorf(name, v.Line, "%s: expected a list of markers, found %s", key, kindName(v))
	}
	out := make([]string, 0, len(v.Content))
	for _, c := range v.Content {
		s, err := scalar(name, key+" item", c)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// itemLines is the line of each of the n items stringList read from v: a sequence's items' own,
// or v's for a single scalar (nil when none).
func itemLines(v *yaml.Node, n int) []int {
	if n == 0 {
		return nil
	}
	if v.Kind == yaml.SequenceNode && len(v.Content) == n {
		lines := make([]int, n)
		for i, c := range v.Content {
			lines[i] = c.Line
		}
		return lines
	}
	return []int{v.Line}
}

func stringMap(name string, v *yaml.Node) (map[string]string, error) {
	if v.Kind != yaml.MappingNode {
		return nil, Errorf(name, v.Line, "metadata: expected a mapping of names to values, found %s", kindName(v))
	}
	out := make(map[string]string, len(v.Content)/2)
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		if k.Kind != yaml.ScalarNode {
			return nil, Errorf(name, k.Line, "metadata: expected names as keys, found %s", kindName(k))
		}
		val, err := scalar(name, "metadata "+k.Value, v.Content[i+1])
		if err != nil {
			return nil, err
		}
		out[k.Value] = val
	}
	return out, nil
}

// isNull reports a null scalar: nothing after the colon, "~" or "null" (untagged or !!null).
func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null"
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func yamlErrLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
