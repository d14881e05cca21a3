package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/survey"
)

// completed stores a study with one round and n completed responses of
// two answers each.
func completed(t *testing.T, st survey.Store, n int) survey.Round {
	t.Helper()
	ctx := context.Background()
	in := &survey.Instrument{ID: "cultuursurvey", Version: 1, Sections: []survey.Section{{ID: "a", Items: []survey.Item{
		{ID: "q1", Type: survey.Likert}, {ID: "q2", Type: survey.Likert}}}}}
	check(t, st.SaveInstrument(ctx, in))
	study, err := st.CreateStudy(ctx, survey.Study{Code: "monitor"})
	check(t, err)
	wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA"})
	check(t, err)
	sc, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01"})
	check(t, err)
	round, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1, Open: true})
	check(t, err)
	for i := range n {
		r, err := st.StartResponse(ctx, survey.Response{RoundID: round.ID, SchoolID: sc.ID, RespondentCode: fmt.Sprintf("R%d", i)})
		check(t, err)
		check(t, st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q1", Value: survey.Num(3)}, nil, ""))
		check(t, st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q2", Value: survey.Num(4)}, nil, ""))
		check(t, st.CompleteResponse(ctx, r.ID, time.Time{}))
	}
	return round
}

// Check finds packed answers that do not say what the answer rows say
// (changed, missing, or on a response in progress), says what it
// checked, and changes nothing; RepairPacked mends exactly those.
func TestCheckFindsAndRepairMendsPackedAnswers(t *testing.T) {
	ctx := context.Background()
	s, dsn := openPG(t)
	completed(t, s, 4)
	res, checked, err := s.CheckDetail(ctx)
	check(t, err)
	if !res.OK() {
		t.Fatalf("a new database: %+v", res)
	}
	if len(checked) < 4 || !strings.Contains(strings.Join(checked, "\n"), "compared the packed answers of 4 responses") {
		t.Errorf("Check says it checked:\n%s", strings.Join(checked, "\n"))
	}
	conn := pgtest.Conn(t, dsn)
	var ids []string
	rows, err := conn.Query(ctx, `SELECT id FROM responses ORDER BY nr`)
	check(t, err)
	for rows.Next() {
		var id string
		check(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	check(t, rows.Err())
	// A changed answer row, a missing blob, a damaged blob, a blob on a
	// response put back in progress.
	for _, q := range []string{
		`UPDATE answers SET number = 5 WHERE item_id = 'q1' AND response_nr = (SELECT nr FROM responses WHERE id = $1)`,
		`DELETE FROM packed_answers WHERE response_nr = (SELECT nr FROM responses WHERE id = $1)`,
		`UPDATE packed_answers SET data = '\x0102' WHERE response_nr = (SELECT nr FROM responses WHERE id = $1)`,
		`UPDATE responses SET status = 'in_progress', finished_at = NULL WHERE id = $1`,
	} {
		_, err := conn.Exec(ctx, q, ids[len(ids)-1])
		check(t, err)
		ids = ids[:len(ids)-1]
	}
	res, err = s.Check(ctx)
	check(t, err)
	if len(res.Packed) != 4 || len(res.Damage) != 0 {
		t.Fatalf("Check found %+v, want the 4 changed responses", res)
	}
	again, err := s.Check(ctx)
	check(t, err)
	if len(again.Packed) != 4 {
		t.Errorf("a second Check found %+v: the first changed something", again)
	}
	n, err := s.RepairPacked(ctx)
	check(t, err)
	if n != 4 {
		t.Errorf("RepairPacked mended %d, want 4", n)
	}
	res, err = s.Check(ctx)
	check(t, err)
	if !res.OK() {
		t.Errorf("after the repair: %+v", res)
	}
}

// A complete response without its packed answers stops a scan with a
// message that says what to do.
func TestScanSaysWhenPackedAnswersAreMissing(t *testing.T) {
	ctx := context.Background()
	s, dsn := openPG(t)
	completed(t, s, 2)
	_, err := pgtest.Conn(t, dsn).Exec(ctx, `DELETE FROM packed_answers WHERE response_nr = (SELECT min(nr) FROM responses)`)
	check(t, err)
	err = s.ScanResponses(ctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "peil check --repair") {
		t.Errorf("scan error %v does not point to peil check --repair", err)
	}
}

// Ten peils opening a new database at once: all succeed, and the schema
// is made once (one device id, one row per migration).
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	devices := make(chan string, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(ctx, dsn, postgres.WithMaxConns(1))
			if err != nil {
				t.Error(err)
				return
			}
			defer s.Close()
			d, err := s.DeviceID(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			devices <- d
		}()
	}
	wg.Wait()
	close(devices)
	seen := map[string]bool{}
	for d := range devices {
		seen[d] = true
	}
	if len(seen) != 1 {
		t.Errorf("%d device ids, want 1", len(seen))
	}
	var n int
	check(t, pgtest.Conn(t, dsn).QueryRow(ctx, `SELECT count(*) FROM peil_migrations`).Scan(&n))
	if n != postgres.SchemaVersion() {
		t.Errorf("%d migration rows, want %d", n, postgres.SchemaVersion())
	}
}

// What SaveAnswer confirmed is there for the next peil that opens the
// database.
func TestAnswersSurviveReopen(t *testing.T) {
	ctx := context.Background()
	s, dsn := openPG(t)
	round := completed(t, s, 3)
	s.Close()
	again, err := postgres.Open(ctx, dsn)
	check(t, err)
	defer again.Close()
	n := 0
	check(t, again.ScanResponses(ctx, survey.ResponseFilter{RoundIDs: []string{round.ID}}, func(r survey.ResponseRecord) error {
		n += len(r.Answers)
		return nil
	}))
	if n != 6 {
		t.Errorf("%d answers after reopening, want 6", n)
	}
}

// Answers and packed answers whose response is gone (there is no foreign
// key to keep them out) are damage that Check reports.
func TestCheckFindsAnswersWithoutResponse(t *testing.T) {
	ctx := context.Background()
	s, dsn := openPG(t)
	completed(t, s, 2)
	_, err := pgtest.Conn(t, dsn).Exec(ctx, `INSERT INTO answers (response_nr, item_id, number, answered_at) VALUES (999999, 'q1', 1, 0)`)
	check(t, err)
	res, err := s.Check(ctx)
	check(t, err)
	if len(res.Damage) != 1 || !strings.Contains(res.Damage[0], "1 answers and 0 packed answers belong to no response") {
		t.Errorf("Check found %+v", res)
	}
}
