//go:build unix

package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"peil/survey"
)

// TestFileMode checks that a new database and its WAL are readable by the
// owner only, whatever the umask.
func TestFileMode(t *testing.T) {
	for _, umask := range []int{0o000, 0o022, 0o077} {
		old := syscall.Umask(umask)
		path := filepath.Join(t.TempDir(), "nested", "peil.db")
		s := openAt(t, path)
		syscall.Umask(old)
		// Write something so the WAL exists.
		if _, err := s.CreateStudy(context.Background(), survey.Study{Code: "x"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal"} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("umask %03o: %s has mode %v, want 0600", umask, filepath.Base(p), fi.Mode().Perm())
			}
		}
		s.Close()
	}
}
