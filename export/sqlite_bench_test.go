package export_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"peil/demo"
	"peil/export"
	"peil/storage"
	"peil/survey"
)

// BenchmarkNationalSQLite exports the national-scale demo study from the
// SQLite file named by $PEIL_NATIONAL_DB (make it with `peil demo --scale
// national --db FILE`), end to end as `peil export` does, into a file:
// .sav and CSV, and the two scans an export makes (the first without the
// answers). Skipped when the variable is not set.
// Run: PEIL_NATIONAL_DB=/tmp/national.db go test ./export -run XXX -bench NationalSQLite -benchtime 3x
func BenchmarkNationalSQLite(b *testing.B) {
	path := os.Getenv("PEIL_NATIONAL_DB")
	if path == "" {
		b.Skip("set PEIL_NATIONAL_DB to a national demo database (peil demo --scale national --db FILE)")
	}
	if _, err := os.Stat(path); err != nil {
		b.Fatalf("PEIL_NATIONAL_DB: %v", err)
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, path, storage.WithReadOnly())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	es, ins := exportStudy(b, st, demo.NationalStudyCode)

	for _, bare := range []bool{true, false} {
		name := "Scan/answers"
		if bare {
			name = "Scan/without_answers"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				f := survey.ResponseFilter{StudyID: es.Study.ID, WithoutAnswers: bare}
				if err := st.ScanResponses(ctx, f, func(survey.ResponseRecord) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "responses")
			}
		})
	}
	// "sav-scanned-first-pass" reads every response in the first pass, as
	// before the store summarized them (survey.ResponseSummarizer).
	for _, format := range []export.Format{export.SAV, export.CSV, "sav-scanned-first-pass"} {
		b.Run(string(format), func(b *testing.B) {
			var src survey.ResponseScanner = st
			format := format
			if format == "sav-scanned-first-pass" {
				format, src = export.SAV, scannerOnly{st}
			}
			b.ReportAllocs()
			out := filepath.Join(b.TempDir(), "out."+string(format))
			for b.Loop() {
				f, err := os.Create(out)
				if err != nil {
					b.Fatal(err)
				}
				sum, err := export.Export(ctx, f, src, es, ins, export.Options{Format: format})
				if err != nil {
					b.Fatal(err)
				}
				if err := f.Close(); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(sum.Responses), "responses")
			}
		})
	}
}

// exportStudy reads a study's structure and instruments as
// cmd/peil does.
func exportStudy(b testing.TB, st *storage.Store, code string) (export.Study, []*survey.Instrument) {
	b.Helper()
	ctx := context.Background()
	s, err := st.StudyByCode(ctx, code)
	if err != nil {
		b.Fatal(err)
	}
	es := export.Study{Study: s}
	if es.Workplaces, err = st.Workplaces(ctx, s.ID); err != nil {
		b.Fatal(err)
	}
	if es.Schools, err = st.Schools(ctx, s.ID); err != nil {
		b.Fatal(err)
	}
	if es.Rounds, err = st.Rounds(ctx, s.ID); err != nil {
		b.Fatal(err)
	}
	var ins []*survey.Instrument
	for _, r := range es.Rounds {
		if slices.ContainsFunc(ins, func(in *survey.Instrument) bool { return in.ID == r.InstrumentID && in.Version == r.InstrumentVersion }) {
			continue
		}
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		if err != nil {
			b.Fatal(err)
		}
		ins = append(ins, in)
	}
	return es, ins
}
