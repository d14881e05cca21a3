//go:build !linux

package storage_test

import "os"

// fdatasync falls back to fsync where Go has no fdatasync.
func fdatasync(f *os.File) error { return f.Sync() }
