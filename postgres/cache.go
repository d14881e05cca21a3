package postgres

import (
	"context"
	"peil/survey"

	"github.com/jackc/pgx/v5"
)

// RoundChanges returns a counter per round (in the order of roundIDs) that
// goes up with every change to the round's responses: a new response, an
// answer saved or deleted, a response completed, imported or merged.
// Unknown rounds count zero.
func (s *Store) RoundChanges(ctx context.Context, roundIDs []string) ([]int64, error) {
	out := make([]int64, len(roundIDs))
	if len(roundIDs) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT round_id, changes FROM round_changes WHERE round_id = ANY($1)`, roundIDs)
	if err != nil {
		return nil, s.wrap(err, "reading the rounds' change counters")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, s.wrap(err, "reading the rounds' change counters")
		}
		for i, want := range roundIDs {
			if want == id {
				out[i] = n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err, "reading the rounds' change counters")
	}
	return out, nil
}

// Cached returns the data cached under key if it was cached with stamp;
// ok is false when there is none or it has another stamp.
func (s *Store) Cached(ctx context.Context, key, stamp string) (data []byte, ok bool, err error) {
	var have string
	err = s.pool.QueryRow(ctx, `SELECT stamp, data FROM cache WHERE key = $1`, key).Scan(&have, &data)
	if isNoRows(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.wrap(err, "reading cache entry "+key)
	}
	if have != stamp {
		return nil, false, nil
	}
	return data, true, nil
}

// Cache keeps data under key with its stamp, replacing what was there,
// and forgets all but the survey.CacheEntries most recently saved entries.
func (s *Store) Cache(ctx context.Context, key, stamp string, data []byte) error {
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO cache (key, stamp, data, saved_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (key) DO UPDATE SET stamp = excluded.stamp, data = excluded.data, saved_at = excluded.saved_at`,
			key, stamp, data, formatTime(s.nowUTC()))
		if err == nil {
			_, err = tx.Exec(ctx, `DELETE FROM cache WHERE key NOT IN
				(SELECT key FROM cache ORDER BY saved_at DESC, key LIMIT $1)`, survey.CacheEntries)
		}
		return err
	})
	return s.wrap(err, "saving cache entry "+key)
}
