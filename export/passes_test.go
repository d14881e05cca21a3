package export_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"

	"peil/export"
	"peil/survey"
)

// exportVia exports the fixture (changed by edit, when given) to a file
// or, with toFile false, to a stream that cannot be patched afterwards.
func exportVia(t *testing.T, toFile bool, edit func(*memScanner), opt export.Options) ([]byte, export.Summary, *memScanner) {
	t.Helper()
	st, ins, m := fixture()
	if edit != nil {
		edit(m)
	}
	opt.Now = func() time.Time { return exportTime }
	if opt.Rand == nil {
		opt.Rand = fixedRand{}
	}
	if !toFile {
		var buf bytes.Buffer
		sum, err := export.Export(context.Background(), &buf, m, st, ins, opt)
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), sum, m
	}
	path := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := export.Export(context.Background(), f, m, st, ins, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, sum, m
}

// TestFirstPass: the first pass reads the responses without their answers
// unless the format needs them measured (open-text widths in sav, dta,
// xlsx and the codebook; the row count of a long codebook), and a .dta of
// long data written to a stream takes one extra pass to count its rows.
// The reader tests (PSPP, haven, openpyxl) and the golden codebook check
// that the widths measured are right.
func TestFirstPass(t *testing.T) {
	tests := []struct {
		name   string
		opt    export.Options
		toFile bool
		bare   bool // first pass WithoutAnswers
		scans  int
	}{
		{"csv", export.Options{Format: export.CSV}, true, true, 2},
		{"csv long with text", export.Options{Format: export.CSV, Long: true, IncludeText: true}, true, true, 2},
		{"sav", export.Options{Format: export.SAV}, true, true, 2},
		{"sav long", export.Options{Format: export.SAV, Long: true}, true, true, 2},
		{"sav with text", export.Options{Format: export.SAV, IncludeText: true}, true, false, 2},
		{"sav long with text", export.Options{Format: export.SAV, Long: true, IncludeText: true}, true, false, 2},
		{"dta", export.Options{Format: export.DTA}, true, true, 2},
		{"dta to a stream", export.Options{Format: export.DTA}, false, true, 2},
		{"dta long", export.Options{Format: export.DTA, Long: true}, true, true, 2},
		{"dta long to a stream", export.Options{Format: export.DTA, Long: true}, false, true, 3},
		{"dta with text", export.Options{Format: export.DTA, IncludeText: true}, true, false, 2},
		{"xlsx", export.Options{Format: export.XLSX}, true, true, 2},
		{"xlsx with text", export.Options{Format: export.XLSX, IncludeText: true}, true, false, 2},
		{"codebook", export.Options{Format: export.Codebook}, true, false, 1}, // the answers give the scales' alpha
		{"codebook with text", export.Options{Format: export.Codebook, IncludeText: true}, true, false, 1},
		{"codebook long", export.Options{Format: export.Codebook, Long: true}, true, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, sum, m := exportVia(t, tt.toFile, nil, tt.opt)
			bare := 0
			if tt.bare {
				bare = 1
			}
			if m.scans != tt.scans || m.bare != bare {
				t.Errorf("%d scans, %d without answers; want %d, %d", m.scans, m.bare, tt.scans, bare)
			}
			if sum.Responses != 5 {
				t.Errorf("summary %+v, want 5 responses", sum)
			}
		})
	}
}

// TestSavTextWithoutOpenText: with --include-text but no open-text item in
// the instrument there is nothing to measure, and the first pass stays
// cheap.
func TestSavTextWithoutOpenText(t *testing.T) {
	st, ins, m := fixture()
	for _, in := range ins {
		for i := range in.Sections {
			s := &in.Sections[i]
			var keep []survey.Item
			for _, it := range s.Items {
				if it.Type != survey.OpenText {
					keep = append(keep, it)
				}
			}
			s.Items = keep
		}
	}
	if _, err := export.Export(context.Background(), &bytes.Buffer{}, m, st, ins, export.Options{Format: export.SAV, IncludeText: true}); err != nil {
		t.Fatal(err)
	}
	if m.bare != 1 {
		t.Errorf("%d of %d scans without answers, want the first", m.bare, m.scans)
	}
}

// staleAnswer adds a response with an answer its skip logic hides (q3
// after "kent = nee", as left behind when a respondent goes back and
// changes an answer): it has no row in long data.
func staleAnswer(m *memScanner) {
	rec := m.records[1]
	rec.Response.ID = "a4"
	rec.Answers = append(append([]survey.Answer{}, rec.Answers...), ans("q3", survey.Num(4)))
	m.records = append(m.records, rec)
}

// TestLongRows: a long .dta announces exactly the rows it holds, whether
// written to a file (the count is corrected at the end) or to a stream
// (counted beforehand), and the summary counts the rows written, not the
// answers stored.
func TestLongRows(t *testing.T) {
	c, sum, _ := exportVia(t, false, staleAnswer, export.Options{Format: export.CSV, Long: true})
	recs, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := len(recs) - 1
	if sum.Rows != rows || sum.Responses != 6 {
		t.Errorf("CSV summary %+v, want 6 responses and the %d rows written", sum, rows)
	}
	file, fsum, _ := exportVia(t, true, staleAnswer, export.Options{Format: export.DTA, Long: true})
	stream, ssum, _ := exportVia(t, false, staleAnswer, export.Options{Format: export.DTA, Long: true})
	if !bytes.Equal(file, stream) {
		t.Errorf("long .dta written to a stream (%d bytes) differs from the one written to a file (%d bytes)", len(stream), len(file))
	}
	if fsum.Rows != rows || ssum.Rows != rows {
		t.Errorf("dta summaries %+v (file) and %+v (stream), want %d rows", fsum, ssum, rows)
	}
	// The header's <N> holds the rows.
	i := bytes.Index(file, []byte("<N>"))
	if i < 0 || len(file) < i+11 {
		t.Fatal("no <N> in the .dta header")
	}
	if n := int(binary.LittleEndian.Uint64(file[i+3:])); n != rows {
		t.Errorf(".dta header announces %d observations, want %d", n, rows)
	}
}
