package tui

import "peil/survey"

// researchText holds every string the researcher pages show, in one
// language. Strings with verbs are fmt formats.
type researchText struct {
	// Studies list.
	StudiesTitle   string
	NoStudies      string
	ColCode        string
	ColTitle       string
	ColWorkplaces  string
	ColSchools     string
	ColRounds      string
	Loading        string
	MoreAbove      string
	MoreBelow      string
	StudyCreated   string // study code
	MinGroupLabel  string // k
	StudyBreadcrum string // study code, title

	// Study page.
	RoundsTitle      string
	NoRounds         string
	Open             string
	Closed           string
	VersionFmt       string // version number
	SchoolsTitle     string
	NoWorkplaces     string
	NoSchoolsYet     string
	CountsTitle      string // shown above the counts columns
	InProgressShort  string
	CompleteShort    string
	Subtotal         string
	Total            string
	NoOpenRound      string
	MoreOpenRounds   string // number of open rounds not shown
	RefreshedAt      string // time
	ScrollHint       string
	WorkplaceCreated string // code
	SchoolCreated    string // code
	RoundCreated     string // name
	RoundOpened      string // name
	RoundClosed      string // name
	UnknownInstr     string // instrument key

	// Forms.
	NewStudyTitle     string
	StudyCodeLabel    string
	StudyCodeHelp     string
	StudyTitleLabel   string
	MinGroupSizeLabel string
	MinGroupSizeHelp  string
	NewWorkplaceTitle string
	WorkplaceCodeHelp string
	NameLabel         string
	NewSchoolTitle    string
	WorkplaceLabel    string
	SchoolCodeHelp    string
	NewRoundTitle     string
	RoundNameLabel    string
	RoundNameHelp     string
	InstrumentLabel   string
	StartKioskTitle   string
	RoundLabel        string
	SchoolLabel       string
	NewPINTitle       string
	NewPINHelp        string
	PINLabel          string
	PINAgainLabel     string

	// Validation and errors.
	ErrRequired       string
	ErrNoSpaces       string
	ErrTooLong        string // max length
	ErrWholeNumber    string
	ErrMinGroupSize   string // minimum
	ErrPINDigits      string // min, max
	ErrPINMismatch    string
	ErrPINWeak        string
	ErrNoWorkplaces   string
	ErrNoSchools      string
	ErrNoCatalogue    string
	ErrNoRounds       string
	ErrNoOpenRounds   string
	ErrNoStore        string
	ErrUnexpected     string // error text
	PINSaved          string
	StartingKiosk     string // round, school
	FormCancelled     string
	HashingPIN        string
	SavingPleaseWait  string
	HelpUp            string
	HelpDown          string
	HelpOpenStudy     string
	HelpNewStudy      string
	HelpBack          string
	HelpAddWorkplace  string
	HelpAddSchool     string
	HelpNewRound      string
	HelpToggleRound   string
	HelpKiosk         string
	HelpTrends        string
	HelpMonitor       string
	HelpExport        string
	HelpImport        string
	HelpScroll        string
	HelpCancel        string
	HelpSelectRound   string
	HelpRefresh       string
	HelpNextField     string
	HelpPreviousField string
	HelpSubmit        string
	HelpFilter        string
}

// researchTexts returns the researcher pages' strings in lang (Dutch unless
// lang is English).
func researchTexts(lang survey.Lang) researchText {
	if lang == survey.English {
		return researchText{
			StudiesTitle:   "Studies",
			NoStudies:      "No studies yet. Press n to create one.",
			ColCode:        "Code",
			ColTitle:       "Title",
			ColWorkplaces:  "Workpl.",
			ColSchools:     "Schools",
			ColRounds:      "Rounds",
			Loading:        "Loading…",
			MoreAbove:      "↑ more",
			MoreBelow:      "↓ more",
			StudyCreated:   "Study %s created.",
			MinGroupLabel:  "groups smaller than %d are not shown",
			StudyBreadcrum: "Study %s · %s",

			RoundsTitle:      "Rounds",
			NoRounds:         "No rounds yet. Press r to create one.",
			Open:             "open",
			Closed:           "closed",
			VersionFmt:       "v%d",
			SchoolsTitle:     "Workplaces and schools",
			NoWorkplaces:     "No workplaces yet. Press w to add one.",
			NoSchoolsYet:     "(no schools yet; press s)",
			CountsTitle:      "responses",
			InProgressShort:  "busy",
			CompleteShort:    "done",
			Subtotal:         "subtotal",
			Total:            "Total",
			NoOpenRound:      "No round is open, so there are no responses to count.",
			MoreOpenRounds:   "%d more open rounds are not shown; close rounds you no longer use.",
			RefreshedAt:      "counts updated %s",
			ScrollHint:       "pgup/pgdn scrolls",
			WorkplaceCreated: "Workplace %s added.",
			SchoolCreated:    "School %s added.",
			RoundCreated:     "Round %q created and open.",
			RoundOpened:      "Round %q is open.",
			RoundClosed:      "Round %q is closed.",
			UnknownInstr:     "%s (not in catalogue)",

			NewStudyTitle:     "New study",
			StudyCodeLabel:    "Code",
			StudyCodeHelp:     "A short name without spaces, e.g. monitor-po.",
			StudyTitleLabel:   "Title",
			MinGroupSizeLabel: "Minimum group size (k)",
			MinGroupSizeHelp:  "Reports hide results of groups smaller than this (at least 3).",
			NewWorkplaceTitle: "New workplace",
			WorkplaceCodeHelp: "A short code, e.g. WOA.",
			NameLabel:         "Name",
			NewSchoolTitle:    "New school",
			WorkplaceLabel:    "Workplace",
			SchoolCodeHelp:    "A short code, unique in the study, e.g. WOA-03.",
			NewRoundTitle:     "New round",
			RoundNameLabel:    "Name",
			RoundNameHelp:     "E.g. baseline or autumn 2025.",
			InstrumentLabel:   "Instrument",
			StartKioskTitle:   "Start kiosk",
			RoundLabel:        "Round (open rounds only)",
			SchoolLabel:       "School",
			NewPINTitle:       "Set a PIN",
			NewPINHelp:        "Only this PIN leaves kiosk mode. 4 to 8 digits.",
			PINLabel:          "PIN",
			PINAgainLabel:     "PIN again",

			ErrRequired:       "This cannot be empty.",
			ErrNoSpaces:       "A code has no spaces.",
			ErrTooLong:        "At most %d characters.",
			ErrWholeNumber:    "Type a whole number.",
			ErrMinGroupSize:   "At least %d, so that no one can be recognised.",
			ErrPINDigits:      "A PIN has %d to %d digits and nothing else.",
			ErrPINMismatch:    "The two PINs differ. Type the same PIN twice.",
			ErrPINWeak:        "This PIN is among the first anyone tries (one digit repeated, or counting up or down). Choose another.",
			ErrNoWorkplaces:   "Add a workplace first (w).",
			ErrNoSchools:      "Add a school first (s).",
			ErrNoCatalogue:    "There are no instruments to choose from.",
			ErrNoRounds:       "There is no round to open or close. Press r to create one.",
			ErrNoOpenRounds:   "No round is open. Select a round and press o to open it.",
			ErrNoStore:        "No database is open.",
			ErrUnexpected:     "Something went wrong: %s",
			PINSaved:          "PIN saved.",
			StartingKiosk:     "Starting the kiosk for %s at %s…",
			FormCancelled:     "Cancelled.",
			HashingPIN:        "Saving the PIN…",
			SavingPleaseWait:  "Saving…",
			HelpUp:            "up",
			HelpDown:          "down",
			HelpOpenStudy:     "open study",
			HelpNewStudy:      "new study",
			HelpBack:          "back",
			HelpAddWorkplace:  "workplace",
			HelpAddSchool:     "school",
			HelpNewRound:      "new round",
			HelpToggleRound:   "open/close",
			HelpKiosk:         "start kiosk",
			HelpTrends:        "trends",
			HelpMonitor:       "monitor",
			HelpExport:        "export",
			HelpImport:        "import packages",
			HelpScroll:        "scroll",
			HelpCancel:        "cancel",
			HelpSelectRound:   "select round",
			HelpRefresh:       "refresh",
			HelpNextField:     "next",
			HelpPreviousField: "back",
			HelpSubmit:        "save",
			HelpFilter:        "filter",
		}
	}
	return researchText{
		StudiesTitle:   "Onderzoeken",
		NoStudies:      "Nog geen onderzoeken. Druk op n om er een te maken.",
		ColCode:        "Code",
		ColTitle:       "Titel",
		ColWorkplaces:  "Werkpl.",
		ColSchools:     "Scholen",
		ColRounds:      "Metingen",
		Loading:        "Laden…",
		MoreAbove:      "↑ meer",
		MoreBelow:      "↓ meer",
		StudyCreated:   "Onderzoek %s aangemaakt.",
		MinGroupLabel:  "groepen kleiner dan %d worden niet getoond",
		StudyBreadcrum: "Onderzoek %s · %s",

		RoundsTitle:      "Metingen",
		NoRounds:         "Nog geen metingen. Druk op r om er een te maken.",
		Open:             "open",
		Closed:           "gesloten",
		VersionFmt:       "v%d",
		SchoolsTitle:     "Werkplaatsen en scholen",
		NoWorkplaces:     "Nog geen werkplaatsen. Druk op w om er een toe te voegen.",
		NoSchoolsYet:     "(nog geen scholen; druk op s)",
		CountsTitle:      "responsen",
		InProgressShort:  "bezig",
		CompleteShort:    "klaar",
		Subtotal:         "subtotaal",
		Total:            "Totaal",
		NoOpenRound:      "Er is geen meting open, dus er zijn geen responsen te tellen.",
		MoreOpenRounds:   "Nog %d open metingen niet getoond; sluit metingen die klaar zijn.",
		RefreshedAt:      "tellingen bijgewerkt %s",
		ScrollHint:       "pgup/pgdn scrolt",
		WorkplaceCreated: "Werkplaats %s toegevoegd.",
		SchoolCreated:    "School %s toegevoegd.",
		RoundCreated:     "Meting %q aangemaakt en open.",
		RoundOpened:      "Meting %q is open.",
		RoundClosed:      "Meting %q is gesloten.",
		UnknownInstr:     "%s (niet in de catalogus)",

		NewStudyTitle:     "Nieuw onderzoek",
		StudyCodeLabel:    "Code",
		StudyCodeHelp:     "Een korte naam zonder spaties, bijvoorbeeld monitor-po.",
		StudyTitleLabel:   "Titel",
		MinGroupSizeLabel: "Minimale groepsgrootte (k)",
		MinGroupSizeHelp:  "Rapporten verbergen resultaten van kleinere groepen (minstens 3).",
		NewWorkplaceTitle: "Nieuwe werkplaats",
		WorkplaceCodeHelp: "Een korte code, bijvoorbeeld WOA.",
		NameLabel:         "Naam",
		NewSchoolTitle:    "Nieuwe school",
		WorkplaceLabel:    "Werkplaats",
		SchoolCodeHelp:    "Een korte code, uniek in het onderzoek, bijvoorbeeld WOA-03.",
		NewRoundTitle:     "Nieuwe meting",
		RoundNameLabel:    "Naam",
		RoundNameHelp:     "Bijvoorbeeld nulmeting of najaar 2025.",
		InstrumentLabel:   "Vragenlijst",
		StartKioskTitle:   "Kiosk starten",
		RoundLabel:        "Meting (alleen open metingen)",
		SchoolLabel:       "School",
		NewPINTitle:       "Pincode instellen",
		NewPINHelp:        "Alleen met deze pincode verlaat je de kioskmodus. 4 tot 8 cijfers.",
		PINLabel:          "Pincode",
		PINAgainLabel:     "Pincode nogmaals",

		ErrRequired:       "Dit mag niet leeg zijn.",
		ErrNoSpaces:       "Een code heeft geen spaties.",
		ErrTooLong:        "Hoogstens %d tekens.",
		ErrWholeNumber:    "Typ een heel getal.",
		ErrMinGroupSize:   "Minstens %d, zodat niemand herkenbaar is.",
		ErrPINDigits:      "Een pincode heeft %d tot %d cijfers en verder niets.",
		ErrPINMismatch:    "De twee pincodes verschillen. Typ twee keer dezelfde pincode.",
		ErrPINWeak:        "Deze pincode probeert iedereen als eerste (één cijfer herhaald, of op- of aflopend). Kies een andere.",
		ErrNoWorkplaces:   "Voeg eerst een werkplaats toe (w).",
		ErrNoSchools:      "Voeg eerst een school toe (s).",
		ErrNoCatalogue:    "Er zijn geen vragenlijsten om uit te kiezen.",
		ErrNoRounds:       "Er is geen meting om te openen of te sluiten. Druk op r om er een te maken.",
		ErrNoOpenRounds:   "Er is geen meting open. Kies een meting en druk op o om die te openen.",
		ErrNoStore:        "Er is geen database geopend.",
		ErrUnexpected:     "Er ging iets mis: %s",
		PINSaved:          "Pincode opgeslagen.",
		StartingKiosk:     "Kiosk starten voor %s op %s…",
		FormCancelled:     "Geannuleerd.",
		HashingPIN:        "Pincode opslaan…",
		SavingPleaseWait:  "Opslaan…",
		HelpUp:            "omhoog",
		HelpDown:          "omlaag",
		HelpOpenStudy:     "open onderzoek",
		HelpNewStudy:      "nieuw onderzoek",
		HelpBack:          "terug",
		HelpAddWorkplace:  "werkplaats",
		HelpAddSchool:     "school",
		HelpNewRound:      "nieuwe meting",
		HelpToggleRound:   "open/dicht",
		HelpKiosk:         "kiosk starten",
		HelpTrends:        "trends",
		HelpMonitor:       "monitor",
		HelpExport:        "exporteren",
		HelpImport:        "pakketten importeren",
		HelpScroll:        "scrollen",
		HelpCancel:        "annuleren",
		HelpSelectRound:   "kies meting",
		HelpRefresh:       "verversen",
		HelpNextField:     "volgende",
		HelpPreviousField: "terug",
		HelpSubmit:        "opslaan",
		HelpFilter:        "zoeken",
	}
}
