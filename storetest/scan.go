package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"peil/survey"
)

// scanFixture is a study whose responses were imported: two rounds (the
// later one closed), three schools, responses complete and in progress,
// with and without answers; and a second study with another instrument.
type scanFixture struct {
	fixture
	later      survey.Round
	other      survey.Study
	otherRound survey.Round
	otherInst  *survey.Instrument
	device     string
	// recs are the records as imported; want the same records as the
	// store gives them back (device id and instrument filled in).
	recs, want []survey.ResponseRecord
}

func (e *env) scanFixture() scanFixture {
	e.t.Helper()
	ctx, s := e.ctx, e.s
	sf := scanFixture{fixture: e.fixture()}
	f := sf.fixture
	sf.later = e.round(f, "2026 najaar", false)
	var err error
	sf.other, err = s.CreateStudy(ctx, survey.Study{Code: "monitor-vo", Title: "Monitor VO"})
	e.check(err)
	wp, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: sf.other.ID, Code: "AAA"})
	e.check(err)
	school, err := s.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "AAA-01"})
	e.check(err)
	sf.otherInst = &survey.Instrument{ID: "collega", Version: 2, Title: survey.Text{survey.Dutch: "Collega"},
		Sections: []survey.Section{{ID: "s", Items: []survey.Item{{ID: "g", Type: survey.Grade}}}}}
	e.check(s.SaveInstrument(ctx, sf.otherInst))
	sf.otherRound, err = s.CreateRound(ctx, survey.Round{StudyID: sf.other.ID, Name: "2025 najaar",
		InstrumentID: sf.otherInst.ID, InstrumentVersion: sf.otherInst.Version, Open: true})
	e.check(err)
	sf.device, err = s.DeviceID(ctx)
	e.check(err)

	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	add := func(round survey.Round, schoolID, code string, status survey.Status, start time.Duration, answers ...survey.Answer) {
		r := survey.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", len(sf.recs)), RoundID: round.ID,
			SchoolID: schoolID, RespondentCode: code, Role: survey.RoleTeacher, Status: status,
			StartedAt: at.Add(start).In(time.FixedZone("CEST", 7200))}
		if status == survey.Complete {
			r.FinishedAt = r.StartedAt.Add(10*time.Minute + time.Nanosecond)
		}
		for i := range answers {
			answers[i].AnsweredAt = r.StartedAt.Add(time.Duration(i+1)*time.Second + time.Duration(i))
		}
		rec := survey.ResponseRecord{Response: r, Answers: answers}
		sf.recs = append(sf.recs, rec)
		want := utcRecord(survey.NormalizedRecord(rec))
		want.Response.DeviceID = sf.device
		want.Response.InstrumentID, want.Response.InstrumentVersion = round.InstrumentID, round.InstrumentVersion
		sf.want = append(sf.want, want)
	}
	// Imported out of order: the scan sorts by round, school code, start.
	// Schools: 0 WOA-02, 1 POINT-01, 2 WOA-01 (workplaces 0 WOA, 1 POINT).
	add(sf.later, f.schools[0].ID, "C1", survey.Complete, 0, survey.Answer{ItemID: "q1", Value: survey.Num(5)})
	add(f.round, f.schools[0].ID, "A2", survey.Complete, time.Minute,
		survey.Answer{ItemID: "q2", Value: survey.Num(1)}, survey.Answer{ItemID: "q1", Value: survey.DontKnowValue()})
	add(f.round, f.schools[1].ID, "B1", survey.InProgress, 2*time.Minute,
		survey.Answer{ItemID: "who", Value: survey.ChoicesValue(1, 2)}, survey.Answer{ItemID: "know", Value: survey.Num(1)})
	add(f.round, f.schools[2].ID, "A1", survey.Complete, 3*time.Minute,
		survey.Answer{ItemID: "remarks", Value: survey.TextValue("goed; \x1e\x1f \"één ü ✓\"\nregel 2")},
		survey.Answer{ItemID: "years", Value: survey.Num(0)})
	add(f.round, f.schools[0].ID, "A3", survey.Complete, 4*time.Minute) // no answers
	add(f.round, f.schools[0].ID, "A0", survey.InProgress, -time.Minute, survey.Answer{ItemID: "q1", Value: survey.Num(2)})
	add(sf.otherRound, school.ID, "X1", survey.Complete, 0, survey.Answer{ItemID: "g", Value: survey.Num(8)})
	// The first record names its device and instrument itself.
	sf.recs[0].Response.DeviceID = "laptop-7"
	sf.want[0].Response.DeviceID = "laptop-7"
	sf.recs[0].Response.InstrumentID, sf.recs[0].Response.InstrumentVersion = f.inst.ID, f.inst.Version

	n, err := s.ImportResponses(ctx, sf.recs)
	e.check(err)
	if n != len(sf.recs) {
		e.t.Fatalf("ImportResponses added %d of %d", n, len(sf.recs))
	}
	return sf
}

// utcRecord returns rec with its times in UTC, as a store gives them back.
func utcRecord(rec survey.ResponseRecord) survey.ResponseRecord {
	utc := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.UTC()
	}
	rec.Response.StartedAt, rec.Response.FinishedAt = utc(rec.Response.StartedAt), utc(rec.Response.FinishedAt)
	rec.Answers = slices.Clone(rec.Answers)
	for i := range rec.Answers {
		rec.Answers[i].AnsweredAt = utc(rec.Answers[i].AnsweredAt)
	}
	return rec
}

// byID returns the wanted records by response id.
func (sf scanFixture) byID() map[string]survey.ResponseRecord {
	m := map[string]survey.ResponseRecord{}
	for _, r := range sf.want {
		m[r.Response.ID] = r
	}
	return m
}

// testScanResponses: records come back as imported, ordered by round,
// school code and start time, selected by every field of the filter.
func testScanResponses(t *testing.T, o Opener) {
	e := newEnv(t, o)
	sf := e.scanFixture()
	f := sf.fixture
	all := []string{"B1", "A1", "A0", "A2", "A3", "C1"}
	tests := []struct {
		name   string
		filter survey.ResponseFilter
		want   []string
	}{
		{"everything", survey.ResponseFilter{}, append(all, "X1")},
		{"one study", survey.ResponseFilter{StudyID: f.study.ID}, all},
		{"the other study", survey.ResponseFilter{StudyID: sf.other.ID}, []string{"X1"}},
		{"a missing study", survey.ResponseFilter{StudyID: "none"}, nil},
		{"complete only", survey.ResponseFilter{StudyID: f.study.ID, CompleteOnly: true}, []string{"A1", "A2", "A3", "C1"}},
		{"one round", survey.ResponseFilter{RoundIDs: []string{sf.later.ID}}, []string{"C1"}},
		{"two rounds, given in the other order", survey.ResponseFilter{RoundIDs: []string{sf.later.ID, f.round.ID}}, all},
		{"rounds of two studies", survey.ResponseFilter{RoundIDs: []string{sf.otherRound.ID, sf.later.ID}}, []string{"C1", "X1"}},
		{"a round and a study it is not in", survey.ResponseFilter{StudyID: sf.other.ID, RoundIDs: []string{sf.later.ID}}, nil},
		{"one school", survey.ResponseFilter{SchoolIDs: []string{f.schools[2].ID}}, []string{"A1"}},
		{"two schools", survey.ResponseFilter{SchoolIDs: []string{f.schools[0].ID, f.schools[1].ID}}, []string{"B1", "A0", "A2", "A3", "C1"}},
		{"one workplace", survey.ResponseFilter{WorkplaceIDs: []string{f.workplaces[1].ID}}, []string{"B1"}},
		{"the other workplace", survey.ResponseFilter{WorkplaceIDs: []string{f.workplaces[0].ID}}, []string{"A1", "A0", "A2", "A3", "C1"}},
		{"the instrument", survey.ResponseFilter{InstrumentID: f.inst.ID}, all},
		{"the other instrument", survey.ResponseFilter{InstrumentID: sf.otherInst.ID}, []string{"X1"}},
		{"a missing instrument", survey.ResponseFilter{InstrumentID: "none"}, nil},
		{"every field", survey.ResponseFilter{StudyID: f.study.ID, RoundIDs: []string{f.round.ID}, SchoolIDs: []string{f.schools[0].ID, f.schools[2].ID},
			WorkplaceIDs: []string{f.workplaces[0].ID}, InstrumentID: f.inst.ID, CompleteOnly: true}, []string{"A1", "A2", "A3"}},
		{"a school and a workplace it is not in", survey.ResponseFilter{SchoolIDs: []string{f.schools[1].ID}, WorkplaceIDs: []string{f.workplaces[0].ID}}, nil},
	}
	for _, tt := range tests {
		for _, variant := range []struct {
			name   string
			change func(*survey.ResponseFilter)
		}{
			{"", func(*survey.ResponseFilter) {}},
			{", without answers", func(f *survey.ResponseFilter) { f.WithoutAnswers = true }},
			{", answers lent", func(f *survey.ResponseFilter) { f.LendAnswers = true }},
		} {
			filter := tt.filter
			variant.change(&filter)
			if got := e.codes(filter); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s%s: got %v, want %v", tt.name, variant.name, got, tt.want)
			}
		}
	}

	// Records come back as imported: every field, times to the
	// nanosecond in UTC, answers by item id.
	want := sf.byID()
	got := e.scanAll(survey.ResponseFilter{})
	for _, rec := range got {
		if w := want[rec.Response.ID]; !sameRecord(rec, w) {
			t.Errorf("scanned %s\nwant    %s", recordLine(rec), recordLine(w))
		}
		for i := 1; i < len(rec.Answers); i++ {
			if rec.Answers[i-1].ItemID >= rec.Answers[i].ItemID {
				t.Errorf("response %s: answers not ordered by item id: %+v", rec.Response.RespondentCode, rec.Answers)
			}
		}
	}
	// The records a scan gave are the caller's to keep (without
	// LendAnswers): a second scan does not change them.
	kept := make([]string, len(got))
	for i, rec := range got {
		kept[i] = recordLine(rec)
	}
	e.scanAll(survey.ResponseFilter{})
	for i, rec := range got {
		if recordLine(rec) != kept[i] {
			t.Errorf("a record changed after its scan: %s, was %s", recordLine(rec), kept[i])
		}
	}

	// LendAnswers gives the same records, as long as fn looks at them
	// before it returns.
	lent := 0
	e.check(e.s.ScanResponses(e.ctx, survey.ResponseFilter{LendAnswers: true}, func(r survey.ResponseRecord) error {
		lent++
		if w := want[r.Response.ID]; !sameRecord(r, w) {
			t.Errorf("LendAnswers: %s\nwant %s", recordLine(r), recordLine(w))
		}
		return nil
	}))
	if lent != len(want) {
		t.Errorf("LendAnswers scanned %d responses, want %d", lent, len(want))
	}

	// WithoutAnswers gives the same responses, no answers.
	bare := e.scanAll(survey.ResponseFilter{WithoutAnswers: true})
	if len(bare) != len(want) {
		t.Fatalf("WithoutAnswers scanned %d responses, want %d", len(bare), len(want))
	}
	for _, r := range bare {
		if r.Answers != nil {
			t.Errorf("WithoutAnswers: response %s came with %d answers", r.Response.RespondentCode, len(r.Answers))
		}
		if w := want[r.Response.ID].Response; r.Response != w {
			t.Errorf("WithoutAnswers: response %+v, want %+v", r.Response, w)
		}
	}
}

// testScanStops: fn's error stops the scan and comes back; so does the
// end of the scan's context.
func testScanStops(t *testing.T, o Opener) {
	e := newEnv(t, o)
	e.scanFixture()
	calls := 0
	err := e.s.ScanResponses(e.ctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error { calls++; return errStop })
	if !errors.Is(err, errStop) || calls != 1 {
		t.Errorf("ScanResponses = %v after %d calls, want the callback's error after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	err = e.s.ScanResponses(ctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error { cancel(); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ScanResponses whose context ended = %v, want context.Canceled", err)
	}
	err = e.s.ScanResponses(ctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error {
		t.Error("ScanResponses with an ended context called fn")
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ScanResponses with an ended context = %v, want context.Canceled", err)
	}
	// The store reads on as before.
	if n := len(e.scanAll(survey.ResponseFilter{})); n != 7 {
		t.Errorf("a scan after the stopped ones read %d responses, want 7", n)
	}
}

// testImportResponses: importing is idempotent by response id, all or
// nothing, and refuses what a round cannot hold.
func testImportResponses(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	sf := e.scanFixture()
	before := e.dump()
	// Again: nothing added, nothing changed.
	n, err := s.ImportResponses(ctx, sf.recs)
	e.check(err)
	if n != 0 {
		t.Errorf("a second import added %d", n)
	}
	// A response already here is left as it is, even with other content.
	changed := sf.recs[1]
	changed.Answers = []survey.Answer{{ItemID: "q1", Value: survey.Num(1), AnsweredAt: changed.Response.StartedAt}}
	n, err = s.ImportResponses(ctx, []survey.ResponseRecord{changed})
	e.check(err)
	if n != 0 {
		t.Errorf("importing a response already here added %d", n)
	}
	if n, err := s.ImportResponses(ctx, nil); err != nil || n != 0 {
		t.Errorf("importing nothing = %d, %v", n, err)
	}
	if after := e.dump(); after != before {
		t.Errorf("importing again changed the store:\n%s\n---\n%s", before, after)
	}

	// An empty id is assigned; an answer without a time was given at the
	// start.
	anon := survey.ResponseRecord{Response: survey.Response{RoundID: sf.later.ID, SchoolID: sf.schools[1].ID, RespondentCode: "ANON",
		Status: survey.InProgress, StartedAt: t0}, Answers: []survey.Answer{{ItemID: "q1", Value: survey.Num(2)}}}
	n, err = s.ImportResponses(ctx, []survey.ResponseRecord{anon})
	e.check(err)
	got, err := s.ResponseFor(ctx, sf.later.ID, "ANON")
	if n != 1 || err != nil || got.ID == "" || got.DeviceID != sf.device || got.InstrumentID != sf.inst.ID {
		t.Errorf("import without an id = %d; stored %+v, %v", n, got, err)
	}
	if as, err := s.Answers(ctx, got.ID); err != nil || len(as) != 1 || !as[0].Value.Equal(survey.Num(2)) || as[0].AnsweredAt != t0 {
		t.Errorf("answers of the import without an id = %+v, %v; want q1 = 2 at %v", as, err, t0)
	}
	before = e.dump()

	base := survey.Response{RoundID: sf.round.ID, SchoolID: sf.schools[0].ID, RespondentCode: "NEW",
		Status: survey.Complete, StartedAt: t0, FinishedAt: t0.Add(time.Minute)}
	good := survey.ResponseRecord{Response: base}
	good.Response.ID = "11111111-0000-4000-8000-000000000000"
	tests := []struct {
		name string
		bad  func(r *survey.ResponseRecord)
		code string
	}{
		{"code already used in the round", func(r *survey.ResponseRecord) { r.Response.RespondentCode = "A1" }, survey.ECONFLICT},
		{"code used twice in the import", func(r *survey.ResponseRecord) { r.Response.RespondentCode = "NEW" }, survey.ECONFLICT},
		{"complete without finish", func(r *survey.ResponseRecord) { r.Response.FinishedAt = time.Time{} }, survey.EINVALID},
		{"in progress with a finish", func(r *survey.ResponseRecord) { r.Response.Status = survey.InProgress }, survey.EINVALID},
		{"unknown status", func(r *survey.ResponseRecord) { r.Response.Status = "half" }, survey.EINVALID},
		{"no start time", func(r *survey.ResponseRecord) { r.Response.StartedAt = time.Time{} }, survey.EINVALID},
		{"no respondent code", func(r *survey.ResponseRecord) { r.Response.RespondentCode = "" }, survey.EINVALID},
		{"unknown round", func(r *survey.ResponseRecord) { r.Response.RoundID = "x" }, survey.ENOTFOUND},
		{"unknown school", func(r *survey.ResponseRecord) { r.Response.SchoolID = "x" }, survey.ENOTFOUND},
		{"school of another study", func(r *survey.ResponseRecord) { r.Response.RoundID = sf.otherRound.ID }, survey.EINVALID},
		{"other instrument version", func(r *survey.ResponseRecord) {
			r.Response.InstrumentID, r.Response.InstrumentVersion = sf.inst.ID, 9
		}, survey.EINVALID},
		{"item answered twice", func(r *survey.ResponseRecord) {
			r.Answers = []survey.Answer{{ItemID: "q1", Value: survey.Num(1)}, {ItemID: "q1", Value: survey.Num(2)}}
		}, survey.EINVALID},
		{"answer without an item", func(r *survey.ResponseRecord) {
			r.Answers = []survey.Answer{{Value: survey.Num(1)}}
		}, survey.EINVALID},
	}
	for _, tt := range tests {
		bad := survey.ResponseRecord{Response: base}
		bad.Response.ID = "22222222-0000-4000-8000-000000000000"
		bad.Response.RespondentCode = "NEW2"
		tt.bad(&bad)
		// The good record goes first: the error must undo it too.
		n, err := s.ImportResponses(ctx, []survey.ResponseRecord{good, bad})
		wantCode(t, tt.name, err, tt.code)
		if n != 0 {
			t.Errorf("%s: a failed import says it added %d", tt.name, n)
		}
		if _, err := s.Response(ctx, good.Response.ID); !survey.IsNotFound(err) {
			t.Errorf("%s: the good record was kept after the error: %v", tt.name, err)
		}
	}
	if after := e.dump(); after != before {
		t.Errorf("failed imports changed the store:\n%s\n---\n%s", before, after)
	}
	// The good record alone goes in.
	if n, err := s.ImportResponses(ctx, []survey.ResponseRecord{good}); err != nil || n != 1 {
		t.Errorf("importing the good record = %d, %v", n, err)
	}
}
