package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestPragmasOnEveryConnection checks that the DSN pragmas hold on two
// pooled connections at once, not only on the one that ran them first.
func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c1, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	want := map[string]string{
		"foreign_keys": "1",
		"busy_timeout": "5000",
		"synchronous":  "2", // FULL
		"journal_mode": "wal",
	}
	for i, c := range []*sql.Conn{c1, c2} {
		for p, w := range want {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+p).Scan(&got); err != nil {
				t.Fatalf("connection %d: PRAGMA %s: %v", i+1, p, err)
			}
			if !strings.EqualFold(got, w) {
				t.Errorf("connection %d: %s = %s, want %s", i+1, p, got, w)
			}
		}
	}
}
