//go:build !linux

package storage_test

import (
	"os"
	"time"
)

// fdatasync falls back to fsync where Go has no fdatasync.
func fdatasync(f *os.File) error { return f.Sync() }

// cpuTime is 0 where the benchmarks do not read it.
func cpuTime() time.Duration { return 0 }
