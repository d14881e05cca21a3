package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/storage"
	"peil/tui"
)

// peil runs the command line in-process against the database db and
// returns what it printed and its exit code.
func peil(t *testing.T, db string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := func(k string) string {
		switch k {
		case "PEIL_DB":
			return db
		case "HOME":
			return t.TempDir()
		}
		return ""
	}
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut, env)
	return out.String(), errOut.String(), code
}

// runCommand runs one command, made by mk on an app for the database db
// in the language lang, with args, and returns what it wrote (standard
// output and error together) and its error.
func runCommand(ctx context.Context, db, lang string, mk func(*app) *cobra.Command, args ...string) (string, error) {
	var out bytes.Buffer
	a := &app{dbFlag: db, lang: lang, stdout: &out, stderr: &out, getenv: func(string) string { return "" }}
	cmd := mk(a)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	err := cmd.ExecuteContext(ctx)
	return out.String(), err
}

func TestScriptedSetup(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.db")
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"study", "init", "--code", "monitor-po", "--title", "Monitor PO"}, "Created study monitor-po"},
		{[]string{"workplace", "add", "--code", "WOA", "--name", "Werkplaats Onderwijsonderzoek Amsterdam"}, "Added workplace WOA"},
		{[]string{"school", "add", "--workplace", "woa", "--code", "WOA-01", "--name", "De Regenboog"}, "Added school WOA-01"},
		{[]string{"round", "open", "--name", "Meting 2026", "--instrument", "cultuursurvey"}, "Created and opened round \"Meting 2026\" with cultuursurvey@1"},
		{[]string{"round", "close", "--name", "meting 2026"}, "Round \"Meting 2026\" is closed."},
		{[]string{"round", "open", "--name", "Meting 2026"}, "Round \"Meting 2026\" is open."},
		{[]string{"round", "list"}, "Meting 2026  cultuursurvey@1  open"},
		{[]string{"workplace", "list"}, "WOA-01"},
		{[]string{"study", "list"}, "monitor-po"},
	}
	for _, s := range steps {
		out, errOut, code := peil(t, db, "", s.args...)
		if code != 0 || !strings.Contains(out, s.want) {
			t.Fatalf("peil %s: exit %d\nstdout: %s\nstderr: %s\nwant stdout containing %q", strings.Join(s.args, " "), code, out, errOut, s.want)
		}
	}
	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("database mode = %v, want 0600", perm)
	}
}

func TestSetupErrorsAreClear(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"workplace", "add", "--code", "WOA", "--name", "x"}, "this database has no study yet"},
		{[]string{"study", "init", "--code", "a", "--title", "A", "--min-group", "2"}, "--min-group must be at least 3"},
		{[]string{"study", "init", "--code", "a"}, `required flag(s) "title" not set`},
		{[]string{"round", "open", "--study", "nope", "--name", "x"}, `there is no study "nope"`},
		{[]string{"--lang", "fr", "instrument", "list"}, `unknown language "fr"`},
		{[]string{"instrument", "show", "onbekend"}, "onbekend"},
	}
	for _, c := range cases {
		_, errOut, code := peil(t, db, "", c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("peil %s: exit %d, stderr %q; want a failure mentioning %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
	// A second study makes --study necessary.
	peil(t, db, "", "study", "init", "--code", "a", "--title", "A")
	peil(t, db, "", "study", "init", "--code", "b", "--title", "B")
	_, errOut, code := peil(t, db, "", "round", "list")
	if code == 0 || !strings.Contains(errOut, "several studies (a, b); say which with --study") {
		t.Errorf("round list with two studies: exit %d, %q", code, errOut)
	}
}

func TestInstrumentCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	out, _, code := peil(t, "", "", "instrument", "show", "collega", "--yaml")
	if code != 0 {
		t.Fatalf("show --yaml failed: %s", out)
	}
	if err := os.WriteFile(good, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	broken := strings.Replace(out, "type: likert", "type: likret", 1)
	if broken == out {
		t.Fatal("test setup: the colleague questionnaire has no likert item to break")
	}
	if err := os.WriteFile(bad, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = peil(t, "", "", "instrument", "check", good)
	if code != 0 || !strings.Contains(out, "good.yaml: ok (collega@1") {
		t.Errorf("check good: exit %d, %q", code, out)
	}
	// show takes a file as round open and export do
	out, _, code = peil(t, "", "", "instrument", "show", good)
	if code != 0 || !strings.HasPrefix(out, "collega — ") {
		t.Errorf("show of a file: exit %d, %q", code, out)
	}
	out, errOut, code := peil(t, "", "", "instrument", "check", good, bad)
	if code != 1 || !strings.Contains(errOut, "bad.yaml:") || !strings.Contains(errOut, `did you mean "likert"?`) || !strings.Contains(errOut, "1 of 2 files have problems") || strings.Contains(out, "bad.yaml") {
		t.Errorf("check bad: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
}

func TestKioskPIN(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.db")
	if _, errOut, code := peil(t, db, "12\n", "kiosk", "pin"); code == 0 {
		t.Errorf("a two-digit PIN was accepted: %s", errOut)
	}
	for _, weak := range []string{"0000", "1234", "87654"} {
		if _, errOut, code := peil(t, db, weak+"\n", "kiosk", "pin"); code == 0 || !strings.Contains(errOut, "choose another") {
			t.Errorf("the weak PIN %s: exit %d, %s", weak, code, errOut)
		}
	}
	if out, errOut, code := peil(t, db, "4821\n", "kiosk", "pin"); code != 0 || !strings.Contains(out, "The PIN is set.") {
		t.Fatalf("kiosk pin: exit %d, %s %s", code, out, errOut)
	}
	st, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, ok, err := st.Setting(context.Background(), tui.SettingPINHash)
	if err != nil || !ok || strings.Contains(h, "4821") {
		t.Errorf("PIN hash setting = %q, %v, %v; want a hash that does not contain the PIN", h, ok, err)
	}
}

func TestFirstRunCreatesExampleStudy(t *testing.T) {
	// The default database, in a data folder that does not exist yet.
	home := t.TempDir()
	db := filepath.Join(home, "peil", "peil.db")
	a := &app{getenv: func(k string) string {
		if k == "XDG_DATA_HOME" {
			return home
		}
		return ""
	}}
	st, err := a.openStore(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	studies, err := st.Studies(context.Background())
	if err != nil || len(studies) != 1 || studies[0].Code != "voorbeeld" {
		t.Fatalf("studies = %+v, %v; want the example study", studies, err)
	}
	wps, _ := st.Workplaces(context.Background(), studies[0].ID)
	rounds, _ := st.Rounds(context.Background(), studies[0].ID)
	if len(wps) != 4 || len(rounds) == 0 || !rounds[len(rounds)-1].Open {
		t.Fatalf("example study has %d workplaces and rounds %+v; want 4 workplaces and an open latest round", len(wps), rounds)
	}
	counts, err := st.ResponseCounts(context.Background(), rounds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	complete := 0
	for _, c := range counts {
		complete += c.Complete
	}
	if complete == 0 {
		t.Error("the example study's first round has no responses: a newcomer would see empty trends")
	}
	if _, err := os.Stat(db + ".new"); !os.IsNotExist(err) {
		t.Errorf("the temporary file of the first run is still there: %v", err)
	}
}

func TestDefaultDBPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG layout applies on Linux")
	}
	env := map[string]string{"HOME": "/home/juf", "XDG_DATA_HOME": ""}
	got, err := defaultDBPath(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join("/home/juf", ".local", "share", "peil", "peil.db") {
		t.Errorf("default path = %s", got)
	}
	env["XDG_DATA_HOME"] = "/data"
	if got, _ := defaultDBPath(func(k string) string { return env[k] }); got != filepath.Join("/data", "peil", "peil.db") {
		t.Errorf("with XDG_DATA_HOME: %s", got)
	}
}

func TestInstrumentXLSFormRoundTrip(t *testing.T) {
	dir := t.TempDir()
	form := filepath.Join(dir, "cultuursurvey.xlsx")
	back := filepath.Join(dir, "back.yaml")
	if out, errOut, code := peil(t, "", "", "instrument", "export", "cultuursurvey", "--format", "xlsform", "--out", form); code != 0 {
		t.Fatalf("export: exit %d: %s %s", code, out, errOut)
	}
	if out, errOut, code := peil(t, "", "", "instrument", "import", form, "--out", back); code != 0 || !strings.Contains(out, "cultuursurvey@1") {
		t.Fatalf("import: exit %d: %s %s", code, out, errOut)
	}
	want, _, _ := peil(t, "", "", "instrument", "show", "cultuursurvey", "--yaml")
	got, err := os.ReadFile(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("built-in -> XLSForm -> peil changed the instrument file:\n%s", got)
	}
	// A form with problems writes nothing and lists them with sheet and cell.
	bad := filepath.Join(dir, "bad.yaml")
	_, errOut, code := peil(t, "", "", "instrument", "import", filepath.Join("..", "..", "xlsform", "testdata", "problems.xlsx"), "--out", bad)
	if code == 0 || !strings.Contains(errOut, "survey!A3 (type): repeats (begin_repeat) are not supported") {
		t.Errorf("import of a bad form: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a failed import wrote %s", bad)
	}
}

func TestRoundFromInstrumentFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "peil.db")
	file := filepath.Join(dir, "kort.yaml")
	doc := `id: kort
version: 1
title: {nl: Korte vragenlijst}
sections:
  - id: s
    title: {nl: Vragen}
    items:
      - id: q1
        type: likert
        text: {nl: Wij leren van elkaar.}
`
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	peil(t, db, "", "study", "init", "--code", "s", "--title", "S")
	if out, errOut, code := peil(t, db, "", "round", "open", "--name", "R1", "--instrument", file); code != 0 || !strings.Contains(out, "with kort@1") {
		t.Fatalf("round open from a file: exit %d %s %s", code, out, errOut)
	}
	// The same version with other questions is refused: a changed
	// instrument needs a new version, so answers keep their questions.
	if err := os.WriteFile(file, []byte(strings.Replace(doc, "Wij leren", "Wij delen", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := peil(t, db, "", "round", "open", "--name", "R2", "--instrument", file)
	if code == 0 || !strings.Contains(errOut, "give the changed instrument a new version number") || !strings.Contains(errOut, "raise version: to 2") {
		t.Errorf("a changed instrument with the same version: exit %d, %q", code, errOut)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(strings.Replace(doc, "Wij leren", "Wij delen", 1), "version: 1", "version: 2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := peil(t, db, "", "round", "open", "--name", "R2", "--instrument", file); code != 0 || !strings.Contains(out, "with kort@2") {
		t.Fatalf("round open with version 2: exit %d %s %s", code, out, errOut)
	}
	st, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat, err := backend.New(st).Catalogue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, in := range cat {
		if in.ID == "kort" {
			found = in.Version == 2
		}
	}
	if !found {
		t.Error("the TUI's catalogue lacks kort@2, added from a file")
	}
}

// A command that creates the default database gives it the example study,
// as peil itself does; one on a database named with --db starts it empty.
func TestFirstCommandOnDefaultDB(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG layout applies on Linux")
	}
	data := t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": data}
	list := func(dbFlag string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		a := &app{dbFlag: dbFlag, stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }}
		cmd := a.studyCmd()
		cmd.SetArgs([]string{"list"})
		cmd.SetOut(&out)
		cmd.SetErr(&errOut)
		if err := cmd.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("peil study list: %v\n%s", err, errOut.String())
		}
		return out.String()
	}
	if got := list(""); !strings.Contains(got, "voorbeeld") {
		t.Errorf("first command on the default database lists %q, want the example study", got)
	}
	if _, err := os.Stat(filepath.Join(data, "peil", "peil.db")); err != nil {
		t.Errorf("the default database was not made: %v", err)
	}
	if got := list(filepath.Join(t.TempDir(), "own.db")); strings.Contains(got, "voorbeeld") {
		t.Errorf("a database named with --db got the example study: %q", got)
	}
}

// peil check finds a damaged packed copy of answers, says how to mend it,
// and --repair mends it from the answers.
func TestCheckCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "peil.db")
	if err := createWithExample(ctx, db); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) { return runCommand(ctx, db, "", (*app).checkCmd, args...) }
	if out, err := run(); err != nil || !strings.Contains(out, "is in order") {
		t.Fatalf("check of a new database: %q, %v", out, err)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE packed_answers SET data = x'01ff' WHERE response_nr = (SELECT min(response_nr) FROM packed_answers)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, err := run()
	if err == nil || !strings.Contains(err.Error(), "peil check --repair") || !strings.Contains(out, "1 response has") {
		t.Fatalf("check of a damaged packed copy: %q, %v", out, err)
	}
	if out, err := run("--repair"); err != nil || !strings.Contains(out, "1 response mended") {
		t.Fatalf("check --repair: %q, %v", out, err)
	}
	if out, err := run(); err != nil || !strings.Contains(out, "is in order") {
		t.Errorf("check after the repair: %q, %v", out, err)
	}
}
