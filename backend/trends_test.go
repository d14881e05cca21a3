package backend

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"peil/analysis"
	"peil/demo"
	"peil/instruments"
	"peil/storage"
	"peil/survey"
)

// countingStore counts the rounds whose responses a scan reads.
type countingStore struct {
	survey.Store
	scanned []string
}

func (c *countingStore) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	c.scanned = append(c.scanned, f.RoundIDs...)
	return c.Store.ScanResponses(ctx, f, fn)
}

// The trends dataset comes from the cache while its rounds are unchanged;
// after a change only the changed round is read again; a damaged cache
// only costs a fresh load; and the report is the same either way.
func TestTrendsDatasetCache(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "peil.db")
	st := exampleStore(t, db)
	cs := &countingStore{Store: st}
	b := New(cs)
	s, err := st.StudyByCode(ctx, "voorbeeld")
	if err != nil {
		t.Fatal(err)
	}
	load := func() *TrendsData {
		t.Helper()
		cs.scanned = nil
		td, err := b.TrendsData(ctx, s, "cultuursurvey", "")
		if err != nil {
			t.Fatal(err)
		}
		return td
	}
	reportOf := func(td *TrendsData) string {
		t.Helper()
		rep, err := td.Trends(analysis.WithSplit(analysis.ByRole))
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ready := func() bool {
		t.Helper()
		ok, err := b.TrendsReady(ctx, s.ID, "cultuursurvey")
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	src := sourceOf(t, st, s)
	if ready() {
		t.Fatal("TrendsReady before anything was loaded")
	}
	fresh := load() // made from the responses, and cached
	if len(cs.scanned) != len(src.Rounds) {
		t.Fatalf("the first load read rounds %v, want all %d", cs.scanned, len(src.Rounds))
	}
	if !ready() {
		t.Fatal("not TrendsReady after a load")
	}
	cached := load()
	if len(cs.scanned) != 0 {
		t.Errorf("a load with nothing changed read rounds %v; want none (the cache)", cs.scanned)
	}
	if got, want := reportOf(cached), reportOf(fresh); got != want {
		t.Error("the report from the cached dataset differs from the fresh one")
	}

	// A new complete response in the last round: only that round is read
	// again, and it counts.
	last := src.Rounds[len(src.Rounds)-1].Round
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	_, err = st.ImportResponses(ctx, []survey.ResponseRecord{{
		Response: survey.Response{RoundID: last.ID, SchoolID: src.Schools[0].ID, RespondentCode: "ZZZZ-ZZZZ",
			Status: survey.Complete, StartedAt: at, FinishedAt: at.Add(10 * time.Minute)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if ready() {
		t.Error("TrendsReady right after a change")
	}
	after := load()
	if len(cs.scanned) != 1 || cs.scanned[0] != last.ID {
		t.Errorf("after a change in %s the load read rounds %v; want that round only", last.Name, cs.scanned)
	}
	if got := after.Dataset.Len(); got != fresh.Dataset.Len()+1 {
		t.Errorf("after a new response: %d responses, want %d", got, fresh.Dataset.Len()+1)
	}

	// Damaged cache entries: every part is loaded again, the same.
	if err := damageCache(ctx, db); err != nil {
		t.Fatal(err)
	}
	again := load()
	if len(cs.scanned) != len(src.Rounds) {
		t.Errorf("with a damaged cache the load read rounds %v, want all", cs.scanned)
	}
	if got, want := reportOf(again), reportOf(after); got != want {
		t.Error("after a damaged cache the report differs")
	}
}

// sourceOf is the analysis source TrendsData builds for the culture
// survey of study s.
func sourceOf(t testing.TB, st *storage.Store, s survey.Study) analysis.Source {
	t.Helper()
	ctx := context.Background()
	rounds, err := st.Rounds(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	rounds = slices.DeleteFunc(rounds, func(r survey.Round) bool { return r.InstrumentID != "cultuursurvey" })
	src, err := analysis.ReadSource(ctx, st, s.ID, rounds)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// exampleStore makes a database with the example study at path, as a new
// peil does, and opens it for the test.
func exampleStore(t testing.TB, path string) *storage.Store {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var insts []*survey.Instrument
	for _, id := range []string{"cultuursurvey", "leerkracht-onderzoeker", "collega"} {
		in, err := instruments.Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		insts = append(insts, in)
	}
	if _, err := demo.ExampleStudy(ctx, st, insts...); err != nil {
		t.Fatal(err)
	}
	return st
}

// damageCache overwrites every cache entry's data in the database file at
// path (as a disk error might), keeping the stamps.
func damageCache(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.ExecContext(ctx, `UPDATE cache SET data = x'00ff00'`)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errors.New("no cache entry to damage")
	}
	return nil
}
