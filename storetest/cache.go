package storetest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"peil/survey"
)

// testRoundChanges: every change to a round's complete responses (a
// completion, an import or a merge of a complete response) moves the
// round's counter up, and only its counter. Changes to responses in
// progress may move it or not: datasets hold complete responses only, and
// a store that leaves the counter alone saves a page per answer.
func testRoundChanges(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	other := e.round(f, "2026 voorjaar", true)
	rounds := []string{f.round.ID, other.ID, "unknown"}
	counters := func() []int64 {
		t.Helper()
		n, err := s.RoundChanges(ctx, rounds)
		e.check(err)
		if len(n) != len(rounds) {
			t.Fatalf("RoundChanges gave %d counters for %d rounds", len(n), len(rounds))
		}
		return n
	}
	if n, err := s.RoundChanges(ctx, nil); err != nil || len(n) != 0 {
		t.Errorf("RoundChanges of no rounds = %v, %v", n, err)
	}
	last := counters()
	if !slices.Equal(last, []int64{0, 0, 0}) {
		t.Fatalf("counters of new rounds = %v, want zeros", last)
	}
	var r survey.Response
	merged := version(f, "cccc0000-0000-4000-8000-000000000001", "MERGED", t0.Add(time.Minute), time.Time{}, 1)
	// counts says the step changes a complete response: the counter must
	// go up. The others may move it.
	steps := []struct {
		name   string
		counts bool
		change func()
	}{
		{"a new response", false, func() { r = e.start(f, 0, "A1") }},
		{"an answer", false, func() { e.answer(r.ID, "q1", 4) }},
		{"an answer replaced", false, func() { e.answer(r.ID, "q1", 5) }},
		{"a role", false, func() {
			e.check(s.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: "role", Value: survey.Num(2)}, []string{"q1"}, survey.RoleSENCo))
		}},
		{"an answer deleted", false, func() { e.check(s.DeleteAnswer(ctx, r.ID, "role", nil)) }},
		{"a completion", true, func() { e.check(s.CompleteResponse(ctx, r.ID, time.Time{})) }},
		{"an import", true, func() {
			_, err := s.ImportResponses(ctx, []survey.ResponseRecord{{Response: survey.Response{
				ID: "44444444-0000-4000-8000-000000000000", RoundID: f.round.ID, SchoolID: f.schools[2].ID,
				RespondentCode: "A3", Status: survey.Complete, StartedAt: t0, FinishedAt: t0}}})
			e.check(err)
		}},
		{"a merged new response in progress", false, func() {
			res, err := s.Merge(ctx, e.definitions(f.study.ID), records([]survey.ResponseRecord{merged}, nil))
			e.check(err)
			if res.Added != 1 {
				t.Fatalf("merge: %+v", res)
			}
		}},
		{"a merged newer version, complete", true, func() {
			newer := version(f, merged.Response.ID, "MERGED", t0.Add(time.Hour), t0.Add(2*time.Hour), 2)
			res, err := s.Merge(ctx, e.definitions(f.study.ID), records([]survey.ResponseRecord{newer}, nil))
			e.check(err)
			if len(res.Conflicts) != 1 || res.Conflicts[0].Kept != survey.KeptIncoming {
				t.Fatalf("merge: %+v", res)
			}
		}},
		{"a merged new complete response", true, func() {
			done := version(f, "cccc0000-0000-4000-8000-000000000002", "DONE", t0.Add(time.Minute), t0.Add(3*time.Minute), 3)
			res, err := s.Merge(ctx, e.definitions(f.study.ID), records([]survey.ResponseRecord{done}, nil))
			e.check(err)
			if res.Added != 1 {
				t.Fatalf("merge: %+v", res)
			}
		}},
		{"a response completed in a round closed and opened", true, func() {
			e.check(s.SetRoundOpen(ctx, f.round.ID, false))
			e.check(s.SetRoundOpen(ctx, f.round.ID, true))
			r4 := e.start(f, 1, "A4")
			e.check(s.CompleteResponse(ctx, r4.ID, time.Time{}))
		}},
	}
	for _, st := range steps {
		st.change()
		now := counters()
		if st.counts && now[0] <= last[0] {
			t.Errorf("%s: the round's counter is %d, was %d: the change was not counted", st.name, now[0], last[0])
		}
		if now[1] != last[1] || now[2] != 0 {
			t.Errorf("%s: other rounds' counters moved: %v, were %v", st.name, now, last)
		}
		last = now
	}
	// A change to the other round moves its counter only.
	b1, err := s.StartResponse(ctx, survey.Response{RoundID: other.ID, SchoolID: f.schools[0].ID, RespondentCode: "B1"})
	if err != nil {
		t.Fatal(err)
	}
	e.check(s.CompleteResponse(ctx, b1.ID, time.Time{}))
	if now := counters(); now[0] != last[0] || now[1] <= last[1] {
		t.Errorf("a response in the other round: counters %v, were %v", now, last)
	}
	// The same rounds asked twice, in another order.
	n, err := s.RoundChanges(ctx, []string{other.ID, f.round.ID, other.ID})
	e.check(err)
	if now := counters(); !slices.Equal(n, []int64{now[1], now[0], now[1]}) {
		t.Errorf("RoundChanges in another order = %v, want %v", n, []int64{now[1], now[0], now[1]})
	}
}

// testCache: an entry comes back only with the stamp it was cached with;
// a stamp made from RoundChanges no longer matches after a change.
func testCache(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	if got, ok, err := s.Cached(ctx, "k", "stamp-1"); err != nil || ok || got != nil {
		t.Errorf("Cached before anything was cached = %q, %v, %v; want nothing", got, ok, err)
	}
	data := []byte("columns\x00\xff binary")
	e.check(s.Cache(ctx, "k", "stamp-1", data))
	if got, ok, err := s.Cached(ctx, "k", "stamp-1"); err != nil || !ok || !bytes.Equal(got, data) {
		t.Errorf("Cached(stamp-1) = %q, %v, %v; want %q", got, ok, err, data)
	}
	if got, ok, err := s.Cached(ctx, "k", "stamp-2"); err != nil || ok || got != nil {
		t.Errorf("Cached with another stamp = %q, %v, %v; want nothing", got, ok, err)
	}
	if _, ok, err := s.Cached(ctx, "other key", "stamp-1"); err != nil || ok {
		t.Errorf("Cached under another key = %v, %v; want nothing", ok, err)
	}
	e.check(s.Cache(ctx, "k", "stamp-2", []byte("newer")))
	if got, ok, err := s.Cached(ctx, "k", "stamp-2"); err != nil || !ok || string(got) != "newer" {
		t.Errorf("the entry was not replaced: %q, %v, %v", got, ok, err)
	}
	if _, ok, err := s.Cached(ctx, "k", "stamp-1"); err != nil || ok {
		t.Errorf("the replaced entry still comes back under its old stamp: %v, %v", ok, err)
	}
	e.check(s.Cache(ctx, "empty", "s", []byte{}))
	if got, ok, err := s.Cached(ctx, "empty", "s"); err != nil || !ok || len(got) != 0 {
		t.Errorf("empty entry = %q, %v, %v; want an empty entry", got, ok, err)
	}

	// The stale-stamp rule, as a dataset cache uses it.
	stamp := func() string {
		n, err := s.RoundChanges(ctx, []string{f.round.ID})
		e.check(err)
		return fmt.Sprint(n)
	}
	before := stamp()
	e.check(s.Cache(ctx, "dataset", before, []byte("old")))
	nr := e.start(f, 0, "NEW1")
	e.check(s.CompleteResponse(ctx, nr.ID, time.Time{}))
	after := stamp()
	if after == before {
		t.Fatalf("the stamp %s did not change with a new complete response", after)
	}
	if _, ok, err := s.Cached(ctx, "dataset", after); err != nil || ok {
		t.Errorf("a dataset cached before a change came back after it: %v, %v", ok, err)
	}
}

// testMaintenance: Check finds nothing wrong in a store used as peil uses
// it, and changes nothing; Backup writes a file or says it cannot.
func testMaintenance(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	sf := e.scanFixture()
	r := e.start(sf.fixture, 1, "LIVE-0001")
	e.answer(r.ID, "q1", 2)
	e.check(s.CompleteResponse(ctx, r.ID, time.Time{}))
	before := e.dump()

	res, err := s.Check(ctx)
	e.check(err)
	if !res.OK() {
		t.Errorf("Check found damage in a healthy store: %+v", res)
	}
	if n, err := s.RepairPacked(ctx); err != nil || n != 0 {
		t.Errorf("RepairPacked of a healthy store = %d, %v; want 0", n, err)
	}
	path := filepath.Join(t.TempDir(), "backup")
	switch err := s.Backup(ctx, path); {
	case err == nil:
		if info, err := os.Stat(path); err != nil || info.Size() == 0 {
			t.Errorf("Backup returned no error but wrote no file: %v", err)
		}
	case survey.ErrorCode(err) != survey.EINVALID:
		t.Errorf("Backup = %v; a store that cannot back up says so with an EINVALID error", err)
	}
	if after := e.dump(); after != before {
		t.Errorf("Check, RepairPacked or Backup changed the store:\n%s\n---\n%s", before, after)
	}
	// The store goes on.
	e.answer(e.start(sf.fixture, 2, "LIVE-0002").ID, "q1", 3)
}
