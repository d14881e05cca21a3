package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"peil/storage"
	"peil/storetest"
	"peil/survey"
)

// TestContract runs the contract every store keeps on SQLite files.
func TestContract(t *testing.T) {
	storetest.Run(t, storetest.Opener{
		New: func(t *testing.T, now func() time.Time) survey.Store {
			path := filepath.Join(t.TempDir(), "peil.db")
			s, err := storage.Open(context.Background(), path, storage.WithNow(now))
			if err != nil {
				t.Fatalf("Open(%s): %v", path, err)
			}
			t.Cleanup(func() { s.Close() })
			return &contractStore{Store: s, now: now}
		},
		Reopen: func(t *testing.T, s survey.Store) survey.Store {
			old := s.(*contractStore)
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}
			again, err := storage.Open(context.Background(), old.Path(), storage.WithNow(old.now), storage.WithoutCreate())
			if err != nil {
				t.Fatalf("reopening %s: %v", old.Path(), err)
			}
			t.Cleanup(func() { again.Close() })
			return &contractStore{Store: again, now: old.now}
		},
	})
}

// contractStore keeps the clock a store was opened with, to open it again
// with the same one.
type contractStore struct {
	*storage.Store
	now func() time.Time
}
