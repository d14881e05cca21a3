//go:build linux

package storage_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"peil/storage"
	"peil/survey"
)

// tmpfs mounts a tmpfs of size bytes on a new folder, unmounted when the
// test ends. It needs root (as in CI); without, the test is skipped, and
// fails when CI is set.
func tmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mounting a tmpfs (needed to make a read-only or full disk): %v", err)
		}
		t.Skipf("mounting a tmpfs needs root: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	return dir
}

// readOnlyCopy copies the closed database at path to read-only media: a
// tmpfs remounted read-only when the test runs as root (root writes
// through file modes), else a folder and file without write permission.
func readOnlyCopy(t *testing.T, path string) string {
	return readOnlyCopyWith(t, path, nil)
}

// readOnlyCopyWith is readOnlyCopy with more files beside the database.
func readOnlyCopyWith(t *testing.T, path string, more map[string][]byte) string {
	t.Helper()
	b, err := os.ReadFile(path)
	check(t, err)
	write := func(dir string, mode os.FileMode) {
		check(t, os.WriteFile(filepath.Join(dir, "peil.db"), b, mode))
		for name, data := range more {
			check(t, os.WriteFile(filepath.Join(dir, name), data, mode))
		}
	}
	if os.Geteuid() != 0 {
		dir := filepath.Join(t.TempDir(), "stick")
		check(t, os.Mkdir(dir, 0o700))
		write(dir, 0o400)
		check(t, os.Chmod(dir, 0o500))
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		return filepath.Join(dir, "peil.db")
	}
	dir := tmpfs(t, "64m")
	ro := filepath.Join(dir, "peil.db")
	write(dir, 0o600)
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remounting read-only: %v", err)
	}
	return ro
}

// TestReadOnlyMedia reads a database on a read-only stick, with and
// without WithReadOnly (issue 16: "attempt to write a readonly
// database"); a change is refused saying why, and the file is unchanged.
func TestReadOnlyMedia(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	s := openAt(t, path)
	f := mustFixture(t, s)
	check(t, s.Close())
	ro := readOnlyCopy(t, path)
	before := fileHash(t, ro)
	for _, opts := range [][]storage.Option{nil, {storage.WithReadOnly()}, {storage.WithoutCreate()}} {
		s, err := storage.Open(ctx, ro, opts...)
		if err != nil {
			t.Fatalf("Open(%d options) on read-only media: %v", len(opts), err)
		}
		if got, err := s.Schools(ctx, f.study.ID); err != nil || len(got) != 3 {
			t.Errorf("schools: %v, %v", got, err)
		}
		if err := s.ScanResponses(ctx, survey.ResponseFilter{StudyID: f.study.ID}, func(survey.ResponseRecord) error { return nil }); err != nil {
			t.Errorf("scanning responses: %v", err)
		}
		// A backup takes the data off the stick.
		out := filepath.Join(t.TempDir(), "copy.db")
		if err := s.Backup(ctx, out); err != nil {
			t.Errorf("backup from read-only media: %v", err)
		} else if got, err := openAt(t, out).Schools(ctx, f.study.ID); err != nil || len(got) != 3 {
			t.Errorf("the backup holds schools %v, %v", got, err)
		}
		_, err = s.CreateStudy(ctx, survey.Study{Code: "new"})
		wantCode(t, err, survey.EINVALID)
		if !strings.Contains(err.Error(), "cannot be written") {
			t.Errorf("a change on read-only media: %v", err)
		}
		check(t, s.Close())
	}
	if fileHash(t, ro) != before {
		t.Error("the database on read-only media changed")
	}
	entries, err := os.ReadDir(filepath.Dir(ro))
	check(t, err)
	if len(entries) != 1 {
		t.Errorf("read-only media holds %d files, want only the database", len(entries))
	}
}

// TestDiskFull fills the disk under a database: a change fails saying
// that the disk is full (issue 16: "disk I/O error (4874)"), and nothing
// of it is kept; so does making a new database there, which leaves no
// empty file behind.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	dir := tmpfs(t, "3m")
	path := filepath.Join(dir, "peil.db")
	s := openAt(t, path)
	f := mustFixture(t, s)
	// Fill what is left.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	check(t, err)
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()

	var saveErr error
	for i := 0; i < 10000 && saveErr == nil; i++ {
		_, saveErr = s.CreateStudy(ctx, survey.Study{Code: fmt.Sprintf("x%d", i), Title: strings.Repeat("lange titel ", 1000)})
	}
	if saveErr == nil {
		t.Fatal("a full disk took 10,000 studies")
	}
	if !errors.Is(saveErr, storage.ErrDiskFull) || !strings.Contains(saveErr.Error(), "the disk is full") {
		t.Errorf("saving on a full disk: %v, want ErrDiskFull", saveErr)
	}
	if got, err := s.Schools(ctx, f.study.ID); err != nil || len(got) != 3 {
		t.Errorf("reading on a full disk: %v, %v", got, err)
	}

	// The disk stays full whatever the WAL took: a new database there
	// cannot be made.
	check(t, os.Remove(filepath.Join(dir, "filler")))
	filler, err = os.Create(filepath.Join(dir, "filler"))
	check(t, err)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	newPath := filepath.Join(dir, "new.db")
	_, err = storage.Open(ctx, newPath)
	if !errors.Is(err, storage.ErrDiskFull) || !strings.Contains(err.Error(), "the disk is full") {
		t.Errorf("a new database on a full disk: %v, want ErrDiskFull", err)
	}
	if _, err := os.Stat(newPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed new database left %s behind: %v", filepath.Base(newPath), err)
	}
}

// TestReadOnlyMediaUnclean: a database copied to read-only media while
// peil had it open (its last changes in the -wal file beside it) is read
// with those changes, or refused saying what to do, never read without
// them.
func TestReadOnlyMediaUnclean(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	s := openAt(t, path)
	f := mustFixture(t, s)
	// Copy while open: the last changes are in the -wal file.
	wal, err := os.ReadFile(path + "-wal")
	check(t, err)
	if len(wal) == 0 {
		t.Fatal("no changes in the -wal file to copy")
	}
	ro := readOnlyCopyWith(t, path, map[string][]byte{"peil.db-wal": wal})
	st, err := storage.Open(ctx, ro)
	if err != nil {
		wantCode(t, err, survey.EINVALID)
		if !strings.Contains(err.Error(), "was not closed cleanly") || !strings.Contains(err.Error(), "Copy both files to a writable place") {
			t.Errorf("error %v does not say what to do", err)
		}
		return
	}
	defer st.Close()
	if got, err := st.Schools(ctx, f.study.ID); err != nil || len(got) != 3 {
		t.Errorf("schools: %v, %v; want the 3 schools in the -wal file", got, err)
	}
}
