package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/survey"
)

// Fifty respondents answer at once, each on a store of their own (as fifty
// kiosks on one server would), 40 items each: every answer a SaveAnswer
// confirmed is in the database exactly once, with its value, and every
// response is complete with its packed answers matching.
func TestConcurrentRespondentsLoseNothing(t *testing.T) {
	const respondents, items = 50, 40
	ctx := context.Background()
	setup, dsn := openPG(t)
	in := &survey.Instrument{ID: "cultuursurvey", Version: 1}
	sec := survey.Section{ID: "a"}
	for i := range items {
		sec.Items = append(sec.Items, survey.Item{ID: fmt.Sprintf("q%02d", i), Type: survey.Likert})
	}
	in.Sections = []survey.Section{sec}
	check(t, setup.SaveInstrument(ctx, in))
	study, err := setup.CreateStudy(ctx, survey.Study{Code: "monitor", Title: "Monitor"})
	check(t, err)
	wp, err := setup.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA"})
	check(t, err)
	school, err := setup.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01"})
	check(t, err)
	round, err := setup.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1, Open: true})
	check(t, err)
	before, err := setup.RoundChanges(ctx, []string{round.ID})
	check(t, err)

	type confirmed struct {
		response string
		item     string
		value    int
	}
	var mu sync.Mutex
	var saved []confirmed
	var wg sync.WaitGroup
	errs := make(chan error, respondents)
	start := make(chan struct{})
	for p := range respondents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := postgres.Open(ctx, dsn, postgres.WithMaxConns(2))
			if err != nil {
				errs <- err
				return
			}
			defer st.Close()
			<-start
			r, err := st.StartResponse(ctx, survey.Response{RoundID: round.ID, SchoolID: school.ID,
				RespondentCode: fmt.Sprintf("R%03d", p), Role: survey.RoleTeacher})
			if err != nil {
				errs <- fmt.Errorf("respondent %d: %w", p, err)
				return
			}
			for i := range items {
				v := 1 + (p+i)%5
				item := fmt.Sprintf("q%02d", i)
				// Every respondent changes an earlier answer once: the
				// replaced value must not survive.
				if i == 10 {
					if err := st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q00", Value: survey.Num(5 - (p % 5))}, nil, ""); err != nil {
						errs <- fmt.Errorf("respondent %d, q00 again: %w", p, err)
						return
					}
					mu.Lock()
					for j := range saved {
						if saved[j].response == r.ID && saved[j].item == "q00" {
							saved[j].value = 5 - (p % 5)
						}
					}
					mu.Unlock()
				}
				if err := st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: item, Value: survey.Num(v)}, nil, ""); err != nil {
					errs <- fmt.Errorf("respondent %d, %s: %w", p, item, err)
					return
				}
				mu.Lock()
				saved = append(saved, confirmed{r.ID, item, v})
				mu.Unlock()
			}
			if err := st.CompleteResponse(ctx, r.ID, time.Time{}); err != nil {
				errs <- fmt.Errorf("respondent %d completing: %w", p, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	if len(saved) != respondents*items {
		t.Fatalf("%d answers confirmed, want %d", len(saved), respondents*items)
	}

	// Count straight from the tables: every confirmed answer once.
	conn := pgtest.Conn(t, dsn)
	var rows, distinct, responses, complete, packed int
	check(t, conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT (response_nr, item_id)) FROM answers`).Scan(&rows, &distinct))
	check(t, conn.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status = 'complete'),
		(SELECT count(*) FROM packed_answers) FROM responses`).Scan(&responses, &complete, &packed))
	if rows != respondents*items || distinct != rows {
		t.Errorf("%d answer rows (%d distinct), want %d: lost or duplicated", rows, distinct, respondents*items)
	}
	if responses != respondents || complete != respondents || packed != respondents {
		t.Errorf("%d responses, %d complete, %d packed; want %d of each", responses, complete, packed, respondents)
	}
	lost, wrong := 0, 0
	for _, c := range saved {
		var n int
		err := conn.QueryRow(ctx, `SELECT a.number FROM answers a JOIN responses r ON r.nr = a.response_nr
			WHERE r.id = $1 AND a.item_id = $2`, c.response, c.item).Scan(&n)
		switch {
		case err != nil:
			lost++
		case n != c.value:
			wrong++
		}
	}
	if lost > 0 || wrong > 0 {
		t.Errorf("%d confirmed answers lost, %d with another value", lost, wrong)
	}
	// What peil reads agrees: the scan (packed answers) and the check.
	n := 0
	check(t, setup.ScanResponses(ctx, survey.ResponseFilter{RoundIDs: []string{round.ID}}, func(rec survey.ResponseRecord) error {
		n += len(rec.Answers)
		return nil
	}))
	if n != respondents*items {
		t.Errorf("scan read %d answers, want %d", n, respondents*items)
	}
	res, err := setup.Check(ctx)
	check(t, err)
	if !res.OK() {
		t.Errorf("check after the run: %+v", res)
	}
	after, err := setup.RoundChanges(ctx, []string{round.ID})
	check(t, err)
	// One change for each completion: the counter counts changes to
	// complete responses (the only ones a dataset holds).
	if want := before[0] + respondents; after[0] != want {
		t.Errorf("round changed %d times, want %d", after[0]-before[0], want-before[0])
	}
}

// Laptops uploading to a hub at once: three data packages of a study new
// to the database, each merged by four peils at the same time. Every
// merge succeeds; each response is added once, and counted as a duplicate
// by the merges that came after.
func TestConcurrentMergesAddEachResponseOnce(t *testing.T) {
	const packages, copies, perPackage = 3, 4, 30
	ctx := context.Background()
	_, dsn := openPG(t)
	T := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	in := &survey.Instrument{ID: "cultuursurvey", Version: 1, Sections: []survey.Section{{ID: "a", Items: []survey.Item{
		{ID: "q1", Type: survey.Likert}, {ID: "q2", Type: survey.Likert}}}}}
	study := survey.Study{ID: "st-1", Code: "monitor", Title: "Monitor", MinGroupSize: 5, CreatedAt: T}
	wp := survey.Workplace{ID: "wp-1", StudyID: study.ID, Code: "WOA", Name: "WOA"}
	round := survey.Round{ID: "rd-1", StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1, Open: true, CreatedAt: T}
	type pkg struct {
		defs survey.Definitions
		recs []survey.ResponseRecord
	}
	var pkgs []pkg
	for p := range packages {
		sc := survey.School{ID: fmt.Sprintf("sc-%d", p), WorkplaceID: wp.ID, Code: fmt.Sprintf("WOA-%02d", p), Name: "School"}
		k := pkg{defs: survey.Definitions{Study: study, Workplaces: []survey.Workplace{wp}, Schools: []survey.School{sc},
			Rounds: []survey.Round{round}, Instruments: []*survey.Instrument{in}}}
		for n := range perPackage {
			started := T.Add(time.Duration(n) * time.Minute)
			k.recs = append(k.recs, survey.ResponseRecord{Response: survey.Response{ID: fmt.Sprintf("r-%d-%d", p, n), RoundID: round.ID,
				SchoolID: sc.ID, RespondentCode: fmt.Sprintf("R%d-%03d", p, n), Status: survey.Complete, InstrumentID: in.ID,
				InstrumentVersion: 1, StartedAt: started, FinishedAt: started.Add(time.Minute), DeviceID: fmt.Sprintf("dev-%d", p)},
				Answers: []survey.Answer{{ItemID: "q1", Value: survey.Num(1 + n%5), AnsweredAt: started}, {ItemID: "q2", Value: survey.Num(2), AnsweredAt: started}}})
		}
		pkgs = append(pkgs, k)
	}
	var wg sync.WaitGroup
	results := make(chan survey.MergeResult, packages*copies)
	errs := make(chan error, packages*copies)
	start := make(chan struct{})
	for i := range packages * copies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := postgres.Open(ctx, dsn, postgres.WithMaxConns(1))
			if err != nil {
				errs <- err
				return
			}
			defer st.Close()
			p := pkgs[i%packages]
			<-start
			res, err := st.Merge(ctx, p.defs, func(yield func(survey.ResponseRecord, error) bool) {
				for _, r := range p.recs {
					if !yield(r, nil) {
						return
					}
				}
			})
			if err != nil {
				errs <- fmt.Errorf("merge %d: %w", i, err)
				return
			}
			results <- res
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	close(results)
	for err := range errs {
		t.Error(err)
	}
	added, dups, defs := 0, 0, 0
	for r := range results {
		added += r.Added
		dups += r.Duplicates
		defs += r.DefinitionsAdded
		if len(r.Conflicts) > 0 {
			t.Errorf("conflicts: %+v", r.Conflicts)
		}
	}
	if added != packages*perPackage || dups != packages*perPackage*(copies-1) {
		t.Errorf("added %d, duplicates %d; want %d and %d", added, dups, packages*perPackage, packages*perPackage*(copies-1))
	}
	// study, workplace, instrument and round once, and the three schools.
	if defs != 4+packages {
		t.Errorf("%d definitions added, want %d", defs, 4+packages)
	}
	var responses, answers int
	conn := pgtest.Conn(t, dsn)
	check(t, conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM answers)`).Scan(&responses, &answers))
	if responses != packages*perPackage || answers != 2*responses {
		t.Errorf("%d responses with %d answers, want %d with %d", responses, answers, packages*perPackage, 2*packages*perPackage)
	}
}
