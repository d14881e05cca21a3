//go:build linux

package storage_test

import (
	"os"
	"syscall"
	"time"
)

// fdatasync is the sync SQLite uses for a WAL commit on Linux.
func fdatasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }

// cpuTime returns the processor time the process has used (user and
// system): a measure that other processes on a busy machine disturb less
// than the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
