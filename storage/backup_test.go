package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"peil/storage"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	r := start(t, s, f, 0, "BACK-0001")
	check(t, s.CompleteResponse(ctx, r.ID, T))
	out := filepath.Join(t.TempDir(), "backup.peil.db")
	check(t, s.Backup(ctx, out))
	// The live database goes on; the copy is the moment of the backup.
	start(t, s, f, 1, "BACK-0002")

	info, err := os.Stat(out)
	check(t, err)
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("backup mode %v, want 0600", perm)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("backup folder holds %d files, want only the backup", len(entries))
	}
	c, err := storage.Open(ctx, out, storage.WithoutCreate())
	check(t, err)
	defer c.Close()
	var want []string
	for _, line := range strings.Split(dump(t, s), "\n") {
		if !strings.Contains(line, "BACK-0002") {
			want = append(want, line)
		}
	}
	if got := dump(t, c); got != strings.Join(want, "\n") || !strings.Contains(got, "BACK-0001") {
		t.Errorf("backup:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if err := s.Backup(ctx, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second backup to the same file: %v", err)
	}
}
