package tui

import (
	"fmt"
	"math"
	"strings"

	"peil/survey"
)

// trendsText holds every string of the trends and monitor screens in one
// language. Strings with verbs are fmt formats.
type trendsText struct {
	lang survey.Lang

	Title         string // study code
	Computing     string
	NotAvailable  string
	NoInstruments string
	NoScales      string
	NoData        string
	Instrument    string
	Role          string
	AllRoles      string
	Split         string
	Merged        string
	All           string // the merged group
	Scales        string
	Target        string // formatted value
	ColGroup      string
	ColN          string
	ColMean       string
	ColDiff       string
	ColD          string
	New           string // short, in a table cell
	NewNote       string // footnote for New
	NoEarlier     string // long, beside a bar
	Reworded      string // beside an item asked in other words in a later round
	NotAsked      string
	RoleMerged    string // merged is not available per role
	ScrollMore    string // rows below
	ItemsTitle    string // scale name, group label
	Reversed      string
	DontKnowShort string
	Agree         string
	Error         string // error text

	HelpScale    string
	HelpItems    string
	HelpInstr    string
	HelpRole     string
	HelpSplit    string
	HelpGroup    string
	HelpScroll   string
	HelpBack     string
	HelpTrends   string
	HelpMonitor  string
	MonitorTitle string // study code
	MonSchools   string
	MonDone      string
	MonBusy      string
	MonRate      string
	MonTotal     string
	MonNoRounds  string
	MonUpdated   string // time
	MonLoading   string
}

func trendsTexts(lang survey.Lang) trendsText {
	if lang == survey.English {
		return trendsText{
			lang:          survey.English,
			Title:         "Trends · %s",
			Computing:     "computing…",
			NotAvailable:  "Trends are not available in this build.",
			NoInstruments: "This study has no rounds yet, so there are no trends.",
			NoScales:      "This instrument has no scales.",
			NoData:        "No responses yet.",
			Instrument:    "instrument",
			Role:          "role",
			AllRoles:      "all",
			Split:         "per workplace",
			Merged:        "workplaces merged",
			All:           "All",
			Scales:        "Scales",
			Target:        "target %s",
			ColGroup:      "Group",
			ColN:          "n",
			ColMean:       "mean",
			ColDiff:       "change",
			ColD:          "d",
			New:           "new*",
			NewNote:       "* new in this round: no earlier round to compare",
			NoEarlier:     "new: no earlier round",
			Reworded:      "wording changed",
			NotAsked:      "not asked",
			RoleMerged:    "Merged results per role are not computed: press s for workplaces.",
			ScrollMore:    "%d more below · pgdn",
			ItemsTitle:    "%s · items · %s",
			Reversed:      "(reversed)",
			DontKnowShort: "dk",
			Agree:         "agree",
			Error:         "Could not compute the trends: %s",

			HelpScale:    "scale",
			HelpItems:    "items",
			HelpInstr:    "instrument",
			HelpRole:     "role",
			HelpSplit:    "split/merged",
			HelpGroup:    "group",
			HelpScroll:   "scroll",
			HelpBack:     "back",
			HelpTrends:   "trends",
			HelpMonitor:  "monitor",
			MonitorTitle: "Monitor · %s",
			MonSchools:   "Workplace / school",
			MonDone:      "done",
			MonBusy:      "busy",
			MonRate:      "compl.",
			MonTotal:     "Total",
			MonNoRounds:  "This study has no rounds yet.",
			MonUpdated:   "updated %s · refreshes every few seconds",
			MonLoading:   "Loading…",
		}
	}
	return trendsText{
		lang:          survey.Dutch,
		Title:         "Trends · %s",
		Computing:     "bezig met berekenen…",
		NotAvailable:  "Trends zijn in deze versie niet beschikbaar.",
		NoInstruments: "Dit onderzoek heeft nog geen metingen, dus nog geen trends.",
		NoScales:      "Deze vragenlijst heeft geen schalen.",
		NoData:        "Nog geen responsen.",
		Instrument:    "vragenlijst",
		Role:          "rol",
		AllRoles:      "alle",
		Split:         "per werkplaats",
		Merged:        "werkplaatsen samen",
		All:           "Alle",
		Scales:        "Schalen",
		Target:        "doel %s",
		ColGroup:      "Groep",
		ColN:          "n",
		ColMean:       "gem.",
		ColDiff:       "verschil",
		ColD:          "d",
		New:           "nieuw*",
		NewNote:       "* nieuw in deze meting: geen eerdere meting om mee te vergelijken",
		NoEarlier:     "nieuw: geen eerdere meting",
		Reworded:      "anders geformuleerd",
		NotAsked:      "niet gevraagd",
		RoleMerged:    "Samengevoegd per rol wordt niet berekend: druk s voor werkplaatsen.",
		ScrollMore:    "nog %d lager · pgdn",
		ItemsTitle:    "%s · items · %s",
		Reversed:      "(omgepoold)",
		DontKnowShort: "wn",
		Agree:         "eens",
		Error:         "De trends konden niet worden berekend: %s",

		HelpScale:    "schaal",
		HelpItems:    "items",
		HelpInstr:    "vragenlijst",
		HelpRole:     "rol",
		HelpSplit:    "apart/samen",
		HelpGroup:    "groep",
		HelpScroll:   "scrollen",
		HelpBack:     "terug",
		HelpTrends:   "trends",
		HelpMonitor:  "monitor",
		MonitorTitle: "Monitor · %s",
		MonSchools:   "Werkplaats / school",
		MonDone:      "klaar",
		MonBusy:      "bezig",
		MonRate:      "compl.",
		MonTotal:     "Totaal",
		MonNoRounds:  "Dit onderzoek heeft nog geen metingen.",
		MonUpdated:   "bijgewerkt %s · ververst elke paar seconden",
		MonLoading:   "Laden…",
	}
}

// num formats x with the given decimals and the language's decimal mark:
// 3,41 in Dutch, 3.41 in English.
func (t trendsText) num(x float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, x)
	if s == "-"+fmt.Sprintf("%.*f", decimals, 0.0) {
		s = s[1:]
	}
	if t.lang != survey.English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// signed formats x with a sign: +0,25, −0,10 (a true minus sign), 0,00.
func (t trendsText) signed(x float64, decimals int) string {
	s := t.num(math.Abs(x), decimals)
	if s == t.num(0, decimals) {
		return s
	}
	if x < 0 {
		return "−" + s
	}
	return "+" + s
}

// percent formats a share as a whole percentage: 5%.
func (t trendsText) percent(share float64) string {
	return fmt.Sprintf("%d%%", int(math.Round(share*100)))
}
