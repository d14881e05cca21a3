package postgres_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/storage"
	"peil/survey"
)

// clock returns a deterministic clock that ticks one second per call.
func clock() func() time.Time {
	t := time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// openPG opens a store on a fresh test database.
func openPG(t testing.TB) (*postgres.Store, string) {
	t.Helper()
	return pgtest.Open(t, postgres.WithNow(clock()))
}

// openSQLite opens a new SQLite store in a temporary folder.
func openSQLite(t testing.TB) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "peil.db"), storage.WithNow(clock()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err is a survey error with the given code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := survey.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
