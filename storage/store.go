package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"peil/survey"
)

// Store is a peil database in one SQLite file. It is safe for concurrent
// use; several Stores (or processes) may open the same file, and writers
// wait for each other up to the busy timeout.
type Store struct {
	db       *sql.DB
	path     string
	now      func() time.Time
	readOnly bool
	// readOnlyWhy says why a Store is read-only without WithReadOnly.
	readOnlyWhy string
	deviceID    string
	// stmts keeps the statements of the answer path prepared (see stmt).
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

var _ survey.Store = (*Store)(nil)

// Option changes how Open opens a database.
type Option func(*config)

type config struct {
	now      func() time.Time
	readOnly bool
	create   bool
	// upgrading is told before an existing database's schema is updated.
	upgrading func(from, to int)
}

// WithNow sets the clock that stamps creation, start, answer and finish
// times the caller leaves zero (time.Now by default).
func WithNow(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithReadOnly opens an existing database for reading only: nothing is
// created or migrated, and every change fails with survey.EINVALID.
func WithReadOnly() Option {
	return func(c *config) { c.readOnly = true }
}

// WithoutCreate makes Open fail with survey.ENOTFOUND when the file does
// not exist, instead of creating a new database.
func WithoutCreate() Option {
	return func(c *config) { c.create = false }
}

// WithUpgradeNotice has Open call notice before it brings the schema of a
// database made by an older peil up to date, which takes a few seconds for
// a national study: a command can say why it pauses. It is not called for
// a new database.
func WithUpgradeNotice(notice func(from, to int)) Option {
	return func(c *config) { c.upgrading = notice }
}

// SettingDeviceID is the setting that holds this database's device id, a
// UUID made when the database was created.
const SettingDeviceID = "device_id"

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// DeviceID returns the id of the laptop (database) that collects responses,
// made when the database was created.
func (s *Store) DeviceID(ctx context.Context) (string, error) {
	v, ok, err := s.Setting(ctx, SettingDeviceID)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", survey.Errorf(survey.ENOTFOUND, "database %s has no device id", s.path)
	}
	return v, nil
}

// Close closes the database. WAL content is checkpointed into the file.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("closing database %s: %w", s.path, err)
	}
	return nil
}

// nowUTC returns the store's clock in UTC.
func (s *Store) nowUTC() time.Time { return s.now().UTC() }

// querier is what both *sql.DB and *sql.Tx offer, so helpers run inside or
// outside a transaction as their caller decides.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// stmt returns query prepared for tx. The statement is prepared once per
// store (and per pooled connection, by database/sql) instead of once per
// call: the statements of the answer path run with every answer given.
func (s *Store) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.db.PrepareContext(ctx, query); err != nil {
			s.stmtMu.Unlock()
			return nil, err
		}
		if s.stmts == nil {
			s.stmts = make(map[string]*sql.Stmt)
		}
		s.stmts[query] = st
	}
	s.stmtMu.Unlock()
	return tx.StmtContext(ctx, st), nil
}

// transaction runs fn in a write transaction (BEGIN IMMEDIATE, so a second
// writer waits for the busy timeout instead of failing halfway). fn's error
// rolls back and is returned as is; otherwise the transaction is committed,
// durably (synchronous=FULL), before transaction returns.
func (s *Store) transaction(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	defer func() { err = diskError(s.path, err) }() // a full disk said as such (media.go)
	if s.readOnlyWhy != "" {
		return survey.Errorf(survey.EINVALID, "%s", s.readOnlyWhy)
	}
	if s.readOnly {
		return survey.Errorf(survey.EINVALID, "database %s is open read-only; nothing can be changed", s.path)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("database %s: starting a transaction: %w", s.path, err)
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rolling back: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("database %s: committing: %w", s.path, err)
	}
	return nil
}

// Timestamps are stored as INTEGER nanoseconds since 1970-01-01 UTC: exact,
// 8 bytes instead of 30 characters of text, and ordered as time. The range
// ends in 2262.
func formatTime(t time.Time) int64 { return t.UnixNano() }

func parseTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// nullTime is NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func parseNullTime(ns sql.NullInt64) time.Time {
	if !ns.Valid {
		return time.Time{}
	}
	return parseTime(ns.Int64)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// uniqueViolation reports whether err is a UNIQUE or PRIMARY KEY
// violation, and on which columns ("studies.code").
func uniqueViolation(err error) (columns string, ok bool) {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
	default:
		return "", false
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, "constraint failed: "); i >= 0 {
		columns = msg[i+len("constraint failed: "):]
		if j := strings.Index(columns, " ("); j >= 0 {
			columns = columns[:j]
		}
	}
	return columns, true
}

func isForeignKeyViolation(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// notFound maps sql.ErrNoRows to a survey.ENOTFOUND error with msg, and
// wraps other errors with what was being done.
func notFound(err error, doing string, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return survey.Errorf(survey.ENOTFOUND, format, args...)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// wrap adds what was being done to an unexpected error; domain errors pass
// through unchanged so their message reaches the user as written.
func wrap(err error, doing string) error {
	if err == nil || survey.ErrorCode(err) != "" {
		return err
	}
	return fmt.Errorf("%s: %w", doing, err)
}
