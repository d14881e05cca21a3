package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

func start(t testing.TB, s *storage.Store, f fixture, school int, code string) survey.Response {
	t.Helper()
	r, err := s.StartResponse(context.Background(), survey.Response{RoundID: f.round.ID, SchoolID: f.schools[school].ID, RespondentCode: code})
	check(t, err)
	return r
}

func answerMap(t *testing.T, s *storage.Store, responseID string) map[string]survey.Value {
	t.Helper()
	as, err := s.Answers(context.Background(), responseID)
	check(t, err)
	m := map[string]survey.Value{}
	for _, a := range as {
		m[a.ItemID] = a.Value
	}
	return m
}

func TestStartResponse(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	device, err := s.DeviceID(ctx)
	check(t, err)

	r := start(t, s, f, 0, "K7MQ-4XA")
	want := survey.Response{ID: r.ID, RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: "K7MQ-4XA",
		Status: survey.InProgress, InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version,
		StartedAt: r.StartedAt, DeviceID: device}
	if r.ID == "" || r.StartedAt.IsZero() || r != want {
		t.Errorf("StartResponse = %+v, want %+v", r, want)
	}
	for name, get := range map[string]func() (survey.Response, error){
		"Response":    func() (survey.Response, error) { return s.Response(ctx, r.ID) },
		"ResponseFor": func() (survey.Response, error) { return s.ResponseFor(ctx, f.round.ID, "K7MQ-4XA") },
	} {
		if got, err := get(); err != nil || got != r {
			t.Errorf("%s = %+v, %v; want %+v", name, got, err, r)
		}
	}

	// Given fields are kept; times come back in UTC.
	given := survey.Response{ID: "5d3c1f5e-0000-4000-8000-000000000001", RoundID: f.round.ID, SchoolID: f.schools[1].ID,
		RespondentCode: "AAAA-BBB", Role: survey.RoleSENCo, DeviceID: "laptop-2",
		StartedAt: time.Date(2025, 10, 6, 8, 0, 0, 123456789, time.FixedZone("CEST", 7200))}
	r2, err := s.StartResponse(ctx, given)
	check(t, err)
	got, err := s.Response(ctx, given.ID)
	check(t, err)
	if got != r2 || !got.StartedAt.Equal(given.StartedAt) || got.StartedAt.Location() != time.UTC ||
		got.DeviceID != "laptop-2" || got.Role != survey.RoleSENCo {
		t.Errorf("Response = %+v, want %+v", got, r2)
	}

	// Oldest first: r2 started before r.
	all, err := s.Responses(ctx, f.round.ID)
	check(t, err)
	if !reflect.DeepEqual(all, []survey.Response{r2, r}) {
		t.Errorf("Responses = %+v", all)
	}
}

func TestStartResponseErrors(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	start(t, s, f, 0, "K7MQ-4XA")

	otherStudy, err := s.CreateStudy(ctx, survey.Study{Code: "vo"})
	check(t, err)
	wp, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: otherStudy.ID, Code: "X"})
	check(t, err)
	foreignSchool, err := s.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "X-01"})
	check(t, err)
	closed, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "dicht", InstrumentID: f.inst.ID, InstrumentVersion: 1})
	check(t, err)

	base := survey.Response{RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: "NEW1-234"}
	with := func(change func(*survey.Response)) survey.Response { r := base; change(&r); return r }
	tests := []struct {
		name string
		r    survey.Response
		code string
		want string
	}{
		{"same respondent twice", with(func(r *survey.Response) { r.RespondentCode = "K7MQ-4XA"; r.SchoolID = f.schools[1].ID }),
			survey.ECONFLICT, `respondent K7MQ-4XA already has a response in round "2025 najaar"`},
		{"missing round", with(func(r *survey.Response) { r.RoundID = "nope" }), survey.ENOTFOUND, "no round"},
		{"missing school", with(func(r *survey.Response) { r.SchoolID = "nope" }), survey.ENOTFOUND, "no school"},
		{"school of another study", with(func(r *survey.Response) { r.SchoolID = foreignSchool.ID }), survey.EINVALID, "school X-01 does not take part"},
		{"closed round", with(func(r *survey.Response) { r.RoundID = closed.ID }), survey.EINVALID, `round "dicht" is closed`},
		{"other instrument", with(func(r *survey.Response) { r.InstrumentID, r.InstrumentVersion = "x", 1 }), survey.EINVALID, "uses instrument cultuursurvey@1"},
		{"no code", with(func(r *survey.Response) { r.RespondentCode = "" }), survey.EINVALID, "respondent code"},
		{"already complete", with(func(r *survey.Response) { r.Status = survey.Complete }), survey.EINVALID, "in progress"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.StartResponse(ctx, tt.r)
			wantCode(t, err, tt.code)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
	// The same respondent may answer in another round.
	check(t, s.SetRoundOpen(ctx, closed.ID, true))
	_, err = s.StartResponse(ctx, survey.Response{RoundID: closed.ID, SchoolID: f.schools[0].ID, RespondentCode: "K7MQ-4XA"})
	check(t, err)
	_, err = s.Response(ctx, "nope")
	wantCode(t, err, survey.ENOTFOUND)
	_, err = s.ResponseFor(ctx, f.round.ID, "NONE-000")
	wantCode(t, err, survey.ENOTFOUND)
}

func TestAnswersOfEveryKind(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	r := start(t, s, f, 0, "K7MQ-4XA")

	type stored struct {
		Number   sql.NullInt64
		Choices  sql.NullString
		Text     sql.NullString
		DontKnow int
	}
	tests := []struct {
		item  string
		value survey.Value
		row   stored
	}{
		{"q1", survey.Num(4), stored{Number: sql.NullInt64{Int64: 4, Valid: true}}},
		{"q2", survey.DontKnowValue(), stored{DontKnow: 1}},
		{"know", survey.Num(1), stored{Number: sql.NullInt64{Int64: 1, Valid: true}}},
		{"who", survey.ChoicesValue(2, 1), stored{Choices: sql.NullString{String: "1,2", Valid: true}}},
		{"years", survey.Num(0), stored{Number: sql.NullInt64{Int64: 0, Valid: true}}},
		{"grade", survey.Num(10), stored{Number: sql.NullInt64{Int64: 10, Valid: true}}},
		{"remarks", survey.TextValue("Fijn onderzoek; \"echt\"\nTweede regel, één ü ✓"), stored{Text: sql.NullString{String: "Fijn onderzoek; \"echt\"\nTweede regel, één ü ✓", Valid: true}}},
		{"negative", survey.Num(-3), stored{Number: sql.NullInt64{Int64: -3, Valid: true}}},
	}
	for i, tt := range tests {
		at := time.Date(2025, 10, 6, 10, 0, i, 500, time.UTC)
		check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: tt.item, Value: tt.value, AnsweredAt: at}, nil, ""))
	}
	got, err := s.Answers(ctx, r.ID)
	check(t, err)
	if len(got) != len(tests) {
		t.Fatalf("Answers = %d answers, want %d: %+v", len(got), len(tests), got)
	}
	for i, tt := range tests {
		a := got[i]
		if a.ItemID != tt.item || !a.Value.Equal(tt.value) || !a.AnsweredAt.Equal(time.Date(2025, 10, 6, 10, 0, i, 500, time.UTC)) {
			t.Errorf("answer %d = %+v, want %s = %+v", i, a, tt.item, tt.value)
		}
	}

	// Analysis reads the columns directly: check what is stored.
	db, err := sql.Open("sqlite", s.Path())
	check(t, err)
	defer db.Close()
	for _, tt := range tests {
		var row stored
		err := db.QueryRow(`SELECT number, choices, text, dont_know FROM answers
			WHERE response_nr = (SELECT nr FROM responses WHERE id = ?) AND item_id = ?`, r.ID, tt.item).
			Scan(&row.Number, &row.Choices, &row.Text, &row.DontKnow)
		check(t, err)
		if row != tt.row {
			t.Errorf("%s stored as %+v, want %+v", tt.item, row, tt.row)
		}
	}

	// Saving again replaces the answer.
	check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q2", Value: survey.Num(2)}, nil, ""))
	if v := answerMap(t, s, r.ID)["q2"]; !v.Equal(survey.Num(2)) {
		t.Errorf("q2 after replacing = %+v", v)
	}
}

func TestClearedAnswersAndRole(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	r := start(t, s, f, 0, "K7MQ-4XA")

	save := func(item string, v survey.Value, cleared []string, role string) {
		t.Helper()
		check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: item, Value: v}, cleared, role))
	}
	save("role", survey.Num(1), nil, survey.RoleTeacher)
	save("know", survey.Num(1), nil, "")
	save("who", survey.ChoicesValue(1), nil, "")
	save("years", survey.Num(12), nil, "")
	got, err := s.Response(ctx, r.ID)
	check(t, err)
	if got.Role != survey.RoleTeacher {
		t.Errorf("role = %q, want %q (an empty role must not overwrite it)", got.Role, survey.RoleTeacher)
	}

	// Answering "nee" hides "who": it is deleted with the same call.
	save("know", survey.Num(2), []string{"who", "not-answered"}, "")
	m := answerMap(t, s, r.ID)
	if _, ok := m["who"]; ok {
		t.Error("cleared answer who is still stored")
	}
	if !m["know"].Equal(survey.Num(2)) || !m["years"].Equal(survey.Num(12)) {
		t.Errorf("answers after clearing = %+v", m)
	}

	// The saved item wins when cleared also names it.
	save("who", survey.ChoicesValue(2), []string{"who"}, "")
	if v := answerMap(t, s, r.ID)["who"]; !v.Equal(survey.ChoicesValue(2)) {
		t.Errorf("who = %+v, want [2]", v)
	}

	// A role change is recorded.
	save("role", survey.Num(2), nil, survey.RoleSENCo)
	if got, _ := s.Response(ctx, r.ID); got.Role != survey.RoleSENCo {
		t.Errorf("role = %q, want %q", got.Role, survey.RoleSENCo)
	}

	// DeleteAnswer removes the answer and the cleared ones together.
	check(t, s.DeleteAnswer(ctx, r.ID, "know", []string{"who"}))
	m = answerMap(t, s, r.ID)
	if _, ok := m["know"]; ok {
		t.Error("deleted answer know is still stored")
	}
	if _, ok := m["who"]; ok {
		t.Error("cleared answer who is still stored after DeleteAnswer")
	}
	if len(m) != 2 {
		t.Errorf("answers after deleting = %+v, want role and years", m)
	}
}

// TestSaveAnswerIsOneTransaction makes the insert fail after the cleared
// answers were deleted, and checks that the deletion was rolled back.
func TestSaveAnswerIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	r := start(t, s, f, 0, "K7MQ-4XA")
	check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "who", Value: survey.ChoicesValue(1)}, nil, ""))
	rawExec(t, s.Path(), `CREATE TRIGGER fail_boom BEFORE INSERT ON answers WHEN NEW.item_id = 'boom'
		BEGIN SELECT RAISE(ABORT, 'boom refused'); END`)

	err := s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "boom", Value: survey.Num(1)}, []string{"who"}, survey.RoleColleague)
	if err == nil || !strings.Contains(err.Error(), "boom refused") {
		t.Fatalf("SaveAnswer = %v, want the trigger's error", err)
	}
	if _, ok := answerMap(t, s, r.ID)["who"]; !ok {
		t.Error("the cleared answer was deleted although the save failed")
	}
	if got, _ := s.Response(ctx, r.ID); got.Role != "" {
		t.Errorf("role = %q although the save failed", got.Role)
	}
}

func TestCompletedResponsesAndClosedRoundsRefuseChanges(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	done := start(t, s, f, 0, "DONE-000")
	open := start(t, s, f, 0, "OPEN-000")
	check(t, s.SaveAnswer(ctx, done.ID, survey.Answer{ItemID: "q1", Value: survey.Num(3)}, nil, ""))
	check(t, s.SaveAnswer(ctx, open.ID, survey.Answer{ItemID: "q1", Value: survey.Num(3)}, nil, ""))

	finished := time.Date(2025, 10, 6, 11, 30, 0, 0, time.FixedZone("CEST", 7200))
	check(t, s.CompleteResponse(ctx, done.ID, finished))
	if err := storage.CheckPacked(ctx, s); err != nil {
		t.Errorf("after completing: %v", err)
	}
	got, err := s.Response(ctx, done.ID)
	check(t, err)
	if got.Status != survey.Complete || !got.FinishedAt.Equal(finished) || got.FinishedAt.Location() != time.UTC {
		t.Errorf("completed response = %+v", got)
	}

	answer := survey.Answer{ItemID: "q1", Value: survey.Num(5)}
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"save to complete", func() error { return s.SaveAnswer(ctx, done.ID, answer, nil, "") }, "already complete"},
		{"delete from complete", func() error { return s.DeleteAnswer(ctx, done.ID, "q1", nil) }, "already complete"},
		{"complete twice", func() error { return s.CompleteResponse(ctx, done.ID, time.Time{}) }, "already complete"},
		{"save in closed round", func() error {
			check(t, s.SetRoundOpen(ctx, f.round.ID, false))
			return s.SaveAnswer(ctx, open.ID, answer, nil, "")
		}, `round "2025 najaar" is closed`},
		{"delete in closed round", func() error { return s.DeleteAnswer(ctx, open.ID, "q1", nil) }, "is closed"},
		{"complete in closed round", func() error { return s.CompleteResponse(ctx, open.ID, time.Time{}) }, "is closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			wantCode(t, err, survey.EINVALID)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
	for _, id := range []string{done.ID, open.ID} {
		if v := answerMap(t, s, id)["q1"]; !v.Equal(survey.Num(3)) {
			t.Errorf("response %s: q1 = %+v, want the answer unchanged", id, v)
		}
	}
	wantCode(t, s.SaveAnswer(ctx, "nope", answer, nil, ""), survey.ENOTFOUND)
	wantCode(t, s.SaveAnswer(ctx, open.ID, survey.Answer{}, nil, ""), survey.EINVALID)

	// Reopened, the in-progress response completes at the store's clock.
	check(t, s.SetRoundOpen(ctx, f.round.ID, true))
	check(t, s.CompleteResponse(ctx, open.ID, time.Time{}))
	if got, _ := s.Response(ctx, open.ID); got.Status != survey.Complete || got.FinishedAt.IsZero() {
		t.Errorf("response = %+v, want complete with a finish time", got)
	}
}

func TestResponseCounts(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	// schools: 0 WOA-02, 1 POINT-01, 2 WOA-01
	a := start(t, s, f, 2, "A")
	start(t, s, f, 2, "B")
	start(t, s, f, 1, "C")
	check(t, s.CompleteResponse(ctx, a.ID, time.Time{}))
	// A response in another round does not count.
	other, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "later", InstrumentID: f.inst.ID, InstrumentVersion: 1, Open: true})
	check(t, err)
	_, err = s.StartResponse(ctx, survey.Response{RoundID: other.ID, SchoolID: f.schools[0].ID, RespondentCode: "A"})
	check(t, err)

	got, err := s.ResponseCounts(ctx, f.round.ID)
	check(t, err)
	woa, point := f.workplaces[0], f.workplaces[1]
	want := []survey.SchoolCount{
		{School: f.schools[1], Workplace: point, InProgress: 1, Complete: 0},
		{School: f.schools[2], Workplace: woa, InProgress: 1, Complete: 1},
		{School: f.schools[0], Workplace: woa, InProgress: 0, Complete: 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ResponseCounts =\n%+v\nwant\n%+v", got, want)
	}
	_, err = s.ResponseCounts(ctx, "nope")
	wantCode(t, err, survey.ENOTFOUND)
}

// TestConcurrentStores writes from two Stores on the same file at once:
// writers wait for each other (busy timeout) and nothing is lost.
func TestConcurrentStores(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	s1 := openAt(t, path)
	f := mustFixture(t, s1)
	s2 := openAt(t, path)

	const writers, answers = 6, 30
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	ids := make([]string, writers)
	for w := range writers {
		s := s1
		if w%2 == 1 {
			s = s2
		}
		r, err := s.StartResponse(ctx, survey.Response{RoundID: f.round.ID, SchoolID: f.schools[w%3].ID, RespondentCode: fmt.Sprintf("W%d", w)})
		check(t, err)
		ids[w] = r.ID
		wg.Go(func() {
			for i := range answers {
				if err := s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: fmt.Sprintf("i%02d", i), Value: survey.Num(i)}, nil, ""); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, id := range ids {
		for _, s := range []*storage.Store{s1, s2} {
			if got := answerMap(t, s, id); len(got) != answers {
				t.Errorf("response %s has %d answers, want %d", id, len(got), answers)
			}
		}
	}
}

// An answer's commit writes one page to the write-ahead log (the answer's:
// neither its response nor the round's change counter), and a role the
// response already has writes nothing more; a new role adds the response's
// page. Fewer pages per commit is most of what a durable answer costs
// above the disk's own sync (docs/performance.md).
func TestAnswerCommitPages(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	s := openAt(t, path)
	f := mustFixture(t, s)
	r := start(t, s, f, 0, "PAGES-1")
	check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "role", Value: survey.Num(1)}, nil, survey.RoleTeacher))
	wal := func() int64 {
		t.Helper()
		fi, err := os.Stat(path + "-wal")
		check(t, err)
		return fi.Size()
	}
	const frame = 24 + 4096 // a WAL frame: its header and one page
	steps := []struct {
		name  string
		save  func() error
		pages int64
	}{
		{"an answer", func() error {
			return s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q1", Value: survey.Num(4)}, nil, "")
		}, 1},
		{"an answer with the role the response has", func() error {
			return s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q2", Value: survey.Num(2)}, nil, survey.RoleTeacher)
		}, 1},
		{"an answer with a new role", func() error {
			return s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "role", Value: survey.Num(2)}, nil, survey.RoleSENCo)
		}, 2},
	}
	for _, st := range steps {
		before := wal()
		check(t, st.save())
		if got := (wal() - before) / frame; got != st.pages {
			t.Errorf("%s: the commit wrote %d pages, want %d", st.name, got, st.pages)
		}
	}
	got, err := s.Response(ctx, r.ID)
	check(t, err)
	if got.Role != survey.RoleSENCo {
		t.Errorf("role %q after the new role, want %q", got.Role, survey.RoleSENCo)
	}
}
