package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"

	sqlite3 "modernc.org/sqlite/lib"

	"peil/survey"
)

// ErrDiskFull is wrapped by the error of a change (or of making a new
// database) that failed because the disk has no room: nothing of the
// change was kept.
var ErrDiskFull = errors.New("the disk is full")

// lowSpace is the free space under which a SQLite I/O error is taken for a
// full disk: SQLite reports a full disk as SQLITE_FULL when a write fails,
// but as an I/O error (SQLITE_IOERR_SHMSIZE, "disk I/O error (4874)", and
// others) when growing its shared memory file fails for want of space.
const lowSpace = 1 << 20

// diskError returns err, or, when err says that the disk under the
// database at abs is full, an error that says so and wraps ErrDiskFull.
func diskError(abs string, err error) error {
	if err == nil || errors.Is(err, ErrDiskFull) || !diskFull(abs, err) {
		return err
	}
	return fmt.Errorf("%w: database %s could not be written, and nothing of this change was kept; make room on the disk, or copy the database to another with peil backup, and try again (%w)",
		ErrDiskFull, abs, err)
}

// diskFull reports whether err comes from a full disk under abs.
func diskFull(abs string, err error) bool {
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	switch sqliteCode(err) & 0xff {
	case sqlite3.SQLITE_FULL:
		return true
	case sqlite3.SQLITE_IOERR:
		free, ok := freeBytes(filepath.Dir(abs))
		return ok && free < lowSpace
	}
	return false
}

// media says how Open may use the folder an existing database is in.
type media struct {
	// writable: the database file and its folder can be written (SQLite
	// makes its -wal and -shm files beside the database).
	writable bool
	// walEmpty: there is no -wal file, or an empty one: every change is
	// in the database file itself.
	walEmpty bool
}

// probeMedia looks at the existing database abs and its folder without
// changing them.
func probeMedia(abs string) media {
	m := media{writable: writable(abs) && writable(filepath.Dir(abs)), walEmpty: true}
	if fi, err := os.Stat(abs + "-wal"); err == nil && fi.Size() > 0 {
		m.walEmpty = false
	}
	return m
}

// immutable reports whether a read-only connection may treat the
// database as immutable (no locks, no -shm file): when it cannot be
// written by anyone here and holds every change in its own file.
func (m media) immutable() bool { return !m.writable && m.walEmpty }

// readOnlyReason is why a Store opened on media that cannot be written
// refuses every change.
func readOnlyReason(abs string) string {
	return fmt.Sprintf("database %s cannot be written (it is on read-only media, such as a locked USB stick or a CD, or its file or folder is read-only), so peil opened it for reading only; nothing can be changed. Copy it to a writable place to change it", abs)
}

// uncleanReadOnlyError is why a database on read-only media whose last
// changes are still in its -wal file cannot be read.
func uncleanReadOnlyError(abs string, err error) error {
	return fmt.Errorf("%w (%w)", survey.Errorf(survey.EINVALID,
		"%s is on read-only media and was not closed cleanly: its last changes are in %s-wal, which SQLite must write to read. Copy both files to a writable place and open the copy there",
		abs, filepath.Base(abs)), err)
}

// emptyFileError is why Open refuses a file of 0 bytes (see the package
// documentation).
func emptyFileError(abs string) error {
	return survey.Errorf(survey.EINVALID,
		"%s is empty (0 bytes), not a peil database: perhaps a copy that failed, or a full disk. peil left it unchanged. If it should hold data, copy it again from where it came from; to start a new database under this name, delete the empty file first",
		abs)
}

// removeNew removes the database Open created at abs and could not make
// ready (the disk filled up, say), with SQLite's files beside it, so that
// no empty or half-made database is left behind.
func removeNew(abs string) {
	for _, p := range []string{abs, abs + "-wal", abs + "-shm", abs + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return
		}
	}
}

// vacuumReadOnly writes a copy of the read-only database into the file
// into. VACUUM INTO opens its output with the flags of the connection it
// runs on, so on a read-only connection it cannot write even to another
// disk; here it runs on a scratch connection in memory, with the database
// attached read-only.
func (s *Store) vacuumReadOnly(ctx context.Context, into string) error {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	src := url.URL{Scheme: "file", Path: filepath.ToSlash(s.path), RawQuery: "mode=ro"}
	if probeMedia(s.path).immutable() {
		src.RawQuery += "&immutable=1"
	}
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS src", src.String()); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM src INTO ?", into)
	return err
}
