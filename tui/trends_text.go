package tui

import (
	"fmt"
	"math"
	"strings"

	"peil/survey"
)

// trendsText holds every string of the trends and monitor screens in one
// language (localize makes it from trendsTable). Strings with verbs are fmt
// formats.
type trendsText = trendsTextOf[string]

// trendsTextOf lists the trends and monitor screens' texts: as Dutch and
// English pairs (trendsTable) or in one language (trendsText).
type trendsTextOf[T any] struct {
	lang survey.Lang

	Title         T // study code
	Computing     T
	NotAvailable  T
	NoInstruments T
	NoScales      T
	NoData        T
	Instrument    T
	Role          T
	AllRoles      T
	Split         T
	Merged        T
	All           T // the merged group
	Scales        T
	ScalesNumbers T
	Target        T // formatted value
	ColGroup      T
	ColN          T
	ColMean       T
	ColDiff       T
	ColD          T
	New           T // short, in a table cell
	NewNote       T // footnote for New
	NoEarlier     T // long, beside a bar
	Reworded      T // beside an item asked in other words in a later round
	NotAsked      T
	RoleMerged    T // merged is not available per role
	ScrollMore    T // rows below
	ItemsTitle    T // scale name, group label
	Reversed      T
	DontKnowShort T
	Agree         T
	Error         T // error text
	ColAlpha      T
	LowAlphaNote  T // threshold
	GroupsShown   T // first, last, total, Workplaces
	GroupsAll     T // total, Workplaces
	Workplaces    T
	HelpGroups    T
	HelpPick      T
	HelpToggle    T
	HelpPickDone  T
	HelpPickMove  T
	SpaceKey      T // the space bar's name in help
	PickTitle     T // the most that can be chosen
	Picked        T // number chosen, total, Workplaces

	HelpScale    T
	HelpItems    T
	HelpInstr    T
	HelpRole     T
	HelpSplit    T
	HelpGroup    T
	HelpScroll   T
	HelpBack     T
	HelpTrends   T
	HelpMonitor  T
	MonitorTitle T // study code
	MonSchools   T
	MonDone      T
	MonBusy      T
	MonRate      T
	MonTotal     T
	MonNoRounds  T
	MonUpdated   T // time
	MonLoading   T
	MonNoStore   T
}

// trendsTexts returns the trends and monitor screens' strings in lang.
func trendsTexts(lang survey.Lang) trendsText {
	t := localize[trendsText](trendsTable(), lang)
	t.lang = lang
	return t
}

// trendsTable is every text of the trends and monitor screens in Dutch and
// English.
func trendsTable() trendsTextOf[survey.Text] {
	return trendsTextOf[survey.Text]{
		Title:         nlEn("Trends · %s", "Trends · %s"),
		Computing:     nlEn("bezig met berekenen…", "computing…"),
		NotAvailable:  nlEn("Trends zijn in deze versie niet beschikbaar.", "Trends are not available in this build."),
		NoInstruments: nlEn("Dit onderzoek heeft nog geen metingen, dus nog geen trends.", "This study has no rounds yet, so there are no trends."),
		NoScales:      nlEn("Deze vragenlijst heeft geen schalen.", "This instrument has no scales."),
		NoData:        nlEn("Nog geen responsen.", "No responses yet."),
		Instrument:    nlEn("vragenlijst", "instrument"),
		Role:          nlEn("rol", "role"),
		AllRoles:      nlEn("alle", "all"),
		Split:         nlEn("per werkplaats", "per workplace"),
		Merged:        nlEn("werkplaatsen samen", "workplaces merged"),
		All:           nlEn("Alle", "All"),
		Scales:        nlEn("Schalen", "Scales"),
		ScalesNumbers: nlEn("Schalen en getallen", "Scales and numbers"),
		Target:        nlEn("doel %s", "target %s"),
		ColGroup:      nlEn("Groep", "Group"),
		ColN:          nlEn("n", "n"),
		ColMean:       nlEn("gem.", "mean"),
		ColDiff:       nlEn("verschil", "change"),
		ColD:          nlEn("d", "d"),
		New:           nlEn("nieuw*", "new*"),
		NewNote:       nlEn("* nieuw in deze meting: geen eerdere meting om mee te vergelijken", "* new in this round: no earlier round to compare"),
		NoEarlier:     nlEn("nieuw: geen eerdere meting", "new: no earlier round"),
		Reworded:      nlEn("anders geformuleerd", "wording changed"),
		NotAsked:      nlEn("niet gevraagd", "not asked"),
		RoleMerged:    nlEn("Samengevoegd per rol wordt niet berekend: druk s voor werkplaatsen.", "Merged results per role are not computed: press s for workplaces."),
		ScrollMore:    nlEn("nog %d lager · pgdn", "%d more below · pgdn"),
		ItemsTitle:    nlEn("%s · items · %s", "%s · items · %s"),
		Reversed:      nlEn("(omgepoold)", "(reversed)"),
		DontKnowShort: nlEn("wn", "dk"),
		Agree:         nlEn("eens", "agree"),
		Error:         nlEn("De trends konden niet worden berekend: %s", "Could not compute the trends: %s"),
		ColAlpha:      nlEn("α", "α"),
		LowAlphaNote:  nlEn("! α onder %s: lage betrouwbaarheid", "! α below %s: low reliability"),
		GroupsShown:   nlEn("%d–%d van %d %s · ←/→ of g voor meer", "%d–%d of %d %s · ←/→ or g for more"),
		GroupsAll:     nlEn("alle %d %s", "all %d %s"),
		Workplaces:    nlEn("werkplaatsen", "workplaces"),
		HelpGroups:    nlEn("andere werkplaatsen", "other workplaces"),
		HelpPick:      nlEn("kiezen", "pick"),
		HelpToggle:    nlEn("aan/uit", "on/off"),
		HelpPickDone:  nlEn("klaar", "done"),
		HelpPickMove:  nlEn("werkplaats", "workplace"),
		SpaceKey:      nlEn("spatie", "space"),
		PickTitle:     nlEn("Kies de werkplaatsen voor de grafiek (ten hoogste %d)", "Pick the workplaces for the chart (at most %d)"),
		Picked:        nlEn("%d gekozen van %d %s · g kiezen", "%d picked of %d %s · g pick"),
		HelpScale:     nlEn("schaal", "scale"),
		HelpItems:     nlEn("items", "items"),
		HelpInstr:     nlEn("vragenlijst", "instrument"),
		HelpRole:      nlEn("rol", "role"),
		HelpSplit:     nlEn("apart/samen", "split/merged"),
		HelpGroup:     nlEn("groep", "group"),
		HelpScroll:    nlEn("scrollen", "scroll"),
		HelpBack:      nlEn("terug", "back"),
		HelpTrends:    nlEn("trends", "trends"),
		HelpMonitor:   nlEn("monitor", "monitor"),
		MonitorTitle:  nlEn("Monitor · %s", "Monitor · %s"),
		MonSchools:    nlEn("Werkplaats / school", "Workplace / school"),
		MonDone:       nlEn("klaar", "done"),
		MonBusy:       nlEn("bezig", "busy"),
		MonRate:       nlEn("compl.", "compl."),
		MonTotal:      nlEn("Totaal", "Total"),
		MonNoRounds:   nlEn("Dit onderzoek heeft nog geen metingen.", "This study has no rounds yet."),
		MonUpdated:    nlEn("bijgewerkt %s · ververst elke paar seconden", "updated %s · refreshes every few seconds"),
		MonLoading:    nlEn("Laden…", "Loading…"),
		MonNoStore:    nlEn("Er is geen database geopend.", "No database is open."),
	}
}

// num formats x with the given decimals and the language's decimal mark:
// 3,41 in Dutch, 3.41 in English.
func (t trendsTextOf[T]) num(x float64, decimals int) string {
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
func (t trendsTextOf[T]) signed(x float64, decimals int) string {
	s := t.num(math.Abs(x), decimals)
	if s == t.num(0, decimals) {
		return s
	}
	if x < 0 {
		return "−" + s
	}
	return "+" + s
}

// fitNum is num with as many of decimals as fit in w cells (a mean of
// hundreds in a column made for 3,41): fewer decimals rather than a cut
// number.
func (t trendsTextOf[T]) fitNum(x float64, decimals, w int) string {
	s := t.num(x, decimals)
	for d := decimals - 1; d >= 0 && len([]rune(s)) > w; d-- {
		s = t.num(x, d)
	}
	return s
}

// fitSigned is signed with as many of decimals as fit in w cells.
func (t trendsTextOf[T]) fitSigned(x float64, decimals, w int) string {
	s := t.signed(x, decimals)
	for d := decimals - 1; d >= 0 && len([]rune(s)) > w; d-- {
		s = t.signed(x, d)
	}
	return s
}

// percent formats a share as a whole percentage: 5%.
func (t trendsTextOf[T]) percent(share float64) string {
	return fmt.Sprintf("%d%%", int(math.Round(share*100)))
}
