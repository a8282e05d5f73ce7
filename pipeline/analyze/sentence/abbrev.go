package sentence

// Word classes that decide whether a period after a word ends a sentence. Keys of the
// tables below are ASCII-lowercased words without their final period ("u.s", "n°").
const (
	clsNormal    = iota // an ordinary word: the period ends a sentence unless a lowercase word follows
	clsNever            // a title or Latin connective (Mr., Dr., v., e.g.): never ends a sentence
	clsRef              // a reference prefix (art., para., No., p.): glued to a following number or symbol
	clsRefRoman         // a reference prefix that also takes a bare "I" as a Roman numeral (Vol. I)
	clsAmbiguous        // may end a sentence (Co., etc., U.S., initials): only before a sentence starter
)

// maxAbbrev is the longest word looked up in abbrevClass; longer words are ordinary.
const maxAbbrev = 24

var abbrevClass = map[string]uint8{
	// Titles and honorifics: they precede a name.
	"mr": clsNever, "mrs": clsNever, "ms": clsNever, "mx": clsNever, "dr": clsNever, "drs": clsNever,
	"prof": clsNever, "profs": clsNever, "messrs": clsNever, "mmes": clsNever, "mme": clsNever,
	"mlle": clsNever, "mt": clsNever, "sgt": clsNever, "gov": clsNever, "gen": clsNever,
	"col": clsNever, "capt": clsNever, "cpt": clsNever, "lt": clsNever, "cmdr": clsNever,
	"adm": clsNever, "maj": clsNever, "brig": clsNever, "rev": clsNever, "hon": clsNever,
	"sen": clsNever, "rep": clsNever, "reps": clsNever, "amb": clsNever, "pres": clsNever,
	"supt": clsNever, "insp": clsNever,
	// Connectives of legal and scholarly writing: a sentence does not end on them.
	"v": clsNever, "vs": clsNever, "e.g": clsNever, "i.e": clsNever, "cf": clsNever, "viz": clsNever,
	"op": clsNever, "incl": clsNever, "excl": clsNever,

	// Reference prefixes: art. 19, paras. 3-5, No. 10, p. 55, Res. 70/237, Doc. A/70/174.
	"art": clsRef, "arts": clsRef, "para": clsRef, "paras": clsRef, "par": clsRef, "paragr": clsRef,
	"subpara": clsRef, "subparas": clsRef, "no": clsRef, "nos": clsRef, "nr": clsRef,
	"n°": clsRef, "nº": clsRef, "n": clsRef, "nn": clsRef, "p": clsRef, "pp": clsRef,
	"sec": clsRef, "secs": clsRef, "s": clsRef, "ss": clsRef, "fig": clsRef, "figs": clsRef,
	"fn": clsRef, "fns": clsRef, "res": clsRef, "doc": clsRef, "docs": clsRef, "suppl": clsRef,
	"supp": clsRef, "ed": clsRef, "eds": clsRef, "cl": clsRef, "cls": clsRef, "reg": clsRef,
	"regs": clsRef, "r": clsRef, "rr": clsRef, "l": clsRef, "ll": clsRef, "c": clsRef, "ca": clsRef,
	"lit": clsRef, "sect": clsRef, "add": clsRef, "corr": clsRef, "ann": clsRef, "sess": clsRef,
	"stat": clsRef,
	"vol":  clsRefRoman, "vols": clsRefRoman, "ch": clsRefRoman, "chs": clsRefRoman,
	"chap": clsRefRoman, "pt": clsRefRoman, "pts": clsRefRoman, "cap": clsRefRoman,
	"tit": clsRefRoman, "sch": clsRefRoman, "ser": clsRefRoman, "bk": clsRefRoman,

	// Abbreviations that also end sentences.
	"co": clsAmbiguous, "cos": clsAmbiguous, "corp": clsAmbiguous, "inc": clsAmbiguous,
	"ltd": clsAmbiguous, "llc": clsAmbiguous, "plc": clsAmbiguous, "bros": clsAmbiguous,
	"etc": clsAmbiguous, "jr": clsAmbiguous, "sr": clsAmbiguous, "st": clsAmbiguous,
	"ave": clsAmbiguous, "blvd": clsAmbiguous, "rd": clsAmbiguous, "dept": clsAmbiguous,
	"univ": clsAmbiguous, "assn": clsAmbiguous, "govt": clsAmbiguous, "intl": clsAmbiguous,
	"natl": clsAmbiguous, "est": clsAmbiguous, "al": clsAmbiguous, "seq": clsAmbiguous,
	"seqq": clsAmbiguous, "approx": clsAmbiguous, "esp": clsAmbiguous, "resp": clsAmbiguous,
	"misc": clsAmbiguous, "cit": clsAmbiguous, "jan": clsAmbiguous, "feb": clsAmbiguous,
	"mar": clsAmbiguous, "apr": clsAmbiguous, "jun": clsAmbiguous, "jul": clsAmbiguous,
	"aug": clsAmbiguous, "sep": clsAmbiguous, "sept": clsAmbiguous, "oct": clsAmbiguous,
	"nov": clsAmbiguous, "dec": clsAmbiguous,
}

// sentenceStarters are words that, capitalised after an ambiguous abbreviation ("U.S. How",
// "Co. It"), signal a new sentence; any other capitalised word ("U.S. Government") does not.
// The list follows the pragmatic segmenter's and Punkt's frequent-starter heuristics, plus the
// verbs and participles that open paragraphs of UN resolutions. Keys are lowercase.
var sentenceStarters = map[string]bool{
	"a": true, "an": true, "the": true, "this": true, "that": true, "these": true, "those": true,
	"there": true, "then": true, "thus": true, "therefore": true, "hence": true, "however": true,
	"moreover": true, "furthermore": true, "further": true, "nevertheless": true,
	"nonetheless": true, "accordingly": true, "consequently": true, "also": true, "yet": true,
	"so": true, "but": true, "and": true, "or": true, "nor": true, "if": true, "when": true,
	"where": true, "while": true, "whereas": true, "although": true, "though": true,
	"because": true, "since": true, "after": true, "before": true, "once": true, "unless": true,
	"until": true, "in": true, "on": true, "at": true, "by": true, "for": true, "from": true,
	"to": true, "with": true, "without": true, "within": true, "under": true, "as": true,
	"it": true, "its": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"you": true, "his": true, "her": true, "their": true, "our": true, "my": true, "your": true,
	"what": true, "which": true, "who": true, "whom": true, "whose": true, "why": true, "how": true,
	"did": true, "do": true, "does": true, "is": true, "are": true, "was": true, "were": true,
	"has": true, "have": true, "had": true, "can": true, "could": true, "will": true, "would": true,
	"shall": true, "should": true, "may": true, "might": true, "must": true, "being": true,
	"such": true, "each": true, "every": true, "all": true, "any": true, "no": true, "none": true,
	"nothing": true, "some": true, "many": true, "most": true, "more": true, "several": true,
	"both": true, "neither": true, "either": true, "another": true, "only": true, "even": true,
	"still": true, "here": true, "finally": true, "first": true, "second": true, "third": true,
	"lastly": true, "millions": true, "states": true,
	// Openings of preambular and operative paragraphs.
	"recalling": true, "noting": true, "reaffirming": true, "welcoming": true,
	"recognizing": true, "recognising": true, "decides": true, "requests": true, "urges": true,
	"calls": true, "invites": true, "emphasizing": true, "emphasising": true, "stressing": true,
	"expressing": true, "bearing": true, "convinced": true, "concerned": true,
	"underlining": true, "acknowledging": true, "considering": true, "affirming": true,
	"encourages": true, "notes": true, "takes": true, "reiterates": true,
}

// lineJoiners end a line that an enumeration continues ("...; and\n(c) ..."): a list item on
// the next line stays in the same sentence.
var lineJoiners = map[string]bool{"and": true, "or": true, "nor": true, "and/or": true, "&": true}

// lineReferences end a line whose next line most likely continues a reference
// ("article\n19. States ..."): a number there is not a list marker.
var lineReferences = map[string]bool{
	"article": true, "articles": true, "paragraph": true, "paragraphs": true,
	"subparagraph": true, "subparagraphs": true, "section": true, "sections": true,
	"chapter": true, "chapters": true, "annex": true, "part": true, "rule": true, "rules": true,
	"resolution": true, "resolutions": true, "decision": true, "decisions": true, "clause": true, "clauses": true,
	"schedule": true, "page": true, "pages": true, "volume": true, "document": true,
	"principle": true, "principles": true, "no": true, "number": true,
	"of": true, "to": true, "in": true, "on": true, "at": true, "by": true, "for": true,
	"from": true, "with": true, "under": true, "than": true, "the": true, "a": true, "an": true,
}

// headingWords open a line that is a heading on its own ("Article 5", "ANNEX", "Chapter IV").
var headingWords = map[string]bool{
	"article": true, "chapter": true, "part": true, "section": true, "annex": true,
	"appendix": true, "preamble": true, "title": true, "schedule": true,
}

// headingAlone are heading words that stand alone without a number.
var headingAlone = map[string]bool{"annex": true, "appendix": true, "preamble": true, "schedule": true}
