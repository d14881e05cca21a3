package tui_test

import (
	"testing"

	"peil/survey"
)

func filterOpt(code int, value, label, prov string) survey.Option {
	o := survey.Option{Code: code, Value: value, Label: survey.Text{survey.Dutch: label}}
	if prov != "" {
		o.Attrs = map[string]string{"prov": prov}
	}
	return o
}

// filterInstrument asks for a province, then for a town of that province
// only (a choice filter).
func filterInstrument() *survey.Instrument {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s} }
	return &survey.Instrument{ID: "filter", Version: 1, Title: nl("Filters"), Sections: []survey.Section{{ID: "s", Title: nl("Plaats"), Items: []survey.Item{
		{ID: "provincie", Type: survey.SingleChoice, Text: nl("In welke provincie werkt u?"), Required: true,
			Options: []survey.Option{filterOpt(1, "nh", "Noord-Holland", ""), filterOpt(2, "zh", "Zuid-Holland", "")}},
		{ID: "plaats", Type: survey.SingleChoice, Text: nl("In welke plaats?"), Required: true,
			Options: []survey.Option{filterOpt(1, "haarlem", "Haarlem", "nh"), filterOpt(2, "leiden", "Leiden", "zh"),
				filterOpt(3, "noordwijk", "Noordwijk aan Zee", "zh"), filterOpt(4, "noordwijk", "Noordwijk (Noord-Holland)", "nh")},
			ChoiceFilter: survey.MustParseCondition("option.prov = provincie")},
		{ID: "slot", Type: survey.OpenText, Text: nl("Nog iets?")},
	}}}}
}

// The kiosk lists only the options the filter leaves, numbered 1, 2, ...
// among themselves; changing the province clears the town.
func TestKioskChoiceFilter(t *testing.T) {
	f := newFixtureOf(t, filterInstrument())
	d := f.kiosk(t, 80, 24)
	newRespondent(t, d)
	requireItem(t, d, "provincie")
	d.Press("1", "enter")
	requireItem(t, d, "plaats")
	requireScreen(t, d, "1 ( ) Haarlem", "2 ( ) Noordwijk (Noord-Holland)")
	refuteScreen(t, d, "Leiden", "Noordwijk aan Zee", "3 ( )")
	d.Press("2", "enter")
	requireItem(t, d, "slot")
	d.Press("pgup") // back
	requireItem(t, d, "plaats")
	d.Press("pgup")
	requireItem(t, d, "provincie")
	d.Press("2", "enter")
	requireItem(t, d, "plaats")
	requireScreen(t, d, "1 ( ) Leiden", "2 ( ) Noordwijk aan Zee")
	refuteScreen(t, d, "Haarlem", "Noord-Holland)")
	d.Press("enter") // the town was cleared: plaats is required
	requireItem(t, d, "plaats")
	d.Press("1", "enter")
	requireItem(t, d, "slot")
}
