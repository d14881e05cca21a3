package postgres

import (
	"context"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"

	"peil/answerpack"
	"peil/survey"
)

// Merge adds the definitions and responses of another laptop's data
// package to the database, in one transaction: when records yields an
// error or anything else fails, nothing changes. The rules are those of
// survey.Merger, the same as the SQLite store's: definitions are added
// when new and must be identical when present; responses merge by id, a
// duplicate (same survey.ContentHash) changes nothing, a conflict (other
// content, or another response of the same respondent in the same round)
// keeps the version survey.Newer picks.
//
// Responses go to the server mergeBatch at a time: one round trip looks
// them all up, one reads the versions already here, one deletes those
// replaced, and the inserter writes the new ones (responses, answers by
// COPY, packed answers). Responses of one batch that depend on each other
// (they share an id or a respondent, or meet the same response of the
// database) are merged one by one, in package order, so the result is
// always that of merging one at a time.
func (s *Store) Merge(ctx context.Context, defs survey.Definitions, records iter.Seq2[survey.ResponseRecord, error]) (survey.MergeResult, error) {
	var res survey.MergeResult
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		res = survey.MergeResult{}
		m := merger{s: s, tx: tx, defs: defs, schools: map[string]*survey.SchoolMerge{}, rounds: map[string]string{}, res: &res}
		// A damaged package explains any other error, and its checks come
		// after its last response: so on an error, read on to the end and
		// report the package's error when there is one.
		var failed error
		if res.DefinitionsAdded, failed = s.mergeDefinitions(ctx, tx, defs); failed == nil {
			failed = m.prepare(ctx, defs)
		}
		var pending []survey.ResponseRecord
		for rec, err := range records {
			if err != nil {
				return err
			}
			if failed != nil {
				continue
			}
			pending = append(pending, rec)
			if len(pending) == mergeBatch {
				failed = m.mergeAll(ctx, pending)
				pending = pending[:0]
			}
		}
		if failed == nil && len(pending) > 0 {
			failed = m.mergeAll(ctx, pending)
		}
		if failed != nil {
			return failed
		}
		if len(m.ins.changed) > 0 {
			if err := countChanges(ctx, tx, m.ins.changedRounds()...); err != nil {
				return err
			}
		}
		for _, sm := range m.schools {
			if err := tx.QueryRow(ctx, `SELECT `+schoolColumns+` FROM schools s WHERE s.id = $1`, sm.School.ID).
				Scan(&sm.School.ID, &sm.School.WorkplaceID, &sm.School.Code, &sm.School.Name); err != nil {
				return fmt.Errorf("reading school %s: %w", sm.School.ID, err)
			}
			res.Schools = append(res.Schools, *sm)
		}
		res.SortSchools()
		return nil
	})
	if err != nil {
		return survey.MergeResult{}, s.wrap(err, "merging a data package")
	}
	return res, nil
}

// mergeBatch is how many responses Merge handles per round trip.
const mergeBatch = 200

// merger holds one Merge's state and tallies.
type merger struct {
	s       *Store
	tx      pgx.Tx
	defs    survey.Definitions
	ins     *inserter
	schools map[string]*survey.SchoolMerge
	rounds  map[string]string // the package's rounds: id → name
	res     *survey.MergeResult
}

// prepare checks the package's rounds and locks them (lockRounds) before
// any response is touched.
func (m *merger) prepare(ctx context.Context, defs survey.Definitions) error {
	var ids []string
	for _, r := range defs.Rounds {
		m.rounds[r.ID] = r.Name
		ids = append(ids, r.ID)
	}
	var err error
	if m.ins, err = m.s.newInserter(ctx, m.tx); err != nil {
		return err
	}
	return lockRounds(ctx, m.tx, ids)
}

func (m *merger) school(id string) *survey.SchoolMerge {
	sm, ok := m.schools[id]
	if !ok {
		sm = &survey.SchoolMerge{School: survey.School{ID: id}}
		m.schools[id] = sm
	}
	return sm
}

// findResponse finds the database's version of a response: by its id, or
// else the respondent's response in the round.
const findResponse = `SELECT nr FROM responses WHERE id = $1
	UNION ALL SELECT nr FROM responses WHERE round_id = $2 AND respondent_code = $3 LIMIT 1`

// mergeAll merges a batch of incoming responses.
func (m *merger) mergeAll(ctx context.Context, recs []survey.ResponseRecord) error {
	type key struct{ round, code string }
	ids, keys := make(map[string]bool, len(recs)), make(map[key]bool, len(recs))
	for i := range recs {
		r := recs[i].Response
		if err := m.defs.CheckResponse(r); err != nil {
			return err
		}
		k := key{r.RoundID, r.RespondentCode}
		if ids[r.ID] || keys[k] {
			return m.oneByOne(ctx, recs) // two versions of one response
		}
		ids[r.ID], keys[k] = true, true
		recs[i] = survey.NormalizedRecord(recs[i])
	}

	// Look them all up.
	nrs := make([]int64, len(recs))
	var b pgx.Batch
	for i, rec := range recs {
		r := rec.Response
		b.Queue(findResponse, r.ID, r.RoundID, r.RespondentCode).QueryRow(func(row pgx.Row) error {
			err := row.Scan(&nrs[i])
			if isNoRows(err) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("looking up response %s: %w", r.ID, err)
			}
			return nil
		})
	}
	if err := m.tx.SendBatch(ctx, &b).Close(); err != nil {
		return err
	}

	found := make(map[int64]bool, len(nrs))
	for _, nr := range nrs {
		if nr != 0 && found[nr] {
			// Two incoming responses meet one of the database's (one by
			// its id, one by its respondent).
			return m.oneByOne(ctx, recs)
		}
		found[nr] = true
	}

	// Read the versions the database has.
	have := make([]survey.ResponseRecord, len(recs))
	b = pgx.Batch{}
	for i, nr := range nrs {
		if nr != 0 {
			queueLoadRecord(&b, nr, &have[i])
		}
	}
	if b.Len() > 0 {
		if err := m.tx.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
	}

	// Decide, and write: the replaced responses go first (a replacement
	// has the same id or respondent), then the new ones.
	b = pgx.Batch{}
	for i, rec := range recs {
		r := rec.Response
		if nrs[i] == 0 {
			if err := m.ins.add(ctx, rec); err != nil {
				return err
			}
			m.res.Added++
			m.school(r.SchoolID).New++
			continue
		}
		c, duplicate := survey.Resolve(rec, have[i], m.rounds[r.RoundID])
		if duplicate {
			m.res.Duplicates++
			m.school(r.SchoolID).Duplicate++
			continue
		}
		m.school(r.SchoolID).Conflicts++
		if c.Kept == survey.KeptIncoming {
			b.Queue(`DELETE FROM answers WHERE response_nr = $1`, nrs[i])
			b.Queue(`DELETE FROM packed_answers WHERE response_nr = $1`, nrs[i])
			b.Queue(`DELETE FROM responses WHERE nr = $1`, nrs[i])
			if err := m.ins.add(ctx, rec); err != nil {
				return err
			}
			if have[i].Response.Status == survey.Complete {
				m.ins.changed[have[i].Response.RoundID] = true
			}
		}
		m.res.Conflicts = append(m.res.Conflicts, c)
	}
	if b.Len() > 0 {
		if err := m.tx.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
	}
	return m.ins.flush(ctx)
}

// oneByOne merges responses one at a time, in order: for a batch in
// which one merge may change what the next one finds.
func (m *merger) oneByOne(ctx context.Context, recs []survey.ResponseRecord) error {
	for _, rec := range recs {
		if err := m.mergeAll(ctx, []survey.ResponseRecord{rec}); err != nil {
			return err
		}
	}
	return nil
}

// queueLoadRecord queues the reading of one response with its answers
// (ordered by item id) into rec.
func queueLoadRecord(b *pgx.Batch, nr int64, rec *survey.ResponseRecord) {
	b.Queue(`SELECT `+responseColumns+` FROM responses WHERE nr = $1`, nr).QueryRow(func(row pgx.Row) error {
		var err error
		if rec.Response, err = scanResponse(row); err != nil {
			return fmt.Errorf("reading response %d: %w", nr, err)
		}
		return nil
	})
	b.Queue(`SELECT `+answerpack.Columns+` FROM answers WHERE response_nr = $1 ORDER BY item_id`, nr).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			a, err := scanAnswer(rows)
			if err != nil {
				return fmt.Errorf("reading the answers of response %d: %w", nr, err)
			}
			rec.Answers = append(rec.Answers, a)
		}
		return rows.Err()
	})
}
