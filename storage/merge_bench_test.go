package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"peil/pack"
	"peil/survey"
)

// BenchmarkMergeNational merges 500 data packages of 100 responses (40
// answers each), one per school of the national study, into a researcher's
// database: every package is read, checked and merged in its own
// transaction. Run with -benchtime=1x; docs/packages.md has the figures.
func BenchmarkMergeNational(b *testing.B) {
	const schools, perSchool, items = 500, 100, 40
	ctx := context.Background()
	dir := b.TempDir()
	hq := openAt(b, filepath.Join(dir, "hq.db"))
	in := &survey.Instrument{ID: "cultuursurvey", Version: 1}
	sec := survey.Section{ID: "a"}
	for i := range items {
		sec.Items = append(sec.Items, survey.Item{ID: fmt.Sprintf("q%02d", i), Type: survey.Likert, DontKnow: true})
	}
	in.Sections = []survey.Section{sec}
	check(b, hq.SaveInstrument(ctx, in))
	study, err := hq.CreateStudy(ctx, survey.Study{Code: "ontwikkelkracht", Title: "Ontwikkelkracht"})
	check(b, err)
	defs := survey.Definitions{Study: study, Instruments: []*survey.Instrument{in}}
	for w := range 50 {
		wp, err := hq.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: fmt.Sprintf("W%02d", w), Name: "Werkplaats"})
		check(b, err)
		defs.Workplaces = append(defs.Workplaces, wp)
		for s := range schools / 50 {
			sc, err := hq.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: fmt.Sprintf("W%02d-%02d", w, s), Name: "School"})
			check(b, err)
			defs.Schools = append(defs.Schools, sc)
		}
	}
	round, err := hq.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1})
	check(b, err)
	defs.Rounds = []survey.Round{round}
	base := filepath.Join(dir, "base.db")
	check(b, hq.Backup(ctx, base))

	packages := make([][]byte, schools)
	for i, sc := range defs.Schools {
		var buf bytes.Buffer
		device := uuid.NewString()
		// A package carries the definitions its responses need.
		d := defs
		d.Schools = []survey.School{sc}
		d.Workplaces = []survey.Workplace{defs.Workplaces[i/(schools/50)]}
		w, err := pack.NewWriter(&buf, pack.Header{DeviceID: device, CreatedAt: T}, d)
		check(b, err)
		for n := range perSchool {
			started := T.Add(time.Duration(n) * time.Minute)
			rec := survey.ResponseRecord{Response: survey.Response{ID: uuid.NewString(), RoundID: round.ID, SchoolID: sc.ID,
				RespondentCode: fmt.Sprintf("R%03d-%03d", i, n), Role: survey.RoleTeacher, Status: survey.Complete,
				InstrumentID: in.ID, InstrumentVersion: 1, StartedAt: started, FinishedAt: started.Add(10 * time.Minute), DeviceID: device}}
			for q := range items {
				v := survey.Num(1 + (i+n+q)%5)
				if (i+n+q)%17 == 0 {
					v = survey.DontKnowValue()
				}
				rec.Answers = append(rec.Answers, survey.Answer{ItemID: fmt.Sprintf("q%02d", q), Value: v, AnsweredAt: started.Add(time.Duration(q) * time.Second)})
			}
			check(b, w.Add(rec))
		}
		_, err = w.Close()
		check(b, err)
		packages[i] = buf.Bytes()
	}
	total := 0
	for _, p := range packages {
		total += len(p)
	}

	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("run-%d.db", i))
		c := openAt(b, base)
		check(b, c.Backup(ctx, path))
		s := openAt(b, path)
		b.StartTimer()
		added := 0
		for _, p := range packages {
			res, err := mergePackage(s, p)
			check(b, err)
			added += res.Added
		}
		if added != schools*perSchool {
			b.Fatalf("added %d responses, want %d", added, schools*perSchool)
		}
		b.StopTimer()
		again, err := mergePackage(s, packages[0])
		check(b, err)
		if again.Added != 0 || again.Duplicates != perSchool {
			b.Fatalf("second import: %+v", again)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/schools/1024, "KiB/package")
}
