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
	type opened struct {
		dsn string
		now func() time.Time
	}
	dsns := map[survey.Store]opened{}
	open := func(t *testing.T, dsn string, now func() time.Time) survey.Store {
		t.Helper()
		s, err := postgres.Open(context.Background(), dsn, postgres.WithNow(now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		mu.Lock()
		dsns[s] = opened{dsn, now}
		mu.Unlock()
		return s
	}
	storetest.Run(t, storetest.Opener{
		New: func(t *testing.T, now func() time.Time) survey.Store {
			return open(t, pgtest.DSN(t), now)
		},
		Reopen: func(t *testing.T, s survey.Store) survey.Store {
			mu.Lock()
			o := dsns[s]
			mu.Unlock()
			s.(*postgres.Store).Close()
			return open(t, o.dsn, o.now)
		},
	})
}
