package dictionary

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stanceshift/stanceshift/internal/yamldoc"
)

// FormatV1 tags a model saved by Save.
const FormatV1 = "stanceshift-dictionary/v1"

// Negation handling of a stance key (see doc.go, "Negation and modality").
const (
	NegFlip = "flip" // the weight changes sign inside a negation scope
	NegDamp = "damp" // the weight is multiplied by the negation class's factor
	NegKeep = "keep" // the weight is unchanged: the term names a principle usually stated negatively
)

// Modifier effects.
const (
	EffectNegate = "negate" // terms in scope get their key's negation handling
	EffectScale  = "scale"  // terms in scope are multiplied by Factor
	EffectNone   = "none"   // no effect: the class only shadows shorter triggers ("not only")
)

// Entry is one dictionary key with its patterns. For stance keys Weight is the effective weight
// (the product of the weights on the path from the section root) and Negated the effective
// negation handling (the nearest one set on the path, default NegDamp). Concept and plain
// quanteda keys have Weight 0 and Negated "".
type Entry struct {
	Key      string   `json:"key"`
	Weight   float64  `json:"weight,omitempty"`
	Negated  string   `json:"negated,omitempty"`
	Patterns []string `json:"patterns"`
}

// ModifierClass is a named class of negation or modality triggers.
type ModifierClass struct {
	Name   string  `json:"name"`
	Effect string  `json:"effect"`
	Factor float64 `json:"factor"`
	// StopAtComma ends the class's scopes at the first comma too ("Without prejudice to X, ...").
	StopAtComma bool `json:"stop_at_comma,omitempty"`
	// Before, when not 0, makes each trigger also multiply the stance terms before it by Before
	// (whatever the key's negated handling), within BeforeScope: −1 reverses the subject of "X
	// cannot justify ..." (a pretext the provision rejects); a factor in (0, 1) discounts the
	// concession before "however" (the operative part follows it).
	Before float64 `json:"before,omitempty"`
	// BeforeScope is "clause" (the default: from the start of the trigger's clause, at most
	// max_words words back) or "text" (from the start of the text).
	BeforeScope string `json:"before_scope,omitempty"`
	// AfterScope is "clause" (the default: the forward scope ends as described in doc.go) or
	// "text" (the forward scope runs to the end of the text, across clauses and breaks).
	AfterScope string `json:"after_scope,omitempty"`
	// Keys, when not empty, restricts the class's scopes (forward and backward) to the stance
	// terms of these keys and their descendants ("multistakeholder.actors" covers
	// "multistakeholder.actors.civil_society"); other terms are left alone. A key path that names
	// no stance key makes the class inert (so a spec that replaces the stance keys can keep the
	// default modifiers).
	Keys []string `json:"keys,omitempty"`
	// Flip names stance keys (and their descendants) whose terms a negate class flips whatever
	// their negated handling: "we reject sovereign Internet laws" reverses "sovereign", which a
	// plain negation keeps ("not to violate the sovereignty of States" asserts it).
	Flip     []string `json:"flip,omitempty"`
	Patterns []string `json:"patterns"`
}

// appliesTo reports whether the class's scopes act on terms of stance key k.
func (mc ModifierClass) appliesTo(k string) bool {
	return len(mc.Keys) == 0 || underAny(k, mc.Keys)
}

// flips reports whether the class flips terms of stance key k whatever their negated handling.
func (mc ModifierClass) flips(k string) bool { return underAny(k, mc.Flip) }

// underAny reports whether key k is one of keys or a descendant of one.
func underAny(k string, keys []string) bool {
	for _, p := range keys {
		if k == p || strings.HasPrefix(k, p+".") {
			return true
		}
	}
	return false
}

// Backward scopes (ModifierClass.BeforeScope) and forward scopes (ModifierClass.AfterScope).
const (
	BeforeClause = "clause"
	BeforeText   = "text"
)

// Scope says where a trigger's scope ends (see doc.go).
type Scope struct {
	MaxWords   int      `json:"max_words"`
	Breaks     []string `json:"breaks"`
	AfterComma []string `json:"after_comma"`
	Modals     []string `json:"modals"`
}

// Spec is the whole dictionary: what Save writes and what the YAML file describes.
type Spec struct {
	Format    string          `json:"format"`
	Smoothing float64         `json:"smoothing"`
	DeadBand  float64         `json:"dead_band"`
	Stance    []Entry         `json:"stance"`
	Concepts  []Entry         `json:"concepts"`
	Modifiers []ModifierClass `json:"modifiers"`
	Scope     Scope           `json:"scope"`
}

// Defaults used when the YAML file leaves a setting out.
const (
	DefaultSmoothing = 1.0
	DefaultDeadBand  = 0.25
	DefaultMaxWords  = 15
	maxPatternWords  = 16
	maxWeight        = 100
)

// yamlErr formats an error at a YAML node as "dictionary: name:line:col: path: msg".
func yamlErr(name string, n *yaml.Node, path, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	if n == nil {
		return fmt.Errorf("dictionary: %s: %s", name, msg)
	}
	return fmt.Errorf("dictionary: %s:%d:%d: %s", name, n.Line, n.Column, msg)
}

// parseDoc decodes YAML into its root mapping node.
func parseDoc(data []byte, name string) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, yamlErr(name, nil, "", "empty document")
		}
		return nil, fmt.Errorf("dictionary: %s: %w", name, err)
	}
	extra, err := yamldoc.Extra(dec)
	if err != nil {
		return nil, fmt.Errorf("dictionary: %s: %w", name, err)
	}
	if extra != nil {
		return nil, yamlErr(name, extra, "", "more than one YAML document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, yamlErr(name, &doc, "", "empty document")
	}
	root := resolve(doc.Content[0])
	if root == nil {
		return nil, yamlErr(name, doc.Content[0], "", "YAML aliases are not supported")
	}
	if root.Kind != yaml.MappingNode {
		return nil, yamlErr(name, root, "", "top level must be a mapping")
	}
	return root, nil
}

// resolve returns n, or nil for an alias: aliases are rejected, since following them allows
// cycles and exponential expansion, and dictionaries have no need for them.
func resolve(n *yaml.Node) *yaml.Node {
	if n == nil || n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// pairs returns the key/value pairs of a mapping, rejecting duplicate and non-scalar keys.
func pairs(name string, m *yaml.Node, path string) ([][2]*yaml.Node, error) {
	if m.Kind != yaml.MappingNode {
		return nil, yamlErr(name, m, path, "must be a mapping")
	}
	out := make([][2]*yaml.Node, 0, len(m.Content)/2)
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := resolve(m.Content[i]), resolve(m.Content[i+1])
		if k == nil || v == nil {
			return nil, yamlErr(name, m.Content[i], path, "YAML aliases are not supported")
		}
		if k.Kind != yaml.ScalarNode {
			return nil, yamlErr(name, k, path, "keys must be scalars")
		}
		if seen[k.Value] {
			return nil, yamlErr(name, k, path, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out, nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func checkKeyName(name string, k *yaml.Node, path string) error {
	v := k.Value
	if strings.TrimSpace(v) == "" || strings.TrimSpace(v) != v || strings.ContainsAny(v, ".\n\t") {
		return yamlErr(name, k, path, "bad key name %q (non-empty, no dots, no surrounding space)", v)
	}
	return nil
}

func scalarFloat(name string, n *yaml.Node, path string) (float64, error) {
	var f float64
	if n.Kind != yaml.ScalarNode || n.Decode(&f) != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, yamlErr(name, n, path, "want a finite number, got %q", n.Value)
	}
	return f, nil
}

func stringList(name string, n *yaml.Node, path string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, yamlErr(name, n, path, "want a list of strings")
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		c = resolve(c)
		if c == nil {
			return nil, yamlErr(name, n, path, "YAML aliases are not supported")
		}
		if c.Kind != yaml.ScalarNode {
			return nil, yamlErr(name, n, path, "want a list of strings")
		}
		out = append(out, c.Value)
	}
	return out, nil
}

// patternList reads a list of patterns and checks each one compiles.
func patternList(name string, n *yaml.Node, path string) ([]string, error) {
	ps, err := stringList(name, n, path)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, yamlErr(name, n, path, "empty pattern list")
	}
	for i, p := range ps {
		if _, err := parsePattern(p); err != nil {
			return nil, yamlErr(name, resolve(n.Content[i]), path, "%v", err)
		}
	}
	return ps, nil
}

// treeOpts says which reserved keys a tree section accepts.
type treeOpts struct {
	weights bool // weight and negated allowed (stance)
}

// walkTree reads a nested key tree. Reserved keys: patterns, description, and with opts.weights
// weight and negated; every other key is a child whose value is a mapping (a node) or a list
// (shorthand for {patterns: list}). Entries come out in file order, depth first.
func walkTree(name string, n *yaml.Node, path string, weight float64, neg string, opts treeOpts, out []Entry) ([]Entry, error) {
	if n.Kind == yaml.SequenceNode {
		ps, err := patternList(name, n, path)
		if err != nil {
			return nil, err
		}
		return append(out, entryFor(path, weight, neg, opts, ps)), nil
	}
	kv, err := pairs(name, n, path)
	if err != nil {
		return nil, err
	}
	// Reserved keys first, so they apply to children whatever their order in the file.
	var patterns []string
	var patNode *yaml.Node
	for _, p := range kv {
		k, v := p[0], p[1]
		switch k.Value {
		case "weight":
			if !opts.weights {
				return nil, yamlErr(name, k, path, "weight is only allowed under stance")
			}
			w, err := scalarFloat(name, v, join(path, "weight"))
			if err != nil {
				return nil, err
			}
			if math.Abs(w) > maxWeight {
				return nil, yamlErr(name, v, path, "weight %v outside [-%d, %d]", w, maxWeight, maxWeight)
			}
			weight *= w
		case "negated":
			if !opts.weights {
				return nil, yamlErr(name, k, path, "negated is only allowed under stance")
			}
			if v.Kind != yaml.ScalarNode || (v.Value != NegFlip && v.Value != NegDamp && v.Value != NegKeep) {
				return nil, yamlErr(name, v, path, "negated must be flip, damp or keep, got %q", v.Value)
			}
			neg = v.Value
		case "description":
			if v.Kind != yaml.ScalarNode {
				return nil, yamlErr(name, v, path, "description must be a string")
			}
		case "patterns":
			if path == "" {
				return nil, yamlErr(name, k, path, "patterns need a key")
			}
			patNode = v
		}
	}
	if patNode != nil {
		if patterns, err = patternList(name, patNode, path); err != nil {
			return nil, err
		}
		out = append(out, entryFor(path, weight, neg, opts, patterns))
	}
	children := 0
	for _, p := range kv {
		k, v := p[0], p[1]
		switch k.Value {
		case "weight", "negated", "description", "patterns":
			continue
		}
		if err := checkKeyName(name, k, path); err != nil {
			return nil, err
		}
		if v.Kind != yaml.MappingNode && v.Kind != yaml.SequenceNode {
			reserved := "patterns, description"
			if opts.weights {
				reserved = "weight, negated, patterns, description"
			}
			return nil, yamlErr(name, k, path, "unknown key %q: a child key needs a mapping or a list of patterns (reserved keys: %s)", k.Value, reserved)
		}
		if out, err = walkTree(name, v, join(path, k.Value), weight, neg, opts, out); err != nil {
			return nil, err
		}
		children++
	}
	if patNode == nil && children == 0 && path != "" {
		return nil, yamlErr(name, n, path, "key has neither patterns nor child keys")
	}
	return out, nil
}

func entryFor(path string, weight float64, neg string, opts treeOpts, ps []string) Entry {
	e := Entry{Key: path, Patterns: ps}
	if opts.weights {
		e.Weight, e.Negated = weight, neg
	}
	return e
}

// ParseYAML reads a dictionary in this package's YAML format (see doc.go). name is used in error
// messages ("dictionary: name:line:col: key.path: message").
func ParseYAML(data []byte, name string) (*Model, error) {
	spec, err := parseSpecYAML(data, name)
	if err != nil {
		return nil, err
	}
	return compileNamed(spec, name)
}

func parseSpecYAML(data []byte, name string) (*Spec, error) {
	root, err := parseDoc(data, name)
	if err != nil {
		return nil, err
	}
	kv, err := pairs(name, root, "")
	if err != nil {
		return nil, err
	}
	spec := &Spec{Format: FormatV1, Smoothing: DefaultSmoothing, DeadBand: DefaultDeadBand,
		Scope: Scope{MaxWords: DefaultMaxWords}}
	hasStance := false
	for _, p := range kv {
		k, v := p[0], p[1]
		switch k.Value {
		case "settings":
			if err := parseSettings(name, v, spec); err != nil {
				return nil, err
			}
		case "stance":
			hasStance = true
			if err := topMapping(name, v, "stance"); err != nil {
				return nil, err
			}
			if spec.Stance, err = walkTree(name, v, "", 1, NegDamp, treeOpts{weights: true}, nil); err != nil {
				return nil, err
			}
		case "concepts":
			if err := topMapping(name, v, "concepts"); err != nil {
				return nil, err
			}
			if spec.Concepts, err = walkTree(name, v, "", 0, "", treeOpts{}, nil); err != nil {
				return nil, err
			}
		case "modifiers":
			if spec.Modifiers, err = parseModifiers(name, v); err != nil {
				return nil, err
			}
		case "scope":
			if err := parseScope(name, v, &spec.Scope); err != nil {
				return nil, err
			}
		default:
			return nil, yamlErr(name, k, "", "unknown top-level key %q (want settings, stance, concepts, modifiers, scope)", k.Value)
		}
	}
	if !hasStance || len(spec.Stance) == 0 {
		return nil, yamlErr(name, root, "", "no stance keys")
	}
	return spec, nil
}

// topMapping checks that the stance: or concepts: section is a mapping of keys: walkTree would
// take a bare list for a key's patterns (with an empty key) and report a scalar without the key.
func topMapping(name string, n *yaml.Node, key string) error {
	if n.Kind == yaml.MappingNode {
		return nil
	}
	what := "a list"
	switch n.Kind {
	case yaml.ScalarNode:
		what = fmt.Sprintf("%q", n.Value)
		if n.ShortTag() == "!!null" {
			what = "nothing"
		}
	case yaml.AliasNode:
		what = "an alias"
	}
	return yamlErr(name, n, key, "must be a mapping of keys to patterns or to child keys (e.g. %s: {some_key: [pattern, ...]}), got %s", key, what)
}

func parseSettings(name string, n *yaml.Node, spec *Spec) error {
	kv, err := pairs(name, n, "settings")
	if err != nil {
		return err
	}
	for _, p := range kv {
		k, v := p[0], p[1]
		f, err := scalarFloat(name, v, "settings."+k.Value)
		switch k.Value {
		case "smoothing":
			spec.Smoothing = f
		case "dead_band":
			spec.DeadBand = f
		default:
			return yamlErr(name, k, "settings", "unknown key %q (want smoothing, dead_band)", k.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func parseModifiers(name string, n *yaml.Node) ([]ModifierClass, error) {
	kv, err := pairs(name, n, "modifiers")
	if err != nil {
		return nil, err
	}
	var out []ModifierClass
	for _, p := range kv {
		k, v := p[0], p[1]
		path := "modifiers." + k.Value
		if err := checkKeyName(name, k, "modifiers"); err != nil {
			return nil, err
		}
		mc := ModifierClass{Name: k.Value, Factor: 1}
		ckv, err := pairs(name, v, path)
		if err != nil {
			return nil, err
		}
		for _, q := range ckv {
			ck, cv := q[0], q[1]
			switch ck.Value {
			case "effect":
				mc.Effect = cv.Value
			case "factor":
				if mc.Factor, err = scalarFloat(name, cv, path+".factor"); err != nil {
					return nil, err
				}
			case "patterns":
				if mc.Patterns, err = patternList(name, cv, path); err != nil {
					return nil, err
				}
			case "stop_at_comma":
				if cv.Kind != yaml.ScalarNode || cv.Decode(&mc.StopAtComma) != nil {
					return nil, yamlErr(name, cv, path+".stop_at_comma", "want true or false, got %q", cv.Value)
				}
			case "before":
				if mc.Before, err = scalarFloat(name, cv, path+".before"); err != nil {
					return nil, err
				}
			case "before_scope":
				mc.BeforeScope = cv.Value
			case "after_scope":
				mc.AfterScope = cv.Value
			case "keys":
				if mc.Keys, err = stringList(name, cv, path+".keys"); err != nil {
					return nil, err
				}
			case "flip":
				if mc.Flip, err = stringList(name, cv, path+".flip"); err != nil {
					return nil, err
				}
			case "description":
			default:
				return nil, yamlErr(name, ck, path, "unknown key %q (want effect, factor, stop_at_comma, before, before_scope, after_scope, keys, flip, patterns, description)", ck.Value)
			}
		}
		if err := mc.check(); err != nil {
			return nil, yamlErr(name, v, path, "%v", err)
		}
		out = append(out, mc)
	}
	return out, nil
}

func (mc ModifierClass) check() error {
	switch mc.Effect {
	case EffectNegate, EffectScale, EffectNone:
	default:
		return fmt.Errorf("effect must be negate, scale or none, got %q", mc.Effect)
	}
	if math.IsNaN(mc.Factor) || mc.Factor < -1 || mc.Factor > 1 {
		return fmt.Errorf("factor must be in [-1, 1], got %v", mc.Factor)
	}
	if math.IsNaN(mc.Before) || mc.Before < -1 || mc.Before > 1 {
		return fmt.Errorf("before must be in [-1, 1], got %v", mc.Before)
	}
	switch mc.BeforeScope {
	case "", BeforeClause, BeforeText:
	default:
		return fmt.Errorf("before_scope must be %s or %s, got %q", BeforeClause, BeforeText, mc.BeforeScope)
	}
	switch mc.AfterScope {
	case "", BeforeClause, BeforeText:
	default:
		return fmt.Errorf("after_scope must be %s or %s, got %q", BeforeClause, BeforeText, mc.AfterScope)
	}
	for _, k := range mc.Keys {
		if k == "" {
			return errors.New("keys: empty key path")
		}
	}
	for _, k := range mc.Flip {
		if k == "" {
			return errors.New("flip: empty key path")
		}
	}
	if len(mc.Flip) > 0 && mc.Effect != EffectNegate {
		return fmt.Errorf("flip needs effect %s, got %q", EffectNegate, mc.Effect)
	}
	if len(mc.Patterns) == 0 {
		return errors.New("no patterns")
	}
	return nil
}

func parseScope(name string, n *yaml.Node, sc *Scope) error {
	kv, err := pairs(name, n, "scope")
	if err != nil {
		return err
	}
	for _, p := range kv {
		k, v := p[0], p[1]
		switch k.Value {
		case "max_words":
			if v.Kind != yaml.ScalarNode || v.Decode(&sc.MaxWords) != nil {
				return yamlErr(name, v, "scope.max_words", "want an integer, got %q", v.Value)
			}
		case "breaks", "after_comma", "modals":
			ws, err := stringList(name, v, "scope."+k.Value)
			if err != nil {
				return err
			}
			switch k.Value {
			case "breaks":
				sc.Breaks = ws
			case "after_comma":
				sc.AfterComma = ws
			default:
				sc.Modals = ws
			}
		default:
			return yamlErr(name, k, "scope", "unknown key %q (want max_words, breaks, after_comma, modals)", k.Value)
		}
	}
	return sc.check()
}

func (sc Scope) check() error {
	if sc.MaxWords < 1 || sc.MaxWords > 200 {
		return fmt.Errorf("dictionary: scope.max_words must be in [1, 200], got %d", sc.MaxWords)
	}
	for _, list := range [][]string{sc.Breaks, sc.AfterComma, sc.Modals} {
		for _, w := range list {
			if ws, err := parsePattern(w); err != nil || len(ws) != 1 || ws[0].glob {
				return fmt.Errorf("dictionary: scope word %q must be a single literal word", w)
			}
		}
	}
	return nil
}

// ParseQuanteda reads a plain quanteda YAML dictionary: nested keys whose leaves are lists of
// patterns, no weights or other reserved keys except "patterns" and "description". Key paths are
// joined with dots.
func ParseQuanteda(data []byte, name string) ([]Entry, error) {
	root, err := parseDoc(data, name)
	if err != nil {
		return nil, err
	}
	entries, err := walkTree(name, root, "", 0, "", treeOpts{}, nil)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, yamlErr(name, root, "", "no keys")
	}
	return entries, nil
}

// FromQuanteda builds a model whose stance dictionary is a plain quanteda YAML dictionary and
// whose weights are given separately: weights maps a key path ("state_centric" or
// "state_centric.sovereignty") to a weight, and weights multiply down the tree as in the native
// format (a key with no weighted ancestor gets 0 and contributes nothing). Negation handling is
// NegDamp for every key. Concepts, modifiers, scope and settings come from the default dictionary.
func FromQuanteda(data []byte, name string, weights map[string]float64) (*Model, error) {
	entries, err := ParseQuanteda(data, name)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, e := range entries {
		parts := strings.Split(e.Key, ".")
		for i := range parts {
			known[strings.Join(parts[:i+1], ".")] = true
		}
	}
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w := weights[k]
		if !known[k] {
			return nil, fmt.Errorf("dictionary: %s: weight given for unknown key %q", name, k)
		}
		if math.IsNaN(w) || math.IsInf(w, 0) || math.Abs(w) > maxWeight {
			return nil, fmt.Errorf("dictionary: %s: weight for %q must be finite and within ±%d", name, k, maxWeight)
		}
	}
	for i := range entries {
		parts := strings.Split(entries[i].Key, ".")
		w, any := 1.0, false
		for j := range parts {
			if v, ok := weights[strings.Join(parts[:j+1], ".")]; ok {
				w *= v
				any = true
			}
		}
		if !any {
			w = 0
		}
		entries[i].Weight, entries[i].Negated = w, NegDamp
	}
	def := defaultSpec()
	spec := *def
	spec.Stance = entries
	return compileNamed(&spec, name)
}

// ParseMatcher compiles a plain quanteda YAML dictionary (see ParseQuanteda) into a Matcher that
// reports mentions of its keys (dotted paths).
func ParseMatcher(data []byte, name string) (*Matcher, error) {
	entries, err := ParseQuanteda(data, name)
	if err != nil {
		return nil, err
	}
	m, err := NewMatcher(entries)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}
