package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"peil/survey"
)

// timeInstrument asks a time of day between an open question and a
// choice, so that the time page has a question before and after it.
func timeInstrument() *survey.Instrument {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s, survey.English: s + " (en)"} }
	return &survey.Instrument{
		ID: "tijd", Version: 1, Title: nl("Tijden"), Audience: []string{survey.RoleTeacher},
		Sections: []survey.Section{{ID: "a", Title: nl("Het bezoek"), Items: []survey.Item{
			{ID: "wie", Type: survey.OpenText, Text: nl("Wie bent u?")},
			{ID: "aankomst", Type: survey.Time, Text: nl("Hoe laat kwam u aan?"), Required: true, Help: nl("Ongeveer is goed.")},
			{ID: "fijn", Type: survey.SingleChoice, Text: nl("Was het fijn?"),
				Options: []survey.Option{{Code: 1, Value: "ja", Label: nl("Ja")}, {Code: 2, Value: "nee", Label: nl("Nee")}}},
		}}},
	}
}

// TestTimeQuestion: a time question is a time field with its label, help
// and hint linked; a time outside 00:00-23:59 is refused with the typed
// text kept and the error linked; 9.30 (typed where the browser has no
// time field) is stored as 09:30, shown again on going back, and read
// back as 9.30 on the review page.
func TestTimeQuestion(t *testing.T) {
	e := newEnv(t, "", timeInstrument())
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("wie", "")
	for _, want := range []string{
		`<label for="answer-field" class="question">Hoe laat kwam u aan?</label>`,
		`<p id="answer-help" class="hint">Ongeveer is goed.</p>`,
		`<p id="answer-hint" class="hint">Een tijd in uren en minuten, zoals 09:30 of 14:05.</p>`,
		`<input id="answer-field" name="answer" type="time" class="time" value="" autocomplete="off" aria-describedby="answer-help answer-hint">`,
	} {
		if !strings.Contains(b.page, want) {
			t.Errorf("the time page lacks %s:\n%s", want, b.page)
		}
	}
	for _, bad := range []string{"24:00", "9:60", "half tien"} {
		if st := b.send("answer", "item", "aankomst", "answer", bad); st != http.StatusUnprocessableEntity {
			t.Fatalf("aankomst = %q: status %d, want 422", bad, st)
		}
		for _, want := range []string{
			`<p id="answer-error" class="error">`,
			`Vul een tijd in van 00:00 tot en met 23:59, zoals 09:30.</p>`,
			`value="` + bad + `"`,
			`aria-describedby="answer-help answer-hint answer-error" aria-invalid="true" autofocus>`,
		} {
			if !strings.Contains(b.page, want) {
				t.Errorf("aankomst = %q: the page lacks %s:\n%s", bad, want, b.page)
			}
		}
	}
	if _, got := e.answers(t, code); len(got) != 0 {
		t.Fatalf("refused times stored: %v", got)
	}
	b.answer("aankomst", "9.30")
	_, got := e.answers(t, code)
	if !got["aankomst"].Equal(survey.TextValue("09:30")) {
		t.Errorf("stored %v, want aankomst = 09:30", got)
	}
	b.must("back")
	if b.item() != "aankomst" || !strings.Contains(b.page, `type="time" class="time" value="09:30"`) {
		t.Errorf("back on %q; want aankomst with 09:30 in its field:\n%s", b.item(), b.page)
	}
	b.answer("aankomst", "14:05")
	b.answer("fijn", "1")
	if !strings.Contains(b.page, "14.05") {
		t.Errorf("the review page does not show 14.05:\n%s", b.page)
	}
	if _, got := e.answers(t, code); !got["aankomst"].Equal(survey.TextValue("14:05")) {
		t.Errorf("stored %v, want aankomst = 14:05", got)
	}
}

// TestTimeInChromium types a time into Chromium's own time field (a Dutch
// browser may still show 12 hours), with axe-core checking the page with
// and without an error; the answer stored is the time typed.
func TestTimeInChromium(t *testing.T) {
	src := axeSource(t)
	e := newEnv(t, "", timeInstrument())
	h := e.handler(t)
	srv := serve(t, h)
	ctx := newChrome(t, 390, 844)
	code := begin(t, ctx, srv.URL+h.LinkPath(e.token))
	run(t, ctx, onItem("wie"), chromedp.Click(chromedp.CSS("#next-button")), onItem("aankomst"))
	axeCheck(t, ctx, src, "time")
	if typ := get(t, ctx, chromedp.AttributeValue(chromedp.CSS("#answer-field"), "type")); typ.Value != "time" {
		t.Errorf("the field's type is %q, want time", typ.Value)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#next-button")), chromedp.WaitReady(chromedp.CSS("#answer-error")))
	axeCheck(t, ctx, src, "time with an error")
	// Typed as into a 12-hour field (headless Chromium shows one); a
	// 24-hour field ignores the P. Either way the field holds, and the
	// form sends, a 24-hour time.
	run(t, ctx, chromedp.Focus(chromedp.CSS("#answer-field")), chromedp.KeyEvent("0930P"))
	typed := get(t, ctx, chromedp.Value(chromedp.CSS("#answer-field")))
	if typed != "21:30" && typed != "09:30" {
		t.Fatalf("after typing 0930P the time field holds %q", typed)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#next-button")), onItem("fijn"))
	if _, got := e.answers(t, code); !got["aankomst"].Equal(survey.TextValue(typed)) {
		t.Errorf("stored %v, want aankomst = %s", got, typed)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#back-button")), onItem("aankomst"))
	if v := get(t, ctx, chromedp.Value(chromedp.CSS("#answer-field"))); v != typed {
		t.Errorf("back on the time question: the field holds %q, want %s", v, typed)
	}
}
