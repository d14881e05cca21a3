package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"peil/postgres"
)

// dbPath resolves the database: --db, then --db-file, then $PEIL_DB, then
// $PEIL_DB_FILE, then the default SQLite file. A value is a SQLite file
// or a PostgreSQL connection string (postgres://… or host=… dbname=…).
// It is resolved once per run (a file named by --db-file is read once),
// however often a command asks.
func (a *app) dbPath() (string, error) {
	if !a.db.done {
		a.db.path, a.db.err = a.resolveDB()
		a.db.done = true
	}
	return a.db.path, a.db.err
}

// resolveDB is dbPath's work.
func (a *app) resolveDB() (string, error) {
	switch {
	case a.dbFlag != "":
		return a.dbFlag, nil
	case a.dbFile != "":
		return readDBFile(a.dbFile)
	case a.getenv("PEIL_DB") != "":
		return a.getenv("PEIL_DB"), nil
	case a.getenv("PEIL_DB_FILE") != "":
		return readDBFile(a.getenv("PEIL_DB_FILE"))
	}
	return defaultDBPath(a.getenv)
}

// readDBFile reads a connection string from the first line of a file, so
// that it stays out of shell history and the process list. A file that
// holds a password must be readable by its owner only, as ssh demands of
// its keys.
func readDBFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading the connection string: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("reading the connection string: %w", err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4096), 4096)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return "", fmt.Errorf("reading the connection string from %s: %w", path, err)
		}
		return "", fmt.Errorf("%s is empty; write the connection string on its first line", path)
	}
	dsn := strings.TrimSpace(sc.Text())
	if dsn == "" {
		return "", fmt.Errorf("%s starts with an empty line; write the connection string on its first line", path)
	}
	if postgres.HasPassword(dsn) && fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s holds a password and others can read it (mode %v); make it private with: chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	return dsn, nil
}

// dbName is the database as messages name it: a file's absolute path, or
// the server and database of a connection string (never its password).
func (a *app) dbName() string {
	p, err := a.dbPath()
	if err != nil {
		return "the database"
	}
	if postgres.IsDSN(p) {
		return postgres.Describe(p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
