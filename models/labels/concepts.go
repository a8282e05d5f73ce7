package labels

import (
	"fmt"

	"github.com/stanceshift/stanceshift/corpus"
)

// ConceptIDs are the concept ids fixed across the project (dictionary keys, the concepts column of
// labels files), in the order of DOMAIN.md.
var ConceptIDs = []string{
	"international_law", "sovereignty", "territorial_integrity", "non_interference",
	"human_rights_online", "restrictions_on_rights", "information_weapons", "hostile_activities",
	"terrorism_extremism", "equal_role_of_states", "multistakeholder", "private_sector_civil_society",
	"confidence_building", "capacity_building", "supply_chain_security", "un_norm_making",
	"peaceful_settlement",
}

// KnownConcept reports whether id is one of ConceptIDs.
func KnownConcept(id string) bool { return contains(ConceptIDs, id) }

// Check returns warnings about labels that Read accepts but that are probably mistakes, in label
// order: a concept id outside ConceptIDs (users may track their own concepts, so this is not an
// error), a score whose sign disagrees with the stance (state_centric wants a score > 0,
// multistakeholder < 0, neutral exactly 0), and a split column filled for some labels and empty
// for others. name is the file name used in the warnings.
func Check(name string, ls []Label) []corpus.Warning {
	var ws []corpus.Warning
	warn := func(l Label, format string, args ...any) {
		ws = append(ws, corpus.Warning{Path: name, Line: l.Line, Msg: "labels: " + fmt.Sprintf(format, args...)})
	}
	split := 0
	for _, l := range ls {
		for _, c := range l.Concepts {
			if !KnownConcept(c) {
				warn(l, "%s: concept %q is not one of the project's concept ids (kept as a user concept)", l.ProvisionID, c)
			}
		}
		if l.Score != nil && !signAgrees(l.Stance, *l.Score) {
			warn(l, "%s: score %g disagrees with stance %s (expected %s)", l.ProvisionID, *l.Score, l.Stance, wantSign(l.Stance))
		}
		if l.Split != "" {
			split++
		}
	}
	if split > 0 && split < len(ls) {
		for _, l := range ls {
			if l.Split == "" {
				warn(l, "%s: no split, while %d of %d labels have one", l.ProvisionID, split, len(ls))
			}
		}
	}
	return ws
}

func signAgrees(stance string, score float64) bool {
	switch wantSign(stance) {
	case "> 0":
		return score > 0
	case "< 0":
		return score < 0
	case "0":
		return score == 0
	}
	return true
}

func wantSign(stance string) string {
	switch stance {
	case Stances[0]:
		return "> 0"
	case Stances[1]:
		return "< 0"
	case Stances[2]:
		return "0"
	}
	return ""
}
