package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleDB returns a new database with the example study.
func exampleDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "peil.db")
	if err := createWithExample(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestUsageErrorsExitTwo(t *testing.T) {
	db := exampleDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"exprot"}, "Did you mean this?\n\texport"},
		{[]string{"studdy", "list"}, "Did you mean this?\n\tstudy"},
		{[]string{"export", "--frmat", "sav"}, "unknown flag: --frmat"},
		{[]string{"study", "init", "--code", "x"}, `required flag(s) "title" not set`},
		{[]string{"study", "list", "extra"}, `unknown command "extra"`},
		{[]string{"report"}, "say where to write the report with --out FILE"},
		{[]string{"instrument", "show"}, "accepts 1 arg(s), received 0"},
	} {
		out, errOut, code := peil(t, db, "", tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("peil %s: exit %d (want %d)\nstdout %q\nstderr %q, want it to contain %q", strings.Join(tc.args, " "), code, exitUsage, out, errOut, tc.want)
		}
	}
	// A failure that is not a usage error still exits 1.
	if _, errOut, code := peil(t, db, "", "round", "close", "--name", "no such round"); code != exitFailed || !strings.Contains(errOut, `has no round "no such round"`) {
		t.Errorf("round close of an unknown round: exit %d, %q", code, errOut)
	}
}

func TestVersionFlag(t *testing.T) {
	out, _, code := peil(t, "", "", "--version")
	if code != 0 || !strings.HasPrefix(out, "peil ") {
		t.Errorf("peil --version: exit %d, %q", code, out)
	}
}

func TestJSONLists(t *testing.T) {
	db := exampleDB(t)
	for _, tc := range []struct {
		args []string
		into any
		ok   func(v any) bool
	}{
		{[]string{"study", "list", "--json"}, &[]map[string]any{}, func(v any) bool {
			l := *v.(*[]map[string]any)
			return len(l) == 1 && l[0]["code"] == "voorbeeld"
		}},
		{[]string{"workplace", "list", "--json"}, &[]map[string]any{}, func(v any) bool {
			l := *v.(*[]map[string]any)
			return len(l) == 4 && len(l[0]["schools"].([]any)) > 0
		}},
		{[]string{"round", "list", "--json"}, &[]map[string]any{}, func(v any) bool {
			l := *v.(*[]map[string]any)
			return len(l) == 9 && l[0]["complete"].(float64) > 0
		}},
		{[]string{"instrument", "list", "--json"}, &[]map[string]any{}, func(v any) bool {
			l := *v.(*[]map[string]any)
			return len(l) >= 4 && l[0]["id"] != ""
		}},
	} {
		out, errOut, code := peil(t, db, "", tc.args...)
		if code != 0 {
			t.Fatalf("peil %s: exit %d: %s", strings.Join(tc.args, " "), code, errOut)
		}
		if err := json.Unmarshal([]byte(out), tc.into); err != nil || !tc.ok(tc.into) {
			t.Errorf("peil %s: %v\n%s", strings.Join(tc.args, " "), err, out)
		}
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("id: x\nversion: 1\nsections: nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := peil(t, db, "", "instrument", "check", "--json", bad)
	var res []struct {
		File     string
		OK       bool
		Problems []struct {
			Line    int
			Message string
		}
	}
	if code != exitFailed || json.Unmarshal([]byte(out), &res) != nil || len(res) != 1 || res[0].OK || len(res[0].Problems) == 0 || res[0].Problems[0].Message == "" {
		t.Errorf("instrument check --json of a bad file: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestOutDashAndOutNeverReplacesALink(t *testing.T) {
	db := exampleDB(t)
	out, errOut, code := peil(t, db, "", "report", "--format", "md", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "# ") {
		t.Errorf("report --out -: exit %d, %q...; %s", code, out[:min(len(out), 80)], errOut)
	}
	out, _, code = peil(t, db, "", "export", "--format", "csv", "--instrument", "cultuursurvey", "--out", "-")
	if code != 0 || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "respondent") {
		t.Errorf("export --out -: exit %d, %q", code, out[:min(len(out), 200)])
	}

	dir := t.TempDir()
	target := filepath.Join(dir, "target.txt")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"report", "--format", "md", "--out", link},
		{"export", "--format", "csv", "--instrument", "cultuursurvey", "--out", link},
		{"codes", "--school", "WOA-01", "--out", link},
		{"backup", "--out", link},
	} {
		_, errOut, code := peil(t, db, "", args...)
		if code == 0 || !strings.Contains(errOut, "is a symbolic link") {
			t.Errorf("peil %s onto a symlink: exit %d, %q", strings.Join(args, " "), code, errOut)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("peil %s replaced the symlink", strings.Join(args, " "))
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Errorf("the symlink's target changed: %q", b)
	}
}

func TestDBInAMissingFolder(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "no-such-folder", "peil.db")
	_, errOut, code := peil(t, db, "", "study", "list")
	if code == 0 || !strings.Contains(errOut, "does not exist") {
		t.Errorf("study list on a database in a missing folder: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "no-such-folder")); !os.IsNotExist(err) {
		t.Error("the missing folder was made")
	}
}

// The README's example exports a database with three instruments: each
// gets its own file.
func TestExportEveryInstrument(t *testing.T) {
	db := exampleDB(t)
	out := filepath.Join(t.TempDir(), "monitor.sav")
	stdout, errOut, code := peil(t, db, "", "export", "--format", "sav", "--out", out)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	for _, id := range []string{"cultuursurvey", "leerkracht-onderzoeker", "collega"} {
		file := strings.TrimSuffix(out, ".sav") + "-" + id + ".sav"
		fi, err := os.Stat(file)
		if err != nil || fi.Size() == 0 || !strings.Contains(stdout, file) {
			t.Errorf("no export of %s in %s: %v\n%s", id, file, err, stdout)
		}
	}
}

func TestCompletionOfFlagValues(t *testing.T) {
	db := exampleDB(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "export", "--format", ""}, []string{"sav", "dta", "csv", "xlsx", "codebook"}},
		{[]string{"__complete", "report", "--format", ""}, []string{"html", "md"}},
		{[]string{"__complete", "kiosk", "--round", ""}, []string{"Meting 2026"}},
		{[]string{"__complete", "kiosk", "--school", ""}, []string{"WOA-01", "KWP-01"}},
		{[]string{"__complete", "export", "--study", ""}, []string{"voorbeeld"}},
		{[]string{"__complete", "export", "--workplace", ""}, []string{"WOA", "POINT"}},
	} {
		out, errOut, code := peil(t, db, "", tc.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", tc.args, code, errOut)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("peil %s: %q lacks %q", strings.Join(tc.args, " "), out, w)
			}
		}
	}
}

func TestWrittenFilesArePrivate(t *testing.T) {
	db := exampleDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"codes", "--school", "WOA-01", "--out"}, "codes.txt"},
		{[]string{"report", "--format", "md", "--out"}, "rapport.md"},
		{[]string{"export", "--format", "csv", "--instrument", "collega", "--out"}, "data.csv"},
	} {
		file := filepath.Join(dir, tc.file)
		if _, errOut, code := peil(t, db, "", append(tc.args, file)...); code != 0 {
			t.Fatalf("%v: %s", tc.args, errOut)
		}
		fi, err := os.Stat(file)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", tc.file, fi.Mode().Perm(), err)
		}
	}
}

// The example files the README names exist and do what it says.
func TestREADMEExampleFiles(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"docs/examples/mine.yaml", "docs/examples/form.xlsx"} {
		if !strings.Contains(string(readme), f) {
			t.Errorf("README no longer names %s: update this test", f)
		}
	}
	mine := filepath.Join("..", "..", "docs", "examples", "mine.yaml")
	if out, errOut, code := peil(t, "", "", "instrument", "check", mine); code != 0 || !strings.Contains(out, "ok (") {
		t.Errorf("instrument check %s: exit %d %s %s", mine, code, out, errOut)
	}
	form := filepath.Join("..", "..", "docs", "examples", "form.xlsx")
	if out, errOut, code := peil(t, "", "", "instrument", "import", form); code != 0 || !strings.Contains(out, "id: ") {
		t.Errorf("instrument import %s: exit %d %s %s", form, code, out, errOut)
	}
}
