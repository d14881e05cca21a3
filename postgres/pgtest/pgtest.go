// Package pgtest gives tests a fresh PostgreSQL database of their own on
// the server named by the environment variable PEIL_TEST_POSTGRES: a
// connection string to a maintenance database (e.g. "host=/tmp/peil-pg.x
// user=peil dbname=postgres"), as .ci/postgres.sh start prints it.
//
// Without PEIL_TEST_POSTGRES a test that needs PostgreSQL is skipped, or,
// with the environment variable CI set, fails: CI must run them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"peil/postgres"
)

// EnvVar names the variable that holds the test server's connection
// string.
const EnvVar = "PEIL_TEST_POSTGRES"

// Server returns the connection string of the test server's maintenance
// database, skipping the test (failing it with CI set) when there is none.
func Server(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvVar)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run starts a server with .ci/postgres.sh)", EnvVar)
		}
		t.Skipf("%s is not set; start a test server with: eval \"$(.ci/postgres.sh start)\"", EnvVar)
	}
	return dsn
}

// DSN creates a new, empty database peil_test_<random> on the test server
// and returns its connection string; the database is dropped when the
// test ends (connections still open to it are ended).
func DSN(t testing.TB) string {
	t.Helper()
	server := Server(t)
	ctx := context.Background()
	var b [6]byte
	rand.Read(b[:])
	name := "peil_test_" + hex.EncodeToString(b[:])
	admin := connect(t, server)
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		t.Fatalf("creating test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
		}
	})
	return WithDatabase(server, name)
}

// Open opens a new peil store on a fresh test database (DSN), closed when
// the test ends.
func Open(t testing.TB, opts ...postgres.Option) (*postgres.Store, string) {
	t.Helper()
	dsn := DSN(t)
	s, err := postgres.Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatalf("opening the test database: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dsn
}

// Conn connects to the database dsn names, for tests that look at it
// directly; closed when the test ends.
func Conn(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	c := connect(t, dsn)
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func connect(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatalf("connecting to the PostgreSQL test server (%s): %v", EnvVar, err)
	}
	return c
}

// WithDatabase returns dsn with its database replaced by name.
func WithDatabase(dsn, name string) string {
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			u.Path = "/" + name
			q := u.Query()
			q.Del("dbname")
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	// keyword=value: a later keyword overrides an earlier one.
	return dsn + " dbname=" + name
}
