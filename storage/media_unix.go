//go:build linux || darwin || freebsd

package storage

import "syscall"

// writable reports whether path can be written by this process; unlike a
// file mode, this knows about read-only mounts and root.
func writable(path string) bool {
	const wOK = 2 // W_OK
	return syscall.Access(path, wOK) == nil
}

// freeBytes returns the space available to this process on the file
// system of dir.
func freeBytes(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
