package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// mustPeil runs peil and fails the test unless it succeeds and prints want.
func mustPeil(t *testing.T, db string, want string, args ...string) string {
	t.Helper()
	out, errOut, code := peil(t, db, "", args...)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("peil %s: exit %d\nstdout: %s\nstderr: %s\nwant stdout containing %q", strings.Join(args, " "), code, out, errOut, want)
	}
	return out
}

// TestPackageRoundTrip: the researcher sets up a study and makes a key;
// a laptop is set up from a setup package, collects answers and exports an
// encrypted package; the researcher imports it twice: the second time adds
// nothing.
func TestPackageRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	hq, laptop := filepath.Join(dir, "hq.db"), filepath.Join(dir, "laptop.db")
	mustPeil(t, hq, "Created study", "study", "init", "--code", "monitor-po", "--title", "Monitor PO")
	mustPeil(t, hq, "Added workplace", "workplace", "add", "--code", "WOA", "--name", "Werkplaats Amsterdam")
	mustPeil(t, hq, "Added school", "school", "add", "--workplace", "WOA", "--code", "WOA-01", "--name", "De Regenboog")
	mustPeil(t, hq, "Created and opened", "round", "open", "--name", "Meting 2026", "--instrument", "cultuursurvey")
	key := filepath.Join(dir, "researcher.key")
	out := mustPeil(t, hq, "Public key", "key", "generate", "--out", key)
	public := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n"):])
	if !strings.HasPrefix(public, "age1") {
		t.Fatalf("public key %q", public)
	}
	if info, err := os.Stat(key); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", info, err)
	}
	setup := filepath.Join(dir, "setup.peil")
	mustPeil(t, hq, "the setup of study monitor-po", "package", "export", "--setup", "--out", setup)
	mustPeil(t, laptop, "0 new", "package", "import", setup)

	// Two respondents answer on the laptop.
	st, err := storage.Open(ctx, laptop)
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.StudyByCode(ctx, "monitor-po")
	if err != nil {
		t.Fatal(err)
	}
	rounds, _ := st.Rounds(ctx, s.ID)
	schools, _ := st.Schools(ctx, s.ID)
	for _, code := range []string{"K7MQ-4XA", "ABCD-EFG"} {
		r, err := st.StartResponse(ctx, survey.Response{RoundID: rounds[0].ID, SchoolID: schools[0].ID, RespondentCode: code})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CompleteResponse(ctx, r.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	pkg := filepath.Join(dir, "school-x.peil")
	mustPeil(t, laptop, "Wrote 2 responses (2 complete) from 1 schools to "+pkg+" (encrypted for age1", "package", "export", "--to", public, "--out", pkg)
	data, err := os.ReadFile(pkg)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"K7MQ-4XA", "monitor-po", "De Regenboog"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the encrypted package shows %q", secret)
		}
	}
	if out, _, code := peil(t, hq, "", "package", "import", pkg); code == 0 || !strings.Contains(out, "encrypted") {
		t.Errorf("import without key: exit %d, %s", code, out)
	}
	mustPeil(t, hq, "2 new, 0 already here, 0 conflicts", "package", "import", "--identity", key, pkg)
	mustPeil(t, hq, "0 new, 2 already here, 0 conflicts", "package", "import", "--identity", key, pkg)
	mustPeil(t, hq, "WOA-01", "package", "import", "--identity", key, pkg)

	// Since the last export, nothing changed on the laptop.
	mustPeil(t, laptop, "Wrote 0 responses", "package", "export", "--since-last", "--out", filepath.Join(dir, "again.peil"))

	// A cut-short package: a clear error, nothing imported.
	cut := filepath.Join(dir, "cut.peil")
	os.WriteFile(cut, data[:len(data)/2], 0o600)
	out, errOut, code := peil(t, hq, "", "package", "import", "--identity", key, cut)
	if code == 0 || !(strings.Contains(out, "incomplete") || strings.Contains(out, "damaged")) || !strings.Contains(errOut, "1 of 1 packages were not imported") {
		t.Errorf("cut package: exit %d\n%s\n%s", code, out, errOut)
	}

	// Backup of the live database.
	copyPath := filepath.Join(dir, "copy.db")
	mustPeil(t, hq, "Wrote a copy", "backup", "--out", copyPath)
	if info, err := os.Stat(copyPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v, %v", info, err)
	}
	mustPeil(t, copyPath, "Meting 2026  cultuursurvey@1  open   2", "round", "list")
}

func TestCodesSheet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "peil.db")
	mustPeil(t, db, "Created study", "study", "init", "--code", "m", "--title", "M")
	mustPeil(t, db, "Added workplace", "workplace", "add", "--code", "WOA", "--name", "W")
	mustPeil(t, db, "Added school", "school", "add", "--workplace", "WOA", "--code", "WOA-01", "--name", "De Regenboog")
	sheet := filepath.Join(dir, "codes.txt")
	mustPeil(t, db, "Wrote 20 codes for De Regenboog", "codes", "--school", "woa-01", "--count", "20", "--out", sheet)
	b, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if c, ok := strings.CutPrefix(line, "  Uw code:  "); ok {
			if _, err := survey.ParseRespondentCode(c); err != nil {
				t.Errorf("code %q on the sheet does not pass its check: %v", c, err)
			}
			seen[c] = true
		}
	}
	if len(seen) != 20 {
		t.Errorf("%d different codes, want 20", len(seen))
	}
	if n := strings.Count(text, "bewaar deze code: u heeft hem volgend jaar weer nodig"); n != 20 {
		t.Errorf("%d reminders, want one per slip", n)
	}
	if n := strings.Count(text, "  De Regenboog\n"); n != 20 {
		t.Errorf("school name on %d slips, want 20", n)
	}
	if n := strings.Count(text, "vel "); n != 3 {
		t.Errorf("%d groups, want 3 (8 + 8 + 4)", n)
	}
	if _, errOut, code := peil(t, db, "", "codes", "--school", "nope"); code == 0 || !strings.Contains(errOut, `no school "nope"`) {
		t.Errorf("unknown school: %d %s", code, errOut)
	}
	if _, errOut, code := peil(t, db, "", "codes", "--school", "WOA-01", "--format", "pdf"); code == 0 || !strings.Contains(errOut, "as text") {
		t.Errorf("pdf: %d %s", code, errOut)
	}
}
