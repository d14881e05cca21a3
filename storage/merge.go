package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"

	"peil/survey"
)

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
func (s *Store) Merge(ctx context.Context, defs survey.Definitions, records iter.Seq2[survey.ResponseRecord, error]) (survey.MergeResult, error) {
	var res survey.MergeResult
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		res = survey.MergeResult{}
		m := merger{tx: tx, defs: defs, schools: map[string]*survey.SchoolMerge{}, rounds: map[string]string{}}
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
		res.SortSchools()
		return nil
	})
	if err != nil {
		return survey.MergeResult{}, wrap(err, "merging a data package")
	}
	return res, nil
}

// merger holds one Merge's statements and tallies.
type merger struct {
	tx      *sql.Tx
	defs    survey.Definitions
	ins     *inserter
	find    *sql.Stmt
	schools map[string]*survey.SchoolMerge
	rounds  map[string]string // the package's rounds: id → name
}

// prepare makes the merger's statements; close closes them.
func (m *merger) prepare(ctx context.Context, s *Store, defs survey.Definitions) error {
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

func (m *merger) school(id string) *survey.SchoolMerge {
	sm, ok := m.schools[id]
	if !ok {
		sm = &survey.SchoolMerge{School: survey.School{ID: id}}
		m.schools[id] = sm
	}
	return sm
}

// merge applies one incoming response.
func (m *merger) merge(ctx context.Context, rec survey.ResponseRecord, res *survey.MergeResult) error {
	r := rec.Response
	if err := m.defs.CheckResponse(r); err != nil {
		return err
	}
	rec = survey.NormalizedRecord(rec)
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
	c, duplicate := survey.Resolve(rec, have, m.rounds[r.RoundID])
	if duplicate {
		res.Duplicates++
		m.school(r.SchoolID).Duplicate++
		return nil
	}
	m.school(r.SchoolID).Conflicts++
	if c.Kept == survey.KeptIncoming {
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
