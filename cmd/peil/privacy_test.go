package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// exampleSchoolDB makes a database with the example study and returns its path
// and the code of one of its schools.
func exampleSchoolDB(t *testing.T) (db, school string) {
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

// TestWrittenFilesStayPrivate: code sheets, reports and exports hold
// codes or figures of small groups; only their owner may read them, also
// when a file of the same name was there before, readable by all
// (TestWrittenFilesArePrivate checks new files).
func TestWrittenFilesStayPrivate(t *testing.T) {
	db, school := exampleSchoolDB(t)
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
				if stdout, stderr, code := peil(t, db, "", args...); code != 0 {
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
	db := exampleDB(t)
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
		if stdout, stderr, code := peil(t, db, "", args...); code != 0 {
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
	if _, _, code := peil(t, db, "", "export", "--format", "csv", "--instrument", "cultuursurvey", "--pseudonymize", "--identify", "--out", filepath.Join(dir, "x.csv")); code == 0 {
		t.Error("--pseudonymize --identify was accepted")
	}
}

// finishOne adds one respondent to the open culture survey round at a
// school of workplace KWP, answering every agreement item, and returns
// their answers: item text → the label of the option chosen.
func finishOne(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	studies, _ := st.Studies(ctx)
	s := studies[0]
	rounds, err := st.Rounds(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var open *survey.Round
	for i, r := range rounds {
		if r.Open && r.InstrumentID == "cultuursurvey" {
			open = &rounds[i]
		}
	}
	if open == nil {
		t.Fatal("the example study has no open culture survey round")
	}
	wps, _ := st.Workplaces(ctx, s.ID)
	schools, _ := st.Schools(ctx, s.ID)
	var school string
	for _, w := range wps {
		for _, sc := range schools {
			if w.Code == "KWP" && sc.WorkplaceID == w.ID && school == "" {
				school = sc.ID
			}
		}
	}
	inst, err := st.Instrument(ctx, open.InstrumentID, open.InstrumentVersion)
	if err != nil {
		t.Fatal(err)
	}
	code, err := survey.NewRespondentCode(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.StartResponse(ctx, survey.Response{RoundID: open.ID, SchoolID: school, RespondentCode: code,
		InstrumentID: inst.ID, InstrumentVersion: inst.Version, Role: survey.RoleTeacher})
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{}
	n := 0
	for _, it := range inst.Items() {
		if it.Type != survey.Likert || it.ShowIf != nil {
			continue
		}
		v := survey.Num(1 + n%5) // every answer, from "helemaal mee oneens" on
		n++
		if err := st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: it.ID, Value: v}, nil, ""); err != nil {
			t.Fatal(err)
		}
		answers[it.Text.Get(survey.Dutch)] = survey.LikertLabels[v.Number-1].Get(survey.Dutch)
	}
	if err := st.CompleteResponse(ctx, r.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	return answers
}

// distRow is one row of an answer distribution in a Markdown report.
type distRow struct {
	n      int
	shares []float64
}

// distributions parses the answer distributions of a Markdown report:
// per statement and group row (e.g. "KWP · Meting 2026"), n and the
// shares, and per statement the option labels.
func distributions(t *testing.T, md string) (map[string]map[string]distRow, map[string][]string) {
	t.Helper()
	rows := map[string]map[string]distRow{}
	heads := map[string][]string{}
	var item string
	for line := range strings.Lines(md) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "**") && strings.HasSuffix(line, "**"):
			item = strings.Trim(line, "*")
			rows[item] = map[string]distRow{}
		case item != "" && strings.HasPrefix(line, "| "):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			if len(cells) < 3 || strings.HasPrefix(cells[0], ":--") {
				continue
			}
			n, err := strconv.Atoi(cells[1])
			if err != nil {
				heads[item] = cells[2:]
				continue
			}
			var row distRow
			row.n = n
			for _, c := range cells[2:] {
				p, err := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(c, "%"), ",", ".", 1), 64)
				if err != nil {
					p = math.NaN()
				}
				row.shares = append(row.shares, p)
			}
			rows[item][cells[0]] = row
		case line == "" || strings.HasPrefix(line, "|"):
		default:
			if !strings.HasPrefix(line, "**") {
				item = ""
			}
		}
	}
	return rows, heads
}

// attack is the differencing attacker: for every statement and group row
// in both reports whose n went up by one, the option whose count went up
// is the newcomer's answer. It returns statement → the options it found.
func attack(t *testing.T, before, after string) map[string]string {
	t.Helper()
	b, _ := distributions(t, before)
	a, heads := distributions(t, after)
	found := map[string]string{}
	for item, groups := range a {
		for g, ra := range groups {
			rb, ok := b[item][g]
			if !ok || ra.n != rb.n+1 || len(ra.shares) != len(rb.shares) {
				continue
			}
			for i := range ra.shares {
				ca := math.Round(ra.shares[i] * float64(ra.n) / 100)
				cb := math.Round(rb.shares[i] * float64(rb.n) / 100)
				if ca == cb+1 && i < len(heads[item]) {
					found[item] = heads[item][i]
				}
			}
		}
	}
	return found
}

// TestOpenRoundReportCannotBeDifferenced plays the attacker of issue 16:
// two Markdown reports, before and after one respondent finished, and
// the differences between them. By default the open round is not in a
// report, and the attacker recovers nothing; asked for with
// --include-open, it is, and the same attacker recovers every answer
// (so the attack is real), and the report warns.
func TestOpenRoundReportCannotBeDifferenced(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"default", nil},
		{"include open", []string{"--include-open"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := exampleDB(t)
			dir := t.TempDir()
			report := func(name string) string {
				t.Helper()
				out := filepath.Join(dir, name)
				args := append([]string{"report", "--format", "md", "--out", out}, tc.args...)
				if stdout, stderr, code := peil(t, db, "", args...); code != 0 {
					t.Fatalf("peil %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			before := report("before.md")
			truth := finishOne(t, db)
			after := report("after.md")
			found := attack(t, before, after)
			right := 0
			for item, option := range found {
				if truth[item] == option {
					right++
				}
			}
			if tc.args == nil {
				if right > 0 || len(found) > 0 {
					t.Errorf("the attacker recovers %d answers (%d right) from two reports: %v", len(found), right, found)
				}
				if !strings.Contains(after, "Meting 2026 is nog open") {
					t.Error("the report does not say that the open round is left out")
				}
				return
			}
			if right < len(truth)/2 {
				t.Fatalf("with the open round in the report the attacker recovers only %d of %d answers: the attack is not real (found %v)", right, len(truth), found)
			}
			if !strings.Contains(after, "Voorlopig") {
				t.Error("a report with an open round does not warn")
			}
		})
	}
}
