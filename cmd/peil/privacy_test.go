package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
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

// TestExportPseudonymsByDefault: peil export writes pseudonyms and dates
// unless asked otherwise; the pseudonyms come from a key kept with the
// study, so two rounds exported apart link the same people as the clear
// codes do; --pseudonymize is still accepted and changes nothing.
func TestExportPseudonymsByDefault(t *testing.T) {
	db, _ := exampleDB(t)
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	studies, _ := st.Studies(ctx)
	rounds, err := st.Rounds(ctx, studies[0].ID)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rounds {
		if r.InstrumentID == "cultuursurvey" {
			names = append(names, r.Name)
		}
	}
	if len(names) < 2 {
		t.Fatalf("the example study has culture survey rounds %v; the test needs two", names)
	}
	dir := t.TempDir()
	export := func(name, round string, extra ...string) [][]string {
		t.Helper()
		out := filepath.Join(dir, name)
		args := append([]string{"export", "--format", "csv", "--instrument", "cultuursurvey", "--round", round, "--out", out}, extra...)
		if stdout, stderr, code := peilPkg(t, db, args...); code != 0 {
			t.Fatalf("peil %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	// linked returns the respondents (column 1) of a found in b.
	linked := func(a, b [][]string) int {
		in := map[string]bool{}
		for _, r := range b[1:] {
			in[r[1]] = true
		}
		n := 0
		for _, r := range a[1:] {
			if in[r[1]] {
				n++
			}
		}
		return n
	}
	clear1, clear2 := export("c1.csv", names[0], "--identify", "--exact-times"), export("c2.csv", names[1], "--identify", "--exact-times")
	p1, p2 := export("p1.csv", names[0]), export("p2.csv", names[1])
	if linked(clear1, clear2) == 0 {
		t.Fatal("no respondent answered both rounds; the test proves nothing")
	}
	if got, want := linked(p1, p2), linked(clear1, clear2); got != want {
		t.Errorf("pseudonyms link %d respondents across the rounds, the codes %d", got, want)
	}
	codes := map[string]bool{}
	for _, r := range clear1[1:] {
		codes[r[0]], codes[r[1]] = true, true
	}
	for i, r := range p1[1:] {
		if codes[r[0]] || codes[r[1]] {
			t.Fatalf("row %d of the default export holds a clear id or code: %q", i+1, r[:2])
		}
		if strings.Contains(r[8], ":") || strings.Contains(r[9], ":") || r[8][:10] != clear1[i+1][8][:10] {
			t.Fatalf("row %d: started %q finished %q, want the dates of %q", i+1, r[8], r[9], clear1[i+1][8])
		}
	}
	if again := export("p1b.csv", names[0], "--pseudonymize"); !reflect.DeepEqual(again, p1) {
		t.Error("a second export with --pseudonymize differs from the first: the key is not kept")
	}
	if _, _, code := peilPkg(t, db, "export", "--format", "csv", "--instrument", "cultuursurvey", "--pseudonymize", "--identify", "--out", filepath.Join(dir, "x.csv")); code == 0 {
		t.Error("--pseudonymize --identify was accepted")
	}
}
