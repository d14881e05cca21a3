package report

import (
	"fmt"
	"strings"

	"peil/survey"
)

// texts holds every fixed text of a report in one language.
type texts struct {
	HTMLLang         string
	DecimalComma     bool
	ReportTitle      string
	Study            string
	Instrument       string
	Rounds           string
	Date             string
	MinGroup         string
	Contents         string
	Respondents      string
	RespondentsIntro string
	OtherItems       string
	Method           string
	All              string
	NoRole           string
	Group            string
	Round            string
	N                string
	Mean             string
	SD               string
	Change           string
	D                string
	P                string
	Baseline         string
	New              string
	NotAsked         string
	NotShown         string
	TrendFigure      string
	Target           string
	TableCaption     string
	Distributions    string
	DistIntro        string
	NewNote          string
	NewItemNote      string
	RewordedNote     string
	SuppressedNote   string
	ChartLeftOut     string
	GapNote          string
	BaselineHidden   string
	// LeftOutNote and ProvisionalNote take the open rounds' names and
	// "is" or "are" (see openNote).
	LeftOutNote     [2]string
	ProvisionalNote [2]string
	MethodText      []string
	Generated       string
	Percent         string
	Agree           string
	// The alpha column and its note.
	Alpha             string
	TableCaptionAlpha string
	LowAlphaNote      string // the threshold
	// Reverse-worded statements.
	Reversed string
	// The summary.
	Summary         string
	Scope           string // the instrument
	OthersNote      string // the other instruments; the commands follow
	OneInstrument   string
	SummaryN        string // n first, first round, n last, last round
	SummaryChanges  string // first round, the changes
	NoCompared      string
	HiddenNote      string // k, the groups
	HiddenAll       string // group
	HiddenIn        string // group, rounds
	LowAlphaSummary string // threshold, the scales
	And             string
}

func textsFor(lang survey.Lang) texts {
	if lang == survey.English {
		return english
	}
	return dutch
}

var dutch = texts{
	HTMLLang:         "nl",
	DecimalComma:     true,
	ReportTitle:      "Monitoringsrapport",
	Study:            "Studie",
	Instrument:       "Vragenlijst",
	Rounds:           "Metingen",
	Date:             "Datum",
	MinGroup:         "Kleinste getoonde groep",
	Contents:         "Inhoud",
	Respondents:      "Respondenten",
	RespondentsIntro: "Aantal ingevulde vragenlijsten per werkplaats en meting.",
	OtherItems:       "Overige vragen",
	Method:           "Wat de cijfers betekenen",
	All:              "Alle werkplaatsen",
	NoRole:           "(geen rol)",
	Group:            "Groep",
	Round:            "Meting",
	N:                "n",
	Mean:             "Gemiddelde",
	SD:               "SD",
	Change:           "Verschil met eerste meting",
	D:                "d",
	P:                "p",
	Baseline:         "eerste meting",
	New:              "nieuw",
	NotAsked:         "niet gevraagd",
	NotShown:         "niet getoond",
	TrendFigure:      "Gemiddelde per meting",
	Target:           "doel",
	TableCaption:     "n, gemiddelde, standaardafwijking en verschil met de eerste meting per werkplaats en meting",
	Distributions:    "Antwoorden per stelling",
	DistIntro:        "Verdeling van de antwoorden (percentage van alle antwoorden, inclusief ‘weet ik niet’).",
	NewNote:          "nieuw in deze meting: geen eerdere meting om mee te vergelijken",
	NewItemNote:      "Nieuw in %s: geen eerdere meting om mee te vergelijken.",
	RewordedNote:     "In %s anders geformuleerd dan in de meting ervoor: een verschil kan ook door de nieuwe formulering komen.",
	SuppressedNote:   "Groepen kleiner dan %d worden niet getoond (“< %d”). Soms is ook een tweede groep verborgen, zodat de kleine groep niet uit het totaal kan worden teruggerekend.",
	ChartLeftOut:     "Niet in de figuur (groep te klein of verborgen): %s.",
	GapNote:          "Een dunne stippellijn verbindt twee metingen waartussen een meting niet wordt getoond",
	BaselineHidden:   "eerste meting niet getoond",
	LeftOutNote: [2]string{
		"%s is nog open en staat niet in dit rapport: zolang een meting loopt, verandert elk cijfer met iedere respondent die klaar is, en twee rapporten naast elkaar zouden laten zien wat één persoon antwoordde.",
		"%s zijn nog open en staan niet in dit rapport: zolang een meting loopt, verandert elk cijfer met iedere respondent die klaar is, en twee rapporten naast elkaar zouden laten zien wat één persoon antwoordde.",
	},
	ProvisionalNote: [2]string{
		"Voorlopig: %s is nog open. Elk cijfer van een open meting verandert met iedere respondent die klaar is; twee versies van dit rapport naast elkaar laten zien wat één persoon antwoordde. Deel dit rapport niet en vergelijk het niet met een andere versie; schrijf het rapport voor de school opnieuw als de meting gesloten is.",
		"Voorlopig: %s zijn nog open. Elk cijfer van een open meting verandert met iedere respondent die klaar is; twee versies van dit rapport naast elkaar laten zien wat één persoon antwoordde. Deel dit rapport niet en vergelijk het niet met een andere versie; schrijf het rapport voor de school opnieuw als de metingen gesloten zijn.",
	},
	Generated:         "Gemaakt met peil",
	Percent:           "%",
	Agree:             "eens",
	Alpha:             "α",
	TableCaptionAlpha: "n, gemiddelde, standaardafwijking, betrouwbaarheid (α) en verschil met de eerste meting per werkplaats en meting",
	LowAlphaNote:      "Lage betrouwbaarheid: Cronbachs α onder %s. De stellingen van deze schaal hangen in deze groep weinig samen; lees het gemiddelde met voorzichtigheid.",
	Reversed:          "negatief geformuleerd: telt omgedraaid mee in de schaalscore",
	Summary:           "Samenvatting",
	Scope:             "Dit rapport gaat over de vragenlijst %s.",
	OthersNote:        "De andere vragenlijsten van deze studie (%s) hebben elk een eigen rapport:",
	OneInstrument:     "Elke vragenlijst heeft een eigen rapport (peil report --instrument).",
	SummaryN:          "n = %s in %s, %s in %s",
	SummaryChanges:    "grootste veranderingen sinds %s: %s",
	NoCompared:        "Er is nog geen tweede meting om mee te vergelijken.",
	HiddenNote:        "Niet getoond omdat de groep kleiner is dan %d (of om een kleine groep niet terug te laten rekenen): %s.",
	HiddenAll:         "%s in alle metingen",
	HiddenIn:          "%s in %s",
	LowAlphaSummary:   "Lage betrouwbaarheid (α onder %s), alle werkplaatsen samen: %s. Lees die gemiddelden met voorzichtigheid.",
	And:               "en",
	MethodText: []string{
		"Een <b>schaal</b> is een groep stellingen over hetzelfde onderwerp. Iedere respondent krijgt per schaal een score: het gemiddelde van de stellingen die hij of zij beantwoordde, op een schaal van 1 (helemaal mee oneens) tot 5 (helemaal mee eens). Negatief geformuleerde stellingen worden eerst omgedraaid, zodat een hogere score altijd gunstiger is. ‘Weet ik niet’ telt niet mee in de score; wie minder dan de helft van de stellingen beantwoordde, krijgt geen score.",
		"<b>n</b> is het aantal respondenten met een score. Het <b>gemiddelde</b> is het gemiddelde van hun scores. De <b>SD</b> (standaardafwijking) zegt hoe ver de scores gemiddeld uiteenliggen: rond 0,5 liggen de meeste mensen dicht bij elkaar, rond 1 lopen de meningen sterk uiteen.",
		"Het <b>verschil met de eerste meting</b> is het gemiddelde van deze meting min het gemiddelde van de eerste meting van dezelfde groep. <b>d</b> (Cohens d) drukt dat verschil uit in standaardafwijkingen, zodat schalen vergelijkbaar worden: rond 0,2 is een klein verschil, rond 0,5 een middelgroot en vanaf 0,8 een groot verschil.",
		"<b>α</b> (Cronbachs alfa) zegt hoe goed de stellingen van een schaal samenhangen, van 0 tot 1: hoe hoger, hoe betrouwbaarder de schaalscore. Onder 0,70 noemt dit rapport de betrouwbaarheid laag (‡): de schaal meet in die groep dan niet goed één ding. α wordt berekend over de respondenten die alle stellingen van de schaal beantwoordden.",
		"<b>p</b> is de kans op een verschil van minstens deze grootte als er in werkelijkheid niets veranderd zou zijn (Welch-toets). Een p onder 0,05 wordt meestal ‘significant’ genoemd. Bij kleine groepen is p vaak groot, ook als het verschil betekenisvol is; kijk daarom vooral naar d.",
		"De figuren met antwoorden per stelling tonen welk deel van de antwoorden op elk antwoord viel: oranje is oneens, grijs neutraal, blauw eens; het gearceerde deel is ‘weet ik niet’. Negatief geformuleerde stellingen zijn gemarkeerd: daar is ‘eens’ ongunstig, en in de schaalscore tellen ze omgedraaid mee.",
		"<b>Privacy.</b> Om respondenten onherkenbaar te houden toont dit rapport geen cijfers over groepen van minder dan %d personen: daar staat “< %d”. Als één groep verborgen is, wordt ook een tweede groep verborgen, zodat niemand de kleine groep uit het totaal kan terugrekenen.",
	},
}

var english = texts{
	HTMLLang:         "en",
	ReportTitle:      "Monitoring report",
	Study:            "Study",
	Instrument:       "Questionnaire",
	Rounds:           "Rounds",
	Date:             "Date",
	MinGroup:         "Smallest group shown",
	Contents:         "Contents",
	Respondents:      "Respondents",
	RespondentsIntro: "Completed questionnaires per workplace and round.",
	OtherItems:       "Other questions",
	Method:           "What the numbers mean",
	All:              "All workplaces",
	NoRole:           "(no role)",
	Group:            "Group",
	Round:            "Round",
	N:                "n",
	Mean:             "Mean",
	SD:               "SD",
	Change:           "Change from first round",
	D:                "d",
	P:                "p",
	Baseline:         "first round",
	New:              "new",
	NotAsked:         "not asked",
	NotShown:         "not shown",
	TrendFigure:      "Mean per round",
	Target:           "target",
	TableCaption:     "n, mean, standard deviation and change from the first round per workplace and round",
	Distributions:    "Answers per statement",
	DistIntro:        "Distribution of the answers (share of all answers, ‘don't know’ included).",
	NewNote:          "new in this round: no earlier round to compare with",
	NewItemNote:      "New in %s: no earlier round to compare with.",
	RewordedNote:     "Worded differently in %s than in the round before: a difference may also come from the new wording.",
	SuppressedNote:   "Groups smaller than %d are not shown (“< %d”). Sometimes a second group is hidden as well, so that the small group cannot be worked out from the total.",
	ChartLeftOut:     "Not in the figure (group too small or hidden): %s.",
	GapNote:          "A thin dotted line joins two rounds with a round between them that is not shown",
	BaselineHidden:   "first round not shown",
	LeftOutNote: [2]string{
		"%s is still open and not in this report: while a round runs, every figure changes with each respondent who finishes, and two reports side by side would show what one person answered.",
		"%s are still open and not in this report: while a round runs, every figure changes with each respondent who finishes, and two reports side by side would show what one person answered.",
	},
	ProvisionalNote: [2]string{
		"Provisional: %s is still open. Every figure of an open round changes with each respondent who finishes; two versions of this report side by side show what one person answered. Do not share this report or compare it with another version; write the report for the school again once the round is closed.",
		"Provisional: %s are still open. Every figure of an open round changes with each respondent who finishes; two versions of this report side by side show what one person answered. Do not share this report or compare it with another version; write the report for the school again once the rounds are closed.",
	},
	Generated:         "Made with peil",
	Percent:           "%",
	Agree:             "agree",
	Alpha:             "α",
	TableCaptionAlpha: "n, mean, standard deviation, reliability (α) and change from the first round per workplace and round",
	LowAlphaNote:      "Low reliability: Cronbach's α below %s. The statements of this scale hang together little in this group; read the mean with care.",
	Reversed:          "reverse-worded: counts turned around in the scale score",
	Summary:           "Summary",
	Scope:             "This report covers the questionnaire %s.",
	OthersNote:        "The study's other questionnaires (%s) each have a report of their own:",
	OneInstrument:     "Each questionnaire has a report of its own (peil report --instrument).",
	SummaryN:          "n = %s in %s, %s in %s",
	SummaryChanges:    "largest changes since %s: %s",
	NoCompared:        "There is no second round to compare with yet.",
	HiddenNote:        "Not shown because the group is smaller than %d (or so that a small group cannot be worked out): %s.",
	HiddenAll:         "%s in every round",
	HiddenIn:          "%s in %s",
	LowAlphaSummary:   "Low reliability (α below %s), all workplaces merged: %s. Read those means with care.",
	And:               "and",
	MethodText: []string{
		"A <b>scale</b> is a group of statements on one subject. Every respondent gets a score per scale: the mean of the statements they answered, from 1 (strongly disagree) to 5 (strongly agree). Negatively worded statements are turned around first, so a higher score is always more favourable. ‘Don't know’ does not count in the score; someone who answered fewer than half of the statements gets no score.",
		"<b>n</b> is the number of respondents with a score. The <b>mean</b> is the mean of their scores. The <b>SD</b> (standard deviation) tells how far the scores lie apart: around 0.5 most people are close together, around 1 opinions differ widely.",
		"The <b>change from the first round</b> is this round's mean minus the mean of the same group's first round. <b>d</b> (Cohen's d) expresses that change in standard deviations, so scales can be compared: around 0.2 is a small change, around 0.5 a medium one, and from 0.8 a large one.",
		"<b>α</b> (Cronbach's alpha) tells how well the statements of a scale hang together, from 0 to 1: the higher, the more reliable the scale score. Below 0.70 this report calls the reliability low (‡): the scale then does not measure one thing well in that group. α is computed over the respondents who answered every statement of the scale.",
		"<b>p</b> is the chance of a change at least this large if nothing had really changed (Welch's test). A p below 0.05 is usually called ‘significant’. In small groups p is often large even when the change matters; look at d first.",
		"The figures of answers per statement show which share of the answers fell on each answer: orange is disagree, grey neutral, blue agree; the hatched part is ‘don't know’. Reverse-worded statements are marked: there ‘agree’ is unfavourable, and they count turned around in the scale score.",
		"<b>Privacy.</b> To keep respondents unrecognisable this report shows no numbers for groups of fewer than %d people: it shows “< %d” instead. When one group is hidden, a second one is hidden too, so that nobody can work out the small group from the total.",
	},
}

// label returns a group's label in the report's language.
func (t *texts) label(g groupLabel) string {
	switch {
	case g.workplace == "":
		return t.All
	case g.sub == "":
		return g.workplace
	}
	return g.workplace + " / " + g.sub
}

type groupLabel struct{ workplace, sub string }

// openNote fills a note on open rounds with their names; "" when there
// are none.
func (t texts) openNote(note [2]string, rounds []string) string {
	switch len(rounds) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(note[0], rounds[0])
	}
	and := " en "
	if t.HTMLLang == "en" {
		and = " and "
	}
	return fmt.Sprintf(note[1], strings.Join(rounds[:len(rounds)-1], ", ")+and+rounds[len(rounds)-1])
}
