package labels

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// StanceCount counts the labels of one stance.
type StanceCount struct {
	Stance                           string
	Total, Test, Validation, Heldout int
}

// ConceptCount counts the labels that carry one concept.
type ConceptCount struct {
	Concept string
	Count   int
	Known   bool // one of ConceptIDs
}

// Summary describes a set of labels.
type Summary struct {
	Total, Test, Validation, Heldout, Scored int
	// Stances has one entry per stance in the order of Stances (zero counts included).
	Stances []StanceCount
	// Concepts has every id of ConceptIDs in that order (zero counts included), then user
	// concepts sorted by id.
	Concepts []ConceptCount
	// WithConcepts is the number of labels with at least one concept.
	WithConcepts int
}

// Summarize counts labels by stance, split and concept. The result is deterministic.
func Summarize(ls []Label) Summary {
	s := Summary{Total: len(ls)}
	st := map[string]*StanceCount{}
	for _, name := range Stances {
		s.Stances = append(s.Stances, StanceCount{Stance: name})
	}
	for i := range s.Stances {
		st[s.Stances[i].Stance] = &s.Stances[i]
	}
	cc := map[string]int{}
	for _, l := range ls {
		if c := st[l.Stance]; c != nil {
			c.Total++
			switch l.Split {
			case SplitTest:
				c.Test++
			case SplitValidation:
				c.Validation++
			case SplitHeldout:
				c.Heldout++
			}
		}
		switch l.Split {
		case SplitTest:
			s.Test++
		case SplitValidation:
			s.Validation++
		case SplitHeldout:
			s.Heldout++
		}
		if l.Score != nil {
			s.Scored++
		}
		if len(l.Concepts) > 0 {
			s.WithConcepts++
		}
		for _, c := range l.Concepts {
			cc[c]++
		}
	}
	for _, id := range ConceptIDs {
		s.Concepts = append(s.Concepts, ConceptCount{Concept: id, Count: cc[id], Known: true})
	}
	var user []string
	for c := range cc {
		if !KnownConcept(c) {
			user = append(user, c)
		}
	}
	sort.Strings(user)
	for _, c := range user {
		s.Concepts = append(s.Concepts, ConceptCount{Concept: c, Count: cc[c]})
	}
	return s
}

// WriteMarkdown writes the summary as two Markdown tables (stances with their test share, then
// concepts), the form quoted in testdata/labels/README.md. A validation column is added when
// some labels are in the validation split, a heldout column (last) when some are in heldout.
func (s Summary) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	val, held := s.Validation > 0, s.Heldout > 0
	header, align := []string{"stance", "labels"}, []string{"---", "---:"}
	add := func(on bool, names ...string) {
		if on {
			for _, n := range names {
				header, align = append(header, n), append(align, "---:")
			}
		}
	}
	add(val, "validation")
	add(true, "test", "test share")
	add(held, "heldout")
	fmt.Fprintf(&b, "| %s |\n|%s|\n", strings.Join(header, " | "), strings.Join(align, "|"))
	row := func(name string, total, validation, test, heldout int) {
		cells := []string{name, strconv.Itoa(total)}
		if val {
			cells = append(cells, strconv.Itoa(validation))
		}
		cells = append(cells, strconv.Itoa(test), pct(test, total))
		if held {
			cells = append(cells, strconv.Itoa(heldout))
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
	}
	for _, c := range s.Stances {
		row(c.Stance, c.Total, c.Validation, c.Test, c.Heldout)
	}
	row("all", s.Total, s.Validation, s.Test, s.Heldout)
	b.WriteString("\n")
	fmt.Fprintf(&b, "| concept | labels |\n|---|---:|\n")
	for _, c := range s.Concepts {
		name := c.Concept
		if !c.Known {
			name += " (user)"
		}
		fmt.Fprintf(&b, "| %s | %d |\n", name, c.Count)
	}
	fmt.Fprintf(&b, "| (labels with at least one concept) | %d |\n", s.WithConcepts)
	_, err := io.WriteString(w, b.String())
	return err
}

func pct(a, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(n))
}
