package labels

import (
	"errors"
	"fmt"

	"github.com/stanceshift/stanceshift/corpus"
)

// Set is the labels read from one file: Path names the file in errors.
type Set struct {
	Path   string
	Labels []Label
}

// Merge concatenates label sets, in the order given, into one list. A provision labelled in two
// sets is an error naming both files and lines (wrapping corpus.ErrDuplicate): a provision must
// have one gold label, and silently keeping either would change an evaluation. Every duplicate
// is reported (up to MaxErrors), joined into one error, and then Merge returns no labels.
// Labels keep their Line, which is a line of the file they came from.
func Merge(sets ...Set) ([]Label, error) {
	type place struct {
		path string
		line int
	}
	first := map[string]place{}
	var out []Label
	var errs []error
	for _, s := range sets {
		for _, l := range s.Labels {
			if p, dup := first[l.ProvisionID]; dup {
				if len(errs) < MaxErrors {
					errs = append(errs, &Error{Path: s.Path, Line: l.Line,
						Err: fmt.Errorf("%w: provision_id %q is also labelled at %s:%d (a provision may have one label only)", corpus.ErrDuplicate, l.ProvisionID, p.path, p.line)})
				}
				continue
			}
			first[l.ProvisionID] = place{s.Path, l.Line}
			out = append(out, l)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// ReadFiles reads several labels files (see Read) and merges them (see Merge). It reads every
// file before it fails, so that the errors of all of them are reported together.
func ReadFiles(paths ...string) ([]Label, error) {
	var sets []Set
	var errs []error
	for _, p := range paths {
		ls, err := ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sets = append(sets, Set{Path: p, Labels: ls})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return Merge(sets...)
}
