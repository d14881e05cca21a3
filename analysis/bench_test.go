package analysis_test

import (
	"testing"

	"peil/analysis"
)

// BenchmarkTrends computes every trend table of the national study: not
// split, split by role and split by school.
func BenchmarkTrends(b *testing.B) {
	d, err := analysis.Synthetic(analysis.National)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d responses, %d items", d.Len(), d.NumItems())
	b.ReportAllocs()
	for b.Loop() {
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
