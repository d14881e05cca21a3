package storetest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/survey"
)

// t0 is the moment a contract test's clock starts; it is never changed.
var t0 = time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)

// clock is a store's clock in a contract test: it ticks one second on
// every call, so that every time the store takes from it is another.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

// Now ticks and returns the new time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// last returns the time Now returned last, without ticking.
func (c *clock) last() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// env is one contract test's store with its clock.
type env struct {
	t     *testing.T
	o     Opener
	ctx   context.Context
	s     survey.Store
	clock *clock
}

// newEnv opens a new, empty store.
func newEnv(t *testing.T, o Opener) *env {
	t.Helper()
	c := newClock()
	s := o.New(t, c.Now)
	if s == nil {
		t.Fatal("Opener.New returned no store")
	}
	return &env{t: t, o: o, ctx: context.Background(), s: s, clock: c}
}

// reopen closes the store and opens the same database again.
func (e *env) reopen() {
	e.t.Helper()
	e.s = e.o.Reopen(e.t, e.s)
	if e.s == nil {
		e.t.Fatal("Opener.Reopen returned no store")
	}
}

// Instrument is the contract's test instrument: an item of every type, a
// condition and a scale. Store packages' own tests may use it too.
func Instrument() *survey.Instrument {
	yesNo := []survey.Option{
		{Code: 1, Value: "ja", Label: survey.Text{survey.Dutch: "Ja", survey.English: "Yes"}},
		{Code: 2, Value: "nee", Label: survey.Text{survey.Dutch: "Nee"}},
	}
	return &survey.Instrument{
		ID: "cultuursurvey", Version: 1,
		Title:    survey.Text{survey.Dutch: "Cultuursurvey", survey.English: "Culture survey"},
		Audience: []string{survey.RoleTeacher, survey.RoleSENCo},
		Sections: []survey.Section{{
			ID: "a", Title: survey.Text{survey.Dutch: "Deel A"},
			Items: []survey.Item{
				{ID: "intro", Type: survey.Note, Text: survey.Text{survey.Dutch: "Welkom"}},
				{ID: "role", Type: survey.SingleChoice, SetsRole: true, Required: true, Text: survey.Text{survey.Dutch: "Rol"},
					Options: []survey.Option{{Code: 1, Value: survey.RoleTeacher}, {Code: 2, Value: survey.RoleSENCo}}},
				{ID: "q1", Type: survey.Likert, DontKnow: true, Text: survey.Text{survey.Dutch: "Stelling 1"}},
				{ID: "q2", Type: survey.Likert, Text: survey.Text{survey.Dutch: "Stelling 2"}},
				{ID: "know", Type: survey.SingleChoice, Options: yesNo, Text: survey.Text{survey.Dutch: "Weet u het?"}},
				{ID: "who", Type: survey.MultipleChoice, Options: yesNo, ShowIf: survey.MustParseCondition("know = 'ja'"),
					Text: survey.Text{survey.Dutch: "Wie?"}},
				{ID: "years", Type: survey.Integer, Min: 0, Max: 50, Text: survey.Text{survey.Dutch: "Jaren"}},
				{ID: "grade", Type: survey.Grade, Text: survey.Text{survey.Dutch: "Cijfer"}},
				{ID: "remarks", Type: survey.OpenText, Text: survey.Text{survey.Dutch: "Opmerkingen"}},
			},
		}},
		Scales: []survey.Scale{{ID: "s1", Name: survey.Text{survey.Dutch: "Schaal"}, Items: []string{"q1", "q2"}, Reversed: []string{"q2"}}},
	}
}

// fixture is a study with two workplaces, three schools and an open round.
type fixture struct {
	study      survey.Study
	workplaces []survey.Workplace // WOA, POINT
	schools    []survey.School    // WOA-02, POINT-01, WOA-01
	inst       *survey.Instrument
	round      survey.Round
}

// fixture sets up the study, creating workplaces and schools out of code
// order, so that lists show they are sorted.
func (e *env) fixture() fixture {
	e.t.Helper()
	var f fixture
	var err error
	f.study, err = e.s.CreateStudy(e.ctx, survey.Study{Code: "monitor-po", Title: "Monitor PO"})
	e.check(err)
	for _, code := range []string{"WOA", "POINT"} {
		w, err := e.s.CreateWorkplace(e.ctx, survey.Workplace{StudyID: f.study.ID, Code: code, Name: "Werkplaats " + code})
		e.check(err)
		f.workplaces = append(f.workplaces, w)
	}
	for _, sc := range []struct {
		wp   int
		code string
	}{{0, "WOA-02"}, {1, "POINT-01"}, {0, "WOA-01"}} {
		school, err := e.s.CreateSchool(e.ctx, survey.School{WorkplaceID: f.workplaces[sc.wp].ID, Code: sc.code, Name: "School " + sc.code})
		e.check(err)
		f.schools = append(f.schools, school)
	}
	f.inst = Instrument()
	e.check(e.s.SaveInstrument(e.ctx, f.inst))
	f.round, err = e.s.CreateRound(e.ctx, survey.Round{StudyID: f.study.ID, Name: "2025 najaar",
		InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version, Open: true})
	e.check(err)
	return f
}

// round adds a round of the fixture's instrument.
func (e *env) round(f fixture, name string, open bool) survey.Round {
	e.t.Helper()
	r, err := e.s.CreateRound(e.ctx, survey.Round{StudyID: f.study.ID, Name: name,
		InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version, Open: open})
	e.check(err)
	return r
}

// start starts a response at one of the fixture's schools in its round.
func (e *env) start(f fixture, school int, code string) survey.Response {
	e.t.Helper()
	r, err := e.s.StartResponse(e.ctx, survey.Response{RoundID: f.round.ID, SchoolID: f.schools[school].ID, RespondentCode: code})
	e.check(err)
	return r
}

// answer saves a numeric answer.
func (e *env) answer(responseID, item string, n int) {
	e.t.Helper()
	e.check(e.s.SaveAnswer(e.ctx, responseID, survey.Answer{ItemID: item, Value: survey.Num(n)}, nil, ""))
}

// answers returns a response's answers by item id.
func (e *env) answers(responseID string) map[string]survey.Value {
	e.t.Helper()
	as, err := e.s.Answers(e.ctx, responseID)
	e.check(err)
	m := map[string]survey.Value{}
	for _, a := range as {
		if _, dup := m[a.ItemID]; dup {
			e.t.Errorf("response %s: item %s answered twice", responseID, a.ItemID)
		}
		m[a.ItemID] = a.Value
	}
	return m
}

// scanAll reads every record that f selects.
func (e *env) scanAll(f survey.ResponseFilter) []survey.ResponseRecord {
	e.t.Helper()
	var out []survey.ResponseRecord
	e.check(e.s.ScanResponses(e.ctx, f, func(r survey.ResponseRecord) error {
		out = append(out, r)
		return nil
	}))
	return out
}

// codes returns the respondent codes of the records that f selects, in
// scan order.
func (e *env) codes(f survey.ResponseFilter) []string {
	e.t.Helper()
	var out []string
	for _, r := range e.scanAll(f) {
		out = append(out, r.Response.RespondentCode)
	}
	return out
}

// definitions returns what a data package of the study would bring.
func (e *env) definitions(studyID string) survey.Definitions {
	e.t.Helper()
	var d survey.Definitions
	var err error
	d.Study, err = e.s.Study(e.ctx, studyID)
	e.check(err)
	d.Workplaces, err = e.s.Workplaces(e.ctx, studyID)
	e.check(err)
	d.Schools, err = e.s.Schools(e.ctx, studyID)
	e.check(err)
	d.Rounds, err = e.s.Rounds(e.ctx, studyID)
	e.check(err)
	for _, r := range d.Rounds {
		in, err := e.s.Instrument(e.ctx, r.InstrumentID, r.InstrumentVersion)
		e.check(err)
		if !slices.ContainsFunc(d.Instruments, func(have *survey.Instrument) bool { return have.Key() == in.Key() }) {
			d.Instruments = append(d.Instruments, in)
		}
	}
	return d
}

// pkg is a data package: a study's definitions with its responses.
type pkg struct {
	defs    survey.Definitions
	records []survey.ResponseRecord
}

// export makes a package of the study's definitions and, when asked, its
// responses.
func (e *env) export(studyID string, withResponses bool) pkg {
	e.t.Helper()
	p := pkg{defs: e.definitions(studyID)}
	if withResponses {
		p.records = e.scanAll(survey.ResponseFilter{StudyID: studyID})
	}
	return p
}

// merge merges a package.
func (e *env) merge(p pkg) (survey.MergeResult, error) {
	return e.s.Merge(e.ctx, p.defs, records(p.records, nil))
}

func (e *env) mustMerge(p pkg) survey.MergeResult {
	e.t.Helper()
	res, err := e.merge(p)
	e.check(err)
	return res
}

// records yields recs, then fail when it is not nil.
func records(recs []survey.ResponseRecord, fail error) iter.Seq2[survey.ResponseRecord, error] {
	return func(yield func(survey.ResponseRecord, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
		if fail != nil {
			yield(survey.ResponseRecord{}, fail)
		}
	}
}

// dump is a canonical text of everything a study comparison looks at:
// studies, workplaces, schools, rounds (with their open state), and every
// response with its answers, as the store gives them back.
func (e *env) dump() string {
	e.t.Helper()
	var lines []string
	studies, err := e.s.Studies(e.ctx)
	e.check(err)
	for _, st := range studies {
		lines = append(lines, fmt.Sprintf("study %s %s %q k=%d %d", st.ID, st.Code, st.Title, st.MinGroupSize, st.CreatedAt.UnixNano()))
		wps, err := e.s.Workplaces(e.ctx, st.ID)
		e.check(err)
		for _, w := range wps {
			lines = append(lines, fmt.Sprintf("workplace %s %s %s %q", w.ID, w.StudyID, w.Code, w.Name))
		}
		schools, err := e.s.Schools(e.ctx, st.ID)
		e.check(err)
		for _, sc := range schools {
			lines = append(lines, fmt.Sprintf("school %s %s %s %q", sc.ID, sc.WorkplaceID, sc.Code, sc.Name))
		}
		rounds, err := e.s.Rounds(e.ctx, st.ID)
		e.check(err)
		for _, r := range rounds {
			lines = append(lines, fmt.Sprintf("round %s %s %q %s@%d open=%v %d", r.ID, r.StudyID, r.Name, r.InstrumentID, r.InstrumentVersion, r.Open, r.CreatedAt.UnixNano()))
		}
	}
	for _, rec := range e.scanAll(survey.ResponseFilter{}) {
		lines = append(lines, recordLine(rec))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// responses is the part of dump that shows responses and answers.
func (e *env) responses() string {
	e.t.Helper()
	var lines []string
	for _, rec := range e.scanAll(survey.ResponseFilter{}) {
		lines = append(lines, recordLine(rec))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// recordLine is one response with its answers as text, with its content
// hash.
func recordLine(rec survey.ResponseRecord) string {
	rec = survey.NormalizedRecord(rec)
	r := rec.Response
	line := fmt.Sprintf("response %s %s %s %s %s %s %s@%d %d %d %s:", r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role,
		r.Status, r.InstrumentID, r.InstrumentVersion, r.StartedAt.UnixNano(), r.FinishedAt.UnixNano(), r.DeviceID)
	for _, a := range rec.Answers {
		line += fmt.Sprintf(" %s=%+v@%d", a.ItemID, a.Value, a.AnsweredAt.UnixNano())
	}
	return fmt.Sprintf("%s %x", line, survey.ContentHash(rec))
}

// sameRecord reports whether got is want as a store gives it back: the
// same content hash (every field, times to the nanosecond, answers in item
// id order) and every time in UTC.
func sameRecord(got, want survey.ResponseRecord) bool {
	if survey.ContentHash(got) != survey.ContentHash(want) {
		return false
	}
	if !inUTC(got.Response.StartedAt) || !inUTC(got.Response.FinishedAt) {
		return false
	}
	for _, a := range got.Answers {
		if !inUTC(a.AnsweredAt) {
			return false
		}
	}
	return true
}

// inUTC reports whether t is zero or in UTC.
func inUTC(t time.Time) bool { return t.IsZero() || t.Location() == time.UTC }

func (e *env) check(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// wantCode fails unless err is a survey error with the given code.
func wantCode(t testing.TB, what string, err error, code string) {
	t.Helper()
	if got := survey.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}

// second returns its second argument: the error of a call that returns a
// value and an error.
func second[T any](_ T, err error) error { return err }

// errStop is a callback's or an iterator's own error.
var errStop = errors.New("storetest: stop here")
