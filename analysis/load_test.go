package analysis_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"peil/analysis"
	"peil/demo"
	"peil/instruments"
	"peil/storage"
	"peil/survey"
)

// loadSource reads the rounds of one instrument and the study structure,
// as the TUI and the report do before calling Load.
func loadSource(t testing.TB, st *storage.Store, studyID, instID string) analysis.Source {
	t.Helper()
	ctx := context.Background()
	var src analysis.Source
	rounds, err := st.Rounds(ctx, studyID)
	check(t, err)
	for _, r := range rounds {
		if r.InstrumentID != instID {
			continue
		}
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		check(t, err)
		src.Rounds = append(src.Rounds, analysis.RoundSource{Round: r, Instrument: in})
	}
	src.Workplaces, err = st.Workplaces(ctx, studyID)
	check(t, err)
	src.Schools, err = st.Schools(ctx, studyID)
	check(t, err)
	return src
}

// exampleCulture makes the example study with the culture survey in a new
// database, as a new peil does, and returns the store (closed when the test
// ends), the study and the survey's analysis source.
func exampleCulture(t testing.TB) (*storage.Store, survey.Study, analysis.Source) {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	check(t, err)
	t.Cleanup(func() { st.Close() })
	culture, err := instruments.Builtin(demo.CultureSurvey)
	check(t, err)
	study, err := demo.ExampleStudy(ctx, st, culture)
	check(t, err)
	return st, study, loadSource(t, st, study.ID, demo.CultureSurvey)
}

// ReadSource reads what loadSource reads by hand, and names the round
// whose instrument version is missing.
func TestReadSource(t *testing.T) {
	ctx := context.Background()
	st, study, want := exampleCulture(t)
	rounds := make([]survey.Round, len(want.Rounds))
	for i, r := range want.Rounds {
		rounds[i] = r.Round
	}
	got, err := analysis.ReadSource(ctx, st, study.ID, rounds)
	check(t, err)
	if len(want.Rounds) == 0 || len(want.Schools) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSource read %+v, want %+v", got, want)
	}
	rounds[1].InstrumentVersion = 99
	if _, err := analysis.ReadSource(ctx, st, study.ID, rounds); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", rounds[1].Name)) {
		t.Errorf("with a missing instrument version: %v, want an error naming round %q", err, rounds[1].Name)
	}
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestLoadFromSQLite loads the demo study's culture survey from a real
// database and checks every workplace × round cell of every scale against
// means computed here straight from the stored answers with
// survey.Scale.Score, and the counts against the stored responses.
func TestLoadFromSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	check(t, err)
	defer st.Close()
	var insts []*survey.Instrument
	for _, id := range []string{demo.CultureSurvey, demo.TeacherResearcher, demo.Colleague} {
		in, err := instruments.Builtin(id)
		check(t, err)
		insts = append(insts, in)
	}
	study, err := demo.ExampleStudy(ctx, st, insts...)
	check(t, err)
	culture := insts[0]

	src := loadSource(t, st, study.ID, demo.CultureSurvey)
	if len(src.Rounds) != 3 {
		t.Fatalf("%d culture survey rounds, want 3", len(src.Rounds))
	}
	d, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: study.ID}, src)
	check(t, err)

	// Independent sums: per workplace and round, per scale.
	type key struct{ wp, round, scale string }
	type sum struct {
		n int
		s float64
	}
	want := map[key]*sum{}
	wpOf := map[string]string{}
	for _, sc := range src.Schools {
		for _, w := range src.Workplaces {
			if w.ID == sc.WorkplaceID {
				wpOf[sc.ID] = w.Code
			}
		}
	}
	roundName := map[string]string{}
	for _, r := range src.Rounds {
		roundName[r.Round.ID] = r.Round.Name
	}
	complete, inProgress := 0, 0
	check(t, st.ScanResponses(ctx, survey.ResponseFilter{StudyID: study.ID, InstrumentID: demo.CultureSurvey}, func(rec survey.ResponseRecord) error {
		if rec.Response.Status != survey.Complete {
			inProgress++
			return nil
		}
		complete++
		vals := map[string]survey.Value{}
		for _, a := range rec.Answers {
			vals[a.ItemID] = a.Value
		}
		for _, sc := range culture.Scales {
			score, _, ok := sc.Score(vals)
			if !ok {
				continue
			}
			k := key{wpOf[rec.Response.SchoolID], roundName[rec.Response.RoundID], sc.ID}
			if want[k] == nil {
				want[k] = &sum{}
			}
			want[k].n++
			want[k].s += score
		}
		return nil
	}))
	if d.Len() != complete || inProgress == 0 {
		t.Fatalf("dataset has %d responses; the database has %d complete (and %d in progress, which must be left out)", d.Len(), complete, inProgress)
	}

	rep, err := analysis.Trends(d, analysis.WithTargets(analysis.TargetMap(mustTargets(t, st, study.ID), demo.CultureSurvey)))
	check(t, err)
	checked := 0
	for _, sc := range culture.Scales {
		m, ok := rep.Measure(sc.ID)
		if !ok {
			t.Fatalf("no measure %s", sc.ID)
		}
		for g, grp := range rep.Groups {
			if grp.Workplace == "" {
				continue
			}
			for r, round := range rep.Rounds {
				c := m.Cells[g][r]
				w := want[key{grp.Workplace, round, sc.ID}]
				if c.Status == analysis.Suppressed {
					if w != nil && w.n >= rep.K {
						t.Errorf("%s %s %s: suppressed with n=%d", sc.ID, grp.Workplace, round, w.n)
					}
					continue
				}
				if w == nil || c.N != w.n || math.Abs(c.Mean-w.s/float64(w.n)) > 1e-12 {
					t.Errorf("%s %s %s: n=%d mean=%.15f, want %+v", sc.ID, grp.Workplace, round, c.N, c.Mean, w)
				}
				checked++
			}
		}
	}
	if checked < 8*4*3-4 {
		t.Errorf("only %d cells compared", checked)
	}

	// The demo's trend: POINT's inquiring attitude rises from the first
	// to the last round, and the study's target reaches the table.
	m, _ := rep.Measure("onderzoekende_houding")
	if !m.HasTarget || m.Target != 3.5 {
		t.Errorf("target = %v, %v; want 3.5", m.Target, m.HasTarget)
	}
	for g, grp := range rep.Groups {
		if grp.Workplace == "POINT" && grp.Sub == "" {
			first, last := m.Cells[g][0], m.Cells[g][2]
			if last.Mean <= first.Mean {
				t.Errorf("POINT onderzoekende_houding %.2f → %.2f; the demo has an upward trend", first.Mean, last.Mean)
			}
		}
	}
}

func mustTargets(t testing.TB, st *storage.Store, studyID string) []survey.Target {
	t.Helper()
	ts, err := st.Targets(context.Background(), studyID)
	check(t, err)
	return ts
}

func TestLoadRefusesMixedInstruments(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	check(t, err)
	defer st.Close()
	culture, err := instruments.Builtin(demo.CultureSurvey)
	check(t, err)
	colleague, err := instruments.Builtin(demo.Colleague)
	check(t, err)
	study, err := demo.ExampleStudy(ctx, st, culture, colleague)
	check(t, err)
	src := loadSource(t, st, study.ID, demo.CultureSurvey)
	other := loadSource(t, st, study.ID, demo.Colleague)
	src.Rounds = append(src.Rounds, other.Rounds[0])
	if _, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: study.ID}, src); err == nil {
		t.Error("Load accepted rounds of two instruments")
	}
	src = loadSource(t, st, study.ID, demo.CultureSurvey)
	src.Schools = src.Schools[1:]
	if _, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: study.ID}, src); err == nil {
		t.Error("Load accepted a response of a school it was not given")
	}
}

// otherInstrumentScanner hands Load, before the store's responses, a
// complete response to another instrument in the first round asked for.
type otherInstrumentScanner struct{ survey.ResponseScanner }

func (o otherInstrumentScanner) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	err := fn(survey.ResponseRecord{Response: survey.Response{ID: "vreemd", RoundID: f.RoundIDs[0], SchoolID: "geen", Status: survey.Complete,
		InstrumentID: "een-ander-instrument", InstrumentVersion: 99}})
	if err != nil {
		return err
	}
	return o.ResponseScanner.ScanResponses(ctx, f, fn)
}

// Load leaves out responses to another instrument (it asks the store for
// the rounds' complete responses, not for the instrument's).
func TestLoadLeavesOutOtherInstruments(t *testing.T) {
	ctx := context.Background()
	st, study, src := exampleCulture(t)
	f := survey.ResponseFilter{StudyID: study.ID}
	want, err := analysis.Load(ctx, st, f, src)
	check(t, err)
	got, err := analysis.Load(ctx, otherInstrumentScanner{st}, f, src)
	check(t, err)
	if want.Len() == 0 || !bytes.Equal(got.AppendColumns(nil), want.AppendColumns(nil)) {
		t.Errorf("with a response to another instrument Load made %d responses, without %d", got.Len(), want.Len())
	}
}
