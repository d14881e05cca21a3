package instruments

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"peil/survey"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// ErrUnknownBuiltin is returned by Builtin for an id that is not built in.
var ErrUnknownBuiltin = errors.New("no built-in instrument with this id")

// Builtins returns the instruments built into peil, sorted by id. Each
// call parses them afresh, so callers may change what they get.
func Builtins() ([]*survey.Instrument, error) {
	names, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("listing built-in instruments: %w", err)
	}
	var out []*survey.Instrument
	for _, name := range names {
		in, err := parseBuiltin(name)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b *survey.Instrument) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Builtin returns the built-in instrument with the given id.
func Builtin(id string) (*survey.Instrument, error) {
	name := "builtin/" + id + ".yaml"
	if _, err := fs.Stat(builtinFS, name); err != nil || path.Base(name) != id+".yaml" {
		ids, _ := BuiltinIDs()
		return nil, fmt.Errorf("instrument %q: %w (built in: %s)", id, ErrUnknownBuiltin, strings.Join(ids, ", "))
	}
	return parseBuiltin(name)
}

// BuiltinIDs returns the ids of the built-in instruments, sorted.
func BuiltinIDs() ([]string, error) {
	names, err := fs.Glob(builtinFS, "builtin/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("listing built-in instruments: %w", err)
	}
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(path.Base(n), ".yaml")
	}
	slices.Sort(ids)
	return ids, nil
}

func parseBuiltin(name string) (*survey.Instrument, error) {
	data, err := builtinFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading built-in instrument: %w", err)
	}
	in, err := Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("built-in instrument %s is invalid: %w", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); in.ID != want {
		return nil, fmt.Errorf("built-in instrument %s has id %q; the file name and the id must match", name, in.ID)
	}
	return in, nil
}
