package tui_test

import (
	"strings"
	"testing"

	"peil/instruments"
	"peil/survey"
)

// An instrument in English only is shown in English, even to a Dutch
// kiosk, and the kiosk offers no language switch: no header button, no
// F2, no e and n on the welcome screen.
func TestLanguageOneLanguageInstrument(t *testing.T) {
	inst, err := instruments.Load("../instruments/testdata/good/english.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := inst.Languages(); len(got) != 1 || got[0] != survey.English {
		t.Fatalf("the test instrument's languages are %v, want English only", got)
	}
	f := newFixtureOf(t, inst)
	d := f.kiosk(t, 80, 24)
	requireScreen(t, d, "Welcome", "An English form")
	refuteScreen(t, d, "Welkom", "Nederlands", "[ English ]", "F2")
	if lines := strings.Split(d.Screen(), "\n"); len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	d.CheckKeys(t, "welcome, one language")
	for _, k := range []string{"n", "e", "f2"} {
		d.Press(k)
		requirePhase(t, d, "welcome")
		requireScreen(t, d, "Welcome")
	}
	d.Click(75, 0) // where the language button would be
	requireScreen(t, d, "Welcome")

	d.Press("enter")
	requirePhase(t, d, "code")
	d.ClickText("New code")
	requirePhase(t, d, "new code")
	d.ClickText("Begin")
	requirePhase(t, d, "question")
	requireScreen(t, d, "How old are you?")
	d.Press("f2")
	requireScreen(t, d, "How old are you?")
	refuteScreen(t, d, "Vraag", "F2")
	d.CheckKeys(t, "question, one language")
}

// A kiosk of a two-language instrument keeps its switch.
func TestLanguageTwoLanguageInstrumentSwitches(t *testing.T) {
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	requireScreen(t, d, "Welkom", "[ English ]", "F2")
	d.Press("f2")
	requireScreen(t, d, "Welcome", "[ Nederlands ]")
}
