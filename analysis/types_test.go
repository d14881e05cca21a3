package analysis_test

import (
	"testing"

	"peil/analysis"
	"peil/survey"
)

// TestCodeDecimalDate: the int8 Dataset has no place for fractions or
// dates, so decimal and date answers are left out of the analysis (Missing)
// rather than rounded or averaged; exports carry them.
func TestCodeDecimalDate(t *testing.T) {
	for _, tt := range []struct {
		it *survey.Item
		v  survey.Value
	}{
		{&survey.Item{ID: "d", Type: survey.Decimal}, survey.TextValue("3.25")},
		{&survey.Item{ID: "d", Type: survey.Decimal}, survey.TextValue("4")},
		{&survey.Item{ID: "t", Type: survey.Date}, survey.TextValue("2026-03-01")},
	} {
		if got := analysis.Code(tt.it, tt.v); got != analysis.Missing {
			t.Errorf("Code(%s, %q) = %d, want Missing", tt.it.Type, tt.v.Text, got)
		}
	}
	// An integer without bounds is analysed like any integer, as far as
	// the Dataset's int8 reaches.
	open := &survey.Item{ID: "i", Type: survey.Integer, NoMin: true, NoMax: true}
	if got := analysis.Code(open, survey.Num(-7)); got != -7 {
		t.Errorf("Code(open integer, -7) = %d", got)
	}
	if got := analysis.Code(open, survey.Num(1000)); got != analysis.Missing {
		t.Errorf("Code(open integer, 1000) = %d, want Missing", got)
	}
}
