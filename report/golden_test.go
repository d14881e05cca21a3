package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"peil/report"
	"peil/survey"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden renders the test study in both languages and both formats
// and compares the output with testdata/*.golden.*; run with -update to
// rewrite them after a deliberate change (and look at the diff).
func TestGolden(t *testing.T) {
	d, _ := fixture(t)
	rep := trends(t, d)
	for _, tc := range []struct {
		name  string
		lang  survey.Lang
		write func(*bytes.Buffer) error
	}{
		{"report.nl.golden.html", survey.Dutch, nil},
		{"report.en.golden.html", survey.English, nil},
		{"report.nl.golden.md", survey.Dutch, nil},
		{"report.en.golden.md", survey.English, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			var err error
			if filepath.Ext(tc.name) == ".html" {
				err = report.HTML(&buf, rep, testMeta(tc.lang))
			} else {
				err = report.Markdown(&buf, rep, testMeta(tc.lang))
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				got := filepath.Join(t.TempDir(), tc.name)
				os.WriteFile(got, buf.Bytes(), 0o644)
				t.Errorf("%s differs from the golden file; got is in %s (diff it, then -update if intended)", tc.name, got)
			}
		})
	}
}
