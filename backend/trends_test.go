package backend

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"peil/analysis"
	"peil/demo"
	"peil/instruments"
	"peil/storage"
	"peil/survey"
)

// The trends dataset comes from the cache while its rounds are unchanged,
// is made again after any change, and a damaged cache entry only costs a
// fresh load.
func TestTrendsDatasetCache(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "peil.db")
	st := exampleStore(t, db)
	s, err := st.StudyByCode(ctx, "voorbeeld")
	if err != nil {
		t.Fatal(err)
	}
	b := New(st)
	load := func() *TrendsData {
		t.Helper()
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

	fresh := load() // made from the responses, and cached
	src := sourceOf(t, st, s)
	key, stamp, err := b.datasetStamp(ctx, s, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := st.Cached(ctx, key, stamp); err != nil || !ok {
		t.Fatalf("no cache entry after loading: %v", err)
	}
	if got, want := reportOf(load()), reportOf(fresh); got != want {
		t.Error("the report from the cached dataset differs from the fresh one")
	}

	// The cache is really read: an entry with the right stamp but other
	// columns (none) is what the next load gives.
	empty, err := src.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Cache(ctx, key, stamp, empty.AppendColumns(nil)); err != nil {
		t.Fatal(err)
	}
	if n := load().Dataset.Len(); n != 0 {
		t.Fatalf("loaded %d responses; the cache entry (none) was not used", n)
	}

	// A damaged entry: loaded from the responses again.
	if err := st.Cache(ctx, key, stamp, []byte("damaged")); err != nil {
		t.Fatal(err)
	}
	if got := load().Dataset.Len(); got != fresh.Dataset.Len() {
		t.Fatalf("after a damaged cache entry: %d responses, want %d", got, fresh.Dataset.Len())
	}

	// A new response in the last round changes the stamp.
	last := src.Rounds[len(src.Rounds)-1].Round
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	_, err = st.ImportResponses(ctx, []survey.ResponseRecord{{
		Response: survey.Response{RoundID: last.ID, SchoolID: src.Schools[0].ID, RespondentCode: "ZZZZ-ZZZZ",
			Status: survey.Complete, StartedAt: at, FinishedAt: at.Add(10 * time.Minute)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := load().Dataset.Len(); got != fresh.Dataset.Len()+1 {
		t.Errorf("after a new response: %d responses, want %d", got, fresh.Dataset.Len()+1)
	}
}

// sourceOf is the analysis source TrendsData builds for the culture
// survey of study s.
func sourceOf(t testing.TB, st *storage.Store, s survey.Study) analysis.Source {
	t.Helper()
	ctx := context.Background()
	var src analysis.Source
	rounds, err := st.Rounds(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rounds {
		if r.InstrumentID != "cultuursurvey" {
			continue
		}
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		if err != nil {
			t.Fatal(err)
		}
		src.Rounds = append(src.Rounds, analysis.RoundSource{Round: r, Instrument: in})
	}
	if src.Workplaces, err = st.Workplaces(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if src.Schools, err = st.Schools(ctx, s.ID); err != nil {
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
