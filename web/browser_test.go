package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"peil/survey"
)

// chromiumPath returns the path of Chromium, or skips the test (fails it
// when CI is set).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI is set: install it (Debian: apt-get install chromium)")
	}
	t.Skip("chromium is not installed; install it (Debian: apt-get install chromium) for the browser tests")
	return ""
}

// newChrome starts a headless Chromium with a fresh profile and returns a
// tab's context, of the given window size.
func newChrome(t *testing.T, w, h int) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
		chromedp.Flag("lang", "nl-NL"),
		chromedp.Flag("accept-lang", "nl-NL,nl"),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// secondContext is a new browser context (its own cookies) in the same
// browser: another device.
func secondContext(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	c, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return c
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// get runs an action that gives a value.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// onItem waits for the question page of item.
func onItem(item string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`input[name=item][value=%q]`, item)))
}

// choose answers the question item by clicking the option's label and
// Next.
func choose(item, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		onItem(item),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="opt-%s"]`, value))),
		chromedp.Click(chromedp.CSS("#next-button")),
	)
}

// begin goes from the welcome page to a new code and the first question,
// returning the code.
func begin(t *testing.T, ctx context.Context, url string) string {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(url),
		chromedp.Click(chromedp.CSS(`form[action$="/begin"] button`)),
		chromedp.Click(chromedp.CSS(`form[action$="/newcode"] button`)),
	)
	code := get(t, ctx, chromedp.Text(chromedp.CSS("#new-code")))
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/start"] button`)))
	if _, err := survey.ParseRespondentCode(code); err != nil {
		t.Fatalf("the new code %q: %v", code, err)
	}
	return code
}

// TestBrowserCollega answers the colleague questionnaire in Chromium
// through each skip-logic branch, with back, a language switch, and a
// resume on a second browser context; the database is checked after each.
func TestBrowserCollega(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	srv := serve(t, h)
	url := srv.URL + h.LinkPath(e.token)
	ctx := newChrome(t, 1000, 900)
	stored := func(code string) map[string]survey.Value {
		_, m := e.answers(t, code)
		return m
	}

	t.Run("nee skips the study questions", func(t *testing.T) {
		ctx := secondContext(t, ctx)
		code := begin(t, ctx, url)
		run(t, ctx, choose("kent_deelnemer", "2"), onItem("kd_delen"))
		if got := stored(code); len(got) != 1 || !got["kent_deelnemer"].Equal(survey.Num(2)) {
			t.Fatalf("stored %v", got)
		}
		run(t, ctx, choose("kd_delen", "dk"), choose("kd_gebruiken", "5"), choose("kd_meedoen", "1"),
			onItem("opmerking"),
			chromedp.SendKeys(chromedp.CSS("#answer-field"), "Prima zo"),
			chromedp.Click(chromedp.CSS("#next-button")),
			chromedp.WaitReady(chromedp.CSS("#submit-button")))
		got := stored(code)
		if !got["kd_delen"].DontKnow || !got["opmerking"].Equal(survey.TextValue("Prima zo")) || len(got) != 5 {
			t.Fatalf("stored %v", got)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS("#submit-button")), chromedp.WaitReady(chromedp.CSS("#your-code")))
		thanks := get(t, ctx, chromedp.Text(chromedp.CSS("#your-code")))
		if thanks != code {
			t.Errorf("thank-you page shows %q, want %q", thanks, code)
		}
		if r, _ := e.answers(t, code); r.Status != survey.Complete {
			t.Errorf("status %s after sending", r.Status)
		}
	})

	t.Run("ja then nee on the subject", func(t *testing.T) {
		ctx := secondContext(t, ctx)
		code := begin(t, ctx, url)
		run(t, ctx, choose("kent_deelnemer", "1"), choose("weet_onderwerp", "2"), onItem("kd_delen"))
		if got := stored(code); len(got) != 2 || !got["weet_onderwerp"].Equal(survey.Num(2)) {
			t.Fatalf("stored %v", got)
		}
	})

	t.Run("ja ja, back, language, resume elsewhere", func(t *testing.T) {
		ctx := secondContext(t, ctx)
		code := begin(t, ctx, url)
		run(t, ctx, choose("kent_deelnemer", "1"), choose("weet_onderwerp", "1"), choose("betrokken_vraag", "1"),
			onItem("betrokken_uitvoering"))
		if got := stored(code); len(got) != 3 {
			t.Fatalf("stored %v", got)
		}
		// Back twice, and change the first answer: the study questions
		// hide and their answers go.
		run(t, ctx,
			chromedp.Click(chromedp.CSS("#back-button")), onItem("betrokken_vraag"),
			chromedp.Click(chromedp.CSS("#back-button")), onItem("weet_onderwerp"),
			choose("weet_onderwerp", "2"), onItem("kd_delen"))
		if got := stored(code); len(got) != 2 || !got["weet_onderwerp"].Equal(survey.Num(2)) {
			t.Fatalf("after back and a change: stored %v", got)
		}
		// English, then answer in English.
		run(t, ctx,
			chromedp.Click(chromedp.CSS(".langbutton")),
			chromedp.WaitReady(chromedp.CSS(`html[lang=en]`)))
		legend := get(t, ctx, chromedp.Text(chromedp.CSS("legend")))
		if !strings.Contains(legend, "At our school we share") {
			t.Fatalf("English question: %q", legend)
		}
		run(t, ctx, choose("kd_delen", "4"), onItem("kd_gebruiken"))
		if got := stored(code); !got["kd_delen"].Equal(survey.Num(4)) {
			t.Fatalf("stored %v", got)
		}
		// Another device (a second browser context) resumes with the code.
		ctx2 := secondContext(t, ctx)
		run(t, ctx2,
			chromedp.Navigate(url),
			chromedp.Click(chromedp.CSS(`form[action$="/begin"] button`)),
			chromedp.SendKeys(chromedp.CSS("#code"), strings.ToLower(code)),
			chromedp.Click(chromedp.CSS(`form[action$="/code"] button`)),
			choose("kd_gebruiken", "3"), choose("kd_meedoen", "3"), onItem("opmerking"))
		if got := stored(code); len(got) != 5 || !got["kd_meedoen"].Equal(survey.Num(3)) {
			t.Fatalf("after resuming elsewhere: stored %v", got)
		}
		// The first device has lost the response: it is asked for the code.
		run(t, ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("#code")))
		body := get(t, ctx, chromedp.Text(chromedp.CSS("main")))
		if !strings.Contains(body, "another device") || strings.Contains(body, "kd_gebruiken") {
			t.Errorf("first device after the take-over: %q", body)
		}
	})
}

// axeSource reads axe-core, installed by .ci/run in testdata/node_modules.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v), and CI is set: run npm ci in web/testdata", err)
		}
		t.Skipf("axe-core is missing (%v); run npm ci in web/testdata", err)
	}
	return string(b)
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core's WCAG 2.1 A and AA rules on the page and fails
// the test for each violation.
func axeCheck(t *testing.T, ctx context.Context, src, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](src+";0")); err != nil {
		t.Fatalf("%s: loading axe: %v", page, err)
	}
	res, err := chromedp.Run(ctx,
		chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
			.then(r => JSON.stringify({n: r.passes.length + r.incomplete.length + r.inapplicable.length, v: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))}))`,
			chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe: %v", page, err)
	}
	var out struct {
		N int            `json:"n"`
		V []axeViolation `json:"v"`
	}
	if err := json.Unmarshal([]byte(res), &out); err != nil {
		t.Fatalf("%s: axe's result %q: %v", page, res, err)
	}
	if out.N == 0 {
		t.Fatalf("%s: axe checked no rule", page)
	}
	for _, v := range out.V {
		t.Errorf("%s: WCAG violation %s (%s): %s\n  %s", page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
}

// TestAccessibility runs axe-core on every kind of page: 0 WCAG 2.1 AA
// violations.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	e := newEnv(t, "", testInstrument())
	h := e.handler(t)
	srv := serve(t, h)
	url := srv.URL + h.LinkPath(e.token)
	ctx := newChrome(t, 390, 844)
	click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
	run(t, ctx, chromedp.Navigate(url))
	axeCheck(t, ctx, src, "welcome")
	run(t, ctx, click(`form[action$="/begin"] button`), chromedp.WaitReady(chromedp.CSS("#code")))
	axeCheck(t, ctx, src, "code")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#code"), "K7MQ4XB"), click(`form[action$="/code"] button`), chromedp.WaitReady(chromedp.CSS("#code-error")))
	axeCheck(t, ctx, src, "code with an error")
	run(t, ctx, click(`form[action$="/newcode"] button`), chromedp.WaitReady(chromedp.CSS("#new-code")))
	axeCheck(t, ctx, src, "new code")
	run(t, ctx, click(`form[action$="/start"] button`), onItem("note"))
	axeCheck(t, ctx, src, "note")
	run(t, ctx, click("#next-button"), onItem("req"))
	axeCheck(t, ctx, src, "single choice")
	run(t, ctx, click("#next-button"), chromedp.WaitReady(chromedp.CSS("#answer-error")))
	axeCheck(t, ctx, src, "single choice with an error")
	run(t, ctx, choose("req", "1"), onItem("years"), chromedp.SendKeys(chromedp.CSS("#answer-field"), "abc"), click("#next-button"), chromedp.WaitReady(chromedp.CSS("#answer-error")))
	axeCheck(t, ctx, src, "number with an error")
	run(t, ctx, chromedp.Clear(chromedp.CSS("#answer-field")), chromedp.SendKeys(chromedp.CSS("#answer-field"), "7"), click("#next-button"), onItem("grade"),
		chromedp.SendKeys(chromedp.CSS("#answer-field"), "8"), click("#next-button"), onItem("multi"))
	axeCheck(t, ctx, src, "multiple choice")
	run(t, ctx, click(`label[for="opt-2"]`), click("#next-button"), onItem("open"))
	axeCheck(t, ctx, src, "open text")
	run(t, ctx, click("#next-button"), onItem("likert"))
	axeCheck(t, ctx, src, "likert")
	run(t, ctx, choose("likert", "dk"), chromedp.WaitReady(chromedp.CSS("#submit-button")))
	axeCheck(t, ctx, src, "review")
	run(t, ctx, click("#submit-button"), chromedp.WaitReady(chromedp.CSS("#your-code")))
	axeCheck(t, ctx, src, "thank you")
	code := get(t, ctx, chromedp.Text(chromedp.CSS("#your-code")))
	run(t, ctx, click(`form[action$="/done"] button`), click(`form[action$="/begin"] button`),
		chromedp.SendKeys(chromedp.CSS("#code"), code), click(`form[action$="/code"] button`), chromedp.WaitReady(chromedp.CSS(".message")))
	axeCheck(t, ctx, src, "already answered")
	run(t, ctx, chromedp.Navigate(srv.URL+"/s/no-such-link-0000000/"), chromedp.WaitReady(chromedp.CSS("h1")))
	axeCheck(t, ctx, src, "bad link")
}

// TestKeyboardOnly completes the colleague questionnaire with key presses
// alone (Tab, arrows, Space, Enter), and checks that the focus is visible.
func TestKeyboardOnly(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	srv := serve(t, h)
	ctx := newChrome(t, 390, 844)
	run(t, ctx, chromedp.Navigate(srv.URL+h.LinkPath(e.token)), chromedp.WaitReady(chromedp.CSS("h1")))

	// tabTo presses Tab until the focused element matches sel.
	tabTo := func(sel string) {
		t.Helper()
		for range 40 {
			if get(t, ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement !== null && document.activeElement.matches(%q)`, sel))) {
				return
			}
			run(t, ctx, chromedp.KeyEvent(kb.Tab))
		}
		t.Fatalf("Tab never reached %s", sel)
	}
	press := func(keys string) { t.Helper(); run(t, ctx, chromedp.KeyEvent(keys)) }
	focusVisible := func(what string) {
		t.Helper()
		style := get(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle + " " + getComputedStyle(document.activeElement).outlineWidth`))
		if strings.HasPrefix(style, "none") || strings.HasSuffix(style, " 0px") {
			t.Errorf("%s: the focused element has no visible outline (%s)", what, style)
		}
	}
	wait := func(sel string) { t.Helper(); run(t, ctx, chromedp.WaitReady(chromedp.CSS(sel))) }

	tabTo(`form[action$="/begin"] button`)
	focusVisible("begin button")
	press(kb.Enter)
	wait("#code")
	tabTo(`form[action$="/newcode"] button`)
	press(" ")
	wait("#new-code")
	code := get(t, ctx, chromedp.Text(chromedp.CSS("#new-code")))
	tabTo(`form[action$="/start"] button`)
	press(kb.Enter)

	// A radio question: Tab into the group (its first option), arrows to
	// move, Space to choose, Tab to Next, Enter.
	radio := func(item string, downs int) {
		t.Helper()
		run(t, ctx, onItem(item))
		tabTo(`input[name=answer]`)
		for range downs {
			press(kb.ArrowDown)
		}
		press(" ")
		tabTo("#next-button")
		focusVisible("next button")
		press(kb.Enter)
	}
	radio("kent_deelnemer", 0) // ja
	radio("weet_onderwerp", 1) // nee
	radio("kd_delen", 3)       // 4
	radio("kd_gebruiken", 5)   // weet ik niet
	radio("kd_meedoen", 1)     // 2
	run(t, ctx, onItem("opmerking"))
	tabTo("#answer-field")
	run(t, ctx, chromedp.KeyEvent("Via het toetsenbord"))
	tabTo("#next-button")
	press(kb.Enter)
	wait("#submit-button")
	tabTo("#submit-button")
	focusVisible("send button")
	press(kb.Enter)
	wait("#your-code")

	r, got := e.answers(t, code)
	want := map[string]survey.Value{"kent_deelnemer": survey.Num(1), "weet_onderwerp": survey.Num(2), "kd_delen": survey.Num(4),
		"kd_gebruiken": survey.DontKnowValue(), "kd_meedoen": survey.Num(2), "opmerking": survey.TextValue("Via het toetsenbord")}
	if r.Status != survey.Complete || len(got) != len(want) {
		t.Fatalf("response %s with %v, want complete with %v", r.Status, got, want)
	}
	for id, w := range want {
		if !got[id].Equal(w) {
			t.Errorf("answer to %s = %+v, want %+v", id, got[id], w)
		}
	}
}

// fitsPhone checks that the page shown does not scroll sideways and that
// the elements the CSS selector targets are touch targets of at least
// 44x44 px.
func fitsPhone(t *testing.T, ctx context.Context, page, targets string) {
	t.Helper()
	if w := get(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); w > 0 {
		t.Errorf("%s: the page is %d px wider than the phone", page, w)
	}
	small := get(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(`+strconv.Quote(targets)+`))
		.filter(el => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44 })
		.map(el => el.outerHTML.slice(0, 80) + " " + Math.round(el.getBoundingClientRect().width) + "x" + Math.round(el.getBoundingClientRect().height))`))
	for _, s := range small {
		t.Errorf("%s: a small touch target: %s", page, s)
	}
}

// TestPhoneLayout opens the form in a phone-sized window (390x844): no
// page scrolls sideways, and every button and option is a large touch
// target (at least 44 by 44 CSS pixels). With PEIL_WEB_SHOTS set to a
// folder, it saves a screenshot of each page there.
func TestPhoneLayout(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	srv := serve(t, h)
	ctx := newChrome(t, 390, 844)
	run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	shots := os.Getenv("PEIL_WEB_SHOTS")
	check := func(page string) {
		t.Helper()
		fitsPhone(t, ctx, page, "button, .option label, input[type=text], textarea, a")
		png := get(t, ctx, chromedp.FullScreenshot(100))
		if len(png) < 1000 {
			t.Errorf("%s: screenshot of %d bytes", page, len(png))
		}
		if shots != "" {
			if err := os.WriteFile(filepath.Join(shots, page+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(t, ctx, chromedp.Navigate(srv.URL+h.LinkPath(e.token)))
	check("1-welcome")
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/begin"] button`)), chromedp.WaitReady(chromedp.CSS("#code")))
	check("2-code")
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/newcode"] button`)), chromedp.WaitReady(chromedp.CSS("#new-code")))
	check("3-newcode")
	run(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/start"] button`)), onItem("kent_deelnemer"), chromedp.Click(chromedp.CSS("#next-button")), chromedp.WaitReady(chromedp.CSS("#answer-error")))
	check("4-required")
	run(t, ctx, choose("kent_deelnemer", "1"), choose("weet_onderwerp", "1"), choose("betrokken_vraag", "1"), onItem("betrokken_uitvoering"))
	check("5-help")
	run(t, ctx, choose("betrokken_uitvoering", "2"), onItem("vertelt"), chromedp.Click(chromedp.CSS(`label[for="opt-4"]`)))
	check("6-likert")
	run(t, ctx, chromedp.Click(chromedp.CSS("#next-button")), choose("bruikbaar", "dk"), choose("kd_delen", "3"), choose("kd_gebruiken", "3"), choose("kd_meedoen", "3"), onItem("opmerking"))
	check("7-text")
	run(t, ctx, chromedp.Click(chromedp.CSS("#next-button")), chromedp.WaitReady(chromedp.CSS("#submit-button")))
	check("8-review")
	run(t, ctx, chromedp.Click(chromedp.CSS("#submit-button")), chromedp.WaitReady(chromedp.CSS("#your-code")))
	check("9-thanks")
}
