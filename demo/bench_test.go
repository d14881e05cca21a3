package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"peil/demo"
	"peil/storage"
)

// BenchmarkGenerateNational generates the national-scale study (500
// schools, 3 rounds, culture survey) into a new file and reports its size
// and how long opening it again takes. Run it with -benchtime 1x.
func BenchmarkGenerateNational(b *testing.B) {
	ctx := context.Background()
	culture := builtins(b, demo.CultureSurvey)
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "national.db")
		s, err := storage.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := demo.Generate(ctx, s, demo.Config{Scale: demo.National, Seed: demo.DefaultSeed}, culture...)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		s, err = storage.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		opened := time.Since(start)
		s.Close()
		b.ReportMetric(float64(sum.Responses), "responses")
		b.ReportMetric(float64(sum.Answers), "answers")
		b.ReportMetric(float64(fi.Size())/1e6, "MB")
		b.ReportMetric(float64(opened.Microseconds())/1e3, "open-ms")
		b.StartTimer()
	}
}
