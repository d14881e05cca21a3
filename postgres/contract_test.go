package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/storetest"
	"peil/survey"
)

// TestContract runs the store contract, the same tests as the SQLite
// store's, against PostgreSQL: each test on a fresh database.
func TestContract(t *testing.T) {
	pgtest.Server(t) // skip (or, with CI set, fail) before any subtest
	var mu sync.Mutex
	dsns := map[survey.Store]string{}
	open := func(t *testing.T, dsn string, now func() time.Time) survey.Store {
		t.Helper()
		s, err := postgres.Open(context.Background(), dsn, postgres.WithNow(now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		mu.Lock()
		dsns[s] = dsn
		mu.Unlock()
		return s
	}
	storetest.Run(t, storetest.Opener{
		New: func(t *testing.T, now func() time.Time) survey.Store {
			return open(t, pgtest.DSN(t), now)
		},
		Reopen: func(t *testing.T, s survey.Store) survey.Store {
			mu.Lock()
			dsn := dsns[s]
			mu.Unlock()
			ps := s.(*postgres.Store)
			ps.Close()
			return open(t, dsn, ps.Clock())
		},
	})
}
