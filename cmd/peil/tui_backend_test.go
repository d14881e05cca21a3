package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"peil/backend"
	"peil/hub"
	"peil/storage"
	"peil/survey"
	"peil/tui"
)

// The terminal interface's backend syncs with the hub the database joined,
// through a real peil serve: a response answered on the laptop waits, and
// after SyncNow it no longer does. A database that joined no hub gets the
// reason, not a sync.
func TestTUIBackendSyncNow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "hub.db")
	peilRun(t, "--db", db, "study", "init", "--code", "monitor", "--title", "Monitor")
	peilRun(t, "--db", db, "workplace", "add", "--code", "WOA", "--name", "Amsterdam")
	peilRun(t, "--db", db, "school", "add", "--workplace", "WOA", "--code", "WOA-01", "--name", "De Regenboog")
	peilRun(t, "--db", db, "round", "open", "--name", "Meting 2026", "--instrument", "collega")
	startHub(t, db, dir)

	st, err := storage.Open(ctx, filepath.Join(dir, "laptop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b tui.Backend = tuiBackend{backend.New(st)}
	if _, err := b.SyncNow(ctx); err == nil || !strings.Contains(err.Error(), "has not joined a hub") {
		t.Fatalf("SyncNow without a hub: %v, want that it has not joined one", err)
	}

	out := peilRun(t, "--db", db, "hub", "enrol", "--role", "device", "--workplace", "WOA", "--no-qr")
	tok, err := hub.ParseToken(regexp.MustCompile(`(?m)^peil1\.\S+$`).FindString(out))
	if err != nil {
		t.Fatalf("enrol printed no token: %v\n%s", err, out)
	}
	bb := backend.New(st)
	c := hub.NewClient(tok)
	if _, err := bb.Join(ctx, c, tok.URL, tok.String(), backend.SyncOptions{Attempts: 1}); err != nil {
		t.Fatalf("join: %v", err)
	}
	c.Close()
	study, err := bb.FindStudy(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	round, err := bb.Round(ctx, study, "Meting 2026")
	if err != nil {
		t.Fatal(err)
	}
	school, err := bb.FindSchool(ctx, study, "WOA-01")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartResponse(ctx, survey.Response{RoundID: round.ID, SchoolID: school.ID, RespondentCode: "T1"}); err != nil {
		t.Fatal(err)
	}
	before, err := b.SyncStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !before.Joined || before.Waiting != 1 {
		t.Fatalf("before the sync: %+v, want joined with 1 waiting", before)
	}
	rep, err := b.SyncNow(ctx)
	if err != nil {
		t.Fatalf("SyncNow: %v", err)
	}
	if rep.Pushed != 1 || rep.Upload.Added != 1 {
		t.Errorf("SyncNow sent %d, the hub added %d; want 1 and 1", rep.Pushed, rep.Upload.Added)
	}
	after, err := b.SyncStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Waiting != 0 || after.LastSync.IsZero() || after.LastError != "" {
		t.Errorf("after the sync: %+v, want nothing waiting, a last sync and no error", after)
	}
}
