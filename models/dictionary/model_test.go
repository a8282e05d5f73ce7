package dictionary

import (
	"bytes"
	"flag"
	"fmt"
	"github.com/stanceshift/stanceshift/internal/textkey"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stanceshift/stanceshift/models"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// Passages quoted in the seed commentary (testdata/seed), plus the Tunis Agenda's formula.
const (
	seedEqualRole = "All States must play the same role in, and carry equal responsibility for, international governance of the Internet, its security, continuity and stability of operation, and its development"
	seedCooperate = "cooperate fully with other interested parties in encouraging a deeper understanding by all elements in society, including the private sector and civil-society institutions, of their responsibility to ensure information security"
	seedLead      = "lead all elements of society, including its information and communication private sectors, to understand their roles and responsibilities with regard to information security"
	seedGovs      = "all governments should have an equal role and responsibility for international Internet governance and for ensuring the stability, security and continuity of the existing Internet and it future development"
	seedCBM       = "develop confidence-building measures aimed at increasing predictability and reducing the likelihood of misunderstanding and the risk of conflict."
	tunis         = "governments, the private sector, civil society and the technical community, in their respective roles"
)

var seedSentences = []string{seedEqualRole, seedCooperate, seedLead, seedGovs, seedCBM, tunis, "", "...", "nothing relevant here"}

func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seed", "justsecurity-sco-code-2015.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSeedQuotes(t *testing.T) {
	seed := readSeed(t)
	for _, q := range []string{seedEqualRole, seedCooperate, seedLead, seedGovs} {
		if !strings.Contains(seed, q) {
			t.Fatalf("quote not in the seed text: %q", q)
		}
	}
	m := Default()
	sc := func(s string) models.Score { return m.Score(text(s)) }
	if s := sc(seedEqualRole); s.Label != models.StateCentric {
		t.Errorf("equal-role quote: %+v, want state_centric", s)
	}
	if s := sc(seedGovs); s.Label != models.StateCentric {
		t.Errorf("WCIT Res. 3 quote: %+v, want state_centric", s)
	}
	coop, lead := sc(seedCooperate), sc(seedLead)
	if !(coop.Score < lead.Score) {
		t.Errorf("2015 'cooperate ... other interested parties' (%.3f) should be less state-centric than 2011 'lead all elements of society' (%.3f)", coop.Score, lead.Score)
	}
	if lead.Label != models.StateCentric {
		t.Errorf("2011 'lead all elements of society': %+v, want state_centric", lead)
	}
	if s := sc(tunis); s.Label != models.Multistakeholder {
		t.Errorf("Tunis respective roles: %+v, want multistakeholder", s)
	}
	if s := sc(seedCBM); s.Label != models.Neutral {
		t.Errorf("confidence-building measures: %+v, want neutral", s)
	}
}

// negModel is a small stance dictionary with the default modifiers and scope rules.
func negModel(t testing.TB) *Model {
	t.Helper()
	s := Default().Spec()
	s.Stance = []Entry{
		{Key: "flip", Weight: 1, Negated: NegFlip, Patterns: []string{"restrict*", "control*"}},
		{Key: "keep", Weight: 1, Negated: NegKeep, Patterns: []string{"internal affairs"}},
		{Key: "damp", Weight: 1, Negated: NegDamp, Patterns: []string{"sovereign*"}},
		{Key: "ms", Weight: -1, Negated: NegDamp, Patterns: []string{"free flow of information"}},
	}
	m, err := compile(&s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNegationAndModality(t *testing.T) {
	m := negModel(t)
	cases := []struct {
		name string
		in   string
		want string // term:contribution[modifiers] ...
	}{
		{"shall not flips a predicate, damps a noun", "States shall not restrict the free flow of information.", "restrict:-1[negation] free flow of information:-0.25[negation]"},
		{"keep: a principle stated negatively", "Not to use ICTs to interfere in the internal affairs of other States", "internal affairs:1[negation]"},
		{"damp", "States should not claim sovereignty", "sovereignty:0.25[negation]"},
		{"not to", "undertake not to restrict access", "restrict:-1[negation]"},
		{"refrain from", "States should refrain from restricting access", "restricting:-1[negation]"},
		{"cannot", "States cannot restrict access", "restrict:-1[negation]"},
		{"without", "without restricting access", "restricting:-1[negation]"},
		{"no ... shall", "No State shall exercise control over the Internet", "control:-1[negation]"},
		{"never", "States will never restrict it", "restrict:-1[negation]"},
		{"without prejudice to is a saving clause, not a negation", "Without prejudice to the sovereignty of States", "sovereignty:0.5[saving]"},
		{"a saving clause ends at its comma", "Without prejudice to sovereignty, States restrict access", "sovereignty:0.5[saving] restrict:1"},
		{"should be free to", "States should be free to restrict content", "restrict:0.5[permissive]"},
		{"voluntary", "on a voluntary basis, States restrict", "restrict:0.5[permissive]"},
		{"not only is inert", "not only sovereignty", "sovereignty:1[inert]"},
		{"no later than is inert", "no later than restrict", "restrict:1[inert]"},
		{"scope ends at a semicolon", "States shall not restrict access; States control", "restrict:-1[negation] control:1"},
		{"scope ends at comma + and", "shall not restrict access, and shall control", "restrict:-1[negation] control:1"},
		{"scope ends at and + modal", "shall not restrict access and shall control it", "restrict:-1[negation] control:1"},
		{"scope crosses a list comma", "shall not restrict, control or censor", "restrict:-1[negation] control:-1[negation]"},
		{"scope ends at but", "not to restrict but to control", "restrict:-1[negation] control:1"},
		{"scope ends at a full stop", "They shall not restrict. They control", "restrict:-1[negation] control:1"},
		{"scope is at most 15 words", "not a b c d e f g h i j k l m n restrict o control", "restrict:-1[negation] control:1"},
		{"nor after a comma opens a new scope", "shall not restrict, nor control", "restrict:-1[negation] control:-1[negation]"},
		{"double negation cancels", "shall not refrain from restricting", "restricting:1[negation negation]"},
		{"negation and modality combine", "States may wish to refrain from restricting", "restricting:-0.5[permissive negation]"},
		{"trigger before the term only", "restrict access is not allowed", "restrict:1"},
		{"a pretext is reversed whatever its negated handling, what it would justify is negated",
			"Protecting internal affairs cannot justify restrictions on the free flow of information",
			"internal affairs:-1[pretext] restrictions:-1[pretext] free flow of information:-0.25[pretext]"},
		{"the reversal stays in the trigger's clause", "States control; sovereignty must not be used to restrict",
			"control:1 sovereignty:-1[pretext] restrict:-1[pretext]"},
		{"the reversal reaches at most 15 words back", "sovereignty a b c d e f g h i j k l m n o cannot justify it",
			"sovereignty:1"},
		{"a concession before however is discounted, across sentences", "States restrict access. Sovereignty matters. However, the free flow of information prevails",
			"restrict:0.3[concession] sovereignty:0.3[concession] free flow of information:-1[concession]"},
		{"consulted at the government's discretion", "The Government will control it, consulting those who restrict where it considers this useful",
			"control:1 restrict:0.3[consultative]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if g := matchesString(m, c.in); g != c.want {
				t.Errorf("got  %q\nwant %q", g, c.want)
			}
		})
	}
	// n't comes out of the prose tokenizer as its own token.
	if ms := m.Matches(text("States don't restrict access")); len(ms) != 1 || ms[0].Contribution != -1 {
		t.Errorf("n't: %+v", ms)
	}
}

// Modifier classes restricted to some stance keys (keys:) and scoping the whole text
// (after_scope: text, before_scope: text).
func TestModifierKeysAndTextScope(t *testing.T) {
	s := Default().Spec()
	s.Stance = []Entry{
		{Key: "sc.lead", Weight: 1, Negated: NegFlip, Patterns: []string{"lead*"}},
		{Key: "ms.actors.industry", Weight: -1, Negated: NegDamp, Patterns: []string{"industry"}},
		{Key: "ms.actorsx", Weight: -1, Negated: NegDamp, Patterns: []string{"academia"}},
		{Key: "ms.process", Weight: -1, Negated: NegDamp, Patterns: []string{"bottom-up"}},
		{Key: "sc.sov", Weight: 1, Negated: NegKeep, Patterns: []string{"sovereign*"}},
		{Key: "sc.ni", Weight: 1, Negated: NegKeep, Patterns: []string{"interference"}},
	}
	s.Modifiers = []ModifierClass{
		{Name: "sub", Effect: EffectScale, Factor: 0.5, AfterScope: BeforeText, Before: 0.25, BeforeScope: BeforeText,
			Keys: []string{"ms.actors"}, Patterns: []string{"should lead"}},
		{Name: "neg", Effect: EffectNegate, Factor: 0.25, Patterns: []string{"not"}},
		{Name: "rej", Effect: EffectNegate, Factor: 0.25, Flip: []string{"sc.sov"}, Patterns: []string{"reject"}},
	}
	m, err := compile(&s)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, in, want string }{
		{"forward to the end of the text, across clauses and breaks, only the listed key and its children",
			"States should lead. But industry, academia and bottom-up bodies help; industry too",
			"lead:1 industry:-0.5[sub] academia:-1 bottom up:-1 industry:-0.5[sub]"},
		{"backward to the start of the text", "Industry and academia help. States should lead",
			"industry:-0.25[sub] academia:-1 lead:1"},
		{"other classes keep their clause scope", "not industry. industry", "industry:-0.25[neg] industry:-1"},
		{"no trigger, no effect", "industry leads", "industry:-1 leads:1"},
		{"flip: a rejected claim of a listed key is reversed, other keep keys are kept", "we reject sovereign laws and interference",
			"sovereign:-1[rej] interference:1[rej]"},
		{"a plain negation keeps the same key", "not sovereign", "sovereign:1[neg]"},
		{"double negation cancels the flip", "not reject sovereign laws", "sovereign:1[neg rej]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if g := matchesString(m, c.in); g != c.want {
				t.Errorf("got  %q\nwant %q", g, c.want)
			}
		})
	}
	// The class survives a save and load.
	var b strings.Builder
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := m2.Spec().Modifiers[0]; got.AfterScope != BeforeText || len(got.Keys) != 1 || got.Keys[0] != "ms.actors" {
		t.Errorf("after load: %+v", got)
	}
	if got := m2.Spec().Modifiers[2]; len(got.Flip) != 1 || got.Flip[0] != "sc.sov" {
		t.Errorf("after load: %+v", got)
	}
}

func TestHardCases(t *testing.T) {
	m := Default()
	sc := func(s string) models.Score { return m.Score(text(s)) }
	t.Run("multilateral is not multistakeholder", func(t *testing.T) {
		ml, ms := sc("the establishment of multilateral Internet governance mechanisms"), sc("the establishment of multistakeholder Internet governance mechanisms")
		if !(ml.Score > 0) || ml.Label != models.Neutral {
			t.Errorf("multilateral alone: %+v, want weakly positive and neutral", ml)
		}
		if ms.Label != models.Multistakeholder {
			t.Errorf("multistakeholder: %+v", ms)
		}
	})
	t.Run("other interested parties is weaker than all stakeholders", func(t *testing.T) {
		op, all := sc("States shall cooperate with other interested parties."), sc("States shall cooperate with all stakeholders.")
		// A residual category after a States-only clause: it leans state-centric, and never
		// reads as multistakeholder.
		if !(op.Score > all.Score) || op.Label == models.Multistakeholder || all.Label != models.Multistakeholder {
			t.Errorf("other interested parties %.3f, all stakeholders %.3f (%s)", op.Score, all.Score, all.Label)
		}
	})
	t.Run("other interested parties after a States-only clause", func(t *testing.T) {
		s := sc(seedEqualRole + ". States shall cooperate with other interested parties.")
		if s.Label != models.StateCentric {
			t.Errorf("%+v", s)
		}
	})
	t.Run("rights language restricted in the next clause", func(t *testing.T) {
		rights := sc("Everyone has the right to seek, receive and impart information and ideas.")
		both := sc("Everyone has the right to seek, receive and impart information and ideas. The exercise of this right carries special duties and responsibilities and may be subject to certain restrictions for the protection of national security or of public order.")
		if rights.Label != models.Multistakeholder {
			t.Errorf("rights only: %+v", rights)
		}
		if !(both.Score > 0) || !(both.Score > rights.Score) {
			t.Errorf("rights then restrictions %.3f should lean state-centric and above rights only %.3f", both.Score, rights.Score)
		}
	})
	t.Run("States lead, others contribute", func(t *testing.T) {
		led := sc("States should lead the governance of the Internet, and the private sector and civil society should contribute within their roles.")
		co := sc("The private sector and civil society should contribute to the governance of the Internet within their roles.")
		if led.Label != models.StateCentric || co.Label != models.Multistakeholder {
			t.Errorf("States-led %+v, actors alone %+v", led, co)
		}
	})
	t.Run("rejecting a claim of State authority reverses it", func(t *testing.T) {
		if s := sc("We reject sovereign Internet laws that let a government cut its country off from the global network."); s.Label != models.Multistakeholder {
			t.Errorf("%+v", s)
		}
		if s := sc("We reject any interference in the internal affairs of States through information networks."); s.Label != models.StateCentric {
			t.Errorf("rejecting interference asserts non-interference: %+v", s)
		}
	})
	t.Run("State control only on a court's order leans multistakeholder", func(t *testing.T) {
		ctl, cond := sc("The regulator may order the removal of content."), sc("The regulator may order the removal of content only where a court has found it unlawful.")
		if ctl.Label != models.StateCentric || cond.Label == models.StateCentric || !(cond.Score < 0) {
			t.Errorf("control %+v, conditional %+v", ctl, cond)
		}
	})
	t.Run("shall not restrict the free flow", func(t *testing.T) {
		if s := sc("States shall not restrict the free flow of information."); s.Label != models.Multistakeholder {
			t.Errorf("%+v", s)
		}
	})
	t.Run("non-interference stated negatively stays state-centric", func(t *testing.T) {
		if s := sc("Not to use information and communications technologies to interfere in the internal affairs of other States."); s.Label != models.StateCentric {
			t.Errorf("%+v", s)
		}
	})
	t.Run("without prejudice to sovereignty, stakeholders lead", func(t *testing.T) {
		s := sc("Without prejudice to the sovereignty of States, all stakeholders in their respective roles shall cooperate.")
		if s.Label != models.Multistakeholder {
			t.Errorf("%+v", s)
		}
	})
	t.Run("open-ended is not open", func(t *testing.T) {
		if s := sc("The open-ended working group shall meet."); s.Score != 0 {
			t.Errorf("%+v", s)
		}
		if s := sc("an open, bottom-up process"); s.Label != models.Multistakeholder {
			t.Errorf("%+v", s)
		}
	})
	t.Run("hyphen variants score alike", func(t *testing.T) {
		a, b := sc("a multi-stakeholder model"), sc("a multi stakeholder model")
		if a.Score != b.Score || a.Label != models.Multistakeholder {
			t.Errorf("%+v vs %+v", a, b)
		}
	})
}

func TestConcepts(t *testing.T) {
	m := Default()
	ids := []string{"international_law", "sovereignty", "territorial_integrity", "non_interference", "human_rights_online",
		"restrictions_on_rights", "information_weapons", "hostile_activities", "terrorism_extremism", "equal_role_of_states",
		"multistakeholder", "private_sector_civil_society", "confidence_building", "capacity_building",
		"supply_chain_security", "un_norm_making", "peaceful_settlement"}
	if got := m.ConceptMatcher().Keys(); !reflect.DeepEqual(got, ids) {
		t.Errorf("default concept keys\n got %q\nwant %q", got, ids)
	}
	cases := []struct{ concept, sentence, matched string }{
		{"international_law", "International law, and in particular the Charter of the United Nations, is applicable.", "International law"},
		{"sovereignty", "States reaffirm their sovereignty over the information space.", "sovereignty"},
		{"territorial_integrity", "respect for the territorial integrity of all States", "territorial integrity"},
		{"non_interference", "not to interfere in the internal affairs of other States", "internal affairs"},
		{"human_rights_online", "the right to seek, receive and impart information", "receive and impart"},
		{"restrictions_on_rights", "The exercise of these rights may be subject to certain restrictions.", "subject to certain restrictions"},
		{"information_weapons", "not to proliferate information weapons or related technologies", "information weapons or related technologies"},
		{"hostile_activities", "not to use ICTs to carry out hostile activities or acts of aggression", "hostile activities"},
		{"terrorism_extremism", "information that incites terrorism, secessionism or extremism", "terrorism"},
		{"equal_role_of_states", "all governments should have an equal role and responsibility", "equal role"},
		{"multistakeholder", "the multistakeholder model of Internet governance", "multistakeholder"},
		{"private_sector_civil_society", "including the private sector and civil-society institutions", "private sector"},
		{"confidence_building", "develop confidence-building measures aimed at increasing predictability", "confidence-building measures"},
		{"capacity_building", "assist developing countries in capacity-building", "capacity-building"},
		{"supply_chain_security", "ensure the security of the supply chain of ICT products and services", "supply chain"},
		{"un_norm_making", "the report of the Group of Governmental Experts", "Group of Governmental Experts"},
		{"peaceful_settlement", "States shall seek the peaceful settlement of disputes", "peaceful settlement of disputes"},
	}
	for _, c := range cases {
		t.Run(c.concept, func(t *testing.T) {
			tx := text(c.sentence)
			for _, mn := range m.Concepts(tx) {
				if mn.Concept == c.concept && mn.Matched == c.matched && tx.Text[mn.Start:mn.End] == c.matched {
					return
				}
			}
			t.Errorf("%q: no %s mention of %q in %+v", c.sentence, c.concept, c.matched, m.Concepts(tx))
		})
	}
	// A phrase listed under two concepts is reported for both, in key order.
	if g := got(m.Concepts(text("sovereign equality"))); !reflect.DeepEqual(g, []string{"sovereignty=sovereign equality", "equal_role_of_states=sovereign equality"}) {
		t.Errorf("sovereign equality: %q", g)
	}
}

func TestScoreFormula(t *testing.T) {
	m := mustParse(t, smallYAML) // sc.sov weight 1, sc.ctl weight 2 (flip), ms.roles -1; smoothing 1, band 0.2
	cases := []struct {
		name  string
		in    string
		score float64
		label string
	}{
		{"one term", "sovereignty", 1.0 / 2, models.StateCentric},
		{"two terms", "sovereignty and control", 3.0 / 4, models.StateCentric},
		{"balanced", "sovereignty in their respective roles", 0, models.Neutral},
		{"negative", "respective roles", -1.0 / 2, models.Multistakeholder},
		{"flipped", "not control", -2.0 / 3, models.Multistakeholder},
		{"no terms", "the weather", 0, models.Neutral},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := m.Score(text(c.in))
			if math.Abs(s.Score-c.score) > 1e-12 || s.Label != c.label {
				t.Errorf("got %v %s, want %v %s", s.Score, s.Label, c.score, c.label)
			}
			checkScore(t, s)
		})
	}
	for _, in := range []string{"", "  ", "...;"} {
		if s := m.Score(text(in)); !math.IsNaN(s.Score) || s.Label != models.Neutral {
			t.Errorf("%q: want NaN, got %+v", in, s)
		}
	}
	s := m.Score(text("Sovereignty, sovereignty and not control."))
	want := []models.Evidence{
		{Term: "control", Start: 33, End: 40, Count: 1, Contribution: -2.0 / 5},
		{Term: "sovereignty", Start: 0, End: 11, Count: 2, Contribution: 2.0 / 5},
	}
	if !reflect.DeepEqual(s.Evidence, want) {
		t.Errorf("evidence\n got %+v\nwant %+v", s.Evidence, want)
	}
	// Balanced evidence is confidently neutral: margin 1, mass 4.
	if want := 1 - math.Exp(-4); math.Abs(s.Confidence-want) > 1e-12 || s.Label != models.Neutral {
		t.Errorf("balanced evidence: confidence %v label %s, want %v neutral", s.Confidence, s.Label, want)
	}
	// Confidence: (1 - exp(-mass)) * margin.
	one := m.Score(text("sovereignty"))
	if want := (1 - math.Exp(-1)) * (0.5 - 0.2) / 0.8; math.Abs(one.Confidence-want) > 1e-12 {
		t.Errorf("confidence %v, want %v", one.Confidence, want)
	}
	if m.Name() != models.NameDictionary {
		t.Error(m.Name())
	}
	if lo, hi := m.Range(); lo != -1 || hi != 1 {
		t.Error(lo, hi)
	}
}

// sameScore compares scores, NaN equal to NaN.
func sameScore(a, b models.Score) bool {
	eq := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return eq(a.Score, b.Score) && eq(a.SE, b.SE) && eq(a.CILow, b.CILow) && eq(a.CIHigh, b.CIHigh) &&
		a.Label == b.Label && a.Confidence == b.Confidence && reflect.DeepEqual(a.Evidence, b.Evidence)
}

// checkScore checks the invariants every score keeps.
func checkScore(t testing.TB, s models.Score) {
	t.Helper()
	if math.IsNaN(s.Score) {
		if len(s.Evidence) != 0 {
			t.Errorf("NaN score with evidence %+v", s.Evidence)
		}
		return
	}
	if !(s.Score > -1 && s.Score < 1) || !(s.Confidence >= 0 && s.Confidence <= 1) {
		t.Errorf("score %v confidence %v out of range", s.Score, s.Confidence)
	}
	sum := 0.0
	for _, e := range s.Evidence {
		sum += e.Contribution
	}
	if math.Abs(sum-s.Score) > 1e-9 {
		t.Errorf("evidence sums to %v, score %v", sum, s.Score)
	}
	if s.Label != models.LabelFor(s.Score, DefaultDeadBand) && s.Label != models.LabelFor(s.Score, 0.2) {
		t.Errorf("label %s for %v", s.Label, s.Score)
	}
}

func TestScoreDocument(t *testing.T) {
	m := mustParse(t, smallYAML)
	doc := []models.Text{text("sovereignty"), text("respective roles; control"), text("")}
	s := m.ScoreDocument(doc)
	if want := (1 - 1 + 2) / (4 + 1.0); math.Abs(s.Score-want) > 1e-12 || s.Label != models.StateCentric {
		t.Errorf("got %+v, want %v", s, want)
	}
	for _, e := range s.Evidence {
		if e.Start != -1 || e.End != -1 {
			t.Errorf("document evidence should not be located: %+v", e)
		}
	}
	checkScore(t, s)
	if s := m.ScoreDocument(nil); !math.IsNaN(s.Score) {
		t.Errorf("empty document: %+v", s)
	}
	if s := m.ScoreDocument([]models.Text{text("the weather")}); s.Score != 0 {
		t.Errorf("no terms: %+v", s)
	}
}

// TestSeedGolden scores every line of the seed commentary with the default dictionary: a
// regression check for dictionary edits (go test -update rewrites it).
func TestSeedGolden(t *testing.T) {
	m := Default()
	var buf bytes.Buffer
	for i, line := range strings.Split(readSeed(t), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		tx := text(line)
		s := m.Score(tx)
		checkScore(t, s)
		fmt.Fprintf(&buf, "line %d: %+.4f %s conf=%.3f\n", i+1, s.Score, s.Label, s.Confidence)
		for _, mt := range m.Matches(tx) {
			fmt.Fprintf(&buf, "  %d-%d %s %q %+.3f %v\n", mt.Start, mt.End, mt.Key, mt.Term, mt.Contribution, mt.Modifiers)
		}
		for _, mn := range m.Concepts(tx) {
			fmt.Fprintf(&buf, "  concept %s %q\n", mn.Concept, mn.Matched)
		}
	}
	path := filepath.Join("testdata", "seed.golden")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("seed scores differ from %s (run go test -update and review the diff)", path)
	}
}

func TestDeterministic(t *testing.T) {
	seed := readSeed(t)
	a, b := Default().Score(text(seed)), Default().Score(text(seed))
	if !sameScore(a, b) {
		t.Error("two runs differ")
	}
	m2, err := ParseYAML(DefaultYAML(), "copy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c := m2.Score(text(seed)); !sameScore(a, c) {
		t.Error("a reparsed default scores differently")
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(smallYAML))
	f.Add(DefaultYAML())
	f.Add([]byte("stance: {a: [x]}"))
	f.Add([]byte("stance:\n  a: &x [y]\n  b: *x"))
	f.Add([]byte("stance:\n  a: &x\n    b: *x"))
	f.Add([]byte("a: [b, 'c d', e*]"))
	var buf bytes.Buffer
	_ = mustParse(f, smallYAML).Save(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ParseQuanteda(data, "fuzz")
		m, err := Load(bytes.NewReader(data))
		if err != nil {
			if !strings.Contains(err.Error(), "dictionary: ") {
				t.Errorf("error without package prefix: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := m.Save(&out); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(&out)
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		probe := text("States shall not restrict sovereignty, x y z; multistakeholder")
		if a, b := m.Score(probe), m2.Score(probe); !reflect.DeepEqual(a.Evidence, b.Evidence) {
			t.Errorf("round trip changed the evidence")
		}
	})
}

func FuzzScore(f *testing.F) {
	for _, s := range seedSentences {
		f.Add(s, 0)
	}
	f.Add("States shall not, nor refrain from — sovereign* ;;; multi-stakeholder", 3)
	f.Add("\xff\xfe information\u00a0space", 7)
	m := Default()
	f.Fuzz(func(t *testing.T, s string, shift int) {
		for _, tx := range []models.Text{text(s), runText(s)} {
			checkScore(t, m.Score(tx))
			for _, mn := range m.Concepts(tx) {
				if mn.Start < 0 || mn.End > len(s) || mn.Start > mn.End || s[mn.Start:mn.End] != mn.Matched {
					t.Errorf("bad mention %+v", mn)
				}
			}
			// Corrupt the offsets: still no panic and a valid score.
			for i := range tx.Tokens {
				tx.Tokens[i].Start += shift * (i % 3)
				tx.Tokens[i].End -= shift
			}
			checkScore(t, m.Score(tx))
			_ = m.Concepts(tx)
			checkScore(t, m.ScoreDocument([]models.Text{tx, text(s)}))
		}
	})
}

func BenchmarkScore(b *testing.B) {
	seed := readSeed(b)
	tx := text(seed)
	m := Default()
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		m.Score(tx)
	}
}

func BenchmarkConcepts(b *testing.B) {
	seed := readSeed(b)
	tx := text(seed)
	m := Default()
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		m.Concepts(tx)
	}
}

func BenchmarkParseDefault(b *testing.B) {
	for b.Loop() {
		if _, err := ParseYAML(governanceYAML, "governance.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestScoreAll checks that the one-pass ScoreAll gives exactly Score for each provision and
// ScoreDocument for them all, and ScoreAllConcepts the same plus Concepts, on the seed
// commentary's lines with the default dictionary.
func TestScoreAll(t *testing.T) {
	m := Default()
	lines := seedLines(t)
	for _, tc := range []struct {
		name  string
		provs []models.Text
	}{
		{"no provisions", nil},
		{"one empty provision", []models.Text{text("")}},
		{"the seed's lines", lines},
	} {
		t.Run(tc.name, func(t *testing.T) {
			each, doc := m.ScoreAll(tc.provs)
			if len(each) != len(tc.provs) {
				t.Fatalf("%d scores for %d provisions", len(each), len(tc.provs))
			}
			for i, p := range tc.provs {
				if want := m.Score(p); !sameScore(each[i], want) {
					t.Errorf("provision %d: ScoreAll %+v, Score %+v", i, each[i], want)
				}
			}
			if want := m.ScoreDocument(tc.provs); !sameScore(doc, want) {
				t.Errorf("document: ScoreAll %+v, ScoreDocument %+v", doc, want)
			}
			e2, d2 := models.ScoreAll(m, tc.provs)
			if !sameScore(d2, doc) || len(e2) != len(each) {
				t.Errorf("models.ScoreAll does not use the batch path's result")
			}
			// ScoreAllConcepts: the same scores, and Concepts of each provision.
			e3, d3, concepts := m.ScoreAllConcepts(tc.provs)
			if !sameScore(d3, doc) || len(e3) != len(each) || len(concepts) != len(tc.provs) {
				t.Fatalf("ScoreAllConcepts: %d scores, %d concept lists for %d provisions", len(e3), len(concepts), len(tc.provs))
			}
			mentions := 0
			for i, p := range tc.provs {
				if !sameScore(e3[i], each[i]) {
					t.Errorf("provision %d: ScoreAllConcepts %+v, ScoreAll %+v", i, e3[i], each[i])
				}
				if want := m.Concepts(p); !reflect.DeepEqual(concepts[i], want) {
					t.Errorf("provision %d: ScoreAllConcepts' concepts %+v, Concepts %+v", i, concepts[i], want)
				}
				mentions += len(concepts[i])
			}
			if tc.name == "the seed's lines" && mentions < 20 {
				t.Errorf("%d concept mentions in the seed: the case does not exercise the matcher", mentions)
			}
		})
	}
}

// TestScoreAllConceptsMemo checks that one memo over the versions of an instrument (texts
// kept, moved, repeated within a version, added and edited) gives what ScoreAllConcepts gives
// for each version, and that a text's evidence and concepts are the memo's, shared read-only;
// with the texts looked up by text (ScoreAllConceptsMemo), and numbered by the caller
// (ScoreAllConceptsMemoKeyed: every provision of a version but its last, looked up by text).
func TestScoreAllConceptsMemo(t *testing.T) {
	m := Default()
	lines := seedLines(t)
	if len(lines) < 18 {
		t.Fatalf("%d seed lines", len(lines))
	}
	edited := text(lines[5].Text + " The States shall not control the Internet.")
	versions := []struct {
		name  string
		provs []models.Text
	}{
		{"first", lines[:10]},
		{"moved and added", append(slices.Clone(lines[6:18]), lines[:4]...)},
		{"repeated within, edited, empty", []models.Text{lines[3], lines[3], edited, text(""), lines[7], text("")}},
		{"nothing new", lines[:5]},
	}
	for _, keyed := range []bool{false, true} {
		memo := NewMemo()
		seen := map[string]bool{} // the texts looked up by text
		num := map[string]int32{} // the numbered texts' numbers
		for _, v := range versions {
			t.Run(fmt.Sprintf("%s keyed=%v", v.name, keyed), func(t *testing.T) {
				var keys []int32
				if keyed {
					for _, p := range v.provs[:len(v.provs)-1] {
						k, ok := num[p.Text]
						if !ok {
							k = int32(len(num))
							num[p.Text] = k
						}
						keys = append(keys, k)
					}
				}
				each, doc, concepts := m.ScoreAllConceptsMemoKeyed(v.provs, nil, keys, memo)
				wantEach, wantDoc, wantConcepts := m.ScoreAllConcepts(v.provs)
				if !sameScore(doc, wantDoc) {
					t.Errorf("document: with the memo %+v, without %+v", doc, wantDoc)
				}
				for i := range v.provs {
					if !sameScore(each[i], wantEach[i]) || !reflect.DeepEqual(each[i].Evidence, wantEach[i].Evidence) {
						t.Errorf("provision %d: with the memo %+v, without %+v", i, each[i], wantEach[i])
					}
					if !reflect.DeepEqual(concepts[i], wantConcepts[i]) {
						t.Errorf("provision %d: concepts with the memo %+v, without %+v", i, concepts[i], wantConcepts[i])
					}
					key := textkey.Key(keys, i)
					if key < 0 {
						seen[v.provs[i].Text] = true
					}
					e := memo.get(v.provs[i].Text, key)
					if e == nil {
						t.Fatalf("provision %d: not kept", i)
					}
					if len(e.score.Evidence) > 0 && &each[i].Evidence[0] != &e.score.Evidence[0] {
						t.Errorf("provision %d: evidence copied, want the memo's (shared, read-only)", i)
					}
					if len(e.concepts) > 0 && &concepts[i][0] != &e.concepts[0] {
						t.Errorf("provision %d: concepts copied, want the memo's (shared, read-only)", i)
					}
				}
			})
		}
		if memo.kept.Len() != len(seen)+len(num) {
			t.Errorf("keyed=%v: memo holds %d texts, %d distinct texts were scored by text, %d by number",
				keyed, memo.kept.Len(), len(seen), len(num))
		}
	}
}

// matchesString renders m's matches in s as "term:contribution[modifiers]", space-separated.
func matchesString(m *Model, s string) string {
	var parts []string
	for _, mt := range m.Matches(text(s)) {
		p := fmt.Sprintf("%s:%g", mt.Term, mt.Contribution)
		if len(mt.Modifiers) > 0 {
			p += "[" + strings.Join(mt.Modifiers, " ") + "]"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// BenchmarkScoreAllConcepts is the pipeline's call: ScoreAllConcepts over the seed commentary's
// lines, one provision per line.
func BenchmarkScoreAllConcepts(b *testing.B) {
	seed := readSeed(b)
	var provs []models.Text
	for _, l := range strings.Split(seed, "\n") {
		provs = append(provs, text(l))
	}
	m := Default()
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		m.ScoreAllConcepts(provs)
	}
}

// seedLines is the seed commentary, one provision per line.
func seedLines(t *testing.T) []models.Text {
	t.Helper()
	var lines []models.Text
	for _, l := range strings.Split(readSeed(t), "\n") {
		lines = append(lines, text(l))
	}
	return lines
}
