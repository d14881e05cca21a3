package analysis_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"peil/analysis"
	"peil/demo"
	"peil/survey"
)

// countingScanner records the rounds of every scan.
type countingScanner struct {
	survey.ResponseScanner
	scans [][]string
}

func (c *countingScanner) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	c.scans = append(c.scans, slices.Clone(f.RoundIDs))
	return c.ResponseScanner.ScanResponses(ctx, f, fn)
}

// LoadCached makes what Load makes, reads from the responses only the
// rounds whose complete responses changed since they were cached, and never
// serves a part made before a change.
func TestLoadCachedReloadsOnlyChangedRounds(t *testing.T) {
	ctx := context.Background()
	st, study, src := exampleCulture(t)
	if len(src.Rounds) < 2 {
		t.Fatalf("%d rounds; the test needs several", len(src.Rounds))
	}
	f := survey.ResponseFilter{StudyID: study.ID}
	sc := &countingScanner{ResponseScanner: st}
	// load runs LoadCached and checks it against Load; it returns the
	// rounds LoadCached read from the responses.
	load := func(step string) [][]string {
		t.Helper()
		sc.scans = nil
		got, err := analysis.LoadCached(ctx, sc, st, f, src)
		check(t, err)
		scans := sc.scans
		want, err := analysis.Load(ctx, st, f, src)
		check(t, err)
		if !bytes.Equal(got.AppendColumns(nil), want.AppendColumns(nil)) {
			t.Fatalf("%s: LoadCached made another dataset than Load (%d and %d responses)", step, got.Len(), want.Len())
		}
		if got.Len() == 0 {
			t.Fatalf("%s: no responses: the test compares nothing", step)
		}
		return scans
	}
	var all [][]string
	for _, r := range src.Rounds {
		all = append(all, []string{r.Round.ID})
	}
	if scans := load("first"); !slices.EqualFunc(scans, all, slices.Equal) {
		t.Errorf("first load read %v, want every round once: %v", scans, all)
	}
	if scans := load("again"); len(scans) != 0 {
		t.Errorf("a load without changes read %v, want nothing", scans)
	}

	// A response completed in the last round: only that round again.
	last := src.Rounds[len(src.Rounds)-1].Round
	T := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	_, err := st.ImportResponses(ctx, []survey.ResponseRecord{{
		Response: survey.Response{RoundID: last.ID, SchoolID: src.Schools[0].ID, RespondentCode: "NIEUW-1", Role: survey.RoleTeacher,
			Status: survey.Complete, StartedAt: T, FinishedAt: T.Add(time.Minute)},
		Answers: []survey.Answer{{ItemID: src.Rounds[0].Instrument.Scales[0].Items[0], Value: survey.Num(5), AnsweredAt: T}},
	}})
	check(t, err)
	if scans := load("after a change"); !slices.EqualFunc(scans, [][]string{{last.ID}}, slices.Equal) {
		t.Errorf("after a change in round %q the load read %v, want that round only", last.Name, scans)
	}

	// A response in progress is in no dataset: nothing to read again.
	for _, rs := range src.Rounds {
		if !rs.Round.Open {
			continue
		}
		_, err := st.StartResponse(ctx, survey.Response{RoundID: rs.Round.ID, SchoolID: src.Schools[0].ID, RespondentCode: "BEZIG-1"})
		check(t, err)
		if scans := load("after a response started"); len(scans) != 0 {
			t.Errorf("a response in progress made the load read %v", scans)
		}
		break
	}

	// Another school in a workplace changes every part's stamp.
	_, err = st.CreateSchool(ctx, survey.School{WorkplaceID: src.Workplaces[0].ID, Code: "NIEUW-SCHOOL", Name: "Nieuw"})
	check(t, err)
	src = loadSource(t, st, study.ID, demo.CultureSurvey)
	if scans := load("after a new school"); len(scans) != len(all) {
		t.Errorf("after a new school the load read %v, want every round", scans)
	}
}

// Append refuses a dataset of another structure and changes nothing.
func TestAppendRefusesOtherStructure(t *testing.T) {
	in := &survey.Instrument{ID: "x", Version: 1, Sections: []survey.Section{{ID: "a", Items: []survey.Item{{ID: "q1", Type: survey.Likert}}}}}
	other := &survey.Instrument{ID: "x", Version: 2, Sections: []survey.Section{{ID: "a", Items: []survey.Item{{ID: "q2", Type: survey.Likert}}}}}
	mk := func(in *survey.Instrument, rounds ...string) *analysis.Dataset {
		d := analysis.NewDataset(0)
		for _, r := range rounds {
			_, err := d.AddRound(r, in)
			check(t, err)
		}
		check(t, d.Add(analysis.Response{Round: 0, Workplace: "WOA", School: "WOA-01", Values: []int8{3}}))
		return d
	}
	for _, tt := range []struct {
		name  string
		other *analysis.Dataset
	}{
		{"other rounds", mk(in, "2025", "2026")},
		{"other items", mk(other, "2025")},
	} {
		d := mk(in, "2025")
		before := d.AppendColumns(nil)
		if err := d.Append(tt.other); err == nil {
			t.Errorf("%s: Append accepted it", tt.name)
		}
		if !bytes.Equal(d.AppendColumns(nil), before) {
			t.Errorf("%s: Append changed the dataset", tt.name)
		}
	}
	// A school in another workplace.
	d := mk(in, "2025")
	o := analysis.NewDataset(0)
	_, err := o.AddRound("2025", in)
	check(t, err)
	check(t, o.Add(analysis.Response{Round: 0, Workplace: "POINT", School: "WOA-01", Values: []int8{3}}))
	if err := d.Append(o); err == nil {
		t.Error("Append accepted a school in two workplaces")
	}
	// The same structure: both responses, in order.
	o = mk(in, "2025")
	check(t, d.Append(o))
	if d.Len() != 2 {
		t.Errorf("after Append %d responses, want 2", d.Len())
	}
}
