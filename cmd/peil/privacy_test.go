package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peil/storage"
)

// exampleDB makes a database with the example study and returns its path
// and the code of one of its schools.
func exampleDB(t *testing.T) (db, school string) {
	t.Helper()
	ctx := context.Background()
	db = filepath.Join(t.TempDir(), "peil.db")
	if err := createWithExample(ctx, db); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	studies, err := st.Studies(ctx)
	if err != nil || len(studies) == 0 {
		t.Fatalf("studies %v, %v", studies, err)
	}
	schools, err := st.Schools(ctx, studies[0].ID)
	if err != nil || len(schools) == 0 {
		t.Fatalf("schools %v, %v", schools, err)
	}
	return db, schools[0].Code
}

// TestWrittenFilesArePrivate: code sheets, reports and exports hold
// codes or figures of small groups; only their owner may read them, also
// when a file of the same name was there before, readable by all.
func TestWrittenFilesArePrivate(t *testing.T) {
	db, school := exampleDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		file string
		args []string
	}{
		{"codes.txt", []string{"codes", "--school", school, "--count", "3"}},
		{"rapport.md", []string{"report", "--format", "md"}},
		{"rapport.html", []string{"report"}},
		{"data.csv", []string{"export", "--format", "csv", "--instrument", "cultuursurvey"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			out := filepath.Join(dir, tc.file)
			for _, existing := range []bool{false, true} {
				if existing {
					if err := os.Chmod(out, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				args := append(append([]string{}, tc.args...), "--out", out)
				if stdout, stderr, code := peilPkg(t, db, args...); code != 0 {
					t.Fatalf("peil %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
				}
				fi, err := os.Stat(out)
				if err != nil {
					t.Fatal(err)
				}
				if perm := fi.Mode().Perm(); perm != 0o600 {
					t.Errorf("%s (existing %v) has mode %v, want -rw-------", tc.file, existing, perm)
				}
			}
		})
	}
}
