package storage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path (VACUUM INTO):
// a snapshot of one moment, even while kiosks keep answering. The copy is
// a complete peil database (Open opens it) with mode 0600. It is written
// next to path and renamed into place, so an interrupted backup leaves no
// half-made file; an existing file at path is refused.
func (s *Store) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("%s already exists; choose another name for the backup", abs)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup %s: %w", abs, err)
	}
	// Named as every temporary file of peil (.peil-KIND-PID-...), so that
	// the next run removes one a killed backup left.
	f, err := os.CreateTemp(filepath.Dir(abs), fmt.Sprintf(".peil-backup-%d-*", os.Getpid()))
	if err != nil {
		return fmt.Errorf("creating the backup: %w", err)
	}
	tmp := f.Name()
	f.Close() // an empty file, mode 0600, that VACUUM INTO fills
	defer os.Remove(tmp)
	if s.readOnly {
		err = s.vacuumReadOnly(ctx, tmp) // media.go
	} else {
		_, err = s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	}
	if err != nil {
		return fmt.Errorf("copying database %s to %s: %w", s.path, abs, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fmt.Errorf("creating the backup: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return fmt.Errorf("putting the backup in place: %w", err)
	}
	return nil
}
