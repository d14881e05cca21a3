package analysis_test

import (
	"reflect"
	"testing"

	"peil/analysis"
	"peil/survey"
)

func TestReportRounds(t *testing.T) {
	r := func(name string, open bool) survey.Round { return survey.Round{ID: name, Name: name, Open: open} }
	rounds := []survey.Round{r("2024", false), r("2025", true), r("2026", true)}
	for _, tt := range []struct {
		name        string
		rounds      []survey.Round
		includeOpen bool
		shown, open []string
	}{
		{"open rounds left out", rounds, false, []string{"2024"}, []string{"2025", "2026"}},
		{"open rounds on request", rounds, true, []string{"2024", "2025", "2026"}, []string{"2025", "2026"}},
		{"all closed", rounds[:1], false, []string{"2024"}, nil},
		{"only open", rounds[2:], false, nil, []string{"2026"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			shown, open := analysis.ReportRounds(tt.rounds, tt.includeOpen)
			var names []string
			for _, s := range shown {
				names = append(names, s.Name)
			}
			if !reflect.DeepEqual(names, tt.shown) || !reflect.DeepEqual(open, tt.open) {
				t.Errorf("shown %v, open %v; want %v, %v", names, open, tt.shown, tt.open)
			}
		})
	}
}
