package tui_test

import (
	"context"
	"testing"

	"peil/survey"
)

// A time question in the kiosk: the respondent types 24:00, is told what
// times it takes and stays on the question; 9.30 (the Dutch way) is
// stored as 09:30 and read back as 9.30 on the review screen.
func TestKioskTimeQuestion(t *testing.T) {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s} }
	inst := &survey.Instrument{ID: "tijd", Version: 1, Title: nl("Tijden"), Sections: []survey.Section{{
		ID: "s", Title: nl("Het bezoek"), Items: []survey.Item{
			{ID: "aankomst", Type: survey.Time, Text: nl("Hoe laat kwam u aan?")},
			{ID: "opmerking", Type: survey.OpenText, Text: nl("Opmerking")},
		}}}}
	f := newFixtureOf(t, inst)
	d := f.kiosk(t, 80, 24)
	newRespondent(t, d)
	requireItem(t, d, "aankomst")
	requireScreen(t, d, "Hoe laat kwam u aan?", "Een tijd: uren en minuten, zoals 9.30 of 14.05.")

	d.Type("24:00")
	d.Press("enter")
	requireItem(t, d, "aankomst")
	requireScreen(t, d, "Vul een tijd in van 00:00 tot en met 23:59, zoals 09:30.")

	d.Press("backspace", "backspace", "backspace", "backspace", "backspace")
	d.Type("9.30")
	d.Press("enter")
	requireItem(t, d, "opmerking")

	ctx := context.Background()
	rs, err := f.store.Responses(ctx, f.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d responses, want 1", len(rs))
	}
	as, err := f.store.Answers(ctx, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, a := range as {
		if a.ItemID == "aankomst" {
			got = a.Value.Text
		}
	}
	if got != "09:30" {
		t.Errorf("stored time = %q, want 09:30", got)
	}

	d.Press("enter") // the open question left empty: on to the review
	requirePhase(t, d, "review")
	requireScreen(t, d, "Hoe laat kwam u aan?", "9.30")
}

// A number question whose range includes 0, answered and then emptied:
// the blank field removes the answer (it was read as 0 and stored).
func TestKioskBlankNumberRemovesAnswer(t *testing.T) {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s} }
	inst := &survey.Instrument{ID: "getal", Version: 1, Title: nl("Getallen"), Sections: []survey.Section{{
		ID: "s", Title: nl("Verschil"), Items: []survey.Item{
			{ID: "verschil", Type: survey.Integer, Min: -5, Max: 5, Text: nl("Hoeveel meer dan vorig jaar?")},
			{ID: "opmerking", Type: survey.OpenText, Text: nl("Opmerking")},
		}}}}
	f := newFixtureOf(t, inst)
	d := f.kiosk(t, 80, 24)
	newRespondent(t, d)
	requireItem(t, d, "verschil")
	stored := func() map[string]survey.Value {
		t.Helper()
		ctx := context.Background()
		rs, err := f.store.Responses(ctx, f.round.ID)
		if err != nil || len(rs) != 1 {
			t.Fatalf("responses %v, %v; want one", rs, err)
		}
		as, err := f.store.Answers(ctx, rs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]survey.Value{}
		for _, a := range as {
			m[a.ItemID] = a.Value
		}
		return m
	}
	d.Press("enter") // blank: no answer, on to the next question
	requireItem(t, d, "opmerking")
	if got := stored(); len(got) != 0 {
		t.Fatalf("a blank field stored %v", got)
	}
	d.Press("pgup")
	requireItem(t, d, "verschil")
	d.Type("-3")
	d.Press("enter")
	requireItem(t, d, "opmerking")
	if got := stored(); !got["verschil"].Equal(survey.Num(-3)) {
		t.Fatalf("stored %v, want verschil = -3", got)
	}
	d.Press("pgup")
	requireItem(t, d, "verschil")
	d.Press("backspace", "backspace")
	d.Press("enter")
	requireItem(t, d, "opmerking")
	if got, ok := stored()["verschil"]; ok {
		t.Errorf("the emptied field left verschil = %v stored", got)
	}
}
