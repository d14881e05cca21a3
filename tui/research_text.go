package tui

import "peil/survey"

// researchText holds every string the researcher pages show, in one
// language (localize makes it from researchTable). Strings with verbs are
// fmt formats.
type researchText = researchTextOf[string]

// researchTextOf lists the researcher pages' texts: as Dutch and English
// pairs (researchTable) or in one language (researchText).
type researchTextOf[T any] struct {
	// Studies list.
	StudiesTitle   T
	NoStudies      T
	ColCode        T
	ColTitle       T
	ColWorkplaces  T
	ColSchools     T
	ColRounds      T
	Loading        T
	MoreAbove      T
	MoreBelow      T
	StudyCreated   T // study code
	MinGroupLabel  T // k
	StudyBreadcrum T // study code, title

	// Study page.
	RoundsTitle      T
	NoRounds         T
	Open             T
	Closed           T
	VersionFmt       T // version number
	SchoolsTitle     T
	NoWorkplaces     T
	NoSchoolsYet     T
	CountsTitle      T // shown above the counts columns
	InProgressShort  T
	CompleteShort    T
	Subtotal         T
	Total            T
	NoOpenRound      T
	MoreOpenRounds   T // number of open rounds not shown
	RefreshedAt      T // time
	ScrollHint       T
	SyncLast         T // time of the last good sync
	SyncNever        T
	SyncWaiting      T // number of responses not yet on the hub
	SyncBusy         T
	SyncFailed       T // what went wrong in the last sync
	SyncDone         T // responses sent, records fetched
	WorkplaceCreated T // code
	SchoolCreated    T // code
	RoundCreated     T // name
	RoundOpened      T // name
	RoundClosed      T // name
	UnknownInstr     T // instrument key

	// Forms.
	NewStudyTitle     T
	StudyCodeLabel    T
	StudyCodeHelp     T
	StudyTitleLabel   T
	MinGroupSizeLabel T
	MinGroupSizeHelp  T
	NewWorkplaceTitle T
	WorkplaceCodeHelp T
	NameLabel         T
	NewSchoolTitle    T
	WorkplaceLabel    T
	SchoolCodeHelp    T
	NewRoundTitle     T
	RoundNameLabel    T
	RoundNameHelp     T
	InstrumentLabel   T
	StartKioskTitle   T
	RoundLabel        T
	SchoolLabel       T
	NewPINTitle       T
	NewPINHelp        T
	PINLabel          T
	PINAgainLabel     T

	// Validation and errors.
	ErrRequired       T
	ErrNoSpaces       T
	ErrTooLong        T // max length
	ErrWholeNumber    T
	ErrMinGroupSize   T // minimum
	ErrPINDigits      T // min, max
	ErrPINMismatch    T
	ErrPINWeak        T
	ErrNoWorkplaces   T
	ErrNoSchools      T
	ErrNoCatalogue    T
	ErrNoRounds       T
	ErrNoOpenRounds   T
	ErrNoStore        T
	ErrUnexpected     T // error text
	PINSaved          T
	StartingKiosk     T // round, school
	FormCancelled     T
	HashingPIN        T
	SavingPleaseWait  T
	HelpUp            T
	HelpDown          T
	HelpOpenStudy     T
	HelpNewStudy      T
	HelpBack          T
	HelpAddWorkplace  T
	HelpAddSchool     T
	HelpNewRound      T
	HelpToggleRound   T
	HelpKiosk         T
	HelpTrends        T
	HelpMonitor       T
	HelpExport        T
	HelpImport        T
	HelpSync          T
	HelpScroll        T
	HelpCancel        T
	HelpSelectRound   T
	HelpRefresh       T
	HelpNextField     T
	HelpPreviousField T
	HelpSubmit        T
	HelpFilter        T
}

// researchTexts returns the researcher pages' strings in lang (Dutch unless
// lang is English).
func researchTexts(lang survey.Lang) researchText {
	return localize[researchText](researchTable(), lang)
}

// researchTable is every text of the researcher pages in Dutch and English.
func researchTable() researchTextOf[survey.Text] {
	return researchTextOf[survey.Text]{
		StudiesTitle:      nlEn("Onderzoeken", "Studies"),
		NoStudies:         nlEn("Nog geen onderzoeken. Druk op n om er een te maken.", "No studies yet. Press n to create one."),
		ColCode:           nlEn("Code", "Code"),
		ColTitle:          nlEn("Titel", "Title"),
		ColWorkplaces:     nlEn("Werkpl.", "Workpl."),
		ColSchools:        nlEn("Scholen", "Schools"),
		ColRounds:         nlEn("Metingen", "Rounds"),
		Loading:           nlEn("Laden…", "Loading…"),
		MoreAbove:         nlEn("↑ meer", "↑ more"),
		MoreBelow:         nlEn("↓ meer", "↓ more"),
		StudyCreated:      nlEn("Onderzoek %s aangemaakt.", "Study %s created."),
		MinGroupLabel:     nlEn("groepen kleiner dan %d worden niet getoond", "groups smaller than %d are not shown"),
		StudyBreadcrum:    nlEn("Onderzoek %s · %s", "Study %s · %s"),
		RoundsTitle:       nlEn("Metingen", "Rounds"),
		NoRounds:          nlEn("Nog geen metingen. Druk op r om er een te maken.", "No rounds yet. Press r to create one."),
		Open:              nlEn("open", "open"),
		Closed:            nlEn("gesloten", "closed"),
		VersionFmt:        nlEn("v%d", "v%d"),
		SchoolsTitle:      nlEn("Werkplaatsen en scholen", "Workplaces and schools"),
		NoWorkplaces:      nlEn("Nog geen werkplaatsen. Druk op w om er een toe te voegen.", "No workplaces yet. Press w to add one."),
		NoSchoolsYet:      nlEn("(nog geen scholen; druk op s)", "(no schools yet; press s)"),
		CountsTitle:       nlEn("responsen", "responses"),
		InProgressShort:   nlEn("bezig", "busy"),
		CompleteShort:     nlEn("klaar", "done"),
		Subtotal:          nlEn("subtotaal", "subtotal"),
		Total:             nlEn("Totaal", "Total"),
		NoOpenRound:       nlEn("Er is geen meting open, dus er zijn geen responsen te tellen.", "No round is open, so there are no responses to count."),
		MoreOpenRounds:    nlEn("Nog %d open metingen niet getoond; sluit metingen die klaar zijn.", "%d more open rounds are not shown; close rounds you no longer use."),
		RefreshedAt:       nlEn("tellingen bijgewerkt %s", "counts updated %s"),
		ScrollHint:        nlEn("pgup/pgdn scrolt", "pgup/pgdn scrolls"),
		SyncLast:          nlEn("laatste sync %s", "last sync %s"),
		SyncNever:         nlEn("nog niet gesynchroniseerd", "not synced yet"),
		SyncWaiting:       nlEn("%d antwoordsets wachten", "%d responses waiting"),
		SyncBusy:          nlEn("synchroniseren bezig…", "syncing…"),
		SyncFailed:        nlEn("laatste poging mislukt: %s", "last try failed: %s"),
		SyncDone:          nlEn("Gesynchroniseerd: %d antwoordsets verstuurd, %d nieuw opgehaald.", "Synced: %d responses sent, %d new fetched."),
		WorkplaceCreated:  nlEn("Werkplaats %s toegevoegd.", "Workplace %s added."),
		SchoolCreated:     nlEn("School %s toegevoegd.", "School %s added."),
		RoundCreated:      nlEn("Meting %q aangemaakt en open.", "Round %q created and open."),
		RoundOpened:       nlEn("Meting %q is open.", "Round %q is open."),
		RoundClosed:       nlEn("Meting %q is gesloten.", "Round %q is closed."),
		UnknownInstr:      nlEn("%s (niet in de catalogus)", "%s (not in catalogue)"),
		NewStudyTitle:     nlEn("Nieuw onderzoek", "New study"),
		StudyCodeLabel:    nlEn("Code", "Code"),
		StudyCodeHelp:     nlEn("Een korte naam zonder spaties, bijvoorbeeld monitor-po.", "A short name without spaces, e.g. monitor-po."),
		StudyTitleLabel:   nlEn("Titel", "Title"),
		MinGroupSizeLabel: nlEn("Minimale groepsgrootte (k)", "Minimum group size (k)"),
		MinGroupSizeHelp:  nlEn("Rapporten verbergen resultaten van kleinere groepen (minstens 3).", "Reports hide results of groups smaller than this (at least 3)."),
		NewWorkplaceTitle: nlEn("Nieuwe werkplaats", "New workplace"),
		WorkplaceCodeHelp: nlEn("Een korte code, bijvoorbeeld WOA.", "A short code, e.g. WOA."),
		NameLabel:         nlEn("Naam", "Name"),
		NewSchoolTitle:    nlEn("Nieuwe school", "New school"),
		WorkplaceLabel:    nlEn("Werkplaats", "Workplace"),
		SchoolCodeHelp:    nlEn("Een korte code, uniek in het onderzoek, bijvoorbeeld WOA-03.", "A short code, unique in the study, e.g. WOA-03."),
		NewRoundTitle:     nlEn("Nieuwe meting", "New round"),
		RoundNameLabel:    nlEn("Naam", "Name"),
		RoundNameHelp:     nlEn("Bijvoorbeeld nulmeting of najaar 2025.", "E.g. baseline or autumn 2025."),
		InstrumentLabel:   nlEn("Vragenlijst", "Instrument"),
		StartKioskTitle:   nlEn("Kiosk starten", "Start kiosk"),
		RoundLabel:        nlEn("Meting (alleen open metingen)", "Round (open rounds only)"),
		SchoolLabel:       nlEn("School", "School"),
		NewPINTitle:       nlEn("Pincode instellen", "Set a PIN"),
		NewPINHelp:        nlEn("Alleen met deze pincode verlaat je de kioskmodus. 4 tot 8 cijfers.", "Only this PIN leaves kiosk mode. 4 to 8 digits."),
		PINLabel:          nlEn("Pincode", "PIN"),
		PINAgainLabel:     nlEn("Pincode nogmaals", "PIN again"),
		ErrRequired:       nlEn("Dit mag niet leeg zijn.", "This cannot be empty."),
		ErrNoSpaces:       nlEn("Een code heeft geen spaties.", "A code has no spaces."),
		ErrTooLong:        nlEn("Hoogstens %d tekens.", "At most %d characters."),
		ErrWholeNumber:    nlEn("Typ een heel getal.", "Type a whole number."),
		ErrMinGroupSize:   nlEn("Minstens %d, zodat niemand herkenbaar is.", "At least %d, so that no one can be recognised."),
		ErrPINDigits:      nlEn("Een pincode heeft %d tot %d cijfers en verder niets.", "A PIN has %d to %d digits and nothing else."),
		ErrPINMismatch:    nlEn("De twee pincodes verschillen. Typ twee keer dezelfde pincode.", "The two PINs differ. Type the same PIN twice."),
		ErrPINWeak:        nlEn("Deze pincode probeert iedereen als eerste (één cijfer herhaald, of op- of aflopend). Kies een andere.", "This PIN is among the first anyone tries (one digit repeated, or counting up or down). Choose another."),
		ErrNoWorkplaces:   nlEn("Voeg eerst een werkplaats toe (w).", "Add a workplace first (w)."),
		ErrNoSchools:      nlEn("Voeg eerst een school toe (s).", "Add a school first (s)."),
		ErrNoCatalogue:    nlEn("Er zijn geen vragenlijsten om uit te kiezen.", "There are no instruments to choose from."),
		ErrNoRounds:       nlEn("Er is geen meting om te openen of te sluiten. Druk op r om er een te maken.", "There is no round to open or close. Press r to create one."),
		ErrNoOpenRounds:   nlEn("Er is geen meting open. Kies een meting en druk op o om die te openen.", "No round is open. Select a round and press o to open it."),
		ErrNoStore:        nlEn("Er is geen database geopend.", "No database is open."),
		ErrUnexpected:     nlEn("Er ging iets mis: %s", "Something went wrong: %s"),
		PINSaved:          nlEn("Pincode opgeslagen.", "PIN saved."),
		StartingKiosk:     nlEn("Kiosk starten voor %s op %s…", "Starting the kiosk for %s at %s…"),
		FormCancelled:     nlEn("Geannuleerd.", "Cancelled."),
		HashingPIN:        nlEn("Pincode opslaan…", "Saving the PIN…"),
		SavingPleaseWait:  nlEn("Opslaan…", "Saving…"),
		HelpUp:            nlEn("omhoog", "up"),
		HelpDown:          nlEn("omlaag", "down"),
		HelpOpenStudy:     nlEn("open onderzoek", "open study"),
		HelpNewStudy:      nlEn("nieuw onderzoek", "new study"),
		HelpBack:          nlEn("terug", "back"),
		HelpAddWorkplace:  nlEn("werkplaats", "workplace"),
		HelpAddSchool:     nlEn("school", "school"),
		HelpNewRound:      nlEn("nieuwe meting", "new round"),
		HelpToggleRound:   nlEn("open/dicht", "open/close"),
		HelpKiosk:         nlEn("kiosk starten", "start kiosk"),
		HelpTrends:        nlEn("trends", "trends"),
		HelpMonitor:       nlEn("monitor", "monitor"),
		HelpExport:        nlEn("exporteren", "export"),
		HelpImport:        nlEn("pakketten importeren", "import packages"),
		HelpSync:          nlEn("synchroniseren met de hub", "sync with the hub"),
		HelpScroll:        nlEn("scrollen", "scroll"),
		HelpCancel:        nlEn("annuleren", "cancel"),
		HelpSelectRound:   nlEn("kies meting", "select round"),
		HelpRefresh:       nlEn("verversen", "refresh"),
		HelpNextField:     nlEn("volgende", "next"),
		HelpPreviousField: nlEn("terug", "back"),
		HelpSubmit:        nlEn("opslaan", "save"),
		HelpFilter:        nlEn("zoeken", "filter"),
	}
}
