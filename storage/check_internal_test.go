package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peil/survey"
)

// writeDatabase makes a peil database of a few dozen pages and returns its
// bytes after a clean close.
func writeDatabase(t *testing.T, path string) []byte {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		if err := s.SetSetting(ctx, fmt.Sprintf("k%02d", i), strings.Repeat("x", 2000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatal("a clean close left a -wal file")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOpenCheckPolicy checks the rule for every file: a clean one opens
// without a full check, but a cut-short file is refused, and a damaged one
// left by an unclean close (a -wal file beside it) is refused; a damaged
// one closed cleanly opens, and its damage is reported on the first read
// of a damaged page (and by Check).
func TestOpenCheckPolicy(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string, b []byte)
		want   string // "" to open
	}{
		{"healthy", func(t *testing.T, path string, b []byte) {}, ""},
		{"cut short", func(t *testing.T, path string, b []byte) {
			if err := os.WriteFile(path, b[:len(b)-4096*3], 0o600); err != nil {
				t.Fatal(err)
			}
		}, "cut short"},
		{"damaged after an unclean close", func(t *testing.T, path string, b []byte) {
			garbage := make([]byte, 2*4096)
			rand.NewChaCha8([32]byte{3}).Read(garbage)
			copy(b[len(b)-3*4096:], garbage)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			// A writer that stops short leaves a -wal with at least its
			// 32-byte header (an empty one is left by read-only opens and
			// means nothing).
			if err := os.WriteFile(path+"-wal", make([]byte, 32), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "damaged peil database"},
		{"damaged after a clean close", func(t *testing.T, path string, b []byte) {
			garbage := make([]byte, 2*4096)
			rand.NewChaCha8([32]byte{3}).Read(garbage)
			copy(b[len(b)-3*4096:], garbage)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "read"},
		// Open reads a clean file's header only: damage past it, on the
		// page of the schema too, shows on the first read.
		{"schema page damaged after a clean close", func(t *testing.T, path string, b []byte) {
			garbage := make([]byte, 4096-headerSize)
			rand.NewChaCha8([32]byte{4}).Read(garbage)
			copy(b[headerSize:], garbage)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "read"},
	}
	for _, tt := range tests {
		for _, ro := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/read-only=%v", tt.name, ro), func(t *testing.T) {
				openCheck(t, ro, tt.damage, tt.want)
			})
		}
	}
}

// openCheck damages a new database, opens it (read-only or not) and checks
// the outcome: want is "" to open, "read" to open and fail on reading, or
// what the refusal says.
func openCheck(t *testing.T, readOnly bool, damage func(t *testing.T, path string, b []byte), want string) {
	path := filepath.Join(t.TempDir(), "peil.db")
	b := writeDatabase(t, path)
	damage(t, path, b)
	var opts []Option
	if readOnly {
		opts = append(opts, WithReadOnly())
	}
	s, err := Open(context.Background(), path, opts...)
	if want == "read" {
		// Opened at once; the damage shows on reading it.
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		res, err := s.Check(context.Background())
		if err == nil && res.OK() {
			t.Error("Check found nothing wrong with a damaged file")
		}
		var n, size int
		if err := s.db.QueryRow(`SELECT count(*), sum(length(value)) FROM settings`).Scan(&n, &size); err == nil {
			t.Errorf("reading every setting (%d, %d bytes) from the damaged pages gave no error", n, size)
		}
		return
	}
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		return
	}
	if err == nil {
		s.Close()
		t.Fatal("Open accepted the file")
	}
	if survey.ErrorCode(err) != survey.EINVALID || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want EINVALID saying %q", err, want)
	}
}

// peilHeader reads what PRAGMA application_id and user_version say, from
// the header of a cleanly closed file.
func TestPeilHeaderIsWhatSQLiteSays(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name     string
		appID    int64
		version  int
		wantPeil bool
	}{
		{"peil, first version", ApplicationID, 1, true},
		{"peil, this version", ApplicationID, SchemaVersion(), true},
		{"peil, a newer version", ApplicationID, SchemaVersion() + 6, true},
		{"peil's id without a version", ApplicationID, 0, false},
		{"another application", 0x47504b47, 3, false},
		{"no application id", 0, 3, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				"CREATE TABLE t (x)",
				fmt.Sprintf("PRAGMA application_id = %d", tt.appID),
				fmt.Sprintf("PRAGMA user_version = %d", tt.version),
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			var appID, version int64
			if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			v, peil := peilHeader(b[:headerSize])
			if peil != tt.wantPeil || peil && (v != tt.version || int64(v) != version || appID != ApplicationID) {
				t.Errorf("peilHeader = %d, %v; want %d, %v (SQLite says application id %#x, version %d)", v, peil, tt.version, tt.wantPeil, appID, version)
			}
		})
	}
}
