package storage

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	sqlite3 "modernc.org/sqlite/lib"

	"peil/migration"
	"peil/survey"
)

// ApplicationID marks a SQLite file as a peil database (PRAGMA
// application_id): the bytes of "peil".
const ApplicationID = 0x7065696c

// busyTimeout is how long a writer waits for another writer, in ms.
const busyTimeout = 5000

//go:embed migrations/*.sql
var migrationFiles embed.FS

// afterMigration returns the step that SQL alone cannot do for migration
// v, run after its script in its transaction; nil when there is none.
func afterMigration(v int) func(context.Context, *sql.Tx) error {
	switch v {
	case 4:
		return packAll // binary packed answers
	}
	return nil
}

// loadMigrations returns the embedded migrations in order and checks that
// they are numbered 1, 2, 3, ... without gaps.
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

// Open opens the peil database at path, creating it (and its parent
// directories) unless WithoutCreate or WithReadOnly is given, and brings its
// schema up to date. A file that is not a peil database, a damaged one, or
// one made by a newer peil is refused with a survey.EINVALID error saying
// what to do, and is left unchanged.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now, create: true}
	for _, o := range opts {
		o(&cfg)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	ms, err := loadMigrations()
	if err != nil {
		return nil, err
	}
	place := lookAt(abs, &cfg)
	version, err := prepareFile(ctx, abs, cfg, len(ms))
	if err != nil {
		return nil, place.openError(abs, err)
	}
	if cfg.readOnly && version < len(ms) {
		if place.why != "" {
			return nil, survey.Errorf(survey.EINVALID,
				"%s was made by an older version of peil (schema %d, this peil uses %d) and cannot be updated where it is, because it cannot be written; copy it to a writable place and open the copy",
				abs, version, len(ms))
		}
		return nil, survey.Errorf(survey.EINVALID,
			"%s was made by an older version of peil (schema %d, this peil uses %d); open it once without read-only to update it",
			abs, version, len(ms))
	}

	db, err := sql.Open("sqlite", dsn(abs, cfg.readOnly)+place.dsnSuffix(cfg.readOnly))
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", abs, err)
	}
	s := &Store{db: db, path: abs, now: cfg.now, readOnly: cfg.readOnly, readOnlyWhy: place.why}
	if !cfg.readOnly {
		if version > 0 && version < len(ms) && cfg.upgrading != nil {
			cfg.upgrading(version, len(ms))
		}
		// An up-to-date schema needs no migration transactions (one per
		// migration, each a write lock): most opens are of such files.
		if version < len(ms) {
			if err := s.migrate(ctx, ms); err != nil {
				db.Close()
				place.undoCreate(abs)
				return nil, err
			}
		}
	}
	return s, nil
}

// place is what Open found out about where the database is (media.go).
type place struct {
	exists bool
	media  media
	// why, when not empty, is why the database was opened read-only,
	// with or without WithReadOnly: it cannot be written.
	why string
}

// lookAt looks at the database file abs before Open touches it. A
// database that exists but cannot be written (read-only media, a
// read-only file or folder) is opened for reading only, so that every
// command that only reads works on it.
func lookAt(abs string, cfg *config) place {
	var p place
	if _, err := os.Stat(abs); err != nil {
		return p
	}
	p.exists, p.media = true, probeMedia(abs)
	if !p.media.writable {
		cfg.readOnly, p.why = true, readOnlyReason(abs)
	}
	return p
}

// dsnSuffix is what the pool's connection string needs for this place:
// immutable=1 for a read-only database that nobody can be writing.
func (p place) dsnSuffix(readOnly bool) string {
	if readOnly && p.exists && p.media.immutable() {
		return "&immutable=1"
	}
	return ""
}

// openError explains an error of checking the file, for the place it is.
func (p place) openError(abs string, err error) error {
	if p.exists && !p.media.writable && !p.media.walEmpty && survey.ErrorCode(err) == "" {
		return uncleanReadOnlyError(abs, err)
	}
	if !p.exists {
		err = diskError(abs, err)
		if errors.Is(err, ErrDiskFull) {
			p.undoCreate(abs)
		}
	}
	return err
}

// undoCreate removes the database Open made, when it did.
func (p place) undoCreate(abs string) {
	if !p.exists {
		removeNew(abs)
	}
}

// dsn is the connection string for the pool: per-connection pragmas go in
// the DSN so that every pooled connection gets them.
func dsn(abs string, readOnly bool) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := []string{"_pragma=busy_timeout(" + strconv.Itoa(busyTimeout) + ")", "_pragma=foreign_keys(1)"}
	if readOnly {
		q = append(q, "mode=ro", "_pragma=query_only(1)")
	} else {
		// temp_store(MEMORY) keeps statement journals in memory: an
		// insert that may fail halfway (a foreign key, a trigger) saves the
		// pages it changes there, and in a temporary file that cost a
		// write system call per page of an import.
		q = append(q, "mode=rw", "_txlock=immediate",
			"_pragma=synchronous(FULL)", "_pragma=journal_mode(WAL)", "_pragma=temp_store(MEMORY)")
	}
	return u.String() + "?" + strings.Join(q, "&")
}

// sqliteMagic starts every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// prepareFile makes sure abs is a new (empty) file or a peil database this
// peil can open, and returns its schema version (0 for a new file). It
// creates a missing file with mode 0600 when allowed. It reads an existing
// file only: a refused file is left byte for byte as it was.
func prepareFile(ctx context.Context, abs string, cfg config, known int) (int, error) {
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if cfg.readOnly || !cfg.create {
			return 0, survey.Errorf(survey.ENOTFOUND, "there is no peil database at %s; check the file name", abs)
		}
		return 0, createFile(abs)
	case err != nil:
		return 0, fmt.Errorf("database %s: %w", abs, err)
	case fi.IsDir():
		return 0, survey.Errorf(survey.EINVALID, "%s is a folder, not a peil database; give the name of a database file", abs)
	case fi.Size() == 0:
		return 0, emptyFileError(abs)
	}

	head := make([]byte, headerSize)
	f, err := os.Open(abs)
	if err != nil {
		return 0, fmt.Errorf("database %s: %w", abs, err)
	}
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, fmt.Errorf("database %s: %w", abs, err)
	}
	head = head[:n]
	if !bytes.HasPrefix(head, sqliteMagic) {
		return 0, notSQLiteError(abs)
	}
	// A -wal file with something in it means the last writer did not
	// close cleanly. An empty one means nothing: a read-only connection
	// leaves it behind, and checking a national database in full for it
	// cost every command a third of a second.
	wal, walErr := os.Stat(abs + "-wal")
	unclean := walErr == nil && wal.Size() > 0
	if !unclean {
		want, ok := headerFileSize(head)
		if ok && fi.Size() < want {
			return 0, damagedError(abs, fmt.Sprintf("the file is cut short: %d of %d bytes", fi.Size(), want))
		}
		// Closed cleanly, whole, and a peil database of a schema this
		// peil knows, as its header says: then there is nothing a
		// connection would read that the header has not told (opening one
		// to read the same two numbers cost about a millisecond of every
		// start). Anything else is looked at by SQLite below.
		if v, peil := peilHeader(head); ok && peil && v <= known {
			return v, nil
		}
	}
	// The full check runs after an unclean close only, whatever the
	// file's size: checking every small file on every open took half the
	// time to the first screen (see the package documentation).
	return inspect(ctx, abs, cfg.readOnly, known, unclean)
}

// headerSize is the size of the SQLite file header.
const headerSize = 100

// peilHeader reports whether a SQLite header h is a peil database's (its
// application id, PRAGMA application_id, is ApplicationID) and returns
// its schema version (PRAGMA user_version). The first migration sets both
// in one transaction, so a peil database's version is at least 1.
func peilHeader(h []byte) (version int, ok bool) {
	if len(h) < headerSize || binary.BigEndian.Uint32(h[68:72]) != ApplicationID {
		return 0, false
	}
	v := int32(binary.BigEndian.Uint32(h[60:64]))
	return int(v), v >= 1
}

// headerFileSize returns the file size a SQLite header promises (page
// size × pages), when the header's page count is valid (it is when the
// file was last written by SQLite 3.7.0 or later: the change counter
// equals the version-valid-for number).
func headerFileSize(h []byte) (int64, bool) {
	if len(h) < headerSize {
		return 0, false
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	if pages == 0 || !bytes.Equal(h[24:28], h[92:96]) {
		return 0, false
	}
	return pageSize * pages, true
}

func notSQLiteError(abs string) error {
	return survey.Errorf(survey.EINVALID,
		"%s is not a peil database: it is not a SQLite database file at all. peil left it unchanged; check that you chose the right file", abs)
}

func damagedError(abs, detail string) error {
	return survey.Errorf(survey.EINVALID,
		"%s is a damaged peil database (SQLite reports: %s). peil left it unchanged; keep a copy of it for recovery and use a backup or the latest data package instead", abs, detail)
}

// createFile creates an empty database file with mode 0600, whatever the
// umask, and its parent directories.
func createFile(abs string) error {
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return fmt.Errorf("creating the folder for database %s: %w", abs, err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("creating database %s: %w", abs, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("creating database %s: %w", abs, err)
	}
	if err := os.Chmod(abs, 0o600); err != nil {
		return fmt.Errorf("creating database %s: %w", abs, err)
	}
	return nil
}

// inspect opens an existing SQLite file on one connection that only reads
// (no journal mode change, no migration) and decides whether it is a peil
// database this peil can use.
func inspect(ctx context.Context, abs string, readOnly bool, known int, fullCheck bool) (int, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	// A read-write connection that only reads removes the -wal and -shm
	// files it made when it closes; a read-only one cannot. So a read-only
	// check of a file without a WAL (nobody has it open, nothing to
	// recover) treats it as immutable: no locks, no -shm, no -wal.
	mode := "mode=rw"
	if readOnly {
		mode = "mode=ro"
		if _, err := os.Stat(abs + "-wal"); errors.Is(err, fs.ErrNotExist) || probeMedia(abs).immutable() {
			mode += "&immutable=1"
		}
	}
	db, err := sql.Open("sqlite", u.String()+"?"+mode+"&_pragma=busy_timeout("+strconv.Itoa(busyTimeout)+")")
	if err != nil {
		return 0, fmt.Errorf("opening database %s: %w", abs, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var appID, version, objects int
	err = db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	if err == nil {
		err = db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	}
	if err == nil {
		err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects)
	}
	if err != nil {
		return 0, fileError(abs, err)
	}
	switch {
	case appID == 0 && objects == 0 && version == 0:
		return 0, nil // an empty SQLite database: make it peil's
	case appID != ApplicationID:
		return 0, survey.Errorf(survey.EINVALID,
			"%s is a SQLite database of another application (application id %#x, %d tables and indexes), not a peil database. peil left it unchanged; choose another file for peil's data",
			abs, uint32(appID), objects)
	case version > known:
		return 0, survey.Errorf(survey.EINVALID,
			"%s was made by a newer version of peil (schema %d, this peil knows up to %d); update peil to open it. peil left the file unchanged",
			abs, version, known)
	}

	if !fullCheck {
		return version, nil
	}
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return 0, fileError(abs, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return 0, fileError(abs, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fileError(abs, err)
	}
	if len(problems) > 0 {
		detail := problems[0]
		if len(problems) > 1 {
			detail += fmt.Sprintf(" and %d more problems", len(problems)-1)
		}
		return 0, damagedError(abs, detail)
	}
	return version, nil
}

// fileError turns a SQLite error from reading a file into a message for
// the researcher.
func fileError(abs string, err error) error {
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return notSQLiteError(abs)
	case sqlite3.SQLITE_CORRUPT:
		return damagedError(abs, "database disk image is malformed")
	}
	return fmt.Errorf("reading database %s: %w", abs, err)
}

// migrate applies the migrations the database does not have yet, each in
// its own transaction that also records the new user_version. The first
// one also marks the file as peil's and makes the device id.
func (s *Store) migrate(ctx context.Context, ms []migration.Step) error {
	for _, m := range ms {
		err := s.transaction(ctx, func(tx *sql.Tx) error {
			var have int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
				return err
			}
			if have >= m.Version {
				return nil // another process got here first
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			if after := afterMigration(m.Version); after != nil {
				if err := after(ctx, tx); err != nil {
					return err
				}
			}
			if m.Version == 1 {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", SettingDeviceID, uuid.NewString()); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version))
			return err
		})
		if err != nil {
			return fmt.Errorf("database %s: updating the schema with %s: %w", s.path, m.Name, err)
		}
	}
	return nil
}
