package tui

import (
	"fmt"
	"reflect"

	"peil/survey"
)

// Texts. Every text the TUI shows is kept one way: a screen's texts are
// one struct literal in which each text is a Dutch and English pair,
// nlEn(nl, en). The kiosk, which switches language while it runs, reads
// the pairs (survey.Text.Get); a researcher's screen, which gets its
// language when it opens, reads a copy in that language that localize
// makes (its text struct is generic: xTextOf[survey.Text] holds the pairs,
// xText = xTextOf[string] the copy). text_test.go checks every table: no
// text empty in either language, the same format verbs in both.

// nlEn is one text in Dutch and English.
func nlEn(nl, en string) survey.Text { return survey.Text{survey.Dutch: nl, survey.English: en} }

// localize returns the texts of table in lang: S is the string instance of
// table's generic text struct (researchText for researchTextOf[survey.Text]).
// Fields of other types keep their zero value.
func localize[S, P any](table P, lang survey.Lang) S {
	var out S
	src, dst := reflect.ValueOf(table), reflect.ValueOf(&out).Elem()
	if src.Type().NumField() != dst.Type().NumField() {
		panic(fmt.Sprintf("localize: %s and %s are not one text struct", src.Type(), dst.Type()))
	}
	textT, mapT := reflect.TypeFor[survey.Text](), reflect.TypeFor[map[string]survey.Text]()
	for i := range src.NumField() {
		f := src.Field(i)
		switch {
		case f.Type() == textT:
			dst.Field(i).SetString(f.Interface().(survey.Text).Get(lang))
		case f.Type() == mapT:
			m := make(map[string]string, f.Len())
			for k, t := range f.Interface().(map[string]survey.Text) {
				m[k] = t.Get(lang)
			}
			dst.Field(i).Set(reflect.ValueOf(m))
		}
	}
	return out
}

// rootText is the root model's own text in one language.
type rootText = rootTextOf[string]

// rootTextOf lists the root model's texts: as pairs (rootTexts) or in one
// language (rootText).
type rootTextOf[T any] struct {
	HelpQuit  T
	HelpLeave T
	HelpAll   T
	HelpClose T
	KeysTitle T
}

// rootTexts is every text of the root model in Dutch and English.
func rootTexts() rootTextOf[survey.Text] {
	return rootTextOf[survey.Text]{
		HelpQuit:  nlEn("afsluiten", "quit"),
		HelpLeave: nlEn("terug (op de lijst met onderzoeken: afsluiten)", "back (on the list of studies: quit)"),
		HelpAll:   nlEn("alle toetsen", "all keys"),
		HelpClose: nlEn("terug", "back"),
		KeysTitle: nlEn("Toetsen op deze pagina", "Keys on this page"),
	}
}

// kioskText holds every respondent-facing string of the kiosk in Dutch and
// English. It is built once (newKioskText) and read, never changed.
type kioskText struct {
	LangLabel         survey.Text // the header label that switches language
	Welcome           survey.Text
	WelcomeBody       survey.Text // %d minutes
	Begin             survey.Text
	CodeTitle         survey.Text
	CodeBody          survey.Text
	CodePlaceholder   survey.Text
	Continue          survey.Text
	NewCode           survey.Text
	Cancel            survey.Text
	YourCode          survey.Text
	WriteDown         survey.Text
	AlreadyDone       survey.Text
	Busy              survey.Text
	ResumeTitle       survey.Text
	ResumeBody        survey.Text
	ResumeYes         survey.Text
	ResumeNo          survey.Text
	AnsweredElsewhere survey.Text
	Progress          survey.Text // Vraag %d van %d
	Back              survey.Text
	Next              survey.Text
	DontKnowKey       survey.Text
	SaveFailed        survey.Text
	Saving            survey.Text
	ReviewTitle       survey.Text
	ReviewBody        survey.Text
	NotAnswered       survey.Text
	Submit            survey.Text
	SubmitFailed      survey.Text
	ThanksTitle       survey.Text
	ThanksBody        survey.Text
	ThanksCode        survey.Text
	PINTitle          survey.Text
	PINBody           survey.Text
	PINWrong          survey.Text
	PINChecking       survey.Text
	PINWait           survey.Text // the wait
	PINTooSoon        survey.Text // the wait
	NoPIN             survey.Text
	LoadFailed        survey.Text
	RoundClosed       survey.Text
	TextHint          survey.Text
	MultiHint         survey.Text
	ChoiceHint        survey.Text
	HelpNext          survey.Text
	HelpBack          survey.Text
	HelpChoose        survey.Text
	HelpToggle        survey.Text
	SpaceKey          survey.Text
	HelpLang          survey.Text
	HelpStop          survey.Text
	HelpFocus         survey.Text
	HelpChange        survey.Text
	HelpSend          survey.Text
	HelpPickQuestion  survey.Text
	HelpFirstQuestion survey.Text
	MoreAbove         survey.Text
	MoreBelow         survey.Text
	HelpClosePrompt   survey.Text
	HelpConfirmPrompt survey.Text
	HelpPrevButton    survey.Text
	HelpEnglish       survey.Text
	HelpDutch         survey.Text
	OK                survey.Text
}

func newKioskText() *kioskText {
	t := nlEn
	return &kioskText{
		// The label names the language it switches to.
		LangLabel: t("English", "Nederlands"),
		Welcome:   t("Welkom", "Welcome"),
		WelcomeBody: t("Fijn dat u meedoet. Uw antwoorden worden zonder uw naam bewaard: u krijgt een code. Het invullen duurt ongeveer %d minuten. U kunt altijd terug naar een vorige vraag, en elk antwoord wordt meteen bewaard. Meedoen is vrijwillig: met Beginnen geeft u toestemming om uw antwoorden voor dit onderzoek te gebruiken, en u kunt op elk moment stoppen.",
			"Thank you for taking part. Your answers are kept without your name: you get a code instead. It takes about %d minutes. You can always go back to a previous question, and every answer is saved right away. Taking part is voluntary: by choosing Begin you agree that your answers are used for this study, and you can stop at any time."),
		Begin:             t("Beginnen", "Begin"),
		CodeTitle:         t("Uw code", "Your code"),
		CodeBody:          t("Heeft u vorig jaar meegedaan? Typ dan de code die u toen kreeg. Anders kiest u een nieuwe code.", "Did you take part last year? Then type the code you got then. Otherwise choose a new code."),
		CodePlaceholder:   t("bijvoorbeeld K7MQ-4XA", "for example K7MQ-4XA"),
		Continue:          t("Verder", "Continue"),
		NewCode:           t("Nieuwe code", "New code"),
		Cancel:            t("Terug", "Back"),
		YourCode:          t("Uw nieuwe code is:", "Your new code is:"),
		WriteDown:         t("Schrijf deze code op. U heeft hem volgend jaar weer nodig.", "Write this code down. You will need it again next year."),
		AlreadyDone:       t("U heeft deze vragenlijst al ingevuld. Hartelijk dank!", "You have already filled in this questionnaire. Thank you!"),
		Busy:              t("Even geduld…", "One moment…"),
		ResumeTitle:       t("Er staat nog een vragenlijst open", "A questionnaire is still open"),
		ResumeBody:        t("Iemand is hier eerder begonnen en nog niet klaar. Bent u dat? Kies dan Verder met mijn code en typ de code die u kreeg: zo komen uw antwoorden terug. Anders kiest u Nieuwe deelnemer; de vragenlijst van de ander blijft bewaard.", "Someone started here earlier and has not finished. Is that you? Then choose Continue with my code and type the code you got: that brings your answers back. Otherwise choose New participant; the other person's questionnaire stays saved."),
		ResumeYes:         t("Verder met mijn code", "Continue with my code"),
		AnsweredElsewhere: t("Deze vragenlijst wordt nu op een andere plek ingevuld, met dezelfde code. De antwoorden die hier gegeven zijn, zijn bewaard. Hier kan de volgende deelnemer beginnen.", "This questionnaire is now being answered elsewhere, with the same code. The answers given here are saved. The next participant can begin here."),
		ResumeNo:          t("Nieuwe deelnemer", "New participant"),
		Progress:          t("Vraag %d van %d", "Question %d of %d"),
		Back:              t("← Vorige", "← Previous"),
		Next:              t("Volgende →", "Next →"),
		DontKnowKey:       t("0", "0"),
		SaveFailed:        t("Uw antwoord kon niet worden opgeslagen. Roep de onderzoeker erbij.", "Your answer could not be saved. Please call the researcher."),
		Saving:            t("Bezig met opslaan…", "Saving…"),
		ReviewTitle:       t("Uw antwoorden", "Your answers"),
		ReviewBody:        t("Kies met ↑/↓ een vraag en druk op Enter (of klik erop) om uw antwoord te wijzigen. Klaar? Kies Versturen.", "Pick a question with ↑/↓ and press Enter (or click it) to change your answer. Done? Choose Send."),
		NotAnswered:       t("(niet ingevuld)", "(not answered)"),
		Submit:            t("Versturen", "Send"),
		SubmitFailed:      t("De vragenlijst kon niet worden verstuurd. Roep de onderzoeker erbij.", "The questionnaire could not be sent. Please call the researcher."),
		ThanksTitle:       t("Hartelijk dank!", "Thank you!"),
		ThanksBody:        t("Uw antwoorden zijn bewaard. U kunt de laptop doorgeven aan de volgende collega.", "Your answers are saved. You can pass the laptop on to the next colleague."),
		ThanksCode:        t("Uw code was:", "Your code was:"),
		PINTitle:          t("Alleen voor de onderzoeker", "For the researcher only"),
		PINBody:           t("Typ de pincode om de vragenlijst te sluiten. Druk op Esc om verder te gaan met invullen.", "Type the PIN to close the questionnaire. Press Esc to go on answering."),
		PINWrong:          t("Deze pincode klopt niet.", "This PIN is not correct."),
		PINChecking:       t("Pincode controleren…", "Checking the PIN…"),
		PINWait:           t("Deze pincode klopt niet. Probeer het over %s opnieuw.", "This PIN is not correct. Try again in %s."),
		PINTooSoon:        t("Wacht nog %s voordat u het opnieuw probeert.", "Wait %s before trying again."),
		NoPIN:             t("Er is nog geen pincode ingesteld. Stel eerst een pincode in; zonder pincode start de kioskmodus niet.", "No PIN has been set. Set a PIN first; kiosk mode does not start without one."),
		LoadFailed:        t("De vragenlijst kon niet worden geladen. Roep de onderzoeker erbij.", "The questionnaire could not be loaded. Please call the researcher."),
		RoundClosed:       t("Deze meting is gesloten; er kunnen geen antwoorden meer bij.", "This round is closed; it takes no more answers."),
		TextHint:          t("Typ uw antwoord en druk op Enter om verder te gaan.", "Type your answer and press Enter to go on."),
		MultiHint:         t("U kunt meer dan één antwoord kiezen (spatiebalk of cijfer).", "You can choose more than one answer (space bar or number)."),
		ChoiceHint:        t("Kies één antwoord (pijltjes of cijfer).", "Choose one answer (arrows or number)."),
		HelpNext:          t("volgende", "next"),
		HelpBack:          t("vorige", "previous"),
		HelpChoose:        t("kiezen", "choose"),
		HelpToggle:        t("aan/uit", "on/off"),
		SpaceKey:          t("spatie", "space"),
		HelpLang:          t("English", "Nederlands"),
		HelpStop:          t("stoppen (onderzoeker)", "stop (researcher)"),
		HelpFocus:         t("volgende knop", "next button"),
		HelpChange:        t("antwoord wijzigen", "change answer"),
		HelpSend:          t("versturen", "send"),
		HelpPickQuestion:  t("vraag kiezen", "pick a question"),
		HelpFirstQuestion: t("eerste vraag", "first question"),
		MoreAbove:         t("▲ meer hierboven", "▲ more above"),
		MoreBelow:         t("▼ meer hieronder", "▼ more below"),
		HelpClosePrompt:   t("terug", "back"),
		HelpConfirmPrompt: t("bevestigen", "confirm"),
		HelpPrevButton:    t("vorige knop", "previous button"),
		HelpEnglish:       t("English", "English"),
		HelpDutch:         t("Nederlands", "Nederlands"),
		OK:                t("OK", "OK"),
	}
}
