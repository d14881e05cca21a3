package analysis_test

import (
	"slices"
	"testing"

	"peil/analysis"
	"peil/survey"
)

// TestRewordedItems: items are matched across instrument versions by id;
// a round whose version words an item differently is marked, so a reader
// knows a change in the results may come from the wording.
func TestRewordedItems(t *testing.T) {
	version := func(v int, q1, q2 string, opt string) *survey.Instrument {
		return &survey.Instrument{ID: "x", Version: v, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
			{ID: "q1", Type: survey.Likert, Text: survey.Text{survey.Dutch: q1}},
			{ID: "q2", Type: survey.Likert, Text: survey.Text{survey.Dutch: q2}},
			{ID: "q3", Type: survey.SingleChoice, Text: survey.Text{survey.Dutch: "Hoe vaak?"},
				Options: []survey.Option{{Code: 1, Value: "a", Label: survey.Text{survey.Dutch: "Soms"}}, {Code: 2, Value: "b", Label: survey.Text{survey.Dutch: opt}}}},
		}}}}
	}
	d := analysis.NewDataset(0)
	for i, in := range []*survey.Instrument{
		version(1, "Wij leren van elkaar.", "Er is tijd voor onderzoek.", "Vaak"),
		version(2, "Wij leren van elkaar.", "Er is voldoende tijd voor onderzoek.", "Vaak"),
		version(2, "Wij leren van elkaar.", "Er is voldoende tijd voor onderzoek.", "Vaak"),
		version(3, "Wij leren van elkaar.", "Er is voldoende tijd voor onderzoek.", "Heel vaak"),
	} {
		if _, err := d.AddRound(string(rune('A'+i)), in); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]bool{
		"q1": {false, false, false, false},
		"q2": {false, true, false, false},
		"q3": {false, false, false, true}, // an option label changed
	} {
		m, ok := rep.Measure(id)
		if !ok {
			t.Fatalf("no measure %s", id)
		}
		if !slices.Equal(m.Reworded, want) {
			t.Errorf("%s: Reworded = %v, want %v", id, m.Reworded, want)
		}
	}
}
