package export_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"peil/export"
	"peil/storage"
	"peil/survey"
)

// TestDecimalDateThroughSQLite stores an instrument with decimal, date,
// open integer and time items and answers to them in a real SQLite file, reads the
// instrument back unchanged, and exports the answers as stored.
func TestDecimalDateThroughSQLite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := storage.Open(ctx, filepath.Join(dir, "peil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, ins, m := decimalStudy()
	in := ins[0]
	if err := st.SaveInstrument(ctx, in); err != nil {
		t.Fatal(err)
	}
	back, err := st.Instrument(ctx, in.ID, in.Version)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, in) {
		t.Fatalf("the stored instrument changed:\n got %#v\nwant %#v", back, in)
	}
	study, err := st.CreateStudy(ctx, survey.Study{Code: "m", Title: "Metingen"})
	if err != nil {
		t.Fatal(err)
	}
	wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA", Name: "WOA"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01", Name: "School"})
	if err != nil {
		t.Fatal(err)
	}
	rd, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "Meting 2026", InstrumentID: in.ID, InstrumentVersion: in.Version, Open: true})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, rec := range m.records {
		r, err := st.StartResponse(ctx, survey.Response{RoundID: rd.ID, SchoolID: sc.ID, RespondentCode: rec.Response.RespondentCode,
			InstrumentID: in.ID, InstrumentVersion: in.Version, Status: survey.InProgress, StartedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Answers {
			if err := in.Item(a.ItemID).Validate(a.Value); err != nil {
				t.Fatalf("fixture answer: %v", err)
			}
			a.AnsweredAt = at
			if err := st.SaveAnswer(ctx, r.ID, a, nil, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	es, eins := exportStudy(t, st, "m")
	path := filepath.Join(dir, "f.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.Export(ctx, f, st, es, eins, export.Options{Format: export.CSV, Now: func() time.Time { return exportTime }}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, path)
	var got []string
	for _, r := range rows[1:] {
		got = append(got, strings.Join(r[len(r)-5:], " "))
	}
	slices.Sort(got) // the store's order of responses started at the same time is its own
	want := []string{"180 9999999999 1999-12-31 9999999999 ", "72.25 -0.125 2026-03-01 -123456 09:05"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("exported from SQLite:\n%q\nwant\n%q", got, want)
	}
}
