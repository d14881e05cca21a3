package backend

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// TempPrefix starts the name of every temporary file peil writes next to
// a file it makes (an export, a report, a package, a backup): ".peil-",
// the kind, the process id and a random part. A temporary file whose
// process is gone was left by a killed peil; WriteFile removes it.
const TempPrefix = ".peil-"

// TempPattern is the os.CreateTemp pattern of a temporary file of the
// given kind made by this process.
func TempPattern(kind string) string {
	return TempPrefix + kind + "-" + strconv.Itoa(os.Getpid()) + "-*"
}

// CleanTemps removes the temporary files that killed peil processes left
// in dir, and returns how many it removed. Files of running processes are
// left alone.
func CleanTemps(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		pid, ok := tempOwner(e.Name())
		if !ok || !e.Type().IsRegular() || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("removing %s, left by an interrupted peil: %w", e.Name(), err)
		}
		n++
	}
	return n, nil
}

// tempOwner returns the process id in a temporary file's name
// (".peil-KIND-PID-RANDOM").
func tempOwner(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, TempPrefix)
	if !ok {
		return 0, false
	}
	parts := strings.Split(rest, "-")
	if len(parts) < 3 {
		return 0, false
	}
	pid, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, true
}

// CheckTarget refuses to replace what is not a regular file: a symbolic
// link, a device, a folder. peil writes through a temporary file renamed
// into place, which would replace /dev/stdout itself with a regular file.
func CheckTarget(out string) error {
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("checking %s: %w", out, err)
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			what = "a symbolic link"
		case fi.IsDir():
			what = "a folder"
		case fi.Mode()&fs.ModeDevice != 0, fi.Mode()&fs.ModeCharDevice != 0:
			what = "a device"
		}
		return fmt.Errorf("%s is %s; peil writes only to a new file or replaces a regular one (use --out - for standard output)", out, what)
	}
	return nil
}

// WriteFile writes a file through write: to a temporary file next to out
// (mode 0600), renamed into place when complete, so that an interrupted
// write leaves no half-written file and a kill leaves a temporary file
// that the next write in that folder removes. kind names the temporary
// file (".peil-export-...").
func WriteFile(out, kind string, write func(w io.Writer) error) error {
	if err := CheckTarget(out); err != nil {
		return err
	}
	dir := filepath.Dir(out)
	if _, err := CleanTemps(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.CreateTemp(dir, TempPattern(kind))
	if err != nil {
		return fmt.Errorf("creating %s: %w", out, err)
	}
	defer os.Remove(f.Name())
	err = write(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing %s: %w", out, cerr)
	}
	if err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return fmt.Errorf("putting %s in place: %w", out, err)
	}
	return nil
}
