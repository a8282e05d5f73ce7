// Package models defines what every stance model offers and the labels they share.
//
// The stance axis is signed: positive is state-centric governance language, negative is
// multistakeholder language, zero is neutral (see DOMAIN.md). Each model lives in its own
// subpackage (dictionary, wordscores, lss, classifier), is fitted by that package's own Fit
// function from what it needs (a dictionary, reference texts with positions, seed words, labelled
// provisions), and once fitted satisfies Scorer: it scores one provision or a whole document with a
// documented range, returns the evidence that produced the score, and saves itself as JSON so a
// fitted model can be reused.
package models
