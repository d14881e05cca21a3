package export_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"strings"
	"testing"

	"peil/export"
	"peil/survey"
)

func csvRows(t *testing.T, opt export.Options) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(exportBytes(t, opt))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestPseudonyms: without the study's key, the same respondent gets the
// same pseudonym within one export (so rounds still link), a different
// one in another export (a new key), and the real code appears nowhere.
func TestPseudonyms(t *testing.T) {
	a := csvRows(t, export.Options{Format: export.CSV, Rand: rand.Reader})
	b := csvRows(t, export.Options{Format: export.CSV, Rand: rand.Reader})
	// Rows 1 and 4 are ABCD-EFGH in rounds 1 and 2.
	if a[1][1] != a[4][1] || a[1][1] == a[2][1] {
		t.Errorf("pseudonyms do not link the same respondent: %q %q %q", a[1][1], a[4][1], a[2][1])
	}
	if a[1][1] == b[1][1] {
		t.Error("two exports without a key share a pseudonym: the key is not fresh")
	}
	for _, row := range a {
		for _, v := range row {
			if strings.Contains(v, "ABCD") || v == "a1" {
				t.Errorf("real code or id %q in a pseudonymized export", v)
			}
		}
	}
	if len(a[1][0]) != 16 || len(a[1][1]) != 16 {
		t.Errorf("pseudonyms %q %q, want 16 hex digits", a[1][0], a[1][1])
	}
	if slicesContain(a[0], "toelichting") {
		t.Error("open text exported without --include-text")
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestProgress(t *testing.T) {
	var calls [][2]int
	exportBytes(t, export.Options{Format: export.CSV, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{5, 5} {
		t.Errorf("progress calls %v, want the last to be 5 of 5", calls)
	}
}

func TestFilters(t *testing.T) {
	rows := csvRows(t, export.Options{Format: export.CSV, Identify: true, WorkplaceIDs: []string{"w2"}})
	if len(rows) != 3 || rows[1][0] != "a2" || rows[2][0] != "b2" {
		t.Errorf("workplace POINT: %v", rows)
	}
	rows = csvRows(t, export.Options{Format: export.CSV, RoundIDs: []string{"r1"}})
	if len(rows) != 4 {
		t.Errorf("round 1: %d rows", len(rows)-1)
	}
	// Only version 1 is involved: no q4, no option 5.
	if slicesContain(rows[0], "q4") || slicesContain(rows[0], "gebruik_5") {
		t.Errorf("round 1 has version 2's columns: %v", rows[0])
	}
}

func TestErrors(t *testing.T) {
	st, ins, m := fixture()
	tests := []struct {
		name string
		st   export.Study
		ins  []*survey.Instrument
		opt  export.Options
		want string
	}{
		{"format", st, ins, export.Options{Format: "spss"}, `unknown export format "spss"`},
		{"round", st, ins, export.Options{Format: export.CSV, RoundIDs: []string{"nope"}}, "no round with id nope"},
		{"instrument", st, ins, export.Options{Format: export.CSV, InstrumentID: "collega"}, "no round of study monitor uses instrument collega"},
		{"missing version", st, ins[:1], export.Options{Format: export.CSV}, "instrument cultuur version 2 is used by the data but was not given"},
		{"several instruments", func() export.Study {
			s := st
			s.Rounds = append(append([]survey.Round{}, st.Rounds...), survey.Round{ID: "r9", Name: "x", InstrumentID: "collega", InstrumentVersion: 1})
			return s
		}(), ins, export.Options{Format: export.CSV}, "use 2 instruments (cultuur, collega); export one at a time with --instrument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := export.Export(context.Background(), &bytes.Buffer{}, m, tt.st, tt.ins, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestNames: item ids that are not valid everywhere become valid, unique,
// stable names.
func TestNames(t *testing.T) {
	ids := []string{"Vraag-1", "vraag_1", "1e_vraag", "if", "_x", "ĳver_één", strings.Repeat("lang_", 10) + "a", strings.Repeat("lang_", 10) + "b", "with"}
	inst := &survey.Instrument{ID: "n", Version: 1}
	var items []survey.Item
	for _, id := range ids {
		items = append(items, survey.Item{ID: id, Type: survey.Grade, Text: survey.Text{survey.Dutch: id}})
	}
	inst.Sections = []survey.Section{{ID: "s", Items: items}}
	st := export.Study{Study: survey.Study{ID: "s", Code: "n"}, Rounds: []survey.Round{{ID: "r", InstrumentID: "n", InstrumentVersion: 1}}}
	var buf bytes.Buffer
	if _, err := export.Export(context.Background(), &buf, &memScanner{}, st, []*survey.Instrument{inst}, export.Options{Format: export.CSV}); err != nil {
		t.Fatal(err)
	}
	header := strings.TrimSpace(buf.String())
	want := "response_id,respondent,workplace,school,role,round,version,status,started,finished," +
		"vraag_1,vraag_1_2,v1e_vraag,if_,x,ijver_een,lang_lang_lang_lang_lang_la_e98a,lang_lang_lang_lang_lang_la_e7f7,with_"
	if header != want {
		t.Errorf("names:\n%s\nwant:\n%s", header, want)
	}
}
