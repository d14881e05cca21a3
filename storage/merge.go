package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"

	"peil/survey"
)

// Definitions are what a data package brings besides responses: its study,
// workplaces, schools, rounds and instrument versions.
type Definitions struct {
	Study       survey.Study
	Workplaces  []survey.Workplace
	Schools     []survey.School
	Rounds      []survey.Round
	Instruments []*survey.Instrument
}

// MergeResult says what a merge did.
type MergeResult struct {
	// Added counts responses new to the database, Duplicates responses it
	// already had with the same content.
	Added, Duplicates int
	// Conflicts lists every response the database had with other content
	// (or another response of the same respondent in the same round), and
	// which version was kept.
	Conflicts []MergeConflict
	// Schools counts new, duplicate and conflicting responses per school,
	// ordered by school code.
	Schools []SchoolMerge
	// DefinitionsAdded counts studies, workplaces, schools, rounds and
	// instrument versions the merge added.
	DefinitionsAdded int
}

// SchoolMerge counts one school's responses in a merge.
type SchoolMerge struct {
	School                    survey.School
	New, Duplicate, Conflicts int
}

// Which version of a conflicting response a merge kept.
const (
	KeptIncoming = "package"
	KeptExisting = "database"
)

// MergeConflict is one response present in the database and in the merged
// data with different content.
type MergeConflict struct {
	// ResponseID is the incoming response; ExistingID the database's
	// (the same unless one respondent code has two responses in a round).
	ResponseID, ExistingID string
	RoundName              string
	SchoolID, SchoolCode   string
	RespondentCode         string
	// Kept is KeptIncoming or KeptExisting; Reason says why.
	Kept, Reason string
}

// Merge adds the definitions and responses of another laptop's data
// package to the database, in one transaction: when records yields an
// error (a package found damaged after its last response) or anything else
// fails, nothing changes.
//
// Definitions are added when new; one already present must be identical
// (a round's open state aside), or Merge fails: the package was made from
// another setup. Responses merge by id:
//   - a response the database does not have is added;
//   - one it has with the same content is a duplicate and changes nothing;
//   - one it has with other content, or another response of the same
//     respondent in the same round, is a conflict, resolved by the rule of
//     Newer: a complete response beats one in progress; otherwise the one
//     with the later time (finish time, or last answer of one in
//     progress); at equal times the one with the larger content hash.
//     The loser is dropped, and the conflict listed.
//
// Because the rule is a total order on a response's versions and the
// winner is the largest version seen, merging packages in any order, any
// number of times, gives the same database.
func (s *Store) Merge(ctx context.Context, defs Definitions, records iter.Seq2[survey.ResponseRecord, error]) (MergeResult, error) {
	var res MergeResult
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		res = MergeResult{}
		m := merger{tx: tx, schools: map[string]*SchoolMerge{}, rounds: map[string]string{}}
		// A damaged package explains any other error, and its checks come
		// after its last response: so on an error, read on to the end and
		// report the package's error when there is one.
		var failed error
		if res.DefinitionsAdded, failed = s.mergeDefinitions(ctx, tx, defs); failed == nil {
			failed = m.prepare(ctx, s, defs)
			defer m.close()
		}
		for rec, err := range records {
			if err != nil {
				return err
			}
			if failed == nil {
				failed = m.merge(ctx, rec, &res)
			}
		}
		if failed != nil {
			return failed
		}
		for _, sm := range m.schools {
			if err := tx.QueryRowContext(ctx, `SELECT `+schoolColumns+` FROM schools s WHERE s.id = ?`, sm.School.ID).
				Scan(&sm.School.ID, &sm.School.WorkplaceID, &sm.School.Code, &sm.School.Name); err != nil {
				return fmt.Errorf("reading school %s: %w", sm.School.ID, err)
			}
			res.Schools = append(res.Schools, *sm)
		}
		slices.SortFunc(res.Schools, func(a, b SchoolMerge) int {
			if c := compareStrings(a.School.Code, b.School.Code); c != 0 {
				return c
			}
			return compareStrings(a.School.ID, b.School.ID)
		})
		for i := range res.Conflicts {
			c := &res.Conflicts[i]
			for _, sm := range res.Schools {
				if sm.School.ID == c.SchoolID {
					c.SchoolCode = sm.School.Code
				}
			}
		}
		return nil
	})
	if err != nil {
		return MergeResult{}, wrap(err, "merging a data package")
	}
	return res, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// merger holds one Merge's statements and tallies.
type merger struct {
	tx      *sql.Tx
	ins     *inserter
	find    *sql.Stmt
	schools map[string]*SchoolMerge
	rounds  map[string]string // the package's rounds: id → name
}

// prepare makes the merger's statements; close closes them.
func (m *merger) prepare(ctx context.Context, s *Store, defs Definitions) error {
	for _, r := range defs.Rounds {
		m.rounds[r.ID] = r.Name
	}
	var err error
	if m.ins, err = s.newInserter(ctx, m.tx); err != nil {
		return err
	}
	m.find, err = m.tx.PrepareContext(ctx, `SELECT nr FROM responses WHERE id = ?
		UNION ALL SELECT nr FROM responses WHERE round_id = ? AND respondent_code = ? LIMIT 1`)
	return err
}

func (m *merger) close() {
	if m.ins != nil {
		m.ins.close()
	}
	if m.find != nil {
		m.find.Close()
	}
}

func (m *merger) school(id string) *SchoolMerge {
	sm, ok := m.schools[id]
	if !ok {
		sm = &SchoolMerge{School: survey.School{ID: id}}
		m.schools[id] = sm
	}
	return sm
}

// merge applies one incoming response.
func (m *merger) merge(ctx context.Context, rec survey.ResponseRecord, res *MergeResult) error {
	r := rec.Response
	if r.ID == "" || r.DeviceID == "" {
		return survey.Errorf(survey.EINVALID, "a response in the package has no id or no device id; the package is not from peil")
	}
	if _, ok := m.rounds[r.RoundID]; !ok {
		return survey.Errorf(survey.EINVALID, "response %s belongs to round %s, which is not one of the package's rounds", r.ID, r.RoundID)
	}
	rec = normalized(rec)
	var nr int64
	err := m.find.QueryRowContext(ctx, r.ID, r.RoundID, r.RespondentCode).Scan(&nr)
	if errors.Is(err, sql.ErrNoRows) {
		if _, _, err := m.ins.insert(ctx, rec); err != nil {
			return err
		}
		res.Added++
		m.school(r.SchoolID).New++
		return nil
	}
	if err != nil {
		return fmt.Errorf("looking up response %s: %w", r.ID, err)
	}
	have, err := loadRecord(ctx, m.tx, nr)
	if err != nil {
		return err
	}
	in, ex := ContentHash(rec), ContentHash(have)
	if in == ex {
		res.Duplicates++
		m.school(r.SchoolID).Duplicate++
		return nil
	}
	m.school(r.SchoolID).Conflicts++
	c := MergeConflict{ResponseID: r.ID, ExistingID: have.Response.ID, RoundName: m.rounds[r.RoundID],
		SchoolID: r.SchoolID, RespondentCode: r.RespondentCode, Kept: KeptExisting}
	newer, reason := Newer(rec, have)
	c.Reason = reason
	if newer {
		c.Kept = KeptIncoming
		if _, err := m.tx.ExecContext(ctx, `DELETE FROM responses WHERE nr = ?`, nr); err != nil {
			return fmt.Errorf("replacing response %s: %w", have.Response.ID, err)
		}
		if _, _, err := m.ins.insert(ctx, rec); err != nil {
			return err
		}
	}
	res.Conflicts = append(res.Conflicts, c)
	return nil
}

// normalized returns rec as the database would give it back: answers
// ordered by item id, a zero answer time replaced by the start time.
func normalized(rec survey.ResponseRecord) survey.ResponseRecord {
	out := survey.ResponseRecord{Response: rec.Response, Answers: slices.Clone(rec.Answers)}
	for i := range out.Answers {
		if out.Answers[i].AnsweredAt.IsZero() {
			out.Answers[i].AnsweredAt = rec.Response.StartedAt
		}
	}
	slices.SortFunc(out.Answers, func(a, b survey.Answer) int { return compareStrings(a.ItemID, b.ItemID) })
	return out
}

// loadRecord reads one response with its answers (ordered by item id).
func loadRecord(ctx context.Context, q querier, nr int64) (survey.ResponseRecord, error) {
	var rec survey.ResponseRecord
	var err error
	rec.Response, err = scanResponse(q.QueryRowContext(ctx, `SELECT `+responseColumns+` FROM responses WHERE nr = ?`, nr))
	if err != nil {
		return rec, fmt.Errorf("reading response %d: %w", nr, err)
	}
	if rec.Answers, err = answersByItem(ctx, q, nr); err != nil {
		return rec, fmt.Errorf("reading answers of response %s: %w", rec.Response.ID, err)
	}
	return rec, nil
}

// ContentHash is the SHA-256 of a response's content as stored: every
// field of the response and of its answers (in item id order), times in
// nanoseconds. Two copies with the same hash are the same response.
func ContentHash(rec survey.ResponseRecord) [32]byte {
	rec = normalized(rec)
	var b bytes.Buffer
	r := rec.Response
	str := func(s string) { b.WriteString(strconv.Quote(s)); b.WriteByte(' ') }
	num := func(n int64) { b.WriteString(strconv.FormatInt(n, 10)); b.WriteByte(' ') }
	tm := func(t time.Time) {
		if t.IsZero() {
			num(-1)
		} else {
			num(t.UnixNano())
		}
	}
	str(r.ID)
	str(r.RoundID)
	str(r.SchoolID)
	str(r.RespondentCode)
	str(r.Role)
	str(string(r.Status))
	str(r.InstrumentID)
	num(int64(r.InstrumentVersion))
	tm(r.StartedAt)
	tm(r.FinishedAt)
	str(r.DeviceID)
	for _, a := range rec.Answers {
		b.WriteByte('\n')
		str(a.ItemID)
		// The stored form: number is kept only with a value or alone.
		number, _, _ := answerColumns(a.Value)
		if n, ok := number.(int); ok {
			num(int64(n))
		} else {
			b.WriteString("- ")
		}
		num(int64(len(a.Value.Choices)))
		for _, c := range a.Value.Choices {
			num(int64(c))
		}
		str(a.Value.Text)
		num(int64(boolInt(a.Value.DontKnow)))
		tm(a.AnsweredAt)
	}
	return sha256.Sum256(b.Bytes())
}

// versionTime is the time a response's version is judged by: its finish
// time when complete, else its last answer (or its start).
func versionTime(rec survey.ResponseRecord) time.Time {
	r := rec.Response
	if r.Status == survey.Complete {
		return r.FinishedAt
	}
	t := r.StartedAt
	for _, a := range rec.Answers {
		if a.AnsweredAt.After(t) {
			t = a.AnsweredAt
		}
	}
	return t
}

// Newer reports whether response version a beats version b in a merge, and
// why: a complete response beats one in progress; otherwise the later
// version time (finish time of a complete response, last answer of one in
// progress) wins; at equal times the larger ContentHash wins, so the choice
// never depends on the order in which packages arrive.
func Newer(a, b survey.ResponseRecord) (bool, string) {
	ac, bc := a.Response.Status == survey.Complete, b.Response.Status == survey.Complete
	if ac != bc {
		return ac, "a complete response beats one in progress"
	}
	at, bt := versionTime(a), versionTime(b)
	if !at.Equal(bt) {
		if ac {
			return at.After(bt), "the later finished response wins"
		}
		return at.After(bt), "the response with the later last answer wins"
	}
	ah, bh := ContentHash(a), ContentHash(b)
	return bytes.Compare(ah[:], bh[:]) > 0, "same time: the larger content hash wins"
}
