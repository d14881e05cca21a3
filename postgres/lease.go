package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"peil/survey"
)

// LeaseResponse gives responseID's lease to holder until the given time
// (see survey.ResponseLeaser): the SQLite store's statement, with $n.
func (s *Store) LeaseResponse(ctx context.Context, responseID, holder string, until time.Time, takeOver bool) error {
	if err := survey.CheckLeaseHolder(holder); err != nil {
		return err
	}
	return s.transaction(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO response_leases (response_id, holder, until)
			SELECT id, $1, $2 FROM responses WHERE id = $3
			ON CONFLICT (response_id) DO UPDATE SET holder = excluded.holder, until = excluded.until
			WHERE response_leases.holder = excluded.holder OR response_leases.until <= $4 OR $5`,
			holder, formatTime(until), responseID, formatTime(s.nowUTC()), takeOver)
		if err != nil {
			return s.wrap(err, "leasing response "+responseID)
		}
		if tag.RowsAffected() > 0 {
			return nil
		}
		var one int
		err = tx.QueryRow(ctx, `SELECT 1 FROM responses WHERE id = $1`, responseID).Scan(&one)
		if err != nil {
			return s.notFound(err, "leasing response "+responseID, "response %s does not exist", responseID)
		}
		return survey.LeaseTaken(responseID)
	})
}

// ReleaseResponse ends holder's lease on responseID, if holder has it.
func (s *Store) ReleaseResponse(ctx context.Context, responseID, holder string) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM response_leases WHERE response_id = $1 AND holder = $2`, responseID, holder)
	return s.wrap(err, "releasing response "+responseID)
}
