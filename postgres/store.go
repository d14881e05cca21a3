package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"peil/survey"
)

// Store is a peil database on a PostgreSQL server. It is safe for
// concurrent use, and any number of Stores (processes, machines) may use
// the same database at once: transactions, unique keys and row locks keep
// their writes apart.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	// name says which database this is, for messages: "database peil on
	// db.example.nl:5432".
	name     string
	password string
}

var _ survey.Store = (*Store)(nil)

// Name says which database the store uses, without credentials:
// "database peil on db.example.nl:5432".
func (s *Store) Name() string { return s.name }

// Close closes the store's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// DeviceID returns the id of this database's device, made when the
// database was created.
func (s *Store) DeviceID(ctx context.Context) (string, error) {
	v, ok, err := s.Setting(ctx, SettingDeviceID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", survey.Errorf(survey.ENOTFOUND, "%s has no device id", s.name)
	}
	return v, nil
}

// nowUTC returns the store's clock in UTC.
func (s *Store) nowUTC() time.Time { return s.now().UTC() }

// querier is what the pool and a transaction both offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// transaction runs fn in a read-committed transaction. fn's error rolls
// back and is returned as is; otherwise the transaction is committed
// before transaction returns (with synchronous_commit on, which Open
// makes sure of, the commit is on disk).
func (s *Store) transaction(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return s.errorf(err, "starting a transaction")
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(ctx); rerr != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
			return errors.Join(err, fmt.Errorf("rolling back: %w", s.clean(rerr)))
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return s.errorf(err, "committing")
	}
	return nil
}

// cleanError is a driver's error with the connection string and password
// taken out of its message; it still unwraps to the driver's error.
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }

// clean returns err with credentials removed from its message; domain
// errors pass unchanged.
func (s *Store) clean(err error) error {
	if err == nil || survey.ErrorCode(err) != "" {
		return err
	}
	msg := redact(err.Error(), "", s.password)
	if msg == err.Error() {
		return err
	}
	return &cleanError{msg: msg, err: err}
}

// errorf wraps an unexpected error with the database's name and what was
// being done; domain errors pass unchanged.
func (s *Store) errorf(err error, doing string) error {
	if err == nil || survey.ErrorCode(err) != "" {
		return err
	}
	return fmt.Errorf("%s: %s: %w", s.name, doing, s.clean(err))
}

// wrap adds what was being done to an unexpected error; domain errors
// pass through unchanged so their message reaches the user as written.
func (s *Store) wrap(err error, doing string) error {
	if err == nil || survey.ErrorCode(err) != "" {
		return err
	}
	return fmt.Errorf("%s: %w", doing, s.clean(err))
}

// notFound maps pgx.ErrNoRows to a survey.ENOTFOUND error with msg, and
// wraps other errors with what was being done.
func (s *Store) notFound(err error, doing string, format string, args ...any) error {
	if isNoRows(err) {
		return survey.Errorf(survey.ENOTFOUND, format, args...)
	}
	return s.wrap(err, doing)
}

// pgCode returns the SQLSTATE of a server error, or "".
func pgCode(err error) (code, constraint string) {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code, e.ConstraintName
	}
	return "", ""
}

// uniqueViolation reports whether err is a unique or primary key
// violation, and of which constraint ("studies_code_key").
func uniqueViolation(err error) (constraint string, ok bool) {
	code, c := pgCode(err)
	return c, code == "23505"
}

func isForeignKeyViolation(err error) bool {
	code, _ := pgCode(err)
	return code == "23503"
}

// Times are stored as bigint nanoseconds since 1970-01-01 UTC, as on
// SQLite: exact, and ordered as time.
func formatTime(t time.Time) int64 { return t.UnixNano() }

func parseTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// nullTime is NULL for the zero time.
func nullTime(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ns := formatTime(t)
	return &ns
}

func parseNullTime(ns *int64) time.Time {
	if ns == nil {
		return time.Time{}
	}
	return parseTime(*ns)
}

// lockRounds takes the row locks of the rounds' change counters, in round
// id order. Every transaction that changes
// responses takes them first, so writers of a round follow each other and
// never deadlock.
func lockRounds(ctx context.Context, tx pgx.Tx, ids []string) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	rows, err := tx.Query(ctx, `SELECT round_id FROM round_changes WHERE round_id = ANY($1) ORDER BY round_id FOR UPDATE`, ids)
	if err != nil {
		return err
	}
	rows.Close()
	return rows.Err()
}

// countChanges counts one change of each round up.
func countChanges(ctx context.Context, tx pgx.Tx, ids ...string) error {
	_, err := tx.Exec(ctx, `UPDATE round_changes SET changes = changes + 1 WHERE round_id = ANY($1)`, ids)
	return err
}
