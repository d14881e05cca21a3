package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"peil/storage"
	"peil/storetest"
	"peil/survey"
)

// clock returns a deterministic clock that ticks one second per call.
func clock() func() time.Time {
	t := time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// openStore opens a new database in a temporary folder and closes it when
// the test ends.
func openStore(t testing.TB) *storage.Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "peil.db"))
}

func openAt(t testing.TB, path string, opts ...storage.Option) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), path, append([]storage.Option{storage.WithNow(clock())}, opts...)...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testInstrument has an item of every type, a condition and a scale: the
// store contract's.
func testInstrument() *survey.Instrument { return storetest.Instrument() }

// fixture is a study with two workplaces, three schools and an open round.
type fixture struct {
	study      survey.Study
	workplaces []survey.Workplace // WOA, POINT
	schools    []survey.School    // WOA-01, WOA-02, POINT-01
	inst       *survey.Instrument
	round      survey.Round
}

func mustFixture(t testing.TB, s *storage.Store) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	var err error
	f.study, err = s.CreateStudy(ctx, survey.Study{Code: "monitor-po", Title: "Monitor PO"})
	check(t, err)
	// Created out of code order, to show that lists are sorted.
	for _, code := range []string{"WOA", "POINT"} {
		w, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: f.study.ID, Code: code, Name: "Werkplaats " + code})
		check(t, err)
		f.workplaces = append(f.workplaces, w)
	}
	for _, sc := range []struct {
		wp   int
		code string
	}{{0, "WOA-02"}, {1, "POINT-01"}, {0, "WOA-01"}} {
		school, err := s.CreateSchool(ctx, survey.School{WorkplaceID: f.workplaces[sc.wp].ID, Code: sc.code, Name: "School " + sc.code})
		check(t, err)
		f.schools = append(f.schools, school)
	}
	f.inst = testInstrument()
	check(t, s.SaveInstrument(ctx, f.inst))
	f.round, err = s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "2025 najaar",
		InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version, Open: true})
	check(t, err)
	return f
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err is a survey error with the given code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := survey.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
