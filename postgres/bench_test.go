package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"peil/analysis"
	"peil/demo"
	"peil/export"
	"peil/instruments"
	"peil/pack"
	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/storage"
	"peil/storetest"
	"peil/survey"
)

// The national benchmarks run the same work on a SQLite and a PostgreSQL
// store in each iteration and report both times and their ratio
// (pg/sqlite; the goal is at most 1.5). docs/postgres.md has the figures.
//
//	eval "$(.ci/postgres.sh start)"
//	go test ./postgres -run XXX -bench National -benchtime 3x

// nationalStores returns the national demo study (45,000 responses, 1.8
// million answers) in SQLite ($PEIL_NATIONAL_DB when set, as in package
// analysis) and in a fresh PostgreSQL database, both made by
// demo.Generate with the same seed.
func nationalStores(b *testing.B) (*storage.Store, *postgres.Store, survey.Study) {
	b.Helper()
	ctx := context.Background()
	culture, err := instruments.Builtin(demo.CultureSurvey)
	check(b, err)
	cfg := demo.Config{Scale: demo.National, Seed: demo.DefaultSeed}
	path := os.Getenv("PEIL_NATIONAL_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "national.db")
	}
	if _, err := os.Stat(path); err != nil {
		st, err := storage.Open(ctx, path)
		check(b, err)
		_, err = demo.Generate(ctx, st, cfg, culture)
		check(b, err)
		check(b, st.Close())
	}
	lite, err := storage.Open(ctx, path, storage.WithReadOnly())
	check(b, err)
	b.Cleanup(func() { lite.Close() })
	pg, _ := pgtest.Open(b)
	start := time.Now()
	sum, err := demo.Generate(ctx, pg, cfg, culture)
	check(b, err)
	b.Logf("national study in PostgreSQL: %d responses, %d answers in %v", sum.Responses, sum.Answers, time.Since(start).Round(time.Millisecond))
	study, err := lite.StudyByCode(ctx, demo.NationalStudyCode)
	check(b, err)
	return lite, pg, study
}

// pair times f on SQLite and on PostgreSQL in every iteration and reports
// both and the ratio.
func pair(b *testing.B, lite, pg survey.Store, f func(st survey.Store)) {
	b.Helper()
	var tl, tp time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		f(lite)
		t1 := time.Now()
		f(pg)
		tp += time.Since(t1)
		tl += t1.Sub(t0)
		n++
	}
	b.ReportMetric(float64(tl.Milliseconds())/float64(n), "sqlite-ms")
	b.ReportMetric(float64(tp.Milliseconds())/float64(n), "pg-ms")
	b.ReportMetric(float64(tp)/float64(tl), "pg/sqlite")
}

// BenchmarkNational: every trend table of the national study as the first
// run after a change computes it (scan, analysis.Load, Trends by
// workplace, role and school; no cache), and the .sav export of the study,
// end to end into a file, as peil export does.
func BenchmarkNational(b *testing.B) {
	ctx := context.Background()
	lite, pg, study := nationalStores(b)

	b.Run("Trends", func(b *testing.B) {
		pair(b, lite, pg, func(st survey.Store) {
			src := source(b, st, study.ID)
			d, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: study.ID}, src)
			check(b, err)
			targets, err := st.Targets(ctx, study.ID)
			check(b, err)
			for _, sp := range []analysis.Split{analysis.ByWorkplace, analysis.ByRole, analysis.BySchool} {
				_, err := analysis.Trends(d, analysis.WithSplit(sp), analysis.WithMinGroupSize(study.MinGroupSize),
					analysis.WithTargets(analysis.TargetMap(targets, demo.CultureSurvey)))
				check(b, err)
			}
		})
	})
	b.Run("ExportSAV", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "out.sav")
		pair(b, lite, pg, func(st survey.Store) {
			es, ins := exportStudy(b, st, study.ID)
			f, err := os.Create(out)
			check(b, err)
			sum, err := export.Export(ctx, f, st, es, ins, export.Options{Format: export.SAV})
			check(b, err)
			check(b, f.Close())
			if sum.Responses < 40000 {
				b.Fatalf("exported %d responses", sum.Responses)
			}
		})
	})
}

// source reads what analysis.Load needs for the culture survey.
func source(b *testing.B, st survey.Store, studyID string) analysis.Source {
	ctx := context.Background()
	all, err := st.Rounds(ctx, studyID)
	check(b, err)
	var rounds []survey.Round
	for _, r := range all {
		if r.InstrumentID == demo.CultureSurvey {
			rounds = append(rounds, r)
		}
	}
	src, err := analysis.ReadSource(ctx, st, studyID, rounds)
	check(b, err)
	return src
}

// exportStudy reads a study's structure and instruments as cmd/peil does.
func exportStudy(b *testing.B, st survey.Store, studyID string) (export.Study, []*survey.Instrument) {
	ctx := context.Background()
	s, err := st.Study(ctx, studyID)
	check(b, err)
	es := export.Study{Study: s}
	es.Workplaces, err = st.Workplaces(ctx, s.ID)
	check(b, err)
	es.Schools, err = st.Schools(ctx, s.ID)
	check(b, err)
	es.Rounds, err = st.Rounds(ctx, s.ID)
	check(b, err)
	var ins []*survey.Instrument
	for _, r := range es.Rounds {
		if slices.ContainsFunc(ins, func(in *survey.Instrument) bool { return in.ID == r.InstrumentID && in.Version == r.InstrumentVersion }) {
			continue
		}
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		check(b, err)
		ins = append(ins, in)
	}
	return es, ins
}

// BenchmarkMergeNational merges 500 data packages of 100 responses (40
// answers each), one per school, into a researcher's database, each
// package read, checked and merged in its own transaction, as
// storage.BenchmarkMergeNational does: into a new SQLite file and a new
// PostgreSQL database per iteration. Run with -benchtime=1x.
func BenchmarkMergeNational(b *testing.B) {
	const perSchool, items = 100, 40
	schools := 500
	if n, err := strconv.Atoi(os.Getenv("PEIL_MERGE_PACKAGES")); err == nil && n >= 50 && n%50 == 0 {
		schools = n // a quicker run: PEIL_MERGE_PACKAGES=50
	}
	ctx := context.Background()
	T := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	in := storetest.BenchInstrument(items)
	study := survey.Study{ID: uuid.NewString(), Code: "ontwikkelkracht", Title: "Ontwikkelkracht", MinGroupSize: 5, CreatedAt: T}
	round := survey.Round{ID: uuid.NewString(), StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1, Open: true, CreatedAt: T}
	defs := survey.Definitions{Study: study, Instruments: []*survey.Instrument{in}, Rounds: []survey.Round{round}}
	for w := range 50 {
		wp := survey.Workplace{ID: uuid.NewString(), StudyID: study.ID, Code: fmt.Sprintf("W%02d", w), Name: "Werkplaats"}
		defs.Workplaces = append(defs.Workplaces, wp)
		for s := range schools / 50 {
			defs.Schools = append(defs.Schools, survey.School{ID: uuid.NewString(), WorkplaceID: wp.ID, Code: fmt.Sprintf("W%02d-%02d", w, s), Name: "School"})
		}
	}
	packages := make([][]byte, schools)
	for i, sc := range defs.Schools {
		var buf bytes.Buffer
		device := uuid.NewString()
		d := defs
		d.Schools = []survey.School{sc}
		d.Workplaces = []survey.Workplace{defs.Workplaces[i/(schools/50)]}
		w, err := pack.NewWriter(&buf, pack.Header{DeviceID: device, CreatedAt: T}, d)
		check(b, err)
		for n := range perSchool {
			check(b, w.Add(storetest.BenchResponse(round, sc, i, n, items, device, T)))
		}
		_, err = w.Close()
		check(b, err)
		packages[i] = buf.Bytes()
	}
	mergeAll := func(st survey.Store) {
		added := 0
		for _, p := range packages {
			res, err := mergePackage(st, p)
			check(b, err)
			added += res.Added
		}
		if added != schools*perSchool {
			b.Fatalf("added %d responses, want %d", added, schools*perSchool)
		}
	}
	var tl, tp time.Duration
	n := 0
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		lite, err := storage.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("run-%d.db", i)))
		check(b, err)
		pg, _ := pgtest.Open(b)
		b.StartTimer()
		t0 := time.Now()
		mergeAll(lite)
		t1 := time.Now()
		mergeAll(pg)
		tp += time.Since(t1)
		tl += t1.Sub(t0)
		n++
		b.StopTimer()
		for _, st := range []survey.Store{lite, pg} {
			again, err := mergePackage(st, packages[0])
			check(b, err)
			if again.Added != 0 || again.Duplicates != perSchool {
				b.Fatalf("second import: %+v", again)
			}
		}
		lite.Close()
		b.StartTimer()
	}
	b.ReportMetric(tl.Seconds()/float64(n), "sqlite-s")
	b.ReportMetric(tp.Seconds()/float64(n), "pg-s")
	b.ReportMetric(float64(tp)/float64(tl), "pg/sqlite")
}

// mergePackage reads a package and merges it into st.
func mergePackage(st survey.Store, p []byte) (survey.MergeResult, error) {
	r, err := pack.NewReader(bytes.NewReader(p))
	if err != nil {
		return survey.MergeResult{}, err
	}
	return st.Merge(context.Background(), r.Definitions, iter.Seq2[survey.ResponseRecord, error](r.Records()))
}

// BenchmarkSaveAnswer: one answer saved and committed (durably: SQLite
// with synchronous=FULL, PostgreSQL with synchronous_commit on), as a
// kiosk saves each answer, on both stores.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	lite, err := storage.Open(ctx, filepath.Join(b.TempDir(), "peil.db"))
	check(b, err)
	defer lite.Close()
	pg, _ := pgtest.Open(b)
	responses := map[survey.Store]string{}
	for _, st := range []survey.Store{lite, pg} {
		in := &survey.Instrument{ID: "cultuursurvey", Version: 1, Sections: []survey.Section{{ID: "a", Items: []survey.Item{{ID: "q1", Type: survey.Likert}}}}}
		check(b, st.SaveInstrument(ctx, in))
		study, err := st.CreateStudy(ctx, survey.Study{Code: "monitor"})
		check(b, err)
		wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA"})
		check(b, err)
		sc, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01"})
		check(b, err)
		round, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1, Open: true})
		check(b, err)
		r, err := st.StartResponse(ctx, survey.Response{RoundID: round.ID, SchoolID: sc.ID, RespondentCode: "R1"})
		check(b, err)
		responses[st] = r.ID
	}
	i := 0
	var tl, tp time.Duration
	for b.Loop() {
		i++
		a := survey.Answer{ItemID: "q1", Value: survey.Num(1 + i%5)}
		t0 := time.Now()
		check(b, lite.SaveAnswer(ctx, responses[lite], a, nil, ""))
		t1 := time.Now()
		check(b, pg.SaveAnswer(ctx, responses[pg], a, nil, ""))
		tp += time.Since(t1)
		tl += t1.Sub(t0)
	}
	b.ReportMetric(float64(tl.Microseconds())/float64(i), "sqlite-µs")
	b.ReportMetric(float64(tp.Microseconds())/float64(i), "pg-µs")
	b.ReportMetric(float64(tp)/float64(tl), "pg/sqlite")
}
