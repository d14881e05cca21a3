package backend

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// TestTrendsAndReportOfNumberItems: a study whose instrument asks how many
// pupils (answers far above 127), hours a week (a decimal) and a date. The
// trends use case gives the numbers' means (the second time from the
// dataset cache, the same), and the Markdown report shows the decimal's
// mean with three decimals and a Dutch comma, no distribution, and no
// date.
func TestTrendsAndReportOfNumberItems(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	in := &survey.Instrument{ID: "getallen", Version: 1, Title: survey.Text{survey.Dutch: "Getallen"}, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "leerlingen", Type: survey.Integer, Min: 0, Max: 1000, Text: survey.Text{survey.Dutch: "Hoeveel leerlingen heeft uw school?"}},
		{ID: "uren", Type: survey.Decimal, Text: survey.Text{survey.Dutch: "Hoeveel uur per week besteedt u aan onderzoek?"}},
		{ID: "datum", Type: survey.Date, Text: survey.Text{survey.Dutch: "Wanneer begon u?"}},
	}}}}
	must(st.SaveInstrument(ctx, in))
	study, err := st.CreateStudy(ctx, survey.Study{Code: "getallen", Title: "Getallen"})
	must(err)
	wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA", Name: "Amsterdam"})
	must(err)
	school, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01", Name: "School"})
	must(err)
	round, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: in.Version})
	must(err)
	T := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var recs []survey.ResponseRecord
	var pupils, hours []float64
	for i := range 10 {
		p, h := 200+i*45, fmt.Sprintf("%.2f", 1.25+float64(i)*0.75)
		x, _, err := survey.ParseDecimal(h)
		must(err)
		pupils, hours = append(pupils, float64(p)), append(hours, x)
		recs = append(recs, survey.ResponseRecord{
			Response: survey.Response{RoundID: round.ID, SchoolID: school.ID, RespondentCode: fmt.Sprint("R", i), Role: survey.RoleTeacher,
				Status: survey.Complete, StartedAt: T, FinishedAt: T.Add(time.Minute)},
			Answers: []survey.Answer{
				{ItemID: "leerlingen", Value: survey.Num(p), AnsweredAt: T},
				{ItemID: "uren", Value: survey.TextValue(h), AnsweredAt: T},
				{ItemID: "datum", Value: survey.TextValue("2025-08-25"), AnsweredAt: T},
			},
		})
	}
	_, err = st.ImportResponses(ctx, recs)
	must(err)
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	b := New(st)
	for _, pass := range []string{"first", "from the cache"} {
		rep, err := b.Trends(ctx, study.ID, in.ID)
		must(err)
		for id, want := range map[string]float64{"leerlingen": mean(pupils), "uren": mean(hours)} {
			ms, ok := rep.Measure(id)
			if !ok {
				t.Fatalf("%s: no measure %s", pass, id)
			}
			if c := ms.Cells[0][0]; c.N != 10 || math.Abs(c.Mean-want) > 1e-9 {
				t.Errorf("%s: %s is %v, want n=10 M=%g", pass, id, c, want)
			}
		}
		if _, ok := rep.Measure("datum"); ok {
			t.Errorf("%s: the trends have the date item", pass)
		}
	}
	var md bytes.Buffer
	_, err = b.WriteReport(ctx, ReportRequest{Study: "getallen", Instrument: in.ID, IncludeOpen: true, Format: "md", Lang: survey.Dutch}, &md)
	must(err)
	out := md.String()
	wantHours := strings.Replace(fmt.Sprintf("%.3f", mean(hours)), ".", ",", 1) // 4,625
	wantPupils := strings.Replace(fmt.Sprintf("%.2f", mean(pupils)), ".", ",", 1)
	for _, want := range []string{"Hoeveel uur per week", "| " + wantHours + " |", "| " + wantPupils + " |"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Wanneer begon u") {
		t.Error("the report shows the date item")
	}
}
