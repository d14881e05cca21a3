package web_test

import (
	"html"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"peil/survey"
)

// typedInstrument asks a decimal number (0.5 to 10) and a date between an
// open question and a choice, so that both pages have a question before
// and after them.
func typedInstrument() *survey.Instrument {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s, survey.English: s + " (en)"} }
	lo, hi := 0.5, 10.0
	return &survey.Instrument{
		ID: "typen", Version: 1, Title: nl("Getallen en data"), Audience: []string{survey.RoleTeacher},
		Sections: []survey.Section{{ID: "a", Title: nl("Uw les"), Items: []survey.Item{
			{ID: "wie", Type: survey.OpenText, Text: nl("Wie bent u?")},
			{ID: "uren", Type: survey.Decimal, Text: nl("Hoeveel uur duurde de les?"), Help: nl("Ongeveer is goed."),
				DecimalMin: &lo, DecimalMax: &hi},
			{ID: "datum", Type: survey.Date, Text: nl("Wanneer was de les?"), Required: true},
			{ID: "fijn", Type: survey.SingleChoice, Text: nl("Was het fijn?"),
				Options: []survey.Option{{Code: 1, Value: "ja", Label: nl("Ja")}, {Code: 2, Value: "nee", Label: nl("Nee")}}},
		}}},
	}
}

// TestDecimalAndDateQuestions: a decimal question is a text field with a
// decimal keyboard and its bounds in the hint, a date question the
// browser's date field; refused answers keep what was typed and show
// survey.ReadTyped's message (the kiosk's), linked to the field; 3,25 is
// stored as 3.25 and 1-3-2026 (typed where the browser has no date field)
// as 2026-03-01, both shown again on going back and on the review page.
func TestDecimalAndDateQuestions(t *testing.T) {
	inst := typedInstrument()
	e := newEnv(t, "", inst)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("wie", "")
	mustHave := func(what string, wants ...string) {
		t.Helper()
		for _, want := range wants {
			if !strings.Contains(b.page, want) {
				t.Errorf("%s: the page lacks %s:\n%s", what, want, b.page)
			}
		}
	}
	mustHave("the decimal page",
		`<label for="answer-field" class="question">Hoeveel uur duurde de les?</label>`,
		`<p id="answer-help" class="hint">Ongeveer is goed.</p>`,
		`<p id="answer-hint" class="hint">Een getal van 0,5 tot en met 10.</p>`,
		`<input id="answer-field" name="answer" type="text" inputmode="decimal" class="number" value="" maxlength="20" autocomplete="off" aria-describedby="answer-help answer-hint">`,
	)
	refuse := func(item, bad, msg string) {
		t.Helper()
		if st := b.send("answer", "item", item, "answer", bad); st != http.StatusUnprocessableEntity {
			t.Fatalf("%s = %q: status %d, want 422", item, bad, st)
		}
		// The kiosk's message, word for word.
		it := inst.Item(item)
		if _, _, p := survey.ReadTyped(it, bad); p.Get(survey.Dutch) != msg {
			t.Errorf("%s = %q: survey.ReadTyped says %q, the test expects %q", item, bad, p.Get(survey.Dutch), msg)
		}
		mustHave(item+" = "+bad,
			`<p id="answer-error" class="error">Let op: `+html.EscapeString(msg)+`</p>`,
			`value="`+html.EscapeString(bad)+`"`,
			`aria-describedby="`+map[bool]string{true: "answer-help ", false: ""}[it.Help != nil]+`answer-hint answer-error" aria-invalid="true" autofocus>`,
		)
	}
	refuse("uren", "0", "Vul een getal in van 0,5 tot en met 10.")
	refuse("uren", "10,5", "Vul een getal in van 0,5 tot en met 10.")
	refuse("uren", "drie", "Vul een getal in, zoals 3,25.")
	refuse("uren", "1.000,5", "Vul een getal in, zoals 3,25.")
	refuse("uren", "3,1234567", "Vul hoogstens 6 cijfers achter de komma in.")
	if _, got := e.answers(t, code); len(got) != 0 {
		t.Fatalf("refused numbers stored: %v", got)
	}
	b.answer("uren", " 3,25 ")
	if _, got := e.answers(t, code); !got["uren"].Equal(survey.TextValue("3.25")) {
		t.Errorf("stored %v, want uren = 3.25", got)
	}

	mustHave("the date page",
		`<label for="answer-field" class="question">Wanneer was de les?</label>`,
		`<p id="answer-hint" class="hint">Kies een datum, of typ hem als dag-maand-jaar, zoals 1‑3‑2026.</p>`,
		`<input id="answer-field" name="answer" type="date" class="date" value="" autocomplete="off" aria-describedby="answer-hint">`,
	)
	refuse("datum", "31-2-2026", "Die datum bestaat niet: kijk de dag en de maand na.")
	refuse("datum", "eergisteren", "Een datum: dag-maand-jaar, zoals 1-3-2026.")
	refuse("datum", "2026-02-31", "Die datum bestaat niet: kijk de dag en de maand na.")
	refuse("datum", "1-3-26", "Een datum: dag-maand-jaar, zoals 1-3-2026.")
	refuse("datum", "gisteren", "Een datum: dag-maand-jaar, zoals 1-3-2026.")
	// Blank: the item is required.
	if st := b.send("answer", "item", "datum", "answer", ""); st != http.StatusUnprocessableEntity || b.item() != "datum" {
		t.Fatalf("a blank required date: status %d on %q, want 422 on datum", st, b.item())
	}
	b.answer("datum", "1-3-2026")
	if _, got := e.answers(t, code); !got["datum"].Equal(survey.TextValue("2026-03-01")) {
		t.Errorf("stored %v, want datum = 2026-03-01", got)
	}

	b.must("back")
	if b.item() != "datum" || !strings.Contains(b.page, `type="date" class="date" value="2026-03-01"`) {
		t.Errorf("back on %q; want datum with 2026-03-01 in its field:\n%s", b.item(), b.page)
	}
	b.must("back")
	if b.item() != "uren" || !strings.Contains(b.page, `inputmode="decimal" class="number" value="3,25"`) {
		t.Errorf("back on %q; want uren with 3,25 in its field:\n%s", b.item(), b.page)
	}
	b.must("lang", "lang", "en")
	mustHave("the decimal page in English", `<p id="answer-hint" class="hint">A number from 0.5 to 10.</p>`, `value="3.25"`)
	b.answer("uren", "2.5")
	mustHave("the date page in English", `<p id="answer-hint" class="hint">Choose a date, or type it as year-month-day, such as 2026‑03‑01.</p>`)
	if st := b.send("answer", "item", "datum", "answer", "31-2-2026"); st != http.StatusUnprocessableEntity {
		t.Fatalf("datum = 31-2-2026 in English: status %d, want 422", st)
	}
	mustHave("a refused date in English", `<p id="answer-error" class="error">Please note: There is no such date: check the day and the month.</p>`)
	b.must("lang", "lang", "nl")
	b.answer("datum", "2026-03-01")
	b.answer("fijn", "1")
	mustHave("the review page", ">2,5<", ">1-3-2026<")
	if _, got := e.answers(t, code); !got["uren"].Equal(survey.TextValue("2.5")) || !got["datum"].Equal(survey.TextValue("2026-03-01")) {
		t.Errorf("stored %v, want uren = 2.5 and datum = 2026-03-01", got)
	}
}

// TestDecimalAndDateInChromium answers the decimal and date questions in
// Chromium on a phone-sized screen (390x844): axe-core checks both pages
// with and without an error, no page scrolls sideways, the fields are
// large touch targets, and the date is typed into Chromium's own date
// field. With PEIL_WEB_SHOTS set to a folder, it saves screenshots there.
func TestDecimalAndDateInChromium(t *testing.T) {
	src := axeSource(t)
	e := newEnv(t, "", typedInstrument())
	h := e.handler(t)
	srv := serve(t, h)
	ctx := newChrome(t, 390, 844)
	run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	shots := os.Getenv("PEIL_WEB_SHOTS")
	check := func(page string) {
		t.Helper()
		axeCheck(t, ctx, src, page)
		fitsPhone(t, ctx, page, "button, input[type=text], input[type=date]")
		if shots != "" {
			png := get(t, ctx, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(shots, strings.ReplaceAll(page, " ", "-")+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	code := begin(t, ctx, srv.URL+h.LinkPath(e.token))
	run(t, ctx, onItem("wie"), chromedp.Click(chromedp.CSS("#next-button")), onItem("uren"))
	check("decimal")
	if mode := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#answer-field"), "inputmode")); mode.Value != "decimal" {
		t.Errorf("the decimal field's inputmode is %q, want decimal", mode.Value)
	}
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#answer-field"), "12,5"), chromedp.Click(chromedp.CSS("#next-button")), chromedp.WaitReady(chromedp.CSS("#answer-error")))
	check("decimal with an error")
	if msg := get(t, ctx, chromedp.Text(chromedp.CSS("#answer-error"))); msg != "Let op: Vul een getal in van 0,5 tot en met 10." {
		t.Errorf("the error says %q", msg)
	}
	run(t, ctx, chromedp.Clear(chromedp.CSS("#answer-field")), chromedp.SendKeys(chromedp.CSS("#answer-field"), "3,25"),
		chromedp.Click(chromedp.CSS("#next-button")), onItem("datum"))
	check("date")
	if typ := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#answer-field"), "type")); typ.Value != "date" {
		t.Errorf("the date field's type is %q, want date", typ.Value)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#next-button")), chromedp.WaitReady(chromedp.CSS("#answer-error")))
	check("date with an error")
	// Typed as into a Dutch date field (day, month, year); a field that
	// asks the month first reads 3 January. Either way the field holds,
	// and the form sends, yyyy-mm-dd.
	run(t, ctx, chromedp.Focus(chromedp.CSS("#answer-field")), chromedp.KeyEvent("01032026"))
	typed := get(t, ctx, chromedp.Value(chromedp.CSS("#answer-field")))
	if typed != "2026-03-01" && typed != "2026-01-03" {
		t.Fatalf("after typing 01032026 the date field holds %q", typed)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#next-button")), onItem("fijn"))
	if _, got := e.answers(t, code); !got["uren"].Equal(survey.TextValue("3.25")) || !got["datum"].Equal(survey.TextValue(typed)) {
		t.Errorf("stored %v, want uren = 3.25 and datum = %s", got, typed)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#back-button")), onItem("datum"))
	if v := get(t, ctx, chromedp.Value(chromedp.CSS("#answer-field"))); v != typed {
		t.Errorf("back on the date question: the field holds %q, want %s", v, typed)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#back-button")), onItem("uren"))
	if v := get(t, ctx, chromedp.Value(chromedp.CSS("#answer-field"))); v != "3,25" {
		t.Errorf("back on the decimal question: the field holds %q, want 3,25", v)
	}
}
