package analysis_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"peil/analysis"
	"peil/demo"
	"peil/instruments"
	"peil/storage"
	"peil/survey"
)

// nationalDB returns the path of a national-scale demo database: the file
// named by $PEIL_NATIONAL_DB when set (made there if missing, so runs can
// share it: `peil demo --scale national --db FILE` makes the same), else
// a new one in a temporary folder (about 15 s to make).
func nationalDB(b *testing.B) string {
	b.Helper()
	path := os.Getenv("PEIL_NATIONAL_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "national.db")
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, path)
	check(b, err)
	culture, err := instruments.Builtin(demo.CultureSurvey)
	check(b, err)
	sum, err := demo.Generate(ctx, st, demo.Config{Scale: demo.National, Seed: demo.DefaultSeed}, culture)
	check(b, err)
	check(b, st.Close())
	b.Logf("generated %s: %d responses, %d answers in %v", path, sum.Responses, sum.Answers, sum.Elapsed)
	return path
}

// BenchmarkNational reads the national-scale study (45,000 responses, 1.8
// million answers) from SQLite and computes every trend table: scan
// alone, scan + Load, and Load + Trends (unsplit, by role, by school).
// Run: go test ./analysis -run XXX -bench National -benchtime 3x
func BenchmarkNational(b *testing.B) {
	ctx := context.Background()
	path := nationalDB(b)
	st, err := storage.Open(ctx, path, storage.WithReadOnly())
	check(b, err)
	defer st.Close()
	study, err := st.StudyByCode(ctx, demo.NationalStudyCode)
	check(b, err)
	src := loadSource(b, st, study.ID, demo.CultureSurvey)
	filter := survey.ResponseFilter{StudyID: study.ID}

	b.Run("Scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n, answers := 0, 0
			check(b, st.ScanResponses(ctx, survey.ResponseFilter{StudyID: study.ID, CompleteOnly: true}, func(r survey.ResponseRecord) error {
				n++
				answers += len(r.Answers)
				return nil
			}))
			b.ReportMetric(float64(n), "responses")
			b.ReportMetric(float64(answers), "answers")
		}
	})
	b.Run("Load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := analysis.Load(ctx, st, filter, src)
			check(b, err)
			b.ReportMetric(float64(d.Len()), "responses")
		}
	})
	b.Run("LoadAndTrends", func(b *testing.B) {
		b.ReportAllocs()
		targets, err := st.Targets(ctx, study.ID)
		check(b, err)
		var peak uint64
		for b.Loop() {
			d, err := analysis.Load(ctx, st, filter, src)
			check(b, err)
			for _, sp := range []analysis.Split{analysis.ByWorkplace, analysis.ByRole, analysis.BySchool} {
				_, err := analysis.Trends(d, analysis.WithSplit(sp), analysis.WithTargets(analysis.TargetMap(targets, demo.CultureSurvey)))
				check(b, err)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.Sys)
		}
		b.ReportMetric(float64(peak)/1e6, "MB-sys")
	})
}
