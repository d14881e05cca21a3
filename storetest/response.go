package storetest

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"peil/survey"
)

// testStartResponse: a new response gets its defaults and comes back by
// id, by respondent and in the round's list, oldest first.
func testStartResponse(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	device, err := s.DeviceID(ctx)
	e.check(err)
	if device == "" {
		t.Fatal("DeviceID is empty")
	}
	if again, err := s.DeviceID(ctx); err != nil || again != device {
		t.Errorf("DeviceID a second time = %q, %v; want %q", again, err, device)
	}

	before := e.clock.last()
	r := e.start(f, 0, "K7MQ-4XA")
	want := survey.Response{ID: r.ID, RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: "K7MQ-4XA",
		Status: survey.InProgress, InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version,
		StartedAt: r.StartedAt, DeviceID: device}
	if r.ID == "" || r != want {
		t.Errorf("StartResponse = %+v, want %+v", r, want)
	}
	if !r.StartedAt.After(before) || r.StartedAt.After(e.clock.last()) || r.StartedAt.Location() != time.UTC {
		t.Errorf("StartedAt = %v, want a time of the store's clock, in UTC", r.StartedAt)
	}
	for name, get := range map[string]func() (survey.Response, error){
		"Response":    func() (survey.Response, error) { return s.Response(ctx, r.ID) },
		"ResponseFor": func() (survey.Response, error) { return s.ResponseFor(ctx, f.round.ID, "K7MQ-4XA") },
	} {
		if got, err := get(); err != nil || got != r {
			t.Errorf("%s = %+v, %v; want %+v", name, got, err, r)
		}
	}

	// Given fields are kept, times to the nanosecond, in UTC.
	given := survey.Response{ID: "5d3c1f5e-0000-4000-8000-000000000001", RoundID: f.round.ID, SchoolID: f.schools[1].ID,
		RespondentCode: "AAAA-BBB", Role: survey.RoleSENCo, DeviceID: "laptop-2", Status: survey.InProgress,
		InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version,
		StartedAt: time.Date(2025, 10, 6, 8, 0, 0, 123456789, time.FixedZone("CEST", 7200))}
	r2, err := s.StartResponse(ctx, given)
	e.check(err)
	wantR2 := given
	wantR2.StartedAt = given.StartedAt.UTC()
	if r2 != wantR2 {
		t.Errorf("StartResponse = %+v, want %+v", r2, wantR2)
	}
	if got, err := s.Response(ctx, given.ID); err != nil || got != wantR2 {
		t.Errorf("Response = %+v, %v; want %+v", got, err, wantR2)
	}

	// Oldest first: r2 started before r.
	if all, err := s.Responses(ctx, f.round.ID); err != nil || !reflect.DeepEqual(all, []survey.Response{r2, r}) {
		t.Errorf("Responses = %+v, %v; want %+v", all, err, []survey.Response{r2, r})
	}
	// The same respondent may answer in another round.
	later := e.round(f, "2026 voorjaar", true)
	r3, err := s.StartResponse(ctx, survey.Response{RoundID: later.ID, SchoolID: f.schools[0].ID, RespondentCode: "K7MQ-4XA"})
	e.check(err)
	if got, err := s.ResponseFor(ctx, later.ID, "K7MQ-4XA"); err != nil || got != r3 {
		t.Errorf("ResponseFor in the later round = %+v, %v; want %+v", got, err, r3)
	}
	if all, err := s.Responses(ctx, later.ID); err != nil || !reflect.DeepEqual(all, []survey.Response{r3}) {
		t.Errorf("Responses of the later round = %+v, %v", all, err)
	}
}

// testStartResponseErrors: a response the round cannot take is refused
// with its code, and nothing is stored.
func testStartResponseErrors(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	first := e.start(f, 0, "K7MQ-4XA")

	otherStudy, err := s.CreateStudy(ctx, survey.Study{Code: "vo"})
	e.check(err)
	wp, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: otherStudy.ID, Code: "X"})
	e.check(err)
	foreignSchool, err := s.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "X-01"})
	e.check(err)
	closed := e.round(f, "dicht", false)
	before := e.dump()

	base := survey.Response{RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: "NEW1-234"}
	with := func(change func(*survey.Response)) survey.Response { r := base; change(&r); return r }
	tests := []struct {
		name string
		r    survey.Response
		code string
	}{
		{"same respondent twice in a round", with(func(r *survey.Response) { r.RespondentCode = "K7MQ-4XA"; r.SchoolID = f.schools[1].ID }), survey.ECONFLICT},
		{"id taken", with(func(r *survey.Response) { r.ID = first.ID }), survey.ECONFLICT},
		{"missing round", with(func(r *survey.Response) { r.RoundID = "nope" }), survey.ENOTFOUND},
		{"missing school", with(func(r *survey.Response) { r.SchoolID = "nope" }), survey.ENOTFOUND},
		{"school of another study", with(func(r *survey.Response) { r.SchoolID = foreignSchool.ID }), survey.EINVALID},
		{"closed round", with(func(r *survey.Response) { r.RoundID = closed.ID }), survey.EINVALID},
		{"other instrument", with(func(r *survey.Response) { r.InstrumentID, r.InstrumentVersion = "x", 1 }), survey.EINVALID},
		{"other instrument version", with(func(r *survey.Response) { r.InstrumentID, r.InstrumentVersion = f.inst.ID, 2 }), survey.EINVALID},
		{"no respondent code", with(func(r *survey.Response) { r.RespondentCode = "" }), survey.EINVALID},
		{"already complete", with(func(r *survey.Response) { r.Status = survey.Complete; r.FinishedAt = t0 }), survey.EINVALID},
		{"finish time", with(func(r *survey.Response) { r.FinishedAt = t0 }), survey.EINVALID},
	}
	for _, tt := range tests {
		_, err := s.StartResponse(ctx, tt.r)
		wantCode(t, tt.name, err, tt.code)
	}
	if after := e.dump(); after != before {
		t.Errorf("refused responses changed the store:\n%s\n---\n%s", before, after)
	}
	wantCode(t, "Response of a missing id", second(s.Response(ctx, "nope")), survey.ENOTFOUND)
	wantCode(t, "ResponseFor a respondent without one", second(s.ResponseFor(ctx, f.round.ID, "NONE-000")), survey.ENOTFOUND)
	wantCode(t, "ResponseFor in another round", second(s.ResponseFor(ctx, closed.ID, "K7MQ-4XA")), survey.ENOTFOUND)
}

// answerKinds are answers of every kind, with the items they answer.
var answerKinds = []survey.Answer{
	{ItemID: "q1", Value: survey.Num(4)},
	{ItemID: "q2", Value: survey.DontKnowValue()},
	{ItemID: "know", Value: survey.Num(1)},
	{ItemID: "who", Value: survey.ChoicesValue(2, 1)},
	{ItemID: "years", Value: survey.Num(0)},
	{ItemID: "grade", Value: survey.Num(-3)}, // the store keeps what it is given; checking is the session's job
	{ItemID: "remarks", Value: survey.TextValue("Fijn onderzoek; \"echt\"\nTweede regel, één ü ✓ \x1e\x1f")},
}

// testDurableAnswers: answers of every kind are stored as given, in the
// order they were given, and are still there when the database is opened
// again; so are the study, the response, the settings and the device id.
func testDurableAnswers(t *testing.T, o Opener) {
	e := newEnv(t, o)
	f := e.fixture()
	device, err := e.s.DeviceID(e.ctx)
	e.check(err)
	r := e.start(f, 0, "K7MQ-4XA")
	for i, a := range answerKinds {
		// Given in reverse item order, a nanosecond apart.
		a.AnsweredAt = time.Date(2025, 10, 6, 10, 0, 0, 500+i, time.FixedZone("CEST", 7200))
		e.check(e.s.SaveAnswer(e.ctx, r.ID, a, nil, ""))
	}
	// An answer without a time takes the store's clock.
	e.check(e.s.SaveAnswer(e.ctx, r.ID, survey.Answer{ItemID: "role", Value: survey.Num(1)}, nil, survey.RoleTeacher))
	roleAt := e.clock.last()
	e.check(e.s.SetSetting(e.ctx, "kiosk_round", f.round.ID))
	wantResponse, err := e.s.Response(e.ctx, r.ID)
	e.check(err)
	if wantResponse.Role != survey.RoleTeacher {
		t.Errorf("role = %q, want %q", wantResponse.Role, survey.RoleTeacher)
	}

	checkAnswers := func(when string) {
		t.Helper()
		got, err := e.s.Answers(e.ctx, r.ID)
		e.check(err)
		if len(got) != len(answerKinds)+1 {
			t.Fatalf("%s: %d answers, want %d: %+v", when, len(got), len(answerKinds)+1, got)
		}
		for i, want := range answerKinds {
			a := got[i]
			at := time.Date(2025, 10, 6, 8, 0, 0, 500+i, time.UTC)
			if a.ItemID != want.ItemID || !a.Value.Equal(want.Value) || a.AnsweredAt != at {
				t.Errorf("%s: answer %d = %+v, want %s = %+v at %v (in UTC, in the order given)", when, i, a, want.ItemID, want.Value, at)
			}
		}
		last := got[len(got)-1]
		if last.ItemID != "role" || !last.Value.Equal(survey.Num(1)) || last.AnsweredAt.After(roleAt) || !last.AnsweredAt.After(t0) {
			t.Errorf("%s: answer without a time = %+v, want role = 1 at a time of the store's clock", when, last)
		}
	}
	checkAnswers("before reopening")

	e.reopen()
	checkAnswers("after reopening")
	ctx, s := e.ctx, e.s
	if got, err := s.DeviceID(ctx); err != nil || got != device {
		t.Errorf("device id after reopening = %q, %v; want %q", got, err, device)
	}
	if got, err := s.StudyByCode(ctx, "monitor-po"); err != nil || got != f.study {
		t.Errorf("study after reopening = %+v, %v; want %+v", got, err, f.study)
	}
	if got, err := s.Schools(ctx, f.study.ID); err != nil || len(got) != 3 {
		t.Errorf("schools after reopening = %v, %v", got, err)
	}
	if got, err := s.Round(ctx, f.round.ID); err != nil || got != f.round {
		t.Errorf("round after reopening = %+v, %v; want %+v", got, err, f.round)
	}
	if got, err := s.Instrument(ctx, f.inst.ID, f.inst.Version); err != nil {
		t.Errorf("instrument after reopening: %v", err)
	} else {
		sameInstrument(t, "instrument after reopening", got, f.inst)
	}
	if got, err := s.Response(ctx, r.ID); err != nil || got != wantResponse {
		t.Errorf("response after reopening = %+v, %v; want %+v", got, err, wantResponse)
	}
	if v, ok, err := s.Setting(ctx, "kiosk_round"); err != nil || !ok || v != f.round.ID {
		t.Errorf("setting after reopening = %q, %v, %v", v, ok, err)
	}
	// The response goes on where it was.
	e.check(s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q1", Value: survey.Num(2)}, nil, ""))
	if v := e.answers(r.ID)["q1"]; !v.Equal(survey.Num(2)) {
		t.Errorf("q1 after replacing = %+v, want 2", v)
	}
	e.check(s.CompleteResponse(ctx, r.ID, time.Time{}))
	e.reopen()
	if got, err := e.s.Response(e.ctx, r.ID); err != nil || got.Status != survey.Complete {
		t.Errorf("completed response after reopening = %+v, %v", got, err)
	}
	if got := e.answers(r.ID); len(got) != len(answerKinds)+1 || !got["q1"].Equal(survey.Num(2)) {
		t.Errorf("answers of the completed response after reopening = %+v", got)
	}
}

// testClearedAnswersAndRole: SaveAnswer deletes the cleared answers and
// records the role; DeleteAnswer deletes an answer and the cleared ones.
func testClearedAnswersAndRole(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	r := e.start(f, 0, "K7MQ-4XA")
	other := e.start(f, 1, "OTHR-000")

	save := func(item string, v survey.Value, cleared []string, role string) {
		t.Helper()
		e.check(s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: item, Value: v}, cleared, role))
	}
	e.check(s.SaveAnswer(ctx, other.ID, survey.Answer{ItemID: "who", Value: survey.ChoicesValue(1)}, nil, ""))
	save("role", survey.Num(1), nil, survey.RoleTeacher)
	save("know", survey.Num(1), nil, "")
	save("who", survey.ChoicesValue(1), nil, "")
	save("years", survey.Num(12), nil, "")
	if got, err := s.Response(ctx, r.ID); err != nil || got.Role != survey.RoleTeacher {
		t.Errorf("role = %q, %v; want %q (an empty role must not overwrite it)", got.Role, err, survey.RoleTeacher)
	}

	// Answering "nee" hides "who": it is deleted with the same call; a
	// cleared item without an answer is no error.
	save("know", survey.Num(2), []string{"who", "not-answered"}, "")
	m := e.answers(r.ID)
	if _, ok := m["who"]; ok {
		t.Error("cleared answer who is still stored")
	}
	if !m["know"].Equal(survey.Num(2)) || !m["years"].Equal(survey.Num(12)) || len(m) != 3 {
		t.Errorf("answers after clearing = %+v, want role, know = 2, years = 12", m)
	}
	if v := e.answers(other.ID)["who"]; !v.Equal(survey.ChoicesValue(1)) {
		t.Errorf("clearing reached another response: its who = %+v", v)
	}

	// The saved item stays when cleared also names it.
	save("who", survey.ChoicesValue(2), []string{"who"}, "")
	if v := e.answers(r.ID)["who"]; !v.Equal(survey.ChoicesValue(2)) {
		t.Errorf("who = %+v, want [2]", v)
	}

	// A role change is recorded.
	save("role", survey.Num(2), nil, survey.RoleSENCo)
	if got, _ := s.Response(ctx, r.ID); got.Role != survey.RoleSENCo {
		t.Errorf("role = %q, want %q", got.Role, survey.RoleSENCo)
	}

	// DeleteAnswer removes the answer and the cleared ones together.
	e.check(s.DeleteAnswer(ctx, r.ID, "know", []string{"who"}))
	m = e.answers(r.ID)
	if _, ok := m["know"]; ok {
		t.Error("deleted answer know is still stored")
	}
	if _, ok := m["who"]; ok {
		t.Error("cleared answer who is still stored after DeleteAnswer")
	}
	if len(m) != 2 {
		t.Errorf("answers after deleting = %+v, want role and years", m)
	}
	// Deleting an answer that is not there is no error.
	e.check(s.DeleteAnswer(ctx, r.ID, "know", nil))
	if got, err := s.Response(ctx, r.ID); err != nil || got.Status != survey.InProgress || got.Role != survey.RoleSENCo {
		t.Errorf("response after deleting = %+v, %v", got, err)
	}
}

// testRefusedChanges: a completed response and a response in a closed
// round take no answers; nothing changes when they are refused.
func testRefusedChanges(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	done := e.start(f, 0, "DONE-000")
	open := e.start(f, 0, "OPEN-000")
	e.answer(done.ID, "q1", 3)
	e.answer(open.ID, "q1", 3)

	finished := time.Date(2025, 10, 6, 11, 30, 0, 7, time.FixedZone("CEST", 7200))
	e.check(s.CompleteResponse(ctx, done.ID, finished))
	got, err := s.Response(ctx, done.ID)
	e.check(err)
	if want := finished.UTC(); got.Status != survey.Complete || got.FinishedAt != want {
		t.Errorf("completed response = %+v, want complete at %v", got, want)
	}

	answer := survey.Answer{ItemID: "q1", Value: survey.Num(5)}
	other := survey.Answer{ItemID: "q2", Value: survey.Num(5)}
	tests := []struct {
		name string
		err  func() error
		code string
	}{
		{"save to a complete response", func() error { return s.SaveAnswer(ctx, done.ID, answer, nil, "") }, survey.EINVALID},
		{"save a new item to a complete response", func() error { return s.SaveAnswer(ctx, done.ID, other, nil, survey.RoleColleague) }, survey.EINVALID},
		{"delete from a complete response", func() error { return s.DeleteAnswer(ctx, done.ID, "q1", nil) }, survey.EINVALID},
		{"complete twice", func() error { return s.CompleteResponse(ctx, done.ID, time.Time{}) }, survey.EINVALID},
		{"save in a closed round", func() error {
			e.check(s.SetRoundOpen(ctx, f.round.ID, false))
			return s.SaveAnswer(ctx, open.ID, answer, nil, "")
		}, survey.EINVALID},
		{"save a new item in a closed round", func() error { return s.SaveAnswer(ctx, open.ID, other, nil, "") }, survey.EINVALID},
		{"delete in a closed round", func() error { return s.DeleteAnswer(ctx, open.ID, "q1", nil) }, survey.EINVALID},
		{"complete in a closed round", func() error { return s.CompleteResponse(ctx, open.ID, time.Time{}) }, survey.EINVALID},
		{"start in a closed round", func() error {
			return second(s.StartResponse(ctx, survey.Response{RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: "LATE"}))
		}, survey.EINVALID},
		{"save to a missing response", func() error { return s.SaveAnswer(ctx, "nope", answer, nil, "") }, survey.ENOTFOUND},
		{"delete from a missing response", func() error { return s.DeleteAnswer(ctx, "nope", "q1", nil) }, survey.ENOTFOUND},
		{"complete a missing response", func() error { return s.CompleteResponse(ctx, "nope", time.Time{}) }, survey.ENOTFOUND},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, tt.err(), tt.code)
	}
	for _, id := range []string{done.ID, open.ID} {
		if m := e.answers(id); len(m) != 1 || !m["q1"].Equal(survey.Num(3)) {
			t.Errorf("response %s: answers %+v, want q1 = 3 unchanged", id, m)
		}
	}
	if got, err := s.Response(ctx, open.ID); err != nil || got.Status != survey.InProgress {
		t.Errorf("response refused completion = %+v, %v; want in progress", got, err)
	}
	if got, _ := s.Response(ctx, done.ID); got.Role != "" || got.FinishedAt != finished.UTC() {
		t.Errorf("complete response changed: %+v", got)
	}

	// Reopened, the round takes answers again; an answer needs an item.
	e.check(s.SetRoundOpen(ctx, f.round.ID, true))
	wantCode(t, "answer without an item", s.SaveAnswer(ctx, open.ID, survey.Answer{Value: survey.Num(1)}, nil, ""), survey.EINVALID)
	e.answer(open.ID, "q2", 4)
	// A zero finish time is the store's clock.
	before := e.clock.last()
	e.check(s.CompleteResponse(ctx, open.ID, time.Time{}))
	got, err = s.Response(ctx, open.ID)
	e.check(err)
	if got.Status != survey.Complete || !got.FinishedAt.After(before) || got.FinishedAt.After(e.clock.last()) || got.FinishedAt.Location() != time.UTC {
		t.Errorf("response = %+v, want complete at a time of the store's clock, in UTC", got)
	}
	// Closing and opening the round does not reopen a complete response.
	wantCode(t, "save to a complete response after reopening the round", s.SaveAnswer(ctx, open.ID, answer, nil, ""), survey.EINVALID)
}

// testResponseCounts: every school of the round's study, in the order of
// Schools, with its responses in progress and complete in that round.
func testResponseCounts(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	// schools: 0 WOA-02, 1 POINT-01, 2 WOA-01
	a := e.start(f, 2, "A")
	e.start(f, 2, "B")
	e.start(f, 1, "C")
	c2 := e.start(f, 1, "D")
	e.check(s.CompleteResponse(ctx, a.ID, time.Time{}))
	e.check(s.CompleteResponse(ctx, c2.ID, time.Time{}))
	// A response in another round does not count.
	later := e.round(f, "later", true)
	_, err := s.StartResponse(ctx, survey.Response{RoundID: later.ID, SchoolID: f.schools[0].ID, RespondentCode: "A"})
	e.check(err)
	// Neither does a school of another study.
	other, err := s.CreateStudy(ctx, survey.Study{Code: "other"})
	e.check(err)
	wp, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: other.ID, Code: "AAA"})
	e.check(err)
	_, err = s.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "AAA-01"})
	e.check(err)

	got, err := s.ResponseCounts(ctx, f.round.ID)
	e.check(err)
	woa, point := f.workplaces[0], f.workplaces[1]
	want := []survey.SchoolCount{
		{School: f.schools[1], Workplace: point, InProgress: 1, Complete: 1},
		{School: f.schools[2], Workplace: woa, InProgress: 1, Complete: 1},
		{School: f.schools[0], Workplace: woa, InProgress: 0, Complete: 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ResponseCounts =\n%+v\nwant\n%+v", got, want)
	}
	got, err = s.ResponseCounts(ctx, later.ID)
	e.check(err)
	want = []survey.SchoolCount{
		{School: f.schools[1], Workplace: point},
		{School: f.schools[2], Workplace: woa},
		{School: f.schools[0], Workplace: woa, InProgress: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ResponseCounts of the later round =\n%+v\nwant\n%+v", got, want)
	}
	wantCode(t, "ResponseCounts of a missing round", second(s.ResponseCounts(ctx, "nope")), survey.ENOTFOUND)
}

// testConcurrentAnswers: respondents answering at the same time (kiosks on
// one laptop, browsers on a hub) lose nothing.
func testConcurrentAnswers(t *testing.T, o Opener) {
	e := newEnv(t, o)
	f := e.fixture()
	const writers, answers = 4, 25
	ids := make([]string, writers)
	for w := range writers {
		ids[w] = e.start(f, w%3, fmt.Sprintf("W%d", w)).ID
	}
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			for i := range answers {
				a := survey.Answer{ItemID: fmt.Sprintf("i%02d", i), Value: survey.Num(i)}
				if err := e.s.SaveAnswer(e.ctx, id, a, nil, ""); err != nil {
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
		if got := e.answers(id); len(got) != answers {
			t.Errorf("response %s has %d answers, want %d", id, len(got), answers)
		}
	}
}
