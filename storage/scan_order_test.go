package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"peil/survey"
)

// referenceOrder is the scan order as one SQL query gives it (what
// ScanResponses ran before it sorted the keys itself): the ids of the
// responses f selects.
func referenceOrder(t *testing.T, db *sql.DB, f survey.ResponseFilter) []string {
	t.Helper()
	var where []string
	var args []any
	in := func(col string, ids []string) {
		if len(ids) == 0 {
			return
		}
		where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if f.StudyID != "" {
		where, args = append(where, "d.study_id = ?"), append(args, f.StudyID)
	}
	in("r.round_id", f.RoundIDs)
	in("r.school_id", f.SchoolIDs)
	in("s.workplace_id", f.WorkplaceIDs)
	if f.InstrumentID != "" {
		where, args = append(where, "r.instrument_id = ?"), append(args, f.InstrumentID)
	}
	if f.CompleteOnly {
		where = append(where, "r.status = 'complete'")
	}
	q := `SELECT r.id FROM responses r JOIN rounds d ON d.id = r.round_id JOIN schools s ON s.id = r.school_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY d.created_at, d.id, s.code, r.started_at, r.nr"
	rows, err := db.Query(q, args...)
	check(t, err)
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		check(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	check(t, rows.Err())
	return ids
}

// TestScanOrderMatchesSQL: two studies whose schools share codes, rounds
// made at the same instant (ordered by id then), responses started at
// the same instant (by key then), in progress and complete, and a few
// that name another instrument than their round's (written behind the
// store's back): for every filter, ScanResponses gives the responses,
// in the order, that one SQL query with ORDER BY gives.
func TestScanOrderMatchesSQL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	s := openAt(t, path)
	inst := testInstrument()
	check(t, s.SaveInstrument(ctx, inst))
	other := testInstrument()
	other.ID = "andere-lijst"
	check(t, s.SaveInstrument(ctx, other))

	rnd := rand.New(rand.NewPCG(18, 4))
	type studyParts struct {
		study      survey.Study
		workplaces []survey.Workplace
		schools    []survey.School
		rounds     []survey.Round
	}
	var studies []studyParts
	for i := range 2 {
		var p studyParts
		var err error
		p.study, err = s.CreateStudy(ctx, survey.Study{Code: fmt.Sprintf("studie-%d", i), Title: "Studie"})
		check(t, err)
		for _, code := range []string{"WOA", "POINT"} {
			w, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: p.study.ID, Code: code, Name: code})
			check(t, err)
			p.workplaces = append(p.workplaces, w)
		}
		// The same codes in both studies, made out of code order.
		for j, code := range []string{"S-03", "S-01", "S-10", "S-02", "A-99"} {
			sc, err := s.CreateSchool(ctx, survey.School{WorkplaceID: p.workplaces[j%2].ID, Code: code, Name: code})
			check(t, err)
			p.schools = append(p.schools, sc)
		}
		for j := range 3 {
			r, err := s.CreateRound(ctx, survey.Round{StudyID: p.study.ID, Name: fmt.Sprintf("ronde %d", j),
				InstrumentID: inst.ID, InstrumentVersion: inst.Version})
			check(t, err)
			p.rounds = append(p.rounds, r)
		}
		studies = append(studies, p)
	}
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	var recs []survey.ResponseRecord
	// More than two batches of the scan (500), whose memory is reused.
	for i := range 1300 {
		p := studies[rnd.IntN(len(studies))]
		r := survey.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", rnd.IntN(1e9)*1000+i),
			RoundID: p.rounds[rnd.IntN(len(p.rounds))].ID, SchoolID: p.schools[rnd.IntN(len(p.schools))].ID,
			RespondentCode: fmt.Sprintf("R%0*d", 4+i%7, i), Role: []string{survey.RoleTeacher, "", survey.RoleColleague}[i%3], Status: survey.InProgress,
			StartedAt: at.Add(time.Duration(rnd.IntN(20)) * time.Minute)} // many the same
		var answers []survey.Answer
		if rnd.IntN(4) > 0 {
			r.Status, r.FinishedAt = survey.Complete, r.StartedAt.Add(time.Hour)
			answers = []survey.Answer{{ItemID: "q1", Value: survey.Num(1 + rnd.IntN(5)), AnsweredAt: r.StartedAt.Add(time.Minute)}}
			if rnd.IntN(2) == 0 {
				answers = append(answers, survey.Answer{ItemID: "remarks", Value: survey.TextValue(strings.Repeat("x", rnd.IntN(300)+1)), AnsweredAt: r.StartedAt.Add(2 * time.Minute)})
			}
		}
		recs = append(recs, survey.ResponseRecord{Response: r, Answers: answers})
	}
	_, err := s.ImportResponses(ctx, recs)
	check(t, err)

	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	check(t, err)
	defer db.Close()
	// Rounds 0 and 1 of each study made at the same instant; a few
	// responses of another instrument.
	for _, p := range studies {
		_, err := db.Exec(`UPDATE rounds SET created_at = (SELECT created_at FROM rounds WHERE id = ?) WHERE id = ?`, p.rounds[0].ID, p.rounds[1].ID)
		check(t, err)
	}
	_, err = db.Exec(`UPDATE responses SET instrument_id = ? WHERE nr % 17 = 0`, other.ID)
	check(t, err)

	// Every record comes back with its own answers, also when the scan
	// reuses a batch's memory and lends the answers.
	all := map[string]survey.Response{}
	imported := map[string]string{}
	for _, rec := range recs {
		imported[rec.Response.ID] = fmt.Sprint(rec.Answers)
	}
	for _, lend := range []bool{false, true} {
		n := 0
		check(t, s.ScanResponses(ctx, survey.ResponseFilter{LendAnswers: lend}, func(r survey.ResponseRecord) error {
			n++
			all[r.Response.ID] = r.Response
			if got, want := fmt.Sprint(r.Answers), imported[r.Response.ID]; got != want {
				t.Errorf("LendAnswers %v: response %s came with %s, want %s", lend, r.Response.ID, got, want)
			}
			return nil
		}))
		if n != len(recs) {
			t.Errorf("LendAnswers %v: scanned %d responses, want %d", lend, n, len(recs))
		}
	}

	a, b := studies[0], studies[1]
	filters := map[string]survey.ResponseFilter{
		"everything":             {},
		"one study":              {StudyID: a.study.ID},
		"one study, instrument":  {StudyID: b.study.ID, InstrumentID: inst.ID},
		"other instrument":       {InstrumentID: other.ID},
		"complete only":          {StudyID: a.study.ID, CompleteOnly: true, InstrumentID: inst.ID},
		"two rounds":             {StudyID: a.study.ID, RoundIDs: []string{a.rounds[2].ID, a.rounds[1].ID}},
		"rounds of two studies":  {RoundIDs: []string{a.rounds[0].ID, b.rounds[1].ID}},
		"schools":                {SchoolIDs: []string{a.schools[0].ID, b.schools[1].ID, a.schools[4].ID}},
		"a workplace":            {StudyID: b.study.ID, WorkplaceIDs: []string{b.workplaces[1].ID}},
		"workplace and school":   {WorkplaceIDs: []string{a.workplaces[0].ID}, SchoolIDs: []string{a.schools[0].ID, a.schools[1].ID}},
		"round of another study": {StudyID: a.study.ID, RoundIDs: []string{b.rounds[0].ID}},
		"no such study":          {StudyID: "geen"},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			want := referenceOrder(t, db, f)
			for _, bare := range []bool{false, true} {
				f.WithoutAnswers = bare
				var got []string
				check(t, s.ScanResponses(ctx, f, func(r survey.ResponseRecord) error {
					got = append(got, r.Response.ID)
					// Every field as an unfiltered scan gives it.
					if want := all[r.Response.ID]; !reflect.DeepEqual(r.Response, want) {
						t.Errorf("WithoutAnswers %v: %+v, unfiltered %+v", bare, r.Response, want)
					}
					return nil
				}))
				if !reflect.DeepEqual(got, want) {
					t.Errorf("WithoutAnswers %v: scanned %d responses\n%v\nwant %d\n%v", bare, len(got), got, len(want), want)
				}
			}
			// The summary is what the scan shows.
			var sum survey.ResponseSummary
			check(t, s.ScanResponses(ctx, f, func(r survey.ResponseRecord) error {
				sum.Responses++
				if !slices.Contains(sum.Roles, r.Response.Role) {
					sum.Roles = append(sum.Roles, r.Response.Role)
				}
				if !slices.Contains(sum.Versions, r.Response.InstrumentVersion) {
					sum.Versions = append(sum.Versions, r.Response.InstrumentVersion)
				}
				sum.MaxIDLen, sum.MaxCodeLen = max(sum.MaxIDLen, len(r.Response.ID)), max(sum.MaxCodeLen, len(r.Response.RespondentCode))
				return nil
			}))
			slices.Sort(sum.Roles)
			slices.Sort(sum.Versions)
			got, err := s.SummarizeResponses(ctx, f)
			check(t, err)
			if !reflect.DeepEqual(got, sum) {
				t.Errorf("SummarizeResponses = %+v, the scan shows %+v", got, sum)
			}
		})
	}
}
