package analysis_test

import (
	"fmt"
	"testing"

	"peil/analysis"
)

// BenchmarkTrends computes every trend table of the national study: not
// split, split by role and split by school, on a dataset that has not
// made a report yet.
func BenchmarkTrends(b *testing.B) {
	d, err := analysis.Synthetic(analysis.National)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d responses, %d items", d.Len(), d.NumItems())
	v1, v2 := analysis.SyntheticInstruments(analysis.National)
	cols := d.AppendColumns(nil)
	b.ReportAllocs()
	for b.Loop() {
		// A fresh copy of the dataset, as after a change: the sums that
		// reports share are made again.
		b.StopTimer()
		d = analysis.NewDataset(0)
		for r := range analysis.National.Rounds {
			in := v1
			if r == analysis.National.Rounds-1 {
				in = v2
			}
			if _, err := d.AddRound(fmt.Sprintf("ronde %d", r+1), in); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.ReadColumns(cols); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, sp := range []analysis.Split{analysis.ByWorkplace, analysis.ByRole, analysis.BySchool} {
			if _, err := analysis.Trends(d, analysis.WithSplit(sp), analysis.WithTargets(map[string]float64{"cijfer": 7.5})); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSynthetic measures filling a Dataset with the national study,
// scale scores included (what the storage layer's load costs on top of
// reading).
func BenchmarkSynthetic(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.Synthetic(analysis.National); err != nil {
			b.Fatal(err)
		}
	}
}
