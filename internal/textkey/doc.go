// Package textkey holds values by a provision text: by the text's number when the caller
// numbered it, else by the text itself.
//
// The stream's second pass numbers the distinct provision texts of an instrument once
// (pipeline's textMemo) and hands the numbers to the memos of its stages (TF-IDF rows,
// dictionary and LSS scores, key-phrase candidates), which then find a text's entry in a slice
// instead of hashing and comparing the whole text in a map. Callers without numbers use the
// same memos by text. A Table holds both, so each memo keeps one field and the rule is written
// once.
package textkey
