// Package keyphrase extracts key phrases from legal and governance text: per provision
// (Extract), per document (ExtractDocument), and the key phrases a new version adds or drops
// (Changes).
//
// Input is text with tagged tokens (byte offsets, Penn Treebank tags) and sentence spans.
// ExtractDocument and ExtractAll take the linguistic layer's output as it is (ProvisionInput:
// package tokenize's tokens, their tags, package sentence's spans), so that a document is read
// without a copy of its tokens; Extract and Candidates take the package's small Token type,
// a token with its tag, for one provision.
//
// # Candidates
//
// Candidates are noun phrases found by part-of-speech patterns over the tokens:
//
//   - a unit is (JJ|VBN|NN*)* NN*: "existing international law", "confidence-building
//     measures" (a hyphenated word is one word; byte-contiguous pieces "confidence" "-"
//     "building" are joined, and so are editorial brackets "[i]nternational");
//   - a unit may coordinate once with "and"/"or": (JJ|NN)+ CC (JJ|NN)* NN ("information and
//     communication technologies", "technical and academic communities", "rights and
//     responsibilities"). When both sides are noun phrases of two or more words ("private
//     sector and civil society") they are two units, not one;
//   - units chain with "of" (DT)? ("international governance of the Internet", "Charter of
//     the United Nations"), and with "for"/"on"/"in" (DT)? between two capitalised names
//     ("Code of Conduct for Information Security", "World Summit on the Information Society");
//   - from a chain, every sub-chain is a candidate that starts at a word of a unit and ends at
//     the end of a unit, except that a candidate does not start inside the left side of a
//     coordination, at the right side of a modifier coordination ("communication
//     technologies"), or inside a proper name ("Summit" of "World Summit"); and a name joined
//     by "of" to a name before it is not cut ("Charter" alone is no candidate, "United
//     Nations" alone is);
//   - leading determiners, possessives and the modifiers such/other/certain/various/... are
//     stripped; no candidate has more than Options.MaxWords words (connectors included);
//     no candidate crosses a sentence boundary or any punctuation other than a hyphen or an
//     editorial bracket inside a word;
//   - verbs are not candidates (decision: the verb series "seek, receive and impart" crosses
//     commas and would open the door to every list of adjectives). -ing forms modify only
//     after a determiner/adjective or when in a small list ("existing", "emerging", ...).
//     A lower-case word tagged as a noun is taken as a missed verb when it follows a
//     capitalised noun, or precedes a colon, and precedes "to", "as", a colon or a determiner
//     ("the IETF serve as", "the code undertakes:"). Nouns of fixed expressions ("into
//     account", "with regard to", "over time") end a phrase and are never one alone.
//
// Tags are trusted for words only: a token is a word when its text has a letter and only
// letters, digits, marks, hyphens, apostrophes and periods; anything else (prose tags "[" as
// JJ, quotes as VB) ends a phrase.
//
// # Merging
//
// Occurrences are merged by Key: lower case, hyphens as spaces, brackets and quotation marks
// deleted, possessive 's and the articles the/a/an dropped, each word singularised by suffix
// rules (-ies>-y, -sses/-xes/-ches/-shes>-es dropped, -s dropped except after s/u/i). So
// "Confidence-building measures", "confidence building measure" merge. Count is the number of
// merged occurrences; occurrences inside longer candidates count.
//
// Containment rule: after scoring, a phrase whose key is a contiguous word sequence of the
// key of a longer phrase ranked above it, with the same Count, is dropped ("measures" inside
// "confidence-building measures" when "measures" never occurs elsewhere). Options.KeepContained
// turns this off.
//
// # Score
//
// Higher is better, in the manner of YAKE (Campos et al. 2020) but not inverted:
//
//	S = Spec · Freq · Pos · Spread · Case · Len
//	Spec   = (max + mean)/2 of idf(w) over the content words w (lower-cased; idf values
//	         clamped to [0.01, 100], NaN as 1); 1 when idf is nil
//	Freq   = 1 + ln(Count)
//	Pos    = 1 + 0.5·(1 − p), p = offset of the first occurrence / length of the scope text
//	Spread = 1 + 0.5·(s − 1)/(n − 1): s sentences of n hold the phrase (1 when n = 1)
//	Case   = 1.25 when an occurrence keeps an upper-case word (name or acronym), else 1
//	Len    = 1, 1.25, 1.5 for 1, 2, 3 content words, then 0.2 less per word (min 0.5)
//
// Scores compare within one call only. Phrases are ordered by score descending, then Text,
// then key.
//
// # Cost
//
// A call interns the distinct candidate forms of its document (display text, content words,
// case), their texts and merge keys: an occurrence is a span, a sentence ordinal and a form
// id, and ranking groups occurrences by key id in buffers reused from one ranking to the
// next. A form's Spec is computed once per call, so idf is asked once per word of a distinct
// phrase, not per occurrence. ExtractAll finds all of a document's candidates before its first
// ranking, so that the containment rule looks each key's sub-phrases up once for all of the
// document's rankings. A Session does the same for a sequence of documents (the versions of an
// instrument): what is interned serves them all, and a provision whose text an earlier
// document had reuses that provision's candidates and phrases. With its tokens numbered
// (ProvisionInput.Nums), a call keeps by number what a token's text gives (lower case, word
// tests, IDF) and finds the form of a candidate of such words by their numbers, without joining
// its text; a Session given its numbers' IDF (SetNumberedIDF) asks idf only for the words it has
// no answer for. A ranking reads each occurrence's key, text and Proper from a small record per
// form and sorts its groups as integers made of their scores' bits.
//
// # Invariants
//
//   - No panic on any input: tokens with offsets out of range, reversed, overlapping an
//     earlier token or off UTF-8 boundaries are skipped; bad sentence spans are dropped,
//     overlapping ones keep the earlier; tokens outside every sentence form their own groups.
//   - Deterministic: no output depends on map order; ties break on text.
//   - Every Candidate span is within the text; Candidate.Key == Key(Candidate.Text);
//     Phrase.FirstStart is the first occurrence's offset in the scope.
//
// Measured on the 32 provisions of the default corpus against hand-written gold (see
// testdata/README.md), with prose tags: precision@5 0.555 and recall@10 0.873 without IDF,
// 0.529 and 0.864 with the corpus IDF (go test -run TestGoldDefault -v).
package keyphrase
