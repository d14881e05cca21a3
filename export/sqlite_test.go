package export_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"peil/demo"
	"peil/export"
	instrumentfiles "peil/instruments"
	"peil/storage"
	"peil/survey"
)

// TestFromSQLite exports the pilot demo study from a real SQLite file, as
// peil export does, with open text: the first pass of the .sav export
// reads the answers to measure the texts, the CSV export's does not.
// PSPP reads the .sav cell for cell like the CSV, so the string widths
// measured from storage are right and no text is cut; the summaries count
// the responses storage holds.
func TestFromSQLite(t *testing.T) {
	need(t, "install GNU PSPP with: apt-get install pspp", "pspp", "--version")
	ctx := context.Background()
	dir := t.TempDir()
	st, study, culture := exampleStudy(t)
	es, ins := exportStudy(t, st, study.Code)
	stored := 0
	if err := st.ScanResponses(ctx, survey.ResponseFilter{StudyID: study.ID}, func(survey.ResponseRecord) error { stored++; return nil }); err != nil {
		t.Fatal(err)
	}
	export1 := func(name string, opt export.Options) string {
		t.Helper()
		opt.Now = func() time.Time { return exportTime }
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := export.Export(ctx, f, st, es, ins, opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if sum.Responses != stored || sum.Rows != stored {
			t.Errorf("%s: summary %+v, want the %d responses stored", name, sum, stored)
		}
		return path
	}
	want := readCSV(t, export1("want.csv", export.Options{Format: export.CSV, IncludeText: true, PseudonymKey: testKey}))
	// The test means something only when there are texts of some length.
	longest := 0
	for _, it := range culture.Items() {
		if it.Type != survey.OpenText {
			continue
		}
		for j, name := range want[0] {
			if name != it.ID {
				continue
			}
			for _, row := range want[1:] {
				longest = max(longest, len(row[j]))
			}
		}
	}
	if longest < 20 {
		t.Fatalf("the longest open text in the demo is %d bytes: too short to check string widths", longest)
	}
	psppMatches(t, export1("f.sav", export.Options{Format: export.SAV, IncludeText: true, PseudonymKey: testKey}), want)
}

// scannerOnly hides every method of a store but ScanResponses, so that
// Export reads every response in its first pass.
type scannerOnly struct{ survey.ResponseScanner }

// TestFirstPassSummary checks the cheap first pass: exporting from a store
// that summarizes the responses in one query (storage's
// SummarizeResponses) writes byte for byte the file that reading every
// response makes, for every format, pseudonymized or not, for a part of
// the workplaces too.
func TestFirstPassSummary(t *testing.T) {
	ctx := context.Background()
	st, study, _ := exampleStudy(t)
	es, ins := exportStudy(t, st, study.Code)
	if _, ok := any(st).(survey.ResponseSummarizer); !ok {
		t.Fatal("storage.Store is no survey.ResponseSummarizer: the test compares nothing")
	}
	salt := bytes.Repeat([]byte{7}, 32)
	for _, format := range []export.Format{export.SAV, export.DTA, export.CSV, export.Codebook} {
		for _, variant := range []string{"pseudonymized", "identified", "one workplace"} {
			t.Run(string(format)+"/"+variant, func(t *testing.T) {
				opt := export.Options{Format: format, Now: func() time.Time { return exportTime }}
				switch variant {
				case "identified":
					opt.Identify, opt.ExactTimes = true, true
				case "one workplace":
					opt.WorkplaceIDs = []string{es.Workplaces[0].ID}
				}
				run := func(src survey.ResponseScanner) ([]byte, export.Summary) {
					t.Helper()
					o := opt
					o.Rand = bytes.NewReader(salt)
					var buf bytes.Buffer
					sum, err := export.Export(ctx, &buf, src, es, ins, o)
					if err != nil {
						t.Fatal(err)
					}
					return buf.Bytes(), sum
				}
				got, gotSum := run(st)
				want, wantSum := run(scannerOnly{st})
				if gotSum != wantSum {
					t.Errorf("summary %+v, reading every response %+v", gotSum, wantSum)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("the export differs from the one that reads every response (%d and %d bytes)", len(got), len(want))
				}
				if gotSum.Responses == 0 {
					t.Error("nothing was exported: the test compares nothing")
				}
			})
		}
	}
}

// exampleStudy makes the example study with the culture survey in a new
// database, as a new peil does, and returns the store (closed when the
// test ends), the study and the culture survey.
func exampleStudy(t *testing.T) (*storage.Store, survey.Study, *survey.Instrument) {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	culture, err := instrumentfiles.Builtin(demo.CultureSurvey)
	if err != nil {
		t.Fatal(err)
	}
	study, err := demo.ExampleStudy(ctx, st, culture)
	if err != nil {
		t.Fatal(err)
	}
	return st, study, culture
}
