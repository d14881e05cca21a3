package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// importFixture imports responses to two rounds (the fixture's open one
// and a closed later one) at three schools: one in progress, one without
// answers.
func importFixture(t *testing.T) (*fixtureStore, []survey.ResponseRecord) {
	t.Helper()
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	later, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "2026 najaar",
		InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version, Open: false})
	check(t, err)
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	var recs []survey.ResponseRecord
	add := func(round survey.Round, school int, code string, status survey.Status, answers ...survey.Answer) {
		r := survey.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", len(recs)), RoundID: round.ID,
			SchoolID: f.schools[school].ID, RespondentCode: code, Role: survey.RoleTeacher, Status: status,
			StartedAt: at.Add(time.Duration(len(recs)) * time.Minute)}
		if status == survey.Complete {
			r.FinishedAt = r.StartedAt.Add(10 * time.Minute)
		}
		for i := range answers {
			answers[i].AnsweredAt = r.StartedAt.Add(time.Duration(i+1) * time.Second)
		}
		recs = append(recs, survey.ResponseRecord{Response: r, Answers: answers})
	}
	// Added out of order: the scan sorts by round, school code, start.
	add(later, 0, "C1", survey.Complete, survey.Answer{ItemID: "q1", Value: survey.Num(5)})
	add(f.round, 0, "A2", survey.Complete, survey.Answer{ItemID: "q2", Value: survey.Num(1)}, survey.Answer{ItemID: "q1", Value: survey.DontKnowValue()})
	add(f.round, 1, "B1", survey.InProgress, survey.Answer{ItemID: "who", Value: survey.ChoicesValue(1, 2)})
	add(f.round, 2, "A1", survey.Complete, survey.Answer{ItemID: "remarks", Value: survey.TextValue("goed; \x1e\x1f \"één ü ✓\"\nregel 2")}, survey.Answer{ItemID: "years", Value: survey.Num(0)})
	add(f.round, 0, "A3", survey.Complete) // no answers
	n, err := s.ImportResponses(ctx, recs)
	check(t, err)
	if n != len(recs) {
		t.Fatalf("imported %d of %d", n, len(recs))
	}
	if err := storage.CheckPacked(ctx, s); err != nil {
		t.Fatalf("after importing: %v", err)
	}
	return &fixtureStore{s, f, later}, recs
}

type fixtureStore struct {
	*storage.Store
	f     fixture
	later survey.Round
}

func scan(t *testing.T, s *storage.Store, f survey.ResponseFilter) []string {
	t.Helper()
	var out []string
	check(t, s.ScanResponses(context.Background(), f, func(r survey.ResponseRecord) error {
		out = append(out, r.Response.RespondentCode)
		return nil
	}))
	return out
}

func TestScanResponsesOrderAndFilters(t *testing.T) {
	fs, recs := importFixture(t)
	f := fs.f
	// Schools: 0 WOA-02, 1 POINT-01, 2 WOA-01 (WOA workplace 0, POINT 1).
	tests := []struct {
		name   string
		filter survey.ResponseFilter
		want   []string
	}{
		{"all of the study", survey.ResponseFilter{StudyID: f.study.ID}, []string{"B1", "A1", "A2", "A3", "C1"}},
		{"complete only", survey.ResponseFilter{StudyID: f.study.ID, CompleteOnly: true}, []string{"A1", "A2", "A3", "C1"}},
		{"one round", survey.ResponseFilter{RoundIDs: []string{fs.later.ID}}, []string{"C1"}},
		{"two schools", survey.ResponseFilter{SchoolIDs: []string{f.schools[0].ID, f.schools[1].ID}}, []string{"B1", "A2", "A3", "C1"}},
		{"one workplace", survey.ResponseFilter{WorkplaceIDs: []string{f.workplaces[1].ID}}, []string{"B1"}},
		{"other instrument", survey.ResponseFilter{InstrumentID: "collega"}, nil},
		{"other study", survey.ResponseFilter{StudyID: "none"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scan(t, fs.Store, tt.filter); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	// Records come back as imported: every field, answers by item id.
	byID := map[string]survey.ResponseRecord{}
	check(t, fs.ScanResponses(context.Background(), survey.ResponseFilter{}, func(r survey.ResponseRecord) error {
		byID[r.Response.ID] = r
		return nil
	}))
	device, err := fs.DeviceID(context.Background())
	check(t, err)
	for _, want := range recs {
		want.Response.DeviceID = device
		want.Response.InstrumentID, want.Response.InstrumentVersion = f.inst.ID, f.inst.Version
		if len(want.Answers) == 2 && want.Answers[0].ItemID > want.Answers[1].ItemID {
			want.Answers[0], want.Answers[1] = want.Answers[1], want.Answers[0]
		}
		got := byID[want.Response.ID]
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("scanned %+v\nwant    %+v", got, want)
		}
	}

	// LendAnswers gives the same answers, as long as fn looks at them
	// before it returns (the memory is reused: no answer may carry over
	// to the next response).
	lent := 0
	check(t, fs.ScanResponses(context.Background(), survey.ResponseFilter{LendAnswers: true}, func(r survey.ResponseRecord) error {
		lent++
		if got, want := fmt.Sprint(r), fmt.Sprint(byID[r.Response.ID]); got != want {
			t.Errorf("LendAnswers: %s\nwant %s", got, want)
		}
		return nil
	}))
	if lent != len(recs) {
		t.Errorf("LendAnswers scanned %d responses, want %d", lent, len(recs))
	}

	// WithoutAnswers gives the same responses in the same order, no answers.
	var bare []survey.ResponseRecord
	check(t, fs.ScanResponses(context.Background(), survey.ResponseFilter{WithoutAnswers: true}, func(r survey.ResponseRecord) error {
		bare = append(bare, r)
		return nil
	}))
	if len(bare) != len(recs) {
		t.Fatalf("WithoutAnswers scanned %d responses, want %d", len(bare), len(recs))
	}
	for _, r := range bare {
		if r.Answers != nil {
			t.Errorf("WithoutAnswers: response %s came with %d answers", r.Response.ID, len(r.Answers))
		}
		if got := byID[r.Response.ID].Response; !reflect.DeepEqual(got, r.Response) {
			t.Errorf("WithoutAnswers: response %+v, want %+v", r.Response, got)
		}
	}

	// fn's error stops the scan and comes back as is.
	stop := fmt.Errorf("enough")
	calls := 0
	err = fs.ScanResponses(context.Background(), survey.ResponseFilter{}, func(survey.ResponseRecord) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("ScanResponses = %v after %d calls, want the callback's error after 1", err, calls)
	}
}

func TestImportResponsesIdempotentAndAtomic(t *testing.T) {
	ctx := context.Background()
	fs, recs := importFixture(t)
	// Again: nothing added, nothing changed.
	n, err := fs.ImportResponses(ctx, recs)
	check(t, err)
	if n != 0 {
		t.Errorf("second import added %d", n)
	}
	if got := scan(t, fs.Store, survey.ResponseFilter{}); len(got) != len(recs) {
		t.Errorf("%d responses after a second import, want %d", len(got), len(recs))
	}

	base := survey.Response{RoundID: fs.f.round.ID, SchoolID: fs.f.schools[0].ID, RespondentCode: "NEW",
		Status: survey.Complete, StartedAt: time.Now(), FinishedAt: time.Now()}
	good := survey.ResponseRecord{Response: base}
	good.Response.ID = "11111111-0000-4000-8000-000000000000"
	tests := []struct {
		name string
		bad  func(r *survey.ResponseRecord)
		code string
	}{
		{"code already used in the round", func(r *survey.ResponseRecord) { r.Response.RespondentCode = "A1" }, survey.ECONFLICT},
		{"complete without finish", func(r *survey.ResponseRecord) { r.Response.FinishedAt = time.Time{} }, survey.EINVALID},
		{"unknown round", func(r *survey.ResponseRecord) { r.Response.RoundID = "x" }, survey.ENOTFOUND},
		{"other instrument version", func(r *survey.ResponseRecord) {
			r.Response.InstrumentID, r.Response.InstrumentVersion = fs.f.inst.ID, 9
		}, survey.EINVALID},
		{"item answered twice", func(r *survey.ResponseRecord) {
			r.Answers = []survey.Answer{{ItemID: "q1", Value: survey.Num(1)}, {ItemID: "q1", Value: survey.Num(2)}}
		}, survey.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := survey.ResponseRecord{Response: base}
			bad.Response.ID = "22222222-0000-4000-8000-000000000000"
			bad.Response.RespondentCode = "NEW2"
			tt.bad(&bad)
			// The good record goes first: the error must undo it too.
			_, err := fs.ImportResponses(ctx, []survey.ResponseRecord{good, bad})
			wantCode(t, err, tt.code)
			if _, err := fs.Response(ctx, good.Response.ID); !survey.IsNotFound(err) {
				t.Errorf("the good record was kept after the error: %v", err)
			}
		})
	}
}

func TestTargets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	check(t, s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "kennisproduct", MeasureID: "cijfer", Value: 7.5}))
	check(t, s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "s1", Value: 3}))
	check(t, s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "s1", Value: 3.5}))
	got, err := s.Targets(ctx, f.study.ID)
	check(t, err)
	want := []survey.Target{
		{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "s1", Value: 3.5},
		{StudyID: f.study.ID, InstrumentID: "kennisproduct", MeasureID: "cijfer", Value: 7.5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets = %+v, want %+v", got, want)
	}
	wantCode(t, s.SetTarget(ctx, survey.Target{StudyID: "none", InstrumentID: "x", MeasureID: "y", Value: 1}), survey.ENOTFOUND)
	wantCode(t, s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "x", Value: 1}), survey.EINVALID)
}

// A scan of several batches stops when its context ends (and says so) or
// its callback fails, and leaves no reader behind; a second scan of the
// same store reads all.
func TestScanResponsesCancelled(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	var recs []survey.ResponseRecord
	for i := range 2750 { // six batches: more than the reader may read ahead
		recs = append(recs, survey.ResponseRecord{
			Response: survey.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), RoundID: f.round.ID,
				SchoolID: f.schools[i%3].ID, RespondentCode: fmt.Sprintf("R%04d", i), Status: survey.Complete,
				StartedAt: at.Add(time.Duration(i) * time.Second), FinishedAt: at.Add(time.Hour)},
			Answers: []survey.Answer{{ItemID: "q1", Value: survey.Num(1 + i%5), AnsweredAt: at}},
		})
	}
	_, err := s.ImportResponses(ctx, recs)
	check(t, err)

	before := runtime.NumGoroutine()
	cctx, cancel := context.WithCancel(ctx)
	calls := 0
	err = s.ScanResponses(cctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error {
		calls++
		if calls == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled scan: error %v after %d responses, want context.Canceled", err, calls)
	}
	if calls >= len(recs) {
		t.Errorf("the cancelled scan went on to the end (%d responses)", calls)
	}
	// The callback's error stops the scan the same way.
	stop := errors.New("enough")
	calls = 0
	err = s.ScanResponses(ctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error {
		if calls++; calls == 10 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 10 {
		t.Errorf("stopped scan: error %v after %d responses, want the callback's error after 10", err, calls)
	}
	// database/sql ends its own goroutine of the transaction a moment
	// after the scan returns; the reader must be gone by then too.
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		runtime.Gosched()
	}
	if after > before {
		t.Errorf("%d goroutines after the scan, %d before: the reader was left running", after, before)
	}
	if got := scan(t, s, survey.ResponseFilter{}); len(got) != len(recs) {
		t.Errorf("a second scan read %d responses, want %d", len(got), len(recs))
	}
}
