// Package migration reads a store's embedded schema migrations: files
// named NNNN_what.sql, numbered 1, 2, 3, ... without gaps, so that the
// number of files is the schema version. Both stores (SQLite and
// PostgreSQL) number their steps by this one rule.
package migration

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Step is one numbered schema step.
type Step struct {
	Version int
	// Name is the file's name, for messages.
	Name string
	SQL  string
}

// Load returns the migrations in folder dir of fsys, in order, and checks
// that they are numbered 1, 2, 3, ... without gaps.
func Load(fsys fs.FS, dir string) ([]Step, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading embedded migrations: %w", err)
	}
	var ms []Step
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name must start with its number, e.g. 0002_add_x.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", e.Name(), err)
		}
		ms = append(ms, Step{Version: v, Name: e.Name(), SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Step) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d; migrations must be numbered without gaps", m.Name, i+1)
		}
	}
	return ms, nil
}
