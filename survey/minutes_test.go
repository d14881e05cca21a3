package survey_test

import (
	"fmt"
	"testing"

	"peil/survey"
)

func TestEstimatedMinutes(t *testing.T) {
	inst := func(answerable, notes int) *survey.Instrument {
		var items []survey.Item
		for i := range answerable {
			items = append(items, survey.Item{ID: fmt.Sprint("q", i), Type: survey.Likert})
		}
		for i := range notes {
			items = append(items, survey.Item{ID: fmt.Sprint("n", i), Type: survey.Note})
		}
		return &survey.Instrument{ID: "x", Version: 1, Sections: []survey.Section{{ID: "s", Items: items}}}
	}
	for _, tt := range []struct {
		name string
		in   *survey.Instrument
		want int
	}{
		{"none", nil, 5},
		{"empty", inst(0, 0), 2},
		{"4 questions", inst(4, 0), 2},
		{"9 questions", inst(9, 0), 3},
		{"40 questions, notes not counted", inst(40, 12), 10},
	} {
		if got := survey.EstimatedMinutes(tt.in); got != tt.want {
			t.Errorf("%s: %d minutes, want %d", tt.name, got, tt.want)
		}
	}
}
