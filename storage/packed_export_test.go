package storage

import (
	"context"
	"fmt"
)

// CheckPacked reports responses whose packed answers (migration 0003) are
// not exactly their answers: complete responses must carry the packed text
// of their answers, responses in progress none. Tests call it after every
// way a response can be completed, imported or replaced.
func CheckPacked(ctx context.Context, s *Store) error {
	var stale, early int
	err := s.db.QueryRowContext(ctx, `SELECT
			count(*) FILTER (WHERE status = 'complete' AND packed IS NOT `+packedAnswersSQL("responses.nr")+`),
			count(*) FILTER (WHERE status <> 'complete' AND packed IS NOT NULL)
		FROM responses`).Scan(&stale, &early)
	if err != nil {
		return err
	}
	if stale > 0 || early > 0 {
		return fmt.Errorf("%d complete responses with stale packed answers, %d in-progress responses with packed answers", stale, early)
	}
	return nil
}
