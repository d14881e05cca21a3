package backend

import (
	"context"
	"os"
	"testing"

	"peil/analysis"
	"peil/demo"
	"peil/storage"
)

// BenchmarkTrendsNational measures what the trends screen waits for on
// the national-scale study (45,000 responses, 1.8 million answers): open
// the database, load the culture survey's dataset and compute the trend
// tables split by role (what the screen shows first). "fresh" loads from
// the responses (the first time, or after a change); "cached" reads the
// dataset cached by the previous load, as on every later opening while
// the rounds are unchanged.
//
// It needs a writable national database (it writes the cache):
//
//	peil --db /tmp/national.db demo --scale national
//	PEIL_NATIONAL_DB=/tmp/national.db go test ./backend -run XXX -bench TrendsNational -benchtime 5x
func BenchmarkTrendsNational(b *testing.B) {
	path := os.Getenv("PEIL_NATIONAL_DB")
	if path == "" {
		b.Skip("set PEIL_NATIONAL_DB to a database made by peil demo --scale national")
	}
	ctx := context.Background()
	open := func(b *testing.B) *storage.Store {
		st, err := storage.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	st := open(b)
	s, err := st.StudyByCode(ctx, demo.NationalStudyCode)
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	run := func(b *testing.B, forget bool) {
		b.ReportAllocs()
		for b.Loop() {
			if forget {
				if err := damageCache(ctx, path); err != nil {
					b.Fatal(err)
				}
			}
			st := open(b)
			rep, err := New(st).Trends(ctx, s.ID, demo.CultureSurvey, analysis.WithSplit(analysis.ByRole))
			if err != nil {
				b.Fatal(err)
			}
			if len(rep.Measures) == 0 {
				b.Fatal("empty report")
			}
			st.Close()
		}
	}
	b.Run("fresh", func(b *testing.B) { run(b, true) })
	b.Run("cached", func(b *testing.B) { run(b, false) })
}
