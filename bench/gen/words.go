package main

// Word lists and sentence parts. The governance vocabulary follows the drafts stanceshift was
// built for (UN resolutions, codes of conduct, GGE reports, multistakeholder statements); the
// ordinary English keeps the term distribution from being all jargon. Every entry is plain
// ASCII with no quotes, brackets, digits or document symbols, so that a wrapped line never
// starts with something the segmenter reads as a marker or page furniture.

var (
	// subjects that take a plural verb ("States shall ...").
	subjects = []string{
		"States", "all States", "Member States", "Governments", "the private sector",
		"civil society", "the technical community", "international organizations",
		"regional organizations", "all stakeholders", "national authorities",
		"Internet service providers", "the academic community", "users", "network operators",
		"the parties", "competent authorities", "States and other stakeholders",
		"Governments, the private sector and civil society", "public and private actors",
	}
	// objects of an appeal ("Calls upon <x> to ...").
	addressees = []string{
		"all States", "Member States", "all stakeholders", "the Secretary-General",
		"the International Telecommunication Union", "the relevant United Nations entities",
		"Governments", "the private sector and civil society", "regional organizations",
		"the Group of Governmental Experts", "the Internet Governance Forum",
		"States in a position to do so", "the international community",
	}
	modals = []string{
		"shall", "should", "may", "will", "are encouraged to", "undertake to", "agree to",
		"commit to", "are invited to", "intend to", "are expected to", "must",
	}
	verbs = []string{
		"promote", "ensure", "strengthen", "respect", "protect", "support", "develop",
		"enhance", "facilitate", "consider", "coordinate", "establish", "maintain", "implement",
		"review", "encourage", "share", "uphold", "refrain from interfering with",
		"cooperate on", "safeguard", "advance", "address", "monitor", "recognize",
	}
	objects = []string{
		"the sovereignty of States", "Internet governance", "confidence-building measures",
		"the security of information and communications technologies",
		"the free flow of information", "human rights and fundamental freedoms",
		"capacity-building", "the digital divide", "critical information infrastructure",
		"multistakeholder cooperation", "the management of Internet resources",
		"international law", "the Charter of the United Nations", "public policy issues",
		"cybersecurity", "norms of responsible State behaviour", "information security",
		"the stability of the Internet", "data protection", "technical standards",
		"cross-border data flows", "the rule of law", "an open and interoperable Internet",
		"national legislation", "the exchange of information", "incident response",
		"the resilience of networks", "the information space", "sovereign equality",
		"the enhanced cooperation process", "the domain name system",
		"the role of the private sector", "the interests of developing countries",
		"freedom of expression", "the right to privacy", "international peace and security",
		"the peaceful use of information and communications technologies",
		"the prevention of conflict", "the protection of personal data",
		"the transfer of technology", "a culture of cybersecurity",
	}
	preps = []string{
		"in their respective roles", "in accordance with international law",
		"at the national, regional and international levels",
		"on the basis of sovereign equality", "with the full involvement of all stakeholders",
		"within their jurisdiction", "through the United Nations",
		"in a transparent and inclusive manner",
		"in a multilateral, transparent and democratic manner", "without discrimination",
		"for the benefit of all", "in the information space",
		"in cooperation with the private sector and civil society",
		"under the auspices of the International Telecommunication Union",
		"in line with their national legislation", "as a matter of priority",
		"on a voluntary basis", "in the spirit of mutual trust",
		"with full respect for human rights", "in their national capacity",
	}
	// preamble openers (UN style: participles, the paragraph ends with a comma).
	preambleOpeners = []string{
		"Recalling", "Reaffirming", "Noting", "Recognizing", "Bearing in mind", "Stressing",
		"Welcoming", "Emphasizing", "Taking into account", "Expressing concern at",
		"Acknowledging", "Mindful of", "Convinced of the importance of", "Considering",
		"Noting with appreciation", "Underlining", "Reaffirming its commitment to",
	}
	// operative openers of a UN resolution (third person, followed by an addressee).
	appealOpeners = []string{
		"Calls upon", "Urges", "Encourages", "Invites", "Requests", "Recommends to",
	}
	// operative openers followed by a clause.
	declareOpeners = []string{
		"Affirms that", "Decides that", "Underlines that", "Stresses that", "Recognizes that",
		"Reaffirms that", "Considers that", "Notes that", "Emphasizes that",
	}

	// ordinary English.
	determiners = []string{"the", "this", "each", "every", "any", "such a", "a", "one"}
	adjectives  = []string{
		"new", "important", "public", "different", "general", "available", "common", "clear",
		"relevant", "particular", "significant", "practical", "effective", "appropriate",
		"open", "early", "full", "wider", "long-term", "local", "global", "secure", "stable",
		"peaceful", "national", "international", "technical", "voluntary", "inclusive",
	}
	nouns = []string{
		"time", "work", "people", "year", "way", "example", "question", "part", "number",
		"report", "meeting", "process", "change", "experience", "result", "level", "effort",
		"service", "approach", "practice", "community", "area", "history", "problem",
		"interest", "role", "view", "decision", "framework", "measure", "system", "network",
		"dialogue", "agreement", "principle", "mechanism", "initiative", "programme",
		"cooperation", "assistance", "consultation", "procedure", "commitment", "guidance",
	}
	// third person singular verbs for ordinary sentences.
	verbsS = []string{
		"takes", "makes", "gives", "finds", "keeps", "brings", "shows", "holds", "follows",
		"reflects", "describes", "improves", "reduces", "provides", "includes", "requires",
		"allows", "continues", "supports", "affects", "shapes", "explains", "covers",
	}
	adverbs = []string{
		"fully", "effectively", "actively", "further", "progressively", "jointly",
		"consistently", "promptly", "regularly", "closely", "continuously", "duly",
	}
	connectives = []string{
		"In particular,", "At the same time,", "To that end,", "In this regard,",
		"Moreover,", "For this purpose,", "Where appropriate,", "As a rule,",
		"In practice,", "Over time,",
	}
	titles = []string{
		"Developments in the field of information and telecommunications",
		"International code of conduct for information security",
		"Creation of a global culture of cybersecurity",
		"Information and communications technologies for development",
		"Promoting responsible State behaviour in cyberspace",
		"Strengthening the multistakeholder model of Internet governance",
		"Enhanced cooperation on public policy issues pertaining to the Internet",
		"Confidence-building measures between States in cyberspace",
		"Protection of critical information infrastructure",
		"The right to privacy in the digital age",
		"Countering the use of information technologies for criminal purposes",
		"Principles for the governance of the Internet",
	}
	institutions = []string{
		"Forum", "Declaration", "Centre", "Initiative", "Partnership", "Commission", "Institute",
		"Agreement", "Network", "Dialogue", "Process", "Principles", "Council", "Roadmap",
	}
	kinds = []string{"resolution", "code", "report", "declaration", "strategy", "treaty"}
	// word substitutions for rewording, in both directions where it makes sense.
	substitutions = map[string][]string{
		"shall":         {"should", "will", "must"},
		"should":        {"shall", "may"},
		"may":           {"should", "can"},
		"must":          {"shall", "should"},
		"promote":       {"advance", "encourage", "foster"},
		"ensure":        {"guarantee", "secure", "safeguard"},
		"strengthen":    {"enhance", "reinforce"},
		"support":       {"assist", "facilitate"},
		"States":        {"Member States", "all States", "Governments"},
		"Governments":   {"States", "public authorities"},
		"stakeholders":  {"actors", "parties concerned", "stakeholders in their respective roles"},
		"cooperation":   {"collaboration", "coordination"},
		"international": {"global", "multilateral"},
		"national":      {"domestic", "sovereign"},
		"important":     {"essential", "crucial", "key"},
		"effective":     {"efficient", "meaningful"},
		"open":          {"free and open", "secure and open"},
		"security":      {"safety", "stability"},
		"Internet":      {"information space", "global Internet"},
		"develop":       {"elaborate", "build"},
		"consider":      {"examine", "study"},
		"the":           {"the", "the relevant"},
	}
)
