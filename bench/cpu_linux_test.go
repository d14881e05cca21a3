//go:build linux

package bench_test

import (
	"syscall"
	"time"
)

// cpuTime returns the processor time this process has used (user and
// system): a measure that other processes on a busy machine disturb less
// than the clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
