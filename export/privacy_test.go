package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"regexp"
	"strings"
	"testing"

	"peil/export"
	"peil/survey"
)

// testKey is a study's pseudonym key in the tests.
var testKey = []byte("the pseudonym key of the monitor")

// clearCodes are the fixture's respondent codes.
var clearCodes = []string{"ABCD-EFGH", "KLMN-PQRS", "TUVW-XYZA"}

// fileText returns what a reader of an export file can find in it as
// text: the bytes, and for xlsx the unzipped parts.
func fileText(t *testing.T, f export.Format, b []byte) string {
	t.Helper()
	if f != export.XLSX {
		return string(b)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, e := range z.File {
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&all, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	return all.String()
}

// TestDefaultExportIsPseudonymous: without --identify no format holds a
// respondent code, and without --exact-times no time of day; the
// codebook says so.
func TestDefaultExportIsPseudonymous(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  export.Options
	}{
		{"csv", export.Options{Format: export.CSV}},
		{"csv long", export.Options{Format: export.CSV, Long: true}},
		{"sav", export.Options{Format: export.SAV}},
		{"dta", export.Options{Format: export.DTA}},
		{"xlsx", export.Options{Format: export.XLSX}},
		{"without a key", export.Options{Format: export.CSV, Rand: rand.Reader}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			if opt.Rand == nil {
				opt.PseudonymKey = testKey
			}
			text := fileText(t, opt.Format, exportBytes(t, opt))
			for _, code := range clearCodes {
				if strings.Contains(text, code) {
					t.Errorf("respondent code %s in the export", code)
				}
			}
			if opt.Format != export.CSV {
				return
			}
			rows := csvRows(t, opt)
			date := regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})?$`)
			for _, row := range rows[1:] {
				if len(row[0]) != 16 || len(row[1]) != 16 {
					t.Errorf("response id %q and respondent %q are not 16-digit pseudonyms", row[0], row[1])
				}
				for _, v := range row[8:10] {
					if !date.MatchString(v) {
						t.Errorf("started/finished %q: more than the date", v)
					}
				}
			}
		})
	}
	cb := string(exportBytes(t, export.Options{Format: export.Codebook, PseudonymKey: testKey}))
	for _, w := range []string{"pseudonyms (HMAC-SHA256 under the study's export key", "only their date", "- Type: date; scale"} {
		if !strings.Contains(cb, w) {
			t.Errorf("the codebook does not say %q:\n%s", w, cb)
		}
	}
}

// TestIdentifyAndExactTimes: clear codes, ids and times only on request,
// and the codebook says which was chosen.
func TestIdentifyAndExactTimes(t *testing.T) {
	rows := csvRows(t, export.Options{Format: export.CSV, Identify: true, ExactTimes: true})
	if rows[1][0] != "a1" || rows[1][1] != "ABCD-EFGH" || rows[1][8] != "2025-10-01 09:15:30" {
		t.Errorf("identified export: %q", rows[1][:10])
	}
	rows = csvRows(t, export.Options{Format: export.CSV, Identify: true})
	if rows[1][1] != "ABCD-EFGH" || rows[1][8] != "2025-10-01" || rows[1][9] != "2025-10-01" {
		t.Errorf("identified export with dates: %q", rows[1][:10])
	}
	rows = csvRows(t, export.Options{Format: export.CSV, ExactTimes: true, PseudonymKey: testKey})
	if rows[1][1] == "ABCD-EFGH" || rows[1][8] != "2025-10-01 09:15:30" {
		t.Errorf("pseudonymous export with exact times: %q", rows[1][:10])
	}
	cb := string(exportBytes(t, export.Options{Format: export.Codebook, Identify: true, ExactTimes: true}))
	for _, w := range []string{"the codes as collected (--identify)", "to the second (--exact-times)", "- Type: date and time; scale"} {
		if !strings.Contains(cb, w) {
			t.Errorf("the codebook does not say %q:\n%s", w, cb)
		}
	}
}

// TestPseudonymsLinkAcrossExports: under the study's key a respondent
// has the same pseudonym in every export, so rounds exported apart still
// link; another key gives other pseudonyms.
func TestPseudonymsLinkAcrossExports(t *testing.T) {
	r1 := csvRows(t, export.Options{Format: export.CSV, PseudonymKey: testKey, RoundIDs: []string{"r1"}})
	r2 := csvRows(t, export.Options{Format: export.CSV, PseudonymKey: testKey, RoundIDs: []string{"r2"}})
	// ABCD-EFGH is row 1 of round 1 and row 1 of round 2.
	if r1[1][1] != r2[1][1] || r1[1][1] == r1[2][1] {
		t.Errorf("pseudonyms do not link ABCD-EFGH across exports: %q %q (another respondent %q)", r1[1][1], r2[1][1], r1[2][1])
	}
	other := csvRows(t, export.Options{Format: export.CSV, PseudonymKey: []byte("another study's key, not the same"), RoundIDs: []string{"r1"}})
	if other[1][1] == r1[1][1] || other[1][0] == r1[1][0] {
		t.Error("two keys give the same pseudonyms")
	}
}

// TestStudyKey: the key is made once per study, kept in the settings and
// returned again; another study gets its own.
func TestStudyKey(t *testing.T) {
	ctx := context.Background()
	st := settings{}
	k1, err := export.StudyKey(ctx, st, "s1", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	again, err := export.StudyKey(ctx, st, "s1", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := export.StudyKey(ctx, st, "s2", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != 32 || !bytes.Equal(k1, again) || bytes.Equal(k1, other) {
		t.Errorf("keys %x, %x, %x: want 32 bytes, the same for s1 twice, another for s2", k1, again, other)
	}
	if _, err := export.StudyKey(ctx, settings{"export.pseudonym_key.s3": "not hex"}, "s3", rand.Reader); err == nil {
		t.Error("a damaged key was accepted")
	}
}

// settings is an in-memory survey.SettingStore.
type settings map[string]string

func (s settings) Setting(_ context.Context, key string) (string, bool, error) {
	v, ok := s[key]
	return v, ok, nil
}

func (s settings) SetSetting(_ context.Context, key, value string) error {
	s[key] = value
	return nil
}

var _ survey.SettingStore = settings{}
