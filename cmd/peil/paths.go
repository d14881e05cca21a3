package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// defaultDBPath returns where peil keeps its database when neither --db nor
// PEIL_DB says otherwise: the user's data directory (XDG_DATA_HOME or
// ~/.local/share on Linux, ~/Library/Application Support on macOS,
// %AppData% on Windows), in a folder named peil.
func defaultDBPath(getenv func(string) string) (string, error) {
	var base string
	switch runtime.GOOS {
	case "windows":
		base = getenv("AppData")
		if base == "" {
			return "", errors.New("%AppData% is not set; give a database with --db")
		}
	case "darwin":
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("$HOME is not set; give a database with --db")
		}
		base = filepath.Join(home, "Library", "Application Support")
	default:
		base = getenv("XDG_DATA_HOME")
		if base == "" {
			home := getenv("HOME")
			if home == "" {
				var err error
				if home, err = os.UserHomeDir(); err != nil {
					return "", errors.New("no home directory; give a database with --db")
				}
			}
			base = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(base, "peil", "peil.db"), nil
}
