//go:build !(linux || darwin || freebsd)

package storage

import "os"

// writable reports whether path can be written by this process: a file
// that opens for writing (nothing is written), or a folder that exists
// (asking a folder costs a file made in it, so it is assumed).
func writable(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		return true
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// freeBytes is unknown here: a full disk is recognized by SQLITE_FULL and
// ENOSPC only.
func freeBytes(string) (int64, bool) { return 0, false }
