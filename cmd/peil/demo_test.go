package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"peil/backend"
	"peil/storage"
)

// TestDemoCommand runs peil demo on a new database, then again, which must
// refuse to make a second demo study.
func TestDemoCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	run := func() (string, error) {
		return runCommand(context.Background(), path, "", (*app).demoCmd, "--seed", "3")
	}
	out, err := run()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Study voorbeeld", "4 workplaces, 42 schools, 9 rounds"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q does not say %q", out, want)
		}
	}
	st, err := storage.Open(context.Background(), path, storage.WithReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.StudyByCode(context.Background(), "voorbeeld")
	if err != nil {
		t.Fatal(err)
	}
	// The trends are ready before anyone asks: the culture survey's
	// dataset is cached.
	if ok, err := backend.New(st).TrendsReady(context.Background(), s.ID, "cultuursurvey"); err != nil || !ok {
		t.Errorf("the demo's trends dataset is not cached (%v)", err)
	}
	st.Close()
	if _, err := run(); err == nil || !strings.Contains(err.Error(), "already has a demo study") {
		t.Errorf("second run: %v, want a refusal", err)
	}
}
