// Package entities finds the named entities of international governance text with a domain
// gazetteer: States, intergovernmental bodies, the Internet's technical organisations, forums
// and instruments.
//
// prose's generic entity model tags "States" as a place and misses most intergovernmental bodies;
// this package is the first, high-precision half of stanceshift's entity recogniser. A later
// stage merges its matches with prose's model, giving the gazetteer priority.
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
package entities
