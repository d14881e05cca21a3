package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"peil/survey"
)

// The lease statements are plain SQL that PostgreSQL runs as well (an
// upsert with a WHERE on its DO UPDATE, ? for $n): a PostgreSQL store can
// take them as they are. The conditional upsert is one statement, so two
// kiosks racing for a lease cannot both win, whatever the isolation level.

// LeaseResponse gives responseID's lease to holder until the given time
// (see survey.ResponseLeaser).
func (s *Store) LeaseResponse(ctx context.Context, responseID, holder string, until time.Time, takeOver bool) error {
	if err := survey.CheckLeaseHolder(holder); err != nil {
		return err
	}
	return s.transaction(ctx, func(tx *sql.Tx) error {
		// Taken from responses, the upsert writes nothing for an unknown
		// response; only a refusal asks which of the two it was.
		res, err := tx.ExecContext(ctx, `INSERT INTO response_leases (response_id, holder, until)
			SELECT id, ?, ? FROM responses WHERE id = ?
			ON CONFLICT (response_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
			WHERE response_leases.holder = excluded.holder OR response_leases.until <= ? OR ?`,
			holder, formatTime(until), responseID, formatTime(s.nowUTC()), takeOver)
		if err != nil {
			return fmt.Errorf("leasing response %s: %w", responseID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("leasing response %s: %w", responseID, err)
		}
		if n > 0 {
			return nil
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM responses WHERE id = ?`, responseID).Scan(&one)
		if err != nil {
			return notFound(err, "leasing response "+responseID, "response %s does not exist", responseID)
		}
		return survey.LeaseTaken(responseID)
	})
}

// ReleaseResponse ends holder's lease on responseID, if holder has it.
func (s *Store) ReleaseResponse(ctx context.Context, responseID, holder string) error {
	return s.transaction(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM response_leases WHERE response_id = ? AND holder = ?`, responseID, holder)
		if err != nil {
			return fmt.Errorf("releasing response %s: %w", responseID, err)
		}
		return nil
	})
}
