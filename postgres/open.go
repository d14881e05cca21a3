package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"peil/migration"
	"peil/survey"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationsTable records the schema versions applied to a database; its
// comment, Marker, says the database is peil's.
const migrationsTable = "peil_migrations"

// Marker is the comment on the migrations table that marks a database as
// peil's, as the application id marks a SQLite file.
const Marker = "peil database schema"

// migrationLock is the advisory lock key that orders two peils migrating
// the same database at once (the bytes of "peil").
const migrationLock = 0x7065696c

// SettingDeviceID is the setting that holds this database's device id, a
// UUID made when the database was created.
const SettingDeviceID = "device_id"

// loadMigrations returns the embedded migrations in order, numbered 1, 2,
// 3, ... without gaps.
func loadMigrations() ([]migration.Step, error) {
	return migration.Load(migrationFiles, "migrations")
}

// SchemaVersion is the schema version this peil creates and understands.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// IsDSN reports whether s is a PostgreSQL connection string rather than
// the name of a SQLite file: a URL (postgres:// or postgresql://) or
// keyword=value settings that start with a connection keyword
// ("host=db.example.nl dbname=peil").
func IsDSN(s string) bool {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		return true
	}
	key, _, ok := strings.Cut(lower, "=")
	if !ok {
		return false
	}
	switch strings.TrimSpace(key) {
	case "host", "hostaddr", "dbname", "user", "port", "service", "sslmode":
		return true
	}
	return false
}

// Option changes how Open opens a database.
type Option func(*config)

type config struct {
	now       func() time.Time
	upgrading func(from, to int)
	maxConns  int32
}

// WithNow sets the clock that stamps creation, start, answer and finish
// times the caller leaves zero (time.Now by default).
func WithNow(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithUpgradeNotice has Open call notice before it brings the schema of a
// database made by an older peil up to date. It is not called for a new
// database.
func WithUpgradeNotice(notice func(from, to int)) Option {
	return func(c *config) { c.upgrading = notice }
}

// WithMaxConns sets the size of the connection pool (pgxpool's default,
// the larger of 4 and the number of CPUs, otherwise).
func WithMaxConns(n int32) Option {
	return func(c *config) { c.maxConns = n }
}

// Open connects to the PostgreSQL database named by dsn (a URL such as
// postgres://user@host/db?sslmode=verify-full, or keyword=value settings;
// libpq's environment variables such as PGPASSWORD fill what it leaves
// out) and brings its schema up to date. An empty database becomes a peil
// database. A database that holds tables of another application, or that
// a newer peil made, is refused with a survey.EINVALID error and left
// untouched. Errors name the host and database, never the password.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	pcfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, survey.Errorf(survey.EINVALID, "the PostgreSQL connection string is not valid: %s", redact(err.Error(), dsn, ""))
	}
	if cfg.maxConns > 0 {
		pcfg.MaxConns = cfg.maxConns
	}
	// Every answer is on disk when the call that saves it returns: a
	// server or role that turned synchronous_commit off gets it back on
	// for peil's connections (local, on and the replication levels all
	// flush the commit to disk first).
	pcfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		var mode string
		if err := c.QueryRow(ctx, `SELECT current_setting('synchronous_commit')`).Scan(&mode); err != nil {
			return err
		}
		if mode == "off" {
			_, err := c.Exec(ctx, `SET synchronous_commit TO on`)
			return err
		}
		return nil
	}
	s := &Store{now: cfg.now, name: describe(pcfg.ConnConfig), password: pcfg.ConnConfig.Password}
	s.pool, err = pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, s.errorf(err, "connecting")
	}
	if err := s.pool.Ping(ctx); err != nil {
		s.pool.Close()
		return nil, s.errorf(err, "connecting")
	}
	ms, err := loadMigrations()
	if err != nil {
		s.pool.Close()
		return nil, err
	}
	version, err := s.inspect(ctx, len(ms))
	if err == nil {
		if version > 0 && version < len(ms) && cfg.upgrading != nil {
			cfg.upgrading(version, len(ms))
		}
		err = s.migrate(ctx, ms)
	}
	if err != nil {
		s.pool.Close()
		return nil, err
	}
	return s, nil
}

// describe names a database for messages: "database peil on
// db.example.nl:5432". It never includes the password.
func describe(c *pgx.ConnConfig) string {
	host := c.Host
	if !strings.HasPrefix(host, "/") {
		host += ":" + strconv.Itoa(int(c.Port))
	}
	return fmt.Sprintf("database %s on %s", c.Database, host)
}

// redact removes the connection string and the password from msg: a
// driver's message may quote them.
func redact(msg, dsn, password string) string {
	if dsn != "" {
		msg = strings.ReplaceAll(msg, dsn, "(the connection string)")
	}
	if password != "" {
		msg = strings.ReplaceAll(msg, password, "xxxxx")
		msg = strings.ReplaceAll(msg, url.QueryEscape(password), "xxxxx")
		msg = strings.ReplaceAll(msg, url.PathEscape(password), "xxxxx")
	}
	return msg
}

// inspect decides, reading only, whether the database is empty or a peil
// database this peil can use, and returns its schema version (0 for an
// empty database).
func (s *Store) inspect(ctx context.Context, known int) (int, error) {
	var tables []string
	var marker *string
	err := s.pool.QueryRow(ctx, `SELECT
			coalesce(array_agg(c.relname::text ORDER BY c.relname) FILTER (WHERE c.relname IS NOT NULL), '{}'),
			(SELECT obj_description(to_regclass($1), 'pg_class'))
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`, migrationsTable).
		Scan(&tables, &marker)
	if err != nil {
		return 0, s.errorf(err, "reading the list of tables")
	}
	if len(tables) == 0 {
		return 0, nil
	}
	if marker == nil || *marker != Marker {
		shown := tables
		if len(shown) > 5 {
			shown = append(shown[:5:5], "...")
		}
		return 0, survey.Errorf(survey.EINVALID,
			"%s holds %d tables of another application (%s), not a peil database. peil left it unchanged; give peil a database of its own (createdb peil)",
			s.name, len(tables), strings.Join(shown, ", "))
	}
	var version int
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+migrationsTable).Scan(&version); err != nil {
		return 0, s.errorf(err, "reading the schema version")
	}
	if version > known {
		return 0, survey.Errorf(survey.EINVALID,
			"%s was made by a newer version of peil (schema %d, this peil knows up to %d); update peil to open it. peil left the database unchanged",
			s.name, version, known)
	}
	return version, nil
}

// migrate applies the migrations the database does not have yet, each in
// its own transaction that also records it in peil_migrations. An
// advisory lock makes a second peil wait while the first migrates. The
// first migration also marks the database as peil's and makes the device
// id.
func (s *Store) migrate(ctx context.Context, ms []migration.Step) error {
	for _, m := range ms {
		err := s.transaction(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
				return err
			}
			// pg_class itself, not to_regclass: after waiting for the lock
			// the catalog cache may not yet know the table another peil
			// just made; a query of pg_class sees every commit.
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_class
				WHERE relname = $1 AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))`,
				migrationsTable).Scan(&exists); err != nil {
				return err
			}
			if exists {
				var have int
				if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+migrationsTable).Scan(&have); err != nil {
					return err
				}
				if have >= m.Version {
					return nil // done already, or by another peil meanwhile
				}
			} else {
				if _, err := tx.Exec(ctx, `CREATE TABLE `+migrationsTable+` (
					version    integer PRIMARY KEY,
					name       text NOT NULL,
					applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `COMMENT ON TABLE `+migrationsTable+` IS '`+Marker+`'`); err != nil {
					return err
				}
			}
			// No arguments: the simple protocol, which runs a script of
			// several statements.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			if m.Version == 1 {
				if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, SettingDeviceID, uuid.NewString()); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `INSERT INTO `+migrationsTable+` (version, name) VALUES ($1, $2)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: updating the schema with %s: %w", s.name, m.Name, s.clean(err))
		}
	}
	return nil
}

// errNoRows is pgx's error for a query that found nothing.
var errNoRows = pgx.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }

// Describe names the database a connection string points at, for
// messages ("database peil on db.example.nl:5432"), without the password;
// "a PostgreSQL database" when the string cannot be read.
func Describe(dsn string) string {
	c, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "a PostgreSQL database"
	}
	return describe(c)
}

// HasPassword reports whether a connection string itself holds a
// password (not one from PGPASSWORD or a .pgpass file).
func HasPassword(dsn string) bool {
	dsn = strings.TrimSpace(dsn)
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return true // unreadable: assume the worst
		}
		if _, ok := u.User.Password(); ok {
			return true
		}
		return u.Query().Has("password")
	}
	for _, f := range strings.Fields(lower) {
		if strings.HasPrefix(f, "password=") || strings.HasPrefix(f, "password =") {
			return true
		}
	}
	return strings.Contains(lower, "password")
}
