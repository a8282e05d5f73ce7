// Package entities finds the named entities of international governance text with a domain
// gazetteer: States, intergovernmental bodies, the Internet's technical organisations, forums
// and instruments.
//
// prose's generic entity model tags "States" as a place and misses most intergovernmental bodies;
// the gazetteer is the first, high-precision half of stanceshift's entity recogniser; Recognizer
// merges its matches with prose's statistical model, giving the gazetteer priority.
//
// # Gazetteer
//
// The gazetteer is YAML (gazetteer.yaml, embedded; Default parses it once per process). A user
// replaces it with Load or LoadFS. The file is a mapping with one key, "entries", a list of
// entries with the keys id, type, name and aliases (optional); any other key is an error.
//
// Types and what they cover:
//
//   - STATE: the 193 UN Member States under their UN short names, and the two observer States
//     (Holy See, VAT; State of Palestine, PSE). Id: ISO 3166-1 alpha-3.
//   - IGO: intergovernmental organisations and their organs, the bodies whose members are
//     States: the United Nations, the General Assembly, the Security Council, ITU, the SCO, the
//     GGE and the OEWG, the EU, NATO, G7/G20, BRICS...
//   - ORG: bodies whose members are not States: ICANN, IANA, IETF, ISOC, W3C, the regional
//     Internet registries. They are a separate type because the stance axis turns on exactly
//     this distinction (intergovernmental versus multistakeholder governance).
//   - FORUM: conferences, summits and processes: WSIS, WCIT-12, the IGF, NETmundial, the London
//     Process, the Paris Call.
//   - INSTRUMENT: treaties, declarations, regulations, codes and manuals: the UN Charter, the
//     ICCPR, the Tunis Agenda, the ITRs, the Budapest Convention, the Tallinn Manual.
//
// Ids other than STATE ids are "<type>:<slug>" with the type in lower case (igo:itu,
// forum:wsis, instrument:un-charter). Offices and office holders (the Secretary-General, the High
// Commissioner) are deliberately absent: they are roles, not bodies; in "U.N. Secretary-General"
// the matcher tags "U.N.". The Munich Security Conference is absent too: it is a private security
// conference, not a governance forum.
//
// Load rejects, with the file name and line: unknown keys, a missing id, type or name, an
// unknown type, a malformed id, a duplicate id, and an alias (or name) that two entries claim.
// Two aliases collide when they normalise to the same tokens (see below), whatever their case.
//
// # Matching
//
// Text and aliases are split into tokens: runs of letters, digits and combining marks are words;
// each other non-space character is a punctuation token. Spaces, line breaks, hyphens and dashes
// (- ‐ ‑ ‒ – −) and invisible format characters separate tokens and are not tokens themselves, so
// "Timor-Leste" = "Timor Leste" = "Timor\nLeste", and "U.S.", "G-20", "Côte d'Ivoire" are several
// tokens. Tokens are compared normalised: words lower-cased with common Latin accents folded
// ("Cote" = "Côte", "Turkiye" = "Türkiye"), and curly or typewriter apostrophes all as "'".
//
// Case rules, per alias, decided on the alias as written:
//
//   - two or more words (the alias contains a space): case-insensitive ("united nations");
//   - one word of at most 4 letters ("UN", "U.S.", "ITU", "G20", "Chad"): case-sensitive, or the
//     alias entirely in capitals ("CHAD"); so "un", "us" and "sco" never match;
//   - one longer word ("China", "UNESCO", "Timor-Leste"): case-insensitive, except that if the
//     alias starts with a capital, so must the text ("Unesco" and "CHINA" match, "china" does not).
//
// Tokens are whole words, so "Oman" never matches inside "Romania" nor "Niger" inside "Nigeria".
// A leading "the" of an alias is dropped ("The Gambia" matches "Gambia"), and a "the" in the text
// before a name is never part of the span. A possessive is outside the span: in "China's" the
// entity ends before the apostrophe.
//
// The aliases are compiled into a trie over interned token ids. Find tokenises the text once and
// walks the trie from each token, stopping at the first token that no alias contains, so the work
// is linear in the text length (times at most the longest alias, in tokens).
//
// Overlaps: every verified match is a candidate; candidates are taken longest span first (in
// bytes), and among equally long spans the one that starts first; a candidate that overlaps one
// already taken is dropped. So in "Democratic Republic of the Congo" the whole name wins over
// "Republic of the Congo" and "Congo". Candidates whose token ranges overlap
// transitively form a cluster, which is settled as soon as it closes, so no global sort is needed.
//
// # Invariants
//
//   - Find returns entities ordered by Start, pairwise non-overlapping, with
//     0 <= Start < End <= len(text), Text == text[Start:End], Source == SourceGazetteer.
//   - Find never panics, accepts invalid UTF-8 (an invalid byte matches nothing) and is
//     deterministic: the result depends only on the gazetteer and the text.
//   - A Gazetteer is immutable after loading and safe for concurrent use; Entries and Lookup
//     return copies.
//
// # Statistical model
//
// Model wraps prose's (github.com/jdkato/prose/v2 v2.0.0) statistical entity recogniser: a
// maximum-entropy classifier over prose's tokeniser and averaged-perceptron part-of-speech
// tagger, labelling tokens IOB-style. BuiltinModel is prose's own model (labels GPE, GSP,
// LOCATION, ORGANIZATION, PERSON, FACILITY), loaded once per process: prose reloads it for every
// document unless handed one with prose.UsingModel, which Find does. TrainModel trains a model on
// labelled spans (ReadSpans reads them as JSON Lines, the format of testdata/eval.jsonl; the
// labels are the spans' types, kept as they are); Save writes it and LoadModel reads it back.
//
// prose reports entity strings, not offsets; Find locates prose's tokens, in order, in the text
// (undoing prose's curly-quote replacement) and maps each entity to its run of tokens, so offsets
// are exact bytes of the input. Spans are then trimmed to this package's conventions (no leading
// "the", no possessive, no stray quotes or brackets). prose's chunker drops an entity that ends
// the text; Find appends a full stop to the text prose sees when the text does not end with one.
//
// Typing. When a model entity's whole text is one gazetteer name, the entity takes:
//
//   - for prose's generic labels (GPE, ORGANIZATION, PERSON...): the gazetteer's type and
//     canonical id, so prose's "PERSON ICANN" becomes ORG org:icann;
//   - for any other label (a trained model's own types): the canonical id, only if the
//     gazetteer's type is the same label.
//
// Otherwise the label is kept as prose gives it. prose's GPE is deliberately not mapped to
// STATE: the gazetteer holds every UN Member and observer State, so a GPE that is not one of its
// names is a city, a region or a false positive ("Moscow", "Europe", "None" in the evaluation
// set), and ORGANIZATION is not mapped to IGO or ORG because it cannot tell them apart.
//
// Recognizer combines the two: every gazetteer match, then the model entities that overlap no
// gazetteer match (among overlapping model entities: longest, then leftmost), typed with the
// recogniser's gazetteer.
//
// # Evaluation
//
// On testdata/eval.jsonl (74 sentences, 149 gold entities of the five types; go test -run
// TestEvalSystems -v; testdata/eval_table.txt, which the test keeps equal to this table). A
// prediction is right when span and type equal a gold entity's; predictions of types outside
// the five are not judged (the set does not label places, persons or unknown organisations) and
// are listed as unjudged; "any-type" scores spans alone, with every prediction counted.
// "prose" is the built-in model with its own labels, "prose+gaz" the same typed by the gazetteer,
// "combined" the Recognizer:
//
//	system    type       prec  rec     tp   fp   fn
//	gazetteer STATE      0.986 1.000   68    1    0
//	gazetteer IGO        0.860 0.915   43    7    4
//	gazetteer ORG        1.000 1.000    8    0    0
//	gazetteer FORUM      1.000 1.000    9    0    0
//	gazetteer INSTRUMENT 1.000 0.882   15    0    2
//	gazetteer overall    0.947 0.960  143    8    6
//	gazetteer any-type   0.947 0.960  143    8    6
//	prose     STATE          - 0.000    0    0   68
//	prose     IGO            - 0.000    0    0   47
//	prose     ORG            - 0.000    0    0    8
//	prose     FORUM          - 0.000    0    0    9
//	prose     INSTRUMENT     - 0.000    0    0   17
//	prose     overall        - 0.000    0    0  149
//	prose     any-type   0.609 0.691  103   66   46
//	prose     unjudged:  GPE 118, GSP 1, LOCATION 5, ORGANIZATION 25, PERSON 20
//	prose+gaz STATE      0.952 0.882   60    3    8
//	prose+gaz IGO        0.920 0.489   23    2   24
//	prose+gaz ORG        1.000 0.625    5    0    3
//	prose+gaz FORUM      0.833 0.556    5    1    4
//	prose+gaz INSTRUMENT 0.857 0.353    6    1   11
//	prose+gaz overall    0.934 0.664   99    7   50
//	prose+gaz any-type   0.609 0.691  103   66   46
//	prose+gaz unjudged:  GPE 38, LOCATION 1, ORGANIZATION 16, PERSON 8
//	combined  STATE      0.986 1.000   68    1    0
//	combined  IGO        0.860 0.915   43    7    4
//	combined  ORG        1.000 1.000    8    0    0
//	combined  FORUM      1.000 1.000    9    0    0
//	combined  INSTRUMENT 1.000 0.882   15    0    2
//	combined  overall    0.947 0.960  143    8    6
//	combined  any-type   0.837 0.966  144   28    5
//	combined  unjudged:  GPE 17, LOCATION 1, ORGANIZATION 1, PERSON 2
//
// prose alone finds 69% of the gold spans but never with a type of the scheme; typed by the
// gazetteer it reaches recall 0.66. In the combined recogniser it adds no entity of the five
// types (every one it finds, the gazetteer finds too) and 21 entities of other types, mostly
// cities. Its value is as a fallback for names the gazetteer lacks, and as the base of models
// trained for new types (TestTrainCustomModel: UN document symbols, DOCSYMBOL).
//
// Speed: prose is the slow stage. BenchmarkModelFind (one 64 KiB document, model loaded once)
// measured 0.02 to 0.04 MB/s (1.8 to 2.9 s per op, varying with the load of the shared 2-core
// machine), BenchmarkModelFindSentences (one call per sentence) 0.02 to 0.03 MB/s, against
// 37 MB/s for the gazetteer (BenchmarkFind); most of the time is prose's classifier building a
// string and a map look-up per feature and label. Loading the built-in model takes about 0.7 s.
//
// Model and Recognizer invariants: Find returns entities ordered by Start, pairwise
// non-overlapping, with Text == text[Start:End]; it never panics (a prose panic is recovered and
// gives no entities) and is safe for concurrent use.
package entities
