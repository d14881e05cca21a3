package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// rawAnswers reads every answer row of the database at path with plain
// SQL, keyed by response id, in item order: the truth a scan must give.
func rawAnswers(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	check(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT r.id, a.item_id, ifnull(a.number, 0), ifnull(a.choices, ''), ifnull(a.text, ''), a.dont_know, a.answered_at
		FROM answers a JOIN responses r ON r.nr = a.response_nr ORDER BY r.id, a.item_id`)
	check(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, item, choices, text string
		var number, dk, at int64
		check(t, rows.Scan(&id, &item, &number, &choices, &text, &dk, &at))
		out[id] += fmt.Sprintf("%s=%d|%s|%q|%d|%d;", item, number, choices, text, dk, at)
	}
	check(t, rows.Err())
	return out
}

// scannedAnswers formats the answers of every response as rawAnswers does.
func scannedAnswers(t *testing.T, s *storage.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	check(t, s.ScanResponses(context.Background(), survey.ResponseFilter{}, func(r survey.ResponseRecord) error {
		if !slices.IsSortedFunc(r.Answers, func(a, b survey.Answer) int { return strings.Compare(a.ItemID, b.ItemID) }) {
			t.Errorf("response %s: answers not in item order", r.Response.ID)
		}
		for _, a := range r.Answers {
			var choices []string
			for _, c := range a.Value.Choices {
				choices = append(choices, fmt.Sprint(c))
			}
			dk := 0
			if a.Value.DontKnow {
				dk = 1
			}
			out[r.Response.ID] += fmt.Sprintf("%s=%d|%s|%q|%d|%d;", a.ItemID, a.Value.Number, strings.Join(choices, ","), a.Value.Text, dk, a.AnsweredAt.UnixNano())
		}
		return nil
	}))
	return out
}

// A database made by the peil of schema 3 (testdata/schema3.db: the demo
// study cut down to 22 responses, complete and in progress, with open
// text, multiple choice and "don't know") is brought to the current schema
// with every answer intact and packed.
func TestUpgradeFromSchema3PacksAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	b, err := os.ReadFile(filepath.Join("testdata", "schema3.db"))
	check(t, err)
	check(t, os.WriteFile(path, b, 0o600))
	want := rawAnswers(t, path)
	if len(want) < 20 {
		t.Fatalf("the fixture has answers for %d responses, want 20 or more", len(want))
	}

	var notices []string
	notice := storage.WithUpgradeNotice(func(from, to int) { notices = append(notices, fmt.Sprintf("%d to %d", from, to)) })
	s := openAt(t, path, notice)
	if want := fmt.Sprintf("3 to %d", storage.SchemaVersion()); len(notices) != 1 || notices[0] != want {
		t.Errorf("upgrade notices %q, want one saying %s", notices, want)
	}
	again := openAt(t, path, notice)
	again.Close()
	if len(notices) != 1 {
		t.Errorf("a second open gave upgrade notices %q", notices[1:])
	}
	check(t, storage.CheckPacked(ctx, s))
	got := scannedAnswers(t, s)
	if len(got) != len(want) {
		t.Errorf("scan gives answers for %d responses, the database has %d", len(got), len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("response %s:\nscanned  %s\nanswers  %s", id, got[id], w)
		}
	}
	if after := rawAnswers(t, path); fmt.Sprint(after) != fmt.Sprint(want) {
		t.Error("the upgrade changed the answers table")
	}
}

// Odd values survive packing: negative numbers, large choice codes, text
// with every kind of character, an empty value, answers given in any time
// order (or none: the start time) and zone, in any item order.
func TestPackedAnswersRoundTrip(t *testing.T) {
	ctx := context.Background()
	fs, _ := importFixture(t)
	f := fs.f
	at := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	T := func(s int) time.Time { return at.Add(time.Duration(s) * time.Second) }
	rec := survey.ResponseRecord{
		Response: survey.Response{ID: "33333333-0000-4000-8000-000000000000", RoundID: f.round.ID, SchoolID: f.schools[0].ID,
			RespondentCode: "ODD", Status: survey.Complete, StartedAt: T(0), FinishedAt: T(9)},
		Answers: []survey.Answer{
			{ItemID: "q1", Value: survey.Num(-7), AnsweredAt: T(5)},
			{ItemID: "q2", Value: survey.Value{Choices: []int{1, 300, 70000}}, AnsweredAt: T(2)},
			{ItemID: "q3", Value: survey.Value{Text: "ĳs\x00\x1e\x1f\n\"é\U0001F600"}, AnsweredAt: T(1)},
			{ItemID: "q4", Value: survey.DontKnowValue(), AnsweredAt: T(8)},
			{ItemID: "q0", Value: survey.Value{Number: 2, Choices: []int{}}}, // no time: the start time
			{ItemID: "q5", Value: survey.Value{}, AnsweredAt: time.Date(2025, 11, 3, 9, 0, 0, 123456789, time.FixedZone("CET", 3600))},
			{ItemID: "z" + strings.Repeat("x", 300), Value: survey.Num(3), AnsweredAt: T(3)},
		},
	}
	_, err := fs.ImportResponses(ctx, []survey.ResponseRecord{rec})
	check(t, err)
	check(t, storage.CheckPacked(ctx, fs.Store))
	want := rawAnswers(t, fs.Path())
	got := scannedAnswers(t, fs.Store)
	for id, w := range want {
		if got[id] != w {
			t.Errorf("response %s:\nscanned  %s\nanswers  %s", id, got[id], w)
		}
	}
}

// A damaged or missing packed copy stops a scan with an error that names
// the response and says what to do; nothing panics, nothing is guessed.
func TestScanDamagedPacked(t *testing.T) {
	for _, tt := range []struct {
		name, sql, want string
	}{
		{"damaged", `UPDATE packed_answers SET data = x'01ff' WHERE response_nr = (SELECT min(response_nr) FROM packed_answers)`, "is damaged"},
		{"missing", `DELETE FROM packed_answers WHERE response_nr = (SELECT min(response_nr) FROM packed_answers)`, "is missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, _ := importFixture(t)
			rawExec(t, fs.Path(), tt.sql)
			err := fs.ScanResponses(context.Background(), survey.ResponseFilter{}, func(survey.ResponseRecord) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "response ") {
				t.Errorf("scan over a %s packed copy: %v, want an error saying it %s", tt.name, err, tt.want)
			}
		})
	}
}

// Check finds packed answers that are missing, damaged, stale or present
// for a response in progress, and changes nothing; RepairPacked mends them
// from the answer rows, after which a scan reads every answer again.
func TestCheckAndRepairPacked(t *testing.T) {
	ctx := context.Background()
	fs, _ := importFixture(t)
	res, err := fs.Check(ctx)
	check(t, err)
	if !res.OK() {
		t.Fatalf("a healthy database: %+v", res)
	}
	want := rawAnswers(t, fs.Path())
	rawExec(t, fs.Path(),
		`UPDATE packed_answers SET data = x'01ff' WHERE response_nr = (SELECT min(response_nr) FROM packed_answers)`,
		`DELETE FROM packed_answers WHERE response_nr = (SELECT max(response_nr) FROM packed_answers)`,
		`INSERT INTO packed_answers (response_nr, data) SELECT nr, x'0100' FROM responses WHERE status = 'in_progress'`)
	res, err = fs.Check(ctx)
	check(t, err)
	if len(res.Packed) != 3 || len(res.Damage) != 0 {
		t.Fatalf("Check found %+v, want 3 responses with bad packed answers", res)
	}
	again, err := fs.Check(ctx)
	check(t, err)
	if fmt.Sprint(again) != fmt.Sprint(res) {
		t.Errorf("a second Check found %+v: the first changed something", again)
	}
	n, err := fs.RepairPacked(ctx)
	check(t, err)
	if n != 3 {
		t.Errorf("RepairPacked mended %d responses, want 3", n)
	}
	check(t, storage.CheckPacked(ctx, fs.Store))
	if res, err := fs.Check(ctx); err != nil || !res.OK() {
		t.Errorf("after the repair Check finds %+v, %v", res, err)
	}
	if got := scannedAnswers(t, fs.Store); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the repair the scan gives\n%v\nwant\n%v", got, want)
	}
}
