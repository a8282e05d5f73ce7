// Package dictionary is the dictionary stance model and concept matcher: quanteda/Lexicoder-style
// weighted dictionaries of words, multiword phrases and globs, matched over a provision's tokens,
// with negation and modality scopes, scored on the project's signed stance axis (positive =
// state-centric, negative = multistakeholder; see DOMAIN.md).
//
// # Dictionary format (YAML)
//
//	settings: {smoothing: 1.0, dead_band: 0.25}
//	stance:
//	  negated: damp                  # default negation handling, inherited
//	  state_centric:
//	    weight: 1.0
//	    sovereignty: {weight: 1.0, negated: keep, patterns: [sovereign*, "information space"]}
//	    multilateral: {weight: 0.3, patterns: [multilateral*]}
//	  multistakeholder:
//	    weight: -1.0
//	    actors: [civil society, "private sector*"]      # a list is shorthand for {patterns: [...]}
//	concepts:
//	  confidence_building: ["confidence-building measure*"]
//	modifiers:
//	  negation: {effect: negate, factor: 0.25, patterns: [not, "shall not", "refrain from"]}
//	  saving:   {effect: scale, factor: 0.5, stop_at_comma: true, patterns: ["without prejudice to"]}
//	  inert:    {effect: none, patterns: ["not only"]}
//	  pretext:  {effect: negate, before: -1, patterns: ["cannot justify"]}
//	  concession: {effect: none, before: 0.3, before_scope: text, patterns: [however]}
//	  subordinate: {effect: scale, factor: 0.3, after_scope: text, before: 0.3, before_scope: text,
//	                keys: [multistakeholder.actors], patterns: ["should lead"]}
//	scope: {max_words: 15, breaks: [but, however], after_comma: [and, or], modals: [shall, should]}
//
// Top level keys are settings, stance (required), concepts, modifiers and scope; anything else is
// an error. In the stance and concepts trees the reserved keys are patterns and description, plus
// weight and negated under stance; every other key names a child and must hold a mapping or a
// list. So a misspelt "weigth: 1" is rejected (a scalar where a child is expected). Key paths are
// joined with dots ("state_centric.sovereignty"). Weights multiply down the tree: a key's
// effective weight is the product of the weights on its path (a missing weight counts 1), so the
// top keys give direction and sub-keys strength. negated is inherited from the nearest ancestor
// that sets it. A key with patterns of its own and children is allowed; a key with neither is an
// error. A stance pattern may belong to one key only (it carries one weight); a concept pattern
// may belong to several concepts. Errors name the file, line and column ("dictionary:
// governance.yaml:12:7: stance.x: ..."), via yaml.v3 nodes.
//
// Plain quanteda YAML (nested keys, lists of patterns, no weights) is read by ParseQuanteda (and
// ParseMatcher compiles it into a Matcher for any user keys); with
// FromQuanteda it becomes the stance dictionary and the weights come from a separate map of key
// paths (they multiply down the tree the same way; unweighted keys get 0).
//
// # Patterns and matching
//
// A pattern is split into words exactly as text is: runs of letters, digits and combining marks,
// lower-cased. So "confidence-building measure*" is [confidence building measure*], and it
// matches "confidence-building measures" whether the tokeniser kept the hyphenated word as one
// token (pipeline/analyze/tokenize, like prose, does: it splits only at white space and peels
// punctuation) or split it, and it matches "confidence building measures" too. Unhyphenated
// compounds are different words: list "multistakeholder*" and "multi-stakeholder*" both. Within a
// word, * matches any run of characters (possibly none) and ? exactly one; a word made only of
// wildcards, or with "**", is rejected, as is a pattern with no words or more than 16.
//
// Matching runs over a trie of pattern words, from every word that starts a pattern, at most 16
// words deep: linear in the text length. Each word of the text is first walked once through a
// byte trie of the dictionary's literal words, scope words and "prefix*" prefixes (the lexicon,
// shared by a model's matchers), which gives its word id and the prefixes it starts with; the
// pattern trie's exact and prefix children are indexed by those ids, and other globs are tested
// in turn. Each start keeps its best pattern per length (most literal characters, then first in
// the file). Overlapping matches are resolved longest first, then leftmost; a shorter match
// still fills any words left free. A multiword match never spans a comma or clause boundary.
//
// Boundaries come from punctuation-only tokens, the text between tokens (when token offsets fit
// the text) and punctuation inside tokens: ; : ? ! end a clause; a comma is a comma boundary; a
// full stop followed by white space ends a clause unless the word before it is a single letter or
// a listed abbreviation (art, para, no, U.N. ...). Hyphens, apostrophes and brackets are not
// boundaries.
//
// # Negation and modality
//
// Modifier classes are matched like patterns (longest wins, so "without prejudice to" beats
// "without", and "not only" beats "not"). A trigger's scope runs forward from the word after it
// and ends at the first of: a clause boundary; a break word (but, however, whereas, while, except,
// unless, ...); an after_comma word (and, or, nor, which, who) that follows a comma or is
// followed by a modal ("and shall"); any comma, for classes with stop_at_comma (saving clauses:
// "Without prejudice to X, States ..." subordinates X only); max_words words (15). A stance term
// is in scope when its first word is.
//
// Effect negate: the term's negated handling applies when an odd number of negation scopes cover
// it (double negation cancels): flip multiplies its weight by -1, damp by the class factor (0.25
// by default), keep leaves it. Flip is for predicates whose negation reverses the stance: in
// "States shall not restrict the free flow of information", "restrict" (state-centric) flips to
// multistakeholder, while "free flow of information" (damp) stays multistakeholder, weaker; the
// provision scores multistakeholder as a reader would. Keep is for principles that drafts state
// negatively: "not to use ICTs to interfere in the internal affairs of other States" asserts
// non-interference, so flipping it would invert the meaning. Damp is the default: for most nouns
// negation says little about the stance, so we keep the sign but trust it less. Effect scale
// multiplies every term in scope by the factor (saving clauses "without prejudice to", 0.5;
// permission and soft modality "should be free to", "voluntary", 0.5). Effect none only shadows.
//
// A class with a before factor (in [-1, 1], 0 meaning none) also opens a backward scope at each
// trigger: from the start of the trigger's clause (at most max_words words back), or with
// before_scope: text from the start of the text, to the word before it. Every stance term there
// is multiplied by the factor whatever its negated handling, after the forward effects. With
// after_scope: text the forward scope runs to the end of the text instead, across clauses and
// breaks. A class with keys: acts (forward and backward) only on the stance terms of those keys
// and their descendants; a key path that names no stance key makes the class inert. Together they
// express a trigger that recasts part of the evidence anywhere in the provision: in "States should
// lead the process, and the private sector and civil society should contribute within their
// roles", "should lead" makes the named actors contributors to a States-led process, so their
// multistakeholder weight is discounted (class subordinate, factor 0.3) and the provision reads
// state-centric, while the same actors with no such trigger read multistakeholder. A negate class
// with flip: [keys] flips the terms of those keys (and their descendants) whatever their negated
// handling: "we reject sovereign Internet laws" reverses "sovereign", a keep key that a plain
// negation leaves alone ("not to violate the sovereignty of States" asserts it). The flip follows
// the nearest negate trigger, like the damping factor. Before
// −1 is for the subject of "X cannot justify Y" and "X must not be used to Y": in "protecting
// internal affairs cannot justify restrictions on access to information", non-interference (a
// keep key, which a plain negation leaves alone) is the pretext the provision rejects, and
// "restrictions" is negated by the same trigger's forward scope, so the provision scores
// multistakeholder. A factor in (0, 1) with before_scope: text discounts a concession: in
// "We will protect freedom of expression. However, platforms will be required to remove
// content ...", what follows "however" is the operative part.
//
// # Score, label, confidence, evidence
//
// Each matched term contributes c = weight × modifier factors. For a provision,
//
//	Score = Σc / (Σ|c| + smoothing)
//
// in (-1, 1): the net direction of the evidence, shrunk toward 0 when there is little of it (one
// term of weight 1 scores 0.5; agreement of many terms approaches ±1; balanced evidence gives
// 0). A provision with words but no terms scores 0; one with no words (no tokens, or punctuation
// only) scores NaN. Label: models.LabelFor(score, dead_band), dead band 0.25 when a dictionary
// does not set one (the default governance dictionary sets 0.2, chosen on the validation split of
// testdata/labels), so a lone weak term ("multilateral", effective weight 0.24: score 0.19;
// "foreign", 0.25: score 0.2) stays neutral. Confidence, a proxy in
// [0, 1]: (1 - exp(-Σ|c|)) × margin, where margin is (|s| - band)/(1 - band) for a polar label
// and (band - |s|)/band for neutral: how much evidence there is times how clear of the dead band
// the score is (0 with no evidence). SE and the interval are NaN: the model gives none. Evidence
// is one entry per distinct matched term (lower-cased words), with the first occurrence's byte
// offsets, its count and its contribution Σc/(Σ|c| + smoothing), so contributions sum to Score;
// ordered by |contribution|, then term. ScoreDocument pools the terms of all provisions into the
// same formula (evidence offsets -1).
//
// # Invariants
//
//   - Score is in (-1, 1) or NaN; Evidence contributions sum to Score (up to rounding).
//   - Output depends only on the input and the dictionary: no map-order dependence.
//   - No panic on any input, including tokens whose offsets do not fit the text (their words then
//     carry the token's own offsets and the text between tokens is ignored).
//   - Save then Load gives a model that scores identically.
//   - Model and Matcher are immutable and safe for concurrent use.
package dictionary
