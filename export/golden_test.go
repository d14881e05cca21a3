package export_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"peil/export"
	"peil/survey"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

func exportBytes(t *testing.T, opt export.Options) []byte {
	t.Helper()
	st, ins, m := fixture()
	opt.Now = func() time.Time { return exportTime }
	if opt.Rand == nil {
		opt.Rand = fixedRand{}
	}
	var buf bytes.Buffer
	if _, err := export.Export(context.Background(), &buf, m, st, ins, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		opt  export.Options
	}{
		{"wide.csv", export.Options{Format: export.CSV, IncludeText: true, Identify: true, ExactTimes: true}},
		{"wide_excel_nl.csv", export.Options{Format: export.CSV, ExcelNL: true, IncludeText: true, Identify: true, ExactTimes: true}},
		// The default: pseudonyms under the study's key, dates.
		{"wide_pseudonymized.csv", export.Options{Format: export.CSV, PseudonymKey: testKey}},
		{"long.csv", export.Options{Format: export.CSV, Long: true, IncludeText: true, Identify: true, ExactTimes: true}},
		{"codebook.md", export.Options{Format: export.Codebook, PseudonymKey: testKey}},
		{"codebook_en.md", export.Options{Format: export.Codebook, Lang: survey.English, IncludeText: true, Identify: true, ExactTimes: true}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			golden(t, tt.file, exportBytes(t, tt.opt))
		})
	}
}

// TestGoldenDecimalDateTime keeps the CSV and codebook of the study with
// decimal, date and time items: the types the codebook names for them.
func TestGoldenDecimalDateTime(t *testing.T) {
	for _, tt := range []struct {
		file string
		opt  export.Options
	}{
		{"decimal_date_time.csv", export.Options{Format: export.CSV, PseudonymKey: testKey}},
		{"decimal_date_time_long.csv", export.Options{Format: export.CSV, Long: true, PseudonymKey: testKey}},
		{"decimal_date_time_codebook.md", export.Options{Format: export.Codebook, PseudonymKey: testKey}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			st, ins, m := decimalStudy()
			tt.opt.Now = func() time.Time { return exportTime }
			tt.opt.Rand = fixedRand{}
			var buf bytes.Buffer
			if _, err := export.Export(context.Background(), &buf, m, st, ins, tt.opt); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}
