package storage

import (
	"context"
	"fmt"
)

// CheckPacked reports responses whose packed answers (package answerpack) are not
// exactly their answers: every complete response must have the blob made
// from its answers, responses in progress none. Tests call it after every
// way a response can be completed, imported or replaced.
func CheckPacked(ctx context.Context, s *Store) error {
	bad, err := stalePacked(ctx, s.db)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d responses whose packed answers are not their answers, the first %s", len(bad), bad[0].id)
	}
	return nil
}

// DSN is the connection string Open uses for a read-write store.
func DSN(path string) string { return dsn(path, false) }
