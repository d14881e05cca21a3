package web

import "peil/survey"

// texts are the web form's own words, in Dutch and English, by key. The
// templates read them as {{.T.key}}.
var texts = map[string]survey.Text{
	// The language button names the language it switches to, in that
	// language.
	"langButton":     {survey.Dutch: "English", survey.English: "Nederlands"},
	"langButtonName": {survey.Dutch: "Switch to English", survey.English: "Wissel naar Nederlands"},
	"welcome":        {survey.Dutch: "Welkom", survey.English: "Welcome"},
	"welcomeBody": {survey.Dutch: "Fijn dat u meedoet. Uw antwoorden worden zonder uw naam bewaard: u krijgt een code. Het invullen duurt ongeveer %d minuten. U kunt altijd terug naar een vorige vraag, en elk antwoord wordt meteen bewaard.",
		survey.English: "Thank you for taking part. Your answers are kept without your name: you get a code instead. It takes about %d minutes. You can always go back to a previous question, and every answer is saved right away."},
	"consent": {survey.Dutch: "Meedoen is vrijwillig. Met de knop hieronder geeft u toestemming om uw antwoorden voor dit onderzoek te gebruiken. U kunt op elk moment stoppen.",
		survey.English: "Taking part is voluntary. With the button below you agree that your answers are used for this study. You can stop at any time."},
	"begin":        {survey.Dutch: "Ik doe mee", survey.English: "I take part"},
	"codeTitle":    {survey.Dutch: "Uw code", survey.English: "Your code"},
	"codeBody":     {survey.Dutch: "Heeft u eerder meegedaan? Typ dan de code die u toen kreeg. U kunt ook verder gaan met een vragenlijst die u op een ander apparaat begon.", survey.English: "Did you take part before? Then type the code you got then. You can also go on with a questionnaire you started on another device."},
	"codeLabel":    {survey.Dutch: "Code", survey.English: "Code"},
	"codeHint":     {survey.Dutch: "Bijvoorbeeld K7MQ-4XA. Hoofdletters en streepjes maken niet uit.", survey.English: "For example K7MQ-4XA. Capitals and dashes do not matter."},
	"continue":     {survey.Dutch: "Verder", survey.English: "Continue"},
	"noCodeTitle":  {survey.Dutch: "Nog geen code?", survey.English: "No code yet?"},
	"newCode":      {survey.Dutch: "Geef mij een nieuwe code", survey.English: "Give me a new code"},
	"newCodeTitle": {survey.Dutch: "Uw nieuwe code", survey.English: "Your new code"},
	"yourCode":     {survey.Dutch: "Uw code is:", survey.English: "Your code is:"},
	"writeDown":    {survey.Dutch: "Schrijf deze code op of maak er een foto van. U heeft hem volgend jaar weer nodig, en ook als u later op een ander apparaat verder wilt gaan.", survey.English: "Write this code down or take a photo of it. You will need it again next year, and also if you want to go on later on another device."},
	"start":        {survey.Dutch: "Beginnen", survey.English: "Begin"},
	"otherCode":    {survey.Dutch: "Ik heb al een code", survey.English: "I already have a code"},
	"progress":     {survey.Dutch: "Vraag %d van %d", survey.English: "Question %d of %d"},
	"back":         {survey.Dutch: "Vorige", survey.English: "Previous"},
	"next":         {survey.Dutch: "Volgende", survey.English: "Next"},
	"multiHint":    {survey.Dutch: "U kunt meer dan één antwoord kiezen.", survey.English: "You can choose more than one answer."},
	"textHint":     {survey.Dutch: "Hoogstens %d tekens. U mag dit ook leeg laten.", survey.English: "At most %d characters. You may leave this empty."},
	// The example dates hold non-breaking hyphens (U+2011): a phone
	// screen broke "1-3-2026" after "1-".
	"dateHint":     {survey.Dutch: "Kies een datum, of typ hem als dag-maand-jaar, zoals 1‑3‑2026.", survey.English: "Choose a date, or type it as year-month-day, such as 2026‑03‑01."},
	"timeHint":     {survey.Dutch: "Een tijd in uren en minuten, zoals 09:30 of 14:05.", survey.English: "A time in hours and minutes, such as 09:30 or 14:05."},
	"choose":       {survey.Dutch: "Kies een van de antwoorden.", survey.English: "Choose one of the answers."},
	"saveFailed":   {survey.Dutch: "Uw antwoord kon niet worden opgeslagen. Probeer het nog eens, of roep de onderzoeker erbij.", survey.English: "Your answer could not be saved. Please try again, or call the researcher."},
	"reviewTitle":  {survey.Dutch: "Uw antwoorden", survey.English: "Your answers"},
	"reviewBody":   {survey.Dutch: "Controleer uw antwoorden. Kies Wijzigen om een antwoord aan te passen, of verstuur de vragenlijst.", survey.English: "Check your answers. Choose Change to change an answer, or send the questionnaire."},
	"notAnswered":  {survey.Dutch: "(niet ingevuld)", survey.English: "(not answered)"},
	"change":       {survey.Dutch: "Wijzigen", survey.English: "Change"},
	"changeName":   {survey.Dutch: "Wijzigen: %s", survey.English: "Change: %s"},
	"submit":       {survey.Dutch: "Versturen", survey.English: "Send"},
	"submitFailed": {survey.Dutch: "De vragenlijst kon niet worden verstuurd. Probeer het nog eens, of roep de onderzoeker erbij.", survey.English: "The questionnaire could not be sent. Please try again, or call the researcher."},
	"thanksTitle":  {survey.Dutch: "Hartelijk dank!", survey.English: "Thank you!"},
	"thanksBody":   {survey.Dutch: "Uw antwoorden zijn bewaard. Bewaar uw code voor volgend jaar:", survey.English: "Your answers are saved. Keep your code for next year:"},
	"done":         {survey.Dutch: "Klaar", survey.English: "Done"},
	"alreadyDone":  {survey.Dutch: "U heeft deze vragenlijst al ingevuld. Hartelijk dank!", survey.English: "You have already filled in this questionnaire. Thank you!"},
	"takenOver":    {survey.Dutch: "Deze vragenlijst wordt nu op een ander apparaat ingevuld. Wilt u hier verder gaan? Typ dan uw code opnieuw.", survey.English: "This questionnaire is now being answered on another device. Do you want to go on here? Then type your code again."},
	"tooMany":      {survey.Dutch: "Te veel pogingen. Wacht een minuut en probeer het dan opnieuw.", survey.English: "Too many tries. Please wait a minute and try again."},
	"roundClosed":  {survey.Dutch: "Deze meting is gesloten; er kunnen geen antwoorden meer bij.", survey.English: "This round is closed; it takes no more answers."},
	"problem":      {survey.Dutch: "Er ging iets mis. Probeer het nog eens, of roep de onderzoeker erbij.", survey.English: "Something went wrong. Please try again, or call the researcher."},
	"errorPrefix":  {survey.Dutch: "Let op:", survey.English: "Please note:"},
	"expired":      {survey.Dutch: "Uw sessie is verlopen. Begin opnieuw; met uw code gaat u verder waar u was.", survey.English: "Your session has expired. Please start again; with your code you go on where you were."},
	"startAgain":   {survey.Dutch: "Opnieuw beginnen", survey.English: "Start again"},
	"badLink":      {survey.Dutch: "Deze link werkt niet (meer). Vraag de onderzoeker om de juiste link.", survey.English: "This link does not work (any more). Please ask the researcher for the right link."},
	"school":       {survey.Dutch: "School", survey.English: "School"},
}

// textsByLang holds the texts of each language, made once.
var textsByLang = func() map[survey.Lang]map[string]string {
	out := map[survey.Lang]map[string]string{}
	for _, l := range []survey.Lang{survey.Dutch, survey.English} {
		m := map[string]string{}
		for k, t := range texts {
			m[k] = t.Get(l)
		}
		out[l] = m
	}
	return out
}()
