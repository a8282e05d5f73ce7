package entities

import (
	"errors"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// TrainOptions configures TrainModel.
type TrainOptions struct {
	// Name is recorded in the model and its model.json; default DefaultModelName.
	Name string
}

// DefaultModelName is the name of a trained model when TrainOptions.Name is empty.
const DefaultModelName = "stanceshift-entities"

// ErrNoSpans is returned by TrainModel when no span covers a whole prose token.
var ErrNoSpans = errors.New("entities: train: no usable spans")

// TrainModel trains a new entity classifier on labelled texts with prose (prose.ModelFromData
// with prose.UsingEntities: maximum entropy, 100 iterations of generalised iterative scaling,
// over prose's built-in part-of-speech tags). The model's labels are the spans' types, kept
// as they are; it types its entities with the Default gazetteer (see Model.Find).
//
// Every span must be valid as ReadSpans checks it (TrainModel re-checks). prose labels whole
// tokens of its own tokeniser: a span is narrowed to the tokens it covers entirely, and a span
// that covers none ("UN" in "UN-led") is skipped and counted in Stats().Skipped. Training
// took 4 s for the 60 sentences of testdata/train_spans.jsonl.
func TrainModel(spans []LabelledText, opt TrainOptions) (*Model, error) {
	g, err := Default()
	if err != nil {
		return nil, err
	}
	if opt.Name == "" {
		opt.Name = DefaultModelName
	}
	var data []prose.EntityContext
	stats := TrainStats{Texts: len(spans)}
	counts := map[string]int{}
	for i, lt := range spans {
		if err := checkSpans(lt); err != nil {
			return nil, fmt.Errorf("entities: train: text %d: %w", i+1, err)
		}
		sorted := slices.Clone(lt.Spans)
		slices.SortStableFunc(sorted, func(a, b Span) int { return a.Start - b.Start })
		for k := 1; k < len(sorted); k++ {
			if sorted[k].Start < sorted[k-1].End {
				return nil, fmt.Errorf("entities: train: text %d: entity [%d,%d) overlaps entity [%d,%d)",
					i+1, sorted[k].Start, sorted[k].End, sorted[k-1].Start, sorted[k-1].End)
			}
		}
		ec, used, err := entityContext(lt.Text, sorted)
		if err != nil {
			return nil, fmt.Errorf("entities: train: text %d: %w", i+1, err)
		}
		for k, u := range used {
			if u {
				counts[sorted[k].Type]++
			} else {
				stats.Skipped++
			}
		}
		data = append(data, ec)
	}
	for t, c := range counts {
		stats.Spans = append(stats.Spans, TypeCount{t, c})
	}
	slices.SortFunc(stats.Spans, func(a, b TypeCount) int {
		if a.Type < b.Type {
			return -1
		}
		if a.Type > b.Type {
			return 1
		}
		return 0
	})
	if len(stats.Spans) == 0 {
		return nil, ErrNoSpans
	}
	pm, err := proseTrain(opt.Name, data)
	if err != nil {
		return nil, fmt.Errorf("entities: train: %w", err)
	}
	types := make([]string, len(stats.Spans))
	for i, tc := range stats.Spans {
		types[i] = tc.Type
	}
	return &Model{pm: pm, name: opt.Name, types: types, stats: stats, gaz: g}, nil
}

func proseTrain(name string, data []prose.EntityContext) (pm *prose.Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			pm, err = nil, fmt.Errorf("prose: %v", r)
		}
	}()
	return prose.ModelFromData(name, prose.UsingEntities(data)), nil
}

// entityContext converts one labelled text into prose's training form, reporting which spans
// cover at least one whole token.
//
// prose (v2.0.0, assignLabels) does not take byte offsets: it turns Start and End into counts
// of non-space runes before them and compares those with running sums of its tokens' byte
// lengths, which disagree on non-ASCII text and after its quote replacement. So each span is
// first mapped to the tokens it covers, and Start and End are then chosen so that prose's
// arithmetic lands exactly on those tokens.
func entityContext(text string, spans []Span) (prose.EntityContext, []bool, error) {
	ec := prose.EntityContext{Text: text, Accept: true}
	used := make([]bool, len(spans))
	if len(spans) == 0 {
		return ec, used, nil
	}
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		return ec, nil, err
	}
	al := alignTokens(text, doc.Tokens())
	// before[i] is the sum of the byte lengths of tokens [0, i): prose's index at token i.
	before := make([]int, len(al.texts)+1)
	for i, t := range al.texts {
		before[i+1] = before[i] + len(t)
	}
	nonSpace := nonSpaceRuneOffsets(text)
	ti := 0
	for k, s := range spans {
		// Spans are sorted and disjoint, and so are tokens: one pass over the tokens.
		for ti < len(al.texts) && al.start[ti] < s.Start {
			ti++ // before the span, or not found in the text (-1)
		}
		first := ti
		for ti < len(al.texts) && al.start[ti] >= 0 && al.end[ti] <= s.End {
			ti++
		}
		last := ti
		if first == last {
			continue
		}
		used[k] = true
		ec.Spans = append(ec.Spans, prose.LabeledEntity{
			Start: proseOffset(nonSpace, before[first]),
			End:   proseOffset(nonSpace, before[last]),
			Label: s.Type,
		})
	}
	return ec, used, nil
}

// nonSpaceRuneOffsets returns, for the text as prose iterates it (runes, an invalid byte
// counting as one), the rune index just after each non-space rune, and the total rune count
// as the last element.
func nonSpaceRuneOffsets(text string) []int {
	var out []int
	n := 0
	for _, r := range text {
		n++
		if !unicode.IsSpace(r) {
			out = append(out, n)
		}
	}
	return append(out, utf8.RuneCountInString(text))
}

// proseOffset returns the smallest rune offset R such that R minus the number of space runes
// before R equals target: the value prose's adjustPos maps back to target.
func proseOffset(nonSpace []int, target int) int {
	if target == 0 {
		return 0
	}
	ns := len(nonSpace) - 1 // non-space runes in the text
	if target <= ns {
		return nonSpace[target-1]
	}
	return nonSpace[ns] + target - ns // past the text, every step counts
}
