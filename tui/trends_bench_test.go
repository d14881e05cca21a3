package tui

import (
	"context"
	"testing"

	"peil/analysis"
	"peil/survey"
)

// BenchmarkTrendsScreenOpen measures the time from opening the trends
// screen to its first full View() on the national study (500 schools, 3
// rounds, about 45,000 responses), at 80x24 and 200x60: from a prepared
// report (what the screen itself costs), and including analysis.Trends
// split by role (what a researcher waits for, less reading the database).
func BenchmarkTrendsScreenOpen(b *testing.B) {
	d, err := analysis.Synthetic(analysis.National)
	if err != nil {
		b.Fatal(err)
	}
	v1, v2 := analysis.SyntheticInstruments(analysis.National)
	var rounds []survey.Round
	for i, name := range d.Rounds() {
		rounds = append(rounds, survey.Round{ID: string(rune('a' + i)), Name: name, InstrumentID: v1.ID})
	}
	study := survey.Study{ID: "s", Code: "NAT", MinGroupSize: 5}
	prepared, err := analysis.Trends(d, analysis.WithSplit(analysis.ByRole))
	if err != nil {
		b.Fatal(err)
	}
	open := func(b *testing.B, load func() (*analysis.Report, error), w, h int) {
		cfg := Config{Catalogue: []*survey.Instrument{v1, v2},
			Backend: trendsFunc(func(context.Context, string, string, ...analysis.Option) (*analysis.Report, error) { return load() })}
		st := NewStyles(true)
		b.ReportAllocs()
		for b.Loop() {
			m := newTrends(context.Background(), cfg, st, study, rounds)
			m.SetSize(w, h)
			m.Init()
			rep, err := load() // what the command does
			m.Update(trendsLoadedMsg{instrumentID: v1.ID, report: rep, err: err})
			if v := m.View(); len(v) == 0 || m.report() == nil {
				b.Fatal("empty view")
			}
		}
	}
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"200x60", 200, 60}} {
		b.Run("report/"+size.name, func(b *testing.B) {
			open(b, func() (*analysis.Report, error) { return prepared, nil }, size.w, size.h)
		})
		b.Run("trends+report/"+size.name, func(b *testing.B) {
			open(b, func() (*analysis.Report, error) { return analysis.Trends(d, analysis.WithSplit(analysis.ByRole)) }, size.w, size.h)
		})
	}
}
