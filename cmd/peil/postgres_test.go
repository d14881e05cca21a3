package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peil/postgres/pgtest"
)

// The same commands work on a PostgreSQL database, named by --db, by
// PEIL_DB, or by a file that holds the connection string.
func TestCommandsOnPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"--db", dsn, "demo"}, "Study voorbeeld"},
		{[]string{"--db", dsn, "round", "list", "--json"}, `"name": "Meting 2026"`},
		{[]string{"--db", dsn, "report", "--format", "md", "--out", filepath.Join(dir, "r.md")}, "Wrote the report on cultuursurvey@1"},
		{[]string{"--db", dsn, "export", "--format", "csv", "--instrument", "collega", "--out", filepath.Join(dir, "c.csv")}, "Wrote 502 responses of collega"},
		{[]string{"--db", dsn, "check"}, "is in order"},
	}
	for _, s := range steps {
		out, errOut, code := peil(t, "", "", s.args...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Fatalf("peil %s: exit %d\nstdout %s\nstderr %s\nwant %q", strings.Join(s.args[2:], " "), code, out, errOut, s.want)
		}
		if strings.Contains(out+errOut, dsn) {
			t.Errorf("peil %s printed the connection string", strings.Join(s.args[2:], " "))
		}
	}
	// The interface on the server database (it opens the example-study
	// path on a new SQLite file only): no file named after the
	// connection string appears.
	wd := t.TempDir()
	t.Chdir(wd)
	a := &app{dbFlag: dsn, stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	st, err := a.openStore(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if entries, _ := os.ReadDir(wd); len(entries) != 0 {
		t.Errorf("opening the server database for the interface made %s", entries[0].Name())
	}

	// Backup is pg_dump's work: the error says so and names the command.
	if _, errOut, code := peil(t, "", "", "--db", dsn, "backup", "--out", filepath.Join(dir, "b.db")); code != exitFailed || !strings.Contains(errOut, "pg_dump --format=custom") {
		t.Errorf("backup on PostgreSQL: exit %d, %q", code, errOut)
	}
	// PEIL_DB names the server database too (peil sets it from the db
	// argument).
	if out, errOut, code := peil(t, dsn, "", "study", "list"); code != 0 || !strings.Contains(out, "voorbeeld") {
		t.Errorf("PEIL_DB=%s study list: exit %d %s %s", dsn, code, out, errOut)
	}

	// --db-file: the first line; a file with a password must be private.
	file := filepath.Join(dir, "db.txt")
	if err := os.WriteFile(file, []byte(dsn+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := peil(t, "", "", "--db-file", file, "study", "list"); code != 0 || !strings.Contains(out, "voorbeeld") {
		t.Errorf("--db-file: exit %d %s %s", code, out, errOut)
	}
	secret := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte(dsn+" password=geheim\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := peil(t, "", "", "--db-file", secret, "study", "list"); code == 0 || !strings.Contains(errOut, "chmod 600") || strings.Contains(errOut, "geheim") {
		t.Errorf("--db-file with a readable password: exit %d %q", code, errOut)
	}
}
