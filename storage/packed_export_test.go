package storage

import (
	"bytes"
	"context"
	"fmt"
)

// CheckPacked reports responses whose packed answers (packed.go) are not
// exactly their answers: every complete response must have the blob made
// from its answers, responses in progress none. Tests call it after every
// way a response can be completed, imported or replaced.
func CheckPacked(ctx context.Context, s *Store) error {
	var missing, early int
	err := s.db.QueryRowContext(ctx, `SELECT
			count(*) FILTER (WHERE r.status = 'complete' AND p.response_nr IS NULL),
			count(*) FILTER (WHERE r.status <> 'complete' AND p.response_nr IS NOT NULL)
		FROM responses r LEFT JOIN packed_answers p ON p.response_nr = r.nr`).Scan(&missing, &early)
	if err != nil {
		return err
	}
	if missing > 0 || early > 0 {
		return fmt.Errorf("%d complete responses without packed answers, %d in-progress responses with packed answers", missing, early)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT response_nr, data FROM packed_answers ORDER BY response_nr`)
	if err != nil {
		return err
	}
	type blob struct {
		nr   int64
		data []byte
	}
	var blobs []blob
	for rows.Next() {
		var b blob
		if err := rows.Scan(&b.nr, &b.data); err != nil {
			rows.Close()
			return err
		}
		blobs = append(blobs, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stale := 0
	for _, b := range blobs {
		answers, err := answersByItem(ctx, s.db, b.nr)
		if err != nil {
			return err
		}
		if !bytes.Equal(b.data, appendPacked(nil, answers)) {
			stale++
		}
	}
	if stale > 0 {
		return fmt.Errorf("%d complete responses with stale packed answers", stale)
	}
	return nil
}
