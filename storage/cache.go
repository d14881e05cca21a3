package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"peil/survey"
	"strings"
)

// RoundChanges returns a counter per round (in the order of roundIDs) that
// goes up with every change to the round's complete responses: a response
// completed, or a complete one imported, merged, replaced or deleted.
// Changes to responses in progress (starting one, saving an answer) do not
// count: no dataset holds them, and leaving the counter alone keeps a page
// out of every answer's commit. Equal counters mean unchanged complete
// responses, so they stamp what was derived from them (see Cached).
// Unknown rounds count zero.
func (s *Store) RoundChanges(ctx context.Context, roundIDs []string) ([]int64, error) {
	out := make([]int64, len(roundIDs))
	if len(roundIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(roundIDs))
	for i, id := range roundIDs {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT round_id, changes FROM round_changes WHERE round_id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(roundIDs)), ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the rounds' change counters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("reading the rounds' change counters: %w", err)
		}
		for i, want := range roundIDs {
			if want == id {
				out[i] = n
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the rounds' change counters: %w", err)
	}
	return out, nil
}

// Cached returns the data cached under key if it was cached with stamp;
// ok is false when there is none or it has another stamp.
func (s *Store) Cached(ctx context.Context, key, stamp string) (data []byte, ok bool, err error) {
	var have string
	err = s.db.QueryRowContext(ctx, `SELECT stamp, data FROM cache WHERE key = ?`, key).Scan(&have, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading cache entry %s: %w", key, err)
	}
	if have != stamp {
		return nil, false, nil
	}
	return data, true, nil
}

// Cache keeps data under key with its stamp, replacing what was there,
// and forgets all but the survey.CacheEntries most recently saved entries. A
// read-only store keeps nothing and says so with no error: a cache is
// never needed.
func (s *Store) Cache(ctx context.Context, key, stamp string, data []byte) error {
	if s.readOnly {
		return nil
	}
	return s.transaction(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO cache (key, stamp, data, saved_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET stamp = excluded.stamp, data = excluded.data, saved_at = excluded.saved_at`,
			key, stamp, data, formatTime(s.nowUTC()))
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM cache WHERE key NOT IN
				(SELECT key FROM cache ORDER BY saved_at DESC, key LIMIT ?)`, survey.CacheEntries)
		}
		if err != nil {
			return fmt.Errorf("saving cache entry %s: %w", key, err)
		}
		return nil
	})
}
