package analysis_test

import (
	"testing"

	"peil/analysis"
	"peil/survey"
)

// TestCodeDecimalDate: an int8 code has no place for fractions, dates or
// times of day, so Code gives decimal, date and time answers Missing
// rather than rounding them: a decimal's number goes in the Dataset's
// numbers column (analysis.Number, TestNumberItems), and dates and times
// stay out of the analysis (a mean date is no trend); exports carry them.
func TestCodeDecimalDate(t *testing.T) {
	for _, tt := range []struct {
		it *survey.Item
		v  survey.Value
	}{
		{&survey.Item{ID: "d", Type: survey.Decimal}, survey.TextValue("3.25")},
		{&survey.Item{ID: "d", Type: survey.Decimal}, survey.TextValue("4")},
		{&survey.Item{ID: "t", Type: survey.Date}, survey.TextValue("2026-03-01")},
		{&survey.Item{ID: "k", Type: survey.Time}, survey.TextValue("09:30")},
	} {
		if got := analysis.Code(tt.it, tt.v); got != analysis.Missing {
			t.Errorf("Code(%s, %q) = %d, want Missing", tt.it.Type, tt.v.Text, got)
		}
	}
	// An integer's code reaches as far as an int8 (its number, in
	// Response.Numbers, goes further: TestNumberItems).
	open := &survey.Item{ID: "i", Type: survey.Integer, NoMin: true, NoMax: true}
	if got := analysis.Code(open, survey.Num(-7)); got != -7 {
		t.Errorf("Code(open integer, -7) = %d", got)
	}
	if got := analysis.Code(open, survey.Num(1000)); got != analysis.Missing {
		t.Errorf("Code(open integer, 1000) = %d, want Missing", got)
	}
}

// TestTimeItemLeftOut: a round whose instrument asks a time of day next to
// a grade is analysed; the time item has no place in the Dataset and the
// trends report only the grade.
func TestTimeItemLeftOut(t *testing.T) {
	in := &survey.Instrument{ID: "t", Version: 1, Title: survey.Text{survey.Dutch: "T"}, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "aankomst", Type: survey.Time, Text: survey.Text{survey.Dutch: "Aankomst"}},
		{ID: "cijfer", Type: survey.Grade, Text: survey.Text{survey.Dutch: "Cijfer"}},
	}}}}
	d := analysis.NewDataset(2)
	r, err := d.AddRound("Meting", in)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.ItemIndex("aankomst"); ok || d.NumItems() != 1 {
		t.Fatalf("the dataset has %d items, the time item among them: %v", d.NumItems(), ok)
	}
	p, _ := d.ItemIndex("cijfer")
	for _, g := range []int{7, 8, 6, 9, 7} {
		vals := make([]int8, d.NumItems())
		vals[p] = analysis.Code(in.Item("cijfer"), survey.Num(g))
		if err := d.Add(analysis.Response{Round: r, Workplace: "WOA", School: "WOA-1", Role: "leerkracht", Values: vals}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rep.Measure("aankomst"); ok {
		t.Error("the trends report a time item")
	}
	if m, ok := rep.Measure("cijfer"); !ok || len(m.Cells) == 0 || m.Cells[0][0].N != 5 {
		t.Errorf("the grade measure: %v, %+v", ok, m)
	}
}
