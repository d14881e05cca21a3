package tui_test

import (
	"context"
	"testing"

	"peil/tui"
)

// Every kiosk screen handles only keys that its key map declares, and its
// help names only those (see keys_test.go).
func TestKioskScreensHandleOnlyTheirKeys(t *testing.T) {
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	d.CheckKeys(t, "welcome")
	d.Press("enter")
	requirePhase(t, d, "code")
	d.CheckKeys(t, "code, typing")
	d.Press("tab")
	d.CheckKeys(t, "code, a button")
	d.Press("esc")
	requireScreen(t, d, "Alleen voor de onderzoeker")
	d.CheckKeys(t, "PIN prompt")
	d.Press("esc")
	d.Press("tab", "enter") // Nieuwe code
	requirePhase(t, d, "new code")
	d.CheckKeys(t, "new code")
	d.Press("enter")
	requireItem(t, d, "kent_deelnemer")
	d.CheckKeys(t, "single choice")
	d.Press("1", "enter", "1", "enter", "1", "enter", "1", "enter")
	requireItem(t, d, "vertelt")
	d.CheckKeys(t, "likert")
	d.Press("f2")
	d.CheckKeys(t, "likert in English")
	d.Press("f2")
	d.Press("1", "enter", "1", "enter", "1", "enter", "1", "enter", "1", "enter")
	requireItem(t, d, "opmerking")
	d.CheckKeys(t, "open text")
	d.Press("enter")
	requirePhase(t, d, "review")
	d.CheckKeys(t, "review")
	d.Press("enter")
	requirePhase(t, d, "thanks")
	d.CheckKeys(t, "thanks")
	d.Press("enter")
	requirePhase(t, d, "welcome")

	g := newFixture(t, "collega")
	newRespondent(t, g.kiosk(t, 80, 24))
	// The laptop restarts with the response open.
	d3 := tui.NewDriver(t, g.config(g.store), 80, 24)
	requirePhase(t, d3, "resume")
	d3.CheckKeys(t, "resume")
}

func TestKioskAnswerKindsHandleOnlyTheirKeys(t *testing.T) {
	f := newFixture(t, "leerkracht-onderzoeker")
	d := f.kiosk(t, 80, 30)
	newRespondent(t, d)
	d.Press("enter", "enter", "enter", "enter", "enter", "enter")
	requireItem(t, d, "gebruik")
	d.CheckKeys(t, "multiple choice")

	g := newFixture(t, "kennisproduct")
	d = g.kiosk(t, 80, 30)
	newRespondent(t, d)
	d.Press("1", "enter", "1", "enter")
	requireItem(t, d, "cijfer")
	d.CheckKeys(t, "grade")
}

func TestKioskFatalHandlesOnlyItsKeys(t *testing.T) {
	f := newFixture(t, "collega")
	if err := f.store.SetRoundOpen(context.Background(), f.round.ID, false); err != nil {
		t.Fatal(err)
	}
	d := tui.NewDriver(t, f.config(f.store), 80, 24)
	d.StartKiosk(f.round.ID, f.school.ID)
	requirePhase(t, d, "fatal")
	d.CheckKeys(t, "round closed")
}
