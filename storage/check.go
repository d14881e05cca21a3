package storage

import (
	"context"
	"database/sql"
	"fmt"

	"peil/answerpack"
	"peil/survey"
)

// Check reads the whole database: SQLite's integrity check of every page,
// then every response's packed answers against its answer rows. It
// changes nothing. It takes a few seconds for a national study.
func (s *Store) Check(ctx context.Context) (survey.CheckResult, error) {
	var res survey.CheckResult
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return res, fmt.Errorf("checking %s: %w", s.path, err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return res, fmt.Errorf("checking %s: %w", s.path, err)
		}
		if line != "ok" {
			res.Damage = append(res.Damage, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("checking %s: %w", s.path, err)
	}
	if len(res.Damage) > 0 {
		return res, nil // the packed answers may not be readable
	}
	bad, err := stalePacked(ctx, s.db)
	if err != nil {
		return res, fmt.Errorf("checking the packed answers in %s: %w", s.path, err)
	}
	for _, p := range bad {
		res.Packed = append(res.Packed, p.id)
	}
	return res, nil
}

// RepairPacked makes the packed answers of every response say what its
// answer rows say, in one transaction: it packs them again where they are
// missing, damaged or stale, and removes them from responses in
// progress. It returns how many responses it mended.
func (s *Store) RepairPacked(ctx context.Context) (int, error) {
	n := 0
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		bad, err := stalePacked(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range bad {
			if p.complete {
				err = packResponse(ctx, tx, p.nr)
			} else {
				_, err = tx.ExecContext(ctx, `DELETE FROM packed_answers WHERE response_nr = ?`, p.nr)
			}
			if err != nil {
				return fmt.Errorf("response %s: %w", p.id, err)
			}
		}
		n = len(bad)
		return nil
	})
	return n, wrap(err, "repairing the packed answers")
}

// stale is a response whose packed answers need mending.
type stale struct {
	nr       int64
	id       string
	complete bool
}

// stalePacked lists the responses whose packed answers are not exactly
// the packing of their answer rows.
func stalePacked(ctx context.Context, q querier) ([]stale, error) {
	type packed struct {
		stale
		data []byte
	}
	rows, err := q.QueryContext(ctx, `SELECT r.nr, r.id, r.status = 'complete', p.data
		FROM responses r LEFT JOIN packed_answers p ON p.response_nr = r.nr ORDER BY r.nr`)
	if err != nil {
		return nil, err
	}
	var all []packed
	for rows.Next() {
		var p packed
		if err := rows.Scan(&p.nr, &p.id, &p.complete, &p.data); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []stale
	for _, p := range all {
		var answers []survey.Answer
		if p.complete {
			var err error
			if answers, err = answersByItem(ctx, q, p.nr); err != nil {
				return nil, fmt.Errorf("response %s: %w", p.id, err)
			}
		}
		if answerpack.Stale(p.complete, p.data, answers) {
			out = append(out, p.stale)
		}
	}
	return out, nil
}
