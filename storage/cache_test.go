package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// Every way a round's complete responses change moves its counter, and
// only its counter; changes to responses in progress, which no dataset
// holds, move none; a cache entry comes back only with the stamp it was
// saved with.
func TestRoundChangesAndCache(t *testing.T) {
	ctx := context.Background()
	T0 := time.Date(2025, 11, 4, 10, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "peil.db")
	s := openAt(t, path)
	f := mustFixture(t, s)
	other, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "2026 voorjaar",
		InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version, Open: true})
	check(t, err)
	rounds := []string{f.round.ID, other.ID, "unknown"}
	counters := func() []int64 {
		t.Helper()
		n, err := s.RoundChanges(ctx, rounds)
		check(t, err)
		return n
	}
	last := counters()
	if last[0] != 0 || last[1] != 0 || last[2] != 0 {
		t.Fatalf("counters of new rounds = %v, want zeros", last)
	}
	r := start(t, s, f, 0, "A1")
	steps := []struct {
		name    string
		change  func()
		counted bool
	}{
		{"start", func() { start(t, s, f, 1, "A2") }, false},
		{"save", func() { check(t, s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "q1", Value: survey.Num(4)}, nil, "")) }, false},
		{"delete", func() { check(t, s.DeleteAnswer(ctx, r.ID, "q1", nil)) }, false},
		{"import in progress", func() {
			_, err := s.ImportResponses(ctx, []survey.ResponseRecord{{Response: survey.Response{
				ID: "55555555-0000-4000-8000-000000000000", RoundID: f.round.ID, SchoolID: f.schools[2].ID,
				RespondentCode: "A4", Status: survey.InProgress, StartedAt: T0}}})
			check(t, err)
		}, false},
		{"complete", func() { check(t, s.CompleteResponse(ctx, r.ID, T0)) }, true},
		{"import", func() {
			_, err := s.ImportResponses(ctx, []survey.ResponseRecord{{Response: survey.Response{
				ID: "44444444-0000-4000-8000-000000000000", RoundID: f.round.ID, SchoolID: f.schools[2].ID,
				RespondentCode: "A3", Status: survey.Complete, StartedAt: T0, FinishedAt: T0}}})
			check(t, err)
		}, true},
	}
	for _, st := range steps {
		st.change()
		now := counters()
		if st.counted && now[0] <= last[0] {
			t.Errorf("%s: round counter %d, was %d: the change was not counted", st.name, now[0], last[0])
		}
		if !st.counted && now[0] != last[0] {
			t.Errorf("%s: round counter %d, was %d: a change to a response in progress was counted", st.name, now[0], last[0])
		}
		if now[1] != last[1] || now[2] != 0 {
			t.Errorf("%s: other counters moved: %v, were %v", st.name, now, last)
		}
		last = now
	}

	data := []byte("columns")
	check(t, s.Cache(ctx, "k", "stamp-1", data))
	if got, ok, err := s.Cached(ctx, "k", "stamp-1"); err != nil || !ok || !bytes.Equal(got, data) {
		t.Errorf("Cached(stamp-1) = %q, %v, %v; want %q", got, ok, err, data)
	}
	if _, ok, err := s.Cached(ctx, "k", "stamp-2"); err != nil || ok {
		t.Errorf("Cached with another stamp = %v, %v; want nothing", ok, err)
	}
	check(t, s.Cache(ctx, "k", "stamp-2", []byte("newer")))
	if got, ok, _ := s.Cached(ctx, "k", "stamp-2"); !ok || string(got) != "newer" {
		t.Errorf("the cache entry was not replaced: %q, %v", got, ok)
	}
	if _, ok, _ := s.Cached(ctx, "none", "stamp-2"); ok {
		t.Error("Cached found an entry never saved")
	}
	// Only the most recently saved entries are kept.
	for i := range 40 {
		check(t, s.Cache(ctx, fmt.Sprintf("extra %02d", i), "s", []byte("x")))
	}
	if _, ok, _ := s.Cached(ctx, "k", "stamp-2"); ok {
		t.Error("the oldest entry was kept after 40 newer ones")
	}
	for _, k := range []string{"extra 39", "extra 08"} {
		if _, ok, _ := s.Cached(ctx, k, "s"); !ok {
			t.Errorf("entry %s, one of the 32 newest, was forgotten", k)
		}
	}
	if _, ok, _ := s.Cached(ctx, "extra 07", "s"); ok {
		t.Error("entry extra 07, the 33rd newest, was kept")
	}
	check(t, s.Cache(ctx, "k", "stamp-2", []byte("newer")))
	s.Close()

	ro, err := storage.Open(ctx, path, storage.WithReadOnly())
	check(t, err)
	defer ro.Close()
	check(t, ro.Cache(ctx, "k", "stamp-3", []byte("x"))) // keeps nothing, no error
	if got, ok, _ := ro.Cached(ctx, "k", "stamp-2"); !ok || string(got) != "newer" {
		t.Errorf("read-only store: cache entry %q, %v", got, ok)
	}
}
