package web_test

import (
	"net/http"
	"strings"
	"testing"

	"peil/survey"
)

// filterInstrument asks for a province, then for a town of that province
// only (a choice filter); noordwijk is in both, with its own code each.
func filterInstrument() *survey.Instrument {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s} }
	town := func(code int, value, label, prov string) survey.Option {
		return survey.Option{Code: code, Value: value, Label: nl(label), Attrs: map[string]string{"prov": prov}}
	}
	return &survey.Instrument{ID: "filter", Version: 1, Title: nl("Filters"), Sections: []survey.Section{{ID: "s", Title: nl("Plaats"), Items: []survey.Item{
		{ID: "provincie", Type: survey.SingleChoice, Text: nl("Provincie?"), Required: true,
			Options: []survey.Option{{Code: 1, Value: "nh", Label: nl("Noord-Holland")}, {Code: 2, Value: "zh", Label: nl("Zuid-Holland")}}},
		{ID: "plaats", Type: survey.SingleChoice, Text: nl("Plaats?"), Required: true,
			Options:      []survey.Option{town(1, "haarlem", "Haarlem", "nh"), town(2, "leiden", "Leiden", "zh"), town(3, "noordwijk", "Noordwijk aan Zee", "zh"), town(4, "noordwijk", "Noordwijk NH", "nh")},
			ChoiceFilter: survey.MustParseCondition("option.prov = provincie")},
		{ID: "slot", Type: survey.OpenText, Text: nl("Nog iets?")},
	}}}}
}

// The web form lists only the options the filter leaves and refuses one
// it left out; changing the province clears the town.
func TestChoiceFilterOptions(t *testing.T) {
	e := newEnv(t, "", filterInstrument())
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("provincie", "1")
	if b.item() != "plaats" {
		t.Fatalf("on %q, want plaats", b.item())
	}
	for _, want := range []string{"Haarlem", "Noordwijk NH", `id="opt-1"`, `id="opt-4"`} {
		if !strings.Contains(b.page, want) {
			t.Errorf("the page lacks %s:\n%s", want, b.page)
		}
	}
	for _, notWant := range []string{"Leiden", "Noordwijk aan Zee", `id="opt-2"`, `id="opt-3"`} {
		if strings.Contains(b.page, notWant) {
			t.Errorf("the page shows %s, which the filter leaves out", notWant)
		}
	}
	if st := b.send("answer", "item", "plaats", "answer", "2"); st != http.StatusUnprocessableEntity {
		t.Fatalf("leiden in noord-holland: status %d, want 422", st)
	}
	if !strings.Contains(b.page, "Dit antwoord past niet bij een eerder antwoord; kies uit de gegeven antwoorden.") {
		t.Errorf("no message for an option the filter leaves out:\n%s", b.page)
	}
	b.answer("plaats", "4")
	if _, got := e.answers(t, code); !got["plaats"].Equal(survey.Num(4)) {
		t.Errorf("plaats = %+v, want 4", got["plaats"])
	}
	b.must("back")
	b.must("back")
	b.answer("provincie", "2")
	if !strings.Contains(b.page, "Leiden") || strings.Contains(b.page, "Haarlem") {
		t.Errorf("after zuid-holland the page does not list its towns only:\n%s", b.page)
	}
	if _, got := e.answers(t, code); len(got) != 1 {
		t.Errorf("stored %v, want only provincie (the town cleared)", got)
	}
}
