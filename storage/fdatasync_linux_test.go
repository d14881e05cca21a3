//go:build linux

package storage_test

import (
	"os"
	"syscall"
)

// fdatasync is the sync SQLite uses for a WAL commit on Linux.
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
