package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"peil/analysis"
	"peil/demo"
	"peil/export"
	"peil/instruments"
	"peil/report"
	"peil/storage"
	"peil/survey"
)

// The example study loaded into a SQLite and a PostgreSQL database gives
// byte-identical Markdown reports (both languages) and identical exports
// (.sav, .dta, CSV wide, long and identified with exact times, codebook),
// made the way peil makes them.
func TestSameOutputOnBothStores(t *testing.T) {
	ctx := context.Background()
	pg, _ := openPG(t)
	stores := []struct {
		name string
		st   survey.Store
	}{{"sqlite", openSQLite(t)}, {"postgres", pg}}
	var insts []*survey.Instrument
	for _, id := range []string{demo.CultureSurvey, demo.TeacherResearcher, demo.Colleague} {
		in, err := instruments.Builtin(id)
		check(t, err)
		insts = append(insts, in)
	}
	outputs := make([]map[string][]byte, len(stores))
	for i, s := range stores {
		// The same device id, so that imported responses carry the same.
		check(t, s.st.SetSetting(ctx, storage.SettingDeviceID, "11111111-2222-4333-8444-555555555555"))
		study, err := demo.ExampleStudy(ctx, s.st, insts...)
		check(t, err)
		outputs[i] = outputsOf(t, s.st, study)
	}
	if len(outputs[0]) < 6 {
		t.Fatalf("only %d outputs made", len(outputs[0]))
	}
	for name, want := range outputs[0] {
		got := outputs[1][name]
		if len(want) < 100 {
			t.Errorf("%s: only %d bytes from SQLite", name, len(want))
		}
		if !bytes.Equal(got, want) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "sqlite-"+name), want, 0o644)
			os.WriteFile(filepath.Join(dir, "postgres-"+name), got, 0o644)
			t.Errorf("%s differs between SQLite (%d bytes) and PostgreSQL (%d bytes); both are in %s", name, len(want), len(got), dir)
		}
	}
}

// outputsOf makes the culture survey's Markdown reports and the study's
// exports from st.
func outputsOf(t *testing.T, st survey.Store, study survey.Study) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	rounds, err := st.Rounds(ctx, study.ID)
	check(t, err)
	var src analysis.Source
	for _, r := range rounds {
		if r.InstrumentID != demo.CultureSurvey {
			continue
		}
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		check(t, err)
		src.Rounds = append(src.Rounds, analysis.RoundSource{Round: r, Instrument: in})
	}
	src.Workplaces, err = st.Workplaces(ctx, study.ID)
	check(t, err)
	src.Schools, err = st.Schools(ctx, study.ID)
	check(t, err)
	d, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: study.ID}, src)
	check(t, err)
	targets, err := st.Targets(ctx, study.ID)
	check(t, err)
	rep, err := analysis.Trends(d, analysis.WithMinGroupSize(study.MinGroupSize),
		analysis.WithTargets(analysis.TargetMap(targets, demo.CultureSurvey)))
	check(t, err)
	meta := report.Meta{Study: study.Title, StudyCode: study.Code, Instrument: src.Rounds[len(src.Rounds)-1].Instrument,
		Workplaces: map[string]string{}, Date: date}
	for _, w := range src.Workplaces {
		meta.Workplaces[w.Code] = w.Name
	}
	for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
		var buf bytes.Buffer
		meta.Lang = lang
		check(t, report.Markdown(&buf, rep, meta))
		out[fmt.Sprintf("report.%s.md", lang)] = buf.Bytes()
	}

	es := export.Study{Study: study, Workplaces: src.Workplaces, Schools: src.Schools, Rounds: rounds}
	var insts []*survey.Instrument
	for _, r := range rounds {
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		check(t, err)
		if r.InstrumentID == demo.CultureSurvey && len(insts) == 0 {
			insts = append(insts, in)
		}
	}
	// The study's pseudonym key, so that both exports pseudonymize alike
	// (without one, each export makes a random key).
	key := []byte("0123456789abcdef0123456789abcdef")
	for _, f := range []export.Format{export.SAV, export.DTA, export.CSV, export.Codebook} {
		var buf bytes.Buffer
		_, err := export.Export(ctx, &buf, st, es, insts, export.Options{Format: f, InstrumentID: demo.CultureSurvey,
			IncludeText: true, PseudonymKey: key, Now: func() time.Time { return date }})
		check(t, err)
		out["export."+string(f)] = buf.Bytes()
	}
	for name, opt := range map[string]export.Options{
		"export.long.csv":       {Long: true, PseudonymKey: key},
		"export.identified.csv": {Identify: true, ExactTimes: true, IncludeText: true},
	} {
		var buf bytes.Buffer
		opt.Format, opt.InstrumentID, opt.Now = export.CSV, demo.CultureSurvey, func() time.Time { return date }
		_, err = export.Export(ctx, &buf, st, es, insts, opt)
		check(t, err)
		out[name] = buf.Bytes()
	}
	return out
}
