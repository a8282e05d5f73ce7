// Package analyze is the linguistic layer: for each provision it computes tokens with byte
// offsets, sentences, Penn Treebank part-of-speech tags and domain entities, once, so that every
// later stage reuses them.
//
// The work is done by small packages, each replaceable on its own:
//
//	tokenize   prose's tokenisation, with byte offsets into the provision text
//	sentence   sentence spans that survive legal abbreviations and enumerations
//	postag     prose's averaged-perceptron tagger, loaded once and laid out for speed
//	entities   the domain gazetteer (STATE, IGO, ORG, FORUM, INSTRUMENT)
//	keyphrase  key phrases from part-of-speech patterns
//
// An Analyzer holds the loaded models; it is safe for concurrent use. Analyze never panics: a
// panic inside a component is turned into an error naming the component.
package analyze
