package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"peil/export"
)

// exportOriginal exports the fixture with original names on kent (single
// choice) and gebruik (multiple choice), as an XLSForm import with
// kent-u and gebruik.kennis gives them.
func exportOriginal(t *testing.T, opt export.Options) []byte {
	t.Helper()
	st, ins, m := fixture()
	for _, in := range ins {
		for i := range in.Sections[0].Items {
			it := &in.Sections[0].Items[i]
			switch it.ID {
			case "kent":
				it.OriginalName = "kent-u"
			case "gebruik":
				it.OriginalName = "gebruik.kennis"
			}
		}
	}
	opt.Now = func() time.Time { return exportTime }
	opt.Rand = fixedRand{}
	var buf bytes.Buffer
	if _, err := export.Export(t.Context(), &buf, m, st, ins, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOriginalNameInCodebook: the codebook names an item's original name
// under its variables; the variables keep the id, and their labels stay
// the question text.
func TestOriginalNameInCodebook(t *testing.T) {
	cb := string(exportOriginal(t, export.Options{Format: export.Codebook, PseudonymKey: testKey}))
	for _, want := range []string{
		"### kent\n\n- Label: Kent u het onderzoek?\n- Original name: kent-u (the item's name in the form it was imported from)\n- Type:",
		"### gebruik_1\n\n- Label: Wie gebruikt de kennis?: Ikzelf\n- Original name: gebruik.kennis (the item's name in the form it was imported from)\n- Type:",
		"### q3\n\n- Label: Het onderzoek is bruikbaar\n- Type:",
	} {
		if !strings.Contains(cb, want) {
			t.Errorf("the codebook lacks %q", want)
		}
	}
	if n := strings.Count(cb, "- Original name: "); n != 6 {
		t.Errorf("%d variables with an original name, want 6 (kent and gebruik_1 to _5)", n)
	}

	rows, err := csv.NewReader(bytes.NewReader(exportOriginal(t, export.Options{Format: export.CSV, PseudonymKey: testKey}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slicesContain(rows[0], "kent") || !slicesContain(rows[0], "gebruik_1") || strings.Contains(strings.Join(rows[0], ","), "kent-u") {
		t.Errorf("CSV header %q: want the ids as variable names", rows[0])
	}
}

// TestOriginalNameInXLSXCodebook: the xlsx codebook sheet has the column
// original name when an item has one (and not otherwise, see the golden
// exports).
func TestOriginalNameInXLSXCodebook(t *testing.T) {
	for _, original := range []bool{true, false} {
		data := exportBytes(t, export.Options{Format: export.XLSX, PseudonymKey: testKey})
		if original {
			data = exportOriginal(t, export.Options{Format: export.XLSX, PseudonymKey: testKey})
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("codebook")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		header := strings.Join(rows[0], ",")
		if got := strings.HasSuffix(header, ",versions,original name"); got != original {
			t.Errorf("original names %v: codebook header %s", original, header)
		}
		if !original {
			continue
		}
		found := false
		for _, r := range rows[1:] {
			if r[0] == "kent" {
				found = true
				if r[len(r)-1] != "kent-u" {
					t.Errorf("codebook row of kent %q, want original name kent-u last", r)
				}
			}
		}
		if !found {
			t.Error("no codebook row for kent")
		}
	}
}
