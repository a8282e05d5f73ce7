// Package yamldoc holds the one rule stanceshift's YAML inputs (corpus manifests, gazetteers,
// dictionaries) share about a file's documents: a file holds one YAML document; empty
// documents after it (a trailing "---" or "...") are fine, a second document with content is
// an error, and so is a syntax error after the first document, which the decoder would
// otherwise never reach.
package yamldoc
