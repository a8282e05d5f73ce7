package entities

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// SourceModel is the Source of every Entity found by a Model.
const SourceModel = "model"

// prose's generic entity labels (the built-in model's, from the ACE/CoNLL scheme). A model
// entity with one of these labels whose text is a gazetteer name takes the gazetteer's type.
const (
	ProseGPE          = "GPE"          // geo-political entity: cities, regions, countries
	ProseGSP          = "GSP"          // geo-socio-political group
	ProseLocation     = "LOCATION"     // a non-political place
	ProseOrganization = "ORGANIZATION" // any organisation
	ProsePerson       = "PERSON"       // a person
	ProseFacility     = "FACILITY"     // a building or installation
)

func isProseLabel(t string) bool {
	switch t {
	case ProseGPE, ProseGSP, ProseLocation, ProseOrganization, ProsePerson, ProseFacility:
		return true
	}
	return false
}

// Model is a statistical entity recogniser: prose's maximum-entropy entity classifier over
// prose's tokeniser and averaged-perceptron part-of-speech tagger. A Model is immutable and
// safe for concurrent use.
type Model struct {
	pm    *prose.Model
	name  string
	types []string   // entity types the model can emit, sorted
	stats TrainStats // zero unless trained (or loaded with a model.json that records them)
	gaz   *Gazetteer // types and ids spans that are gazetteer names; nil: no typing
}

// TrainStats describes the data a model was trained on.
type TrainStats struct {
	Texts   int         `json:"texts"`   // labelled texts
	Spans   []TypeCount `json:"spans"`   // spans used, per type, sorted by type
	Skipped int         `json:"skipped"` // spans dropped because they cover no whole prose token
}

// TypeCount is a number of spans of one type.
type TypeCount struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// Name returns the model's name: "en-v2.0.0" for prose's built-in model, the TrainOptions name
// for a trained one.
func (m *Model) Name() string { return m.name }

// Types returns the entity labels the model can emit before gazetteer typing, sorted.
func (m *Model) Types() []string { return slices.Clone(m.types) }

// Stats returns what the model was trained on (zero for the built-in model).
func (m *Model) Stats() TrainStats {
	s := m.stats
	s.Spans = slices.Clone(s.Spans)
	return s
}

// WithGazetteer returns a copy of m that types its entities with g (see Find); nil turns
// gazetteer typing off, so every entity keeps the model's own label. The copy shares the
// underlying prose model.
func (m *Model) WithGazetteer(g *Gazetteer) *Model {
	c := *m
	c.gaz = g
	return &c
}

// Gazetteer returns the gazetteer m types its entities with, or nil.
func (m *Model) Gazetteer() *Gazetteer { return m.gaz }

var builtin = sync.OnceValues(func() (m *Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("entities: loading prose's built-in model: %v", r)
		}
	}()
	g, err := Default()
	if err != nil {
		return nil, err
	}
	data, err := prose.Asset("model/Maxent/labels.gob")
	if err != nil {
		return nil, fmt.Errorf("entities: prose's built-in labels: %w", err)
	}
	var labels []string
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&labels); err != nil {
		return nil, fmt.Errorf("entities: prose's built-in labels: %w", err)
	}
	types, err := typesOfLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("entities: prose's built-in labels: %w", err)
	}
	// ModelFromData without data sources is prose's default model: its tagger and its entity
	// classifier, decoded from prose's embedded assets.
	pm := prose.ModelFromData("en-v2.0.0")
	return &Model{pm: pm, name: pm.Name, types: types, gaz: g}, nil
})

// BuiltinModel returns prose's built-in entity model, typed with the Default gazetteer. It is
// loaded once per process (about 0.7 s); prose itself would reload it for every
// document.
func BuiltinModel() (*Model, error) { return builtin() }

// typesOfLabels turns IOB labels ("O", "B-GPE", "I-GPE") into the sorted entity types.
func typesOfLabels(labels []string) ([]string, error) {
	var types []string
	for _, l := range labels {
		if l == "O" {
			continue
		}
		t, ok := strings.CutPrefix(l, "B-")
		if !ok {
			t, ok = strings.CutPrefix(l, "I-")
		}
		if !ok || t == "" || strings.Contains(t, "-") {
			return nil, fmt.Errorf("label %q is not O, B-TYPE or I-TYPE", l)
		}
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	slices.Sort(types)
	return types, nil
}

// Find returns the entities the model finds in text, ordered by Start and non-overlapping,
// with Source SourceModel. See the package documentation for the typing rules. Find never
// panics: if prose fails on the text, Find returns nil.
func (m *Model) Find(text string) []Entity {
	if m == nil {
		return nil
	}
	return m.find(text, m.gaz)
}

func (m *Model) find(text string, g *Gazetteer) (out []Entity) {
	if m == nil || m.pm == nil || text == "" {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	input := text
	// prose's chunker only closes an entity at the token after it, so an entity that ends the
	// text would be lost; a final full stop closes it.
	if !strings.HasSuffix(strings.TrimRightFunc(text, unicode.IsSpace), ".") {
		input += "\n."
	}
	doc, err := prose.NewDocument(input, prose.UsingModel(m.pm), prose.WithSegmentation(false))
	if err != nil {
		return nil
	}
	ents := doc.Entities()
	if len(ents) == 0 {
		return nil
	}
	al := alignTokens(input, doc.Tokens())
	cursor := 0
	for _, pe := range ents {
		parts := strings.Split(pe.Text, " ")
		first := al.findRun(parts, cursor)
		if first < 0 {
			continue // cannot happen for prose v2.0.0: an entity is a run of its tokens
		}
		cursor = first + len(parts)
		start, end := al.span(first, cursor)
		if end > len(text) {
			end = len(text)
		}
		start, end = trimSpan(text, start, end)
		if start >= end {
			continue
		}
		out = append(out, m.typed(text, start, end, pe.Label, g))
	}
	return out
}

// typed builds the entity for text[start:end] with the model's label, applying gazetteer
// typing.
func (m *Model) typed(text string, start, end int, label string, g *Gazetteer) Entity {
	e := Entity{Start: start, End: end, Text: text[start:end], Type: label, Source: SourceModel}
	if g == nil {
		return e
	}
	found := g.Find(e.Text)
	if len(found) != 1 || found[0].Start != 0 || found[0].End != len(e.Text) {
		return e
	}
	switch {
	case isProseLabel(label):
		e.Type, e.CanonicalID = found[0].Type, found[0].CanonicalID
	case label == found[0].Type:
		e.CanonicalID = found[0].CanonicalID
	}
	return e
}

// trimSpan narrows a model span to the package's span conventions: no leading "the", no
// possessive "'s", no surrounding quotes or unbalanced brackets, no surrounding white space.
func trimSpan(text string, start, end int) (int, int) {
	for start < end {
		s := text[start:end]
		switch {
		case len(s) > 4 && (strings.HasPrefix(s, "the ") || strings.HasPrefix(s, "The ")):
			start += 4
		case strings.HasSuffix(s, "'s") && len(s) > 2:
			end -= 2
		case strings.HasSuffix(s, "\u2019s") && len(s) > 4:
			end -= 4
		default:
			r, n := utf8.DecodeRuneInString(s)
			if unicode.IsSpace(r) || strings.ContainsRune("\"'“”‘’([", r) && !strings.ContainsRune(s, closing(r)) {
				start += n
				continue
			}
			r, n = utf8.DecodeLastRuneInString(s)
			if unicode.IsSpace(r) || strings.ContainsRune("\"'“”‘’,;:!?", r) ||
				(r == ')' || r == ']') && !strings.ContainsRune(s, opening(r)) {
				end -= n
				continue
			}
			return start, end
		}
	}
	return start, end
}

func closing(r rune) rune {
	switch r {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return utf8.RuneError // quotes: always trimmed
}

func opening(r rune) rune {
	if r == ')' {
		return '('
	}
	return '['
}

// alignment locates prose's tokens in the text prose was given. prose reports token strings
// only, after replacing curly quotes (and "&rsquo;") with straight ones; the alignment undoes
// that replacement and finds each token, in order, at or after the end of the previous one.
type alignment struct {
	texts      []string
	start, end []int // byte span of each token in the original text; -1 when not found
}

// proseReplacements mirrors prose v2.0.0's tokenizer sanitizer.
var proseReplacements = [...]struct{ old, new string }{
	{"\u201c", `"`}, {"\u201d", `"`}, {"\u2018", "'"}, {"\u2019", "'"}, {"&rsquo;", "'"},
}

// sanitize returns text as prose's tokenizer sees it and, for each of its bytes, the span of
// the original bytes it comes from.
func sanitize(text string) (clean string, from, to []int) {
	var b strings.Builder
	b.Grow(len(text))
	from = make([]int, 0, len(text)+1)
	to = make([]int, 0, len(text)+1)
next:
	for i := 0; i < len(text); {
		if c := text[i]; c == 0xE2 || c == '&' {
			for _, r := range proseReplacements {
				if strings.HasPrefix(text[i:], r.old) {
					b.WriteString(r.new)
					from = append(from, i)
					to = append(to, i+len(r.old))
					i += len(r.old)
					continue next
				}
			}
		}
		b.WriteByte(text[i])
		from = append(from, i)
		to = append(to, i+1)
		i++
	}
	return b.String(), from, to
}

func alignTokens(text string, toks []prose.Token) alignment {
	clean, from, to := sanitize(text)
	a := alignment{texts: make([]string, len(toks)), start: make([]int, len(toks)), end: make([]int, len(toks))}
	pos := 0
	for i, t := range toks {
		a.texts[i] = t.Text
		a.start[i], a.end[i] = -1, -1
		if t.Text == "" {
			continue
		}
		j := strings.Index(clean[pos:], t.Text)
		if j < 0 {
			continue
		}
		s := pos + j
		e := s + len(t.Text)
		a.start[i], a.end[i] = from[s], to[e-1]
		pos = e
	}
	return a
}

// findRun returns the index of the first run of tokens at or after from whose texts are parts,
// or -1.
func (a *alignment) findRun(parts []string, from int) int {
outer:
	for i := from; i+len(parts) <= len(a.texts); i++ {
		for k, p := range parts {
			if a.texts[i+k] != p || a.start[i+k] < 0 {
				continue outer
			}
		}
		return i
	}
	return -1
}

// span returns the byte span of tokens [first, last).
func (a *alignment) span(first, last int) (int, int) {
	return a.start[first], a.end[last-1]
}

// Files of a saved model directory.
const (
	modelMetaFile = "model.json"
	maxentDir     = "Maxent"
	modelFormat   = "stanceshift-entities/1"
)

var maxentFiles = []string{"labels.gob", "mapping.gob", "weights.gob"}

type modelMeta struct {
	Format string     `json:"format"`
	Name   string     `json:"name"`
	Types  []string   `json:"types"`
	Stats  TrainStats `json:"stats"`
}

// Save writes the model's entity classifier into dir (created if needed): prose's files
// Maxent/labels.gob, mapping.gob and weights.gob, and model.json with the name, types and
// training statistics. An existing model in dir is replaced. prose's part-of-speech tagger is
// not saved: a loaded model uses prose's built-in tagger, as training did.
func (m *Model) Save(dir string) (err error) {
	if m == nil || m.pm == nil {
		return errors.New("entities: save: no model")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("entities: save: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".save-")
	if err != nil {
		return fmt.Errorf("entities: save: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := proseWrite(m.pm, tmp); err != nil {
		return fmt.Errorf("entities: save %s: %w", dir, err)
	}
	for _, f := range maxentFiles {
		if _, err := os.Stat(filepath.Join(tmp, maxentDir, f)); err != nil {
			return fmt.Errorf("entities: save %s: prose wrote no %s: %w", dir, f, err)
		}
	}
	meta, err := json.MarshalIndent(modelMeta{Format: modelFormat, Name: m.name, Types: m.types, Stats: m.stats}, "", "  ")
	if err != nil {
		return fmt.Errorf("entities: save %s: %w", dir, err)
	}
	if err := os.WriteFile(filepath.Join(tmp, modelMetaFile), append(meta, '\n'), 0o644); err != nil {
		return fmt.Errorf("entities: save %s: %w", dir, err)
	}
	// Move the new files into place; an old Maxent directory is moved aside into tmp first
	// (a directory cannot be renamed over a non-empty one) and removed with it.
	target := filepath.Join(dir, maxentDir)
	if _, err := os.Stat(target); err == nil {
		if err := os.Rename(target, filepath.Join(tmp, "old")); err != nil {
			return fmt.Errorf("entities: save %s: %w", dir, err)
		}
	}
	if err := os.Rename(filepath.Join(tmp, maxentDir), target); err != nil {
		return fmt.Errorf("entities: save %s: %w", dir, err)
	}
	if err := os.Rename(filepath.Join(tmp, modelMetaFile), filepath.Join(dir, modelMetaFile)); err != nil {
		return fmt.Errorf("entities: save %s: %w", dir, err)
	}
	return nil
}

// proseWrite calls prose's Model.Write, which panics on I/O errors.
func proseWrite(pm *prose.Model, dir string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("prose: %v", r)
		}
	}()
	return pm.Write(dir)
}

// LoadModel loads a model written by Save (or by prose's Model.Write: model.json is optional).
// It checks the classifier files before handing them to prose, which would panic on bad ones.
// The model types its entities with the Default gazetteer.
func LoadModel(dir string) (*Model, error) {
	g, err := Default()
	if err != nil {
		return nil, err
	}
	var labels []string
	var mapping map[string]int
	var weights []float64
	for i, f := range maxentFiles {
		p := filepath.Join(dir, maxentDir, f)
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("entities: load model: %w", err)
		}
		var target any = &labels
		if i == 1 {
			target = &mapping
		} else if i == 2 {
			target = &weights
		}
		if err := gobDecode(data, target); err != nil {
			return nil, fmt.Errorf("entities: load model: %s: %w", p, err)
		}
	}
	types, err := typesOfLabels(labels)
	if err != nil || len(labels) == 0 {
		if err == nil {
			err = errors.New("no labels")
		}
		return nil, fmt.Errorf("entities: load model: %s: %w", filepath.Join(dir, maxentDir, "labels.gob"), err)
	}
	for k, v := range mapping {
		if v < 0 || v >= len(weights) {
			return nil, fmt.Errorf("entities: load model: %s: feature %q has weight index %d, outside the %d weights",
				filepath.Join(dir, maxentDir, "mapping.gob"), k, v, len(weights))
		}
	}
	m := &Model{name: filepath.Base(dir), types: types, gaz: g}
	if data, err := os.ReadFile(filepath.Join(dir, modelMetaFile)); err == nil {
		var meta modelMeta
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&meta); err != nil {
			return nil, fmt.Errorf("entities: load model: %s: %w", filepath.Join(dir, modelMetaFile), err)
		}
		if meta.Format != modelFormat {
			return nil, fmt.Errorf("entities: load model: %s: format %q, want %q", filepath.Join(dir, modelMetaFile), meta.Format, modelFormat)
		}
		if !slices.Equal(meta.Types, types) {
			return nil, fmt.Errorf("entities: load model: %s: types %v do not match the classifier's %v", filepath.Join(dir, modelMetaFile), meta.Types, types)
		}
		m.name, m.stats = meta.Name, meta.Stats
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("entities: load model: %w", err)
	}
	pm, err := proseLoad(dir)
	if err != nil {
		return nil, fmt.Errorf("entities: load model %s: %w", dir, err)
	}
	m.pm = pm
	return m, nil
}

func gobDecode(data []byte, target any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gob: %v", r)
		}
	}()
	return gob.NewDecoder(bytes.NewReader(data)).Decode(target)
}

func proseLoad(dir string) (pm *prose.Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			pm, err = nil, fmt.Errorf("prose: %v", r)
		}
	}()
	return prose.ModelFromDisk(dir), nil
}
