package backend

import (
	"context"
	"path/filepath"

	"peil/survey"
)

// Backup writes a consistent copy of the store to out. Temporary files of
// earlier backups that were killed are removed first.
func (b *Backend) Backup(ctx context.Context, out string) error {
	if err := CheckTarget(out); err != nil {
		return err
	}
	if _, err := CleanTemps(filepath.Dir(out)); err != nil {
		return err
	}
	return b.store.Backup(ctx, out)
}

// CheckReport is what Check found and, with repair, mended.
type CheckReport struct {
	survey.CheckResult
	// Repaired counts the responses whose packed answers were made again.
	Repaired int
}

// Check reads the whole store for damage; with repair it packs the answers
// of the responses whose packed copy does not match again (the answers
// themselves are the truth). Damage to the database itself is never
// repaired here.
func (b *Backend) Check(ctx context.Context, repair bool) (CheckReport, error) {
	res, err := b.store.Check(ctx)
	if err != nil {
		return CheckReport{}, err
	}
	rep := CheckReport{CheckResult: res}
	if repair && len(res.Damage) == 0 && len(res.Packed) > 0 {
		if rep.Repaired, err = b.store.RepairPacked(ctx); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
