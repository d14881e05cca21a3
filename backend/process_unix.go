//go:build !windows

package backend

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this id runs (or exists
// under another user).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
