package instruments

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"peil/survey"
)

//go:generate go run gen_builtin.go

// builtinFS holds the built-in instruments: builtin/<id>.yaml, their
// source, and builtin/<id>.json, their parsed form (BuiltinJSON), which
// gen_builtin.go writes and TestBuiltinJSONIsTheYAML keeps equal to
// parsing the YAML. Decoding the JSON is several times faster than
// parsing the YAML, and peil does it on every start of the TUI.
//
//go:embed builtin
var builtinFS embed.FS

// ErrUnknownBuiltin is returned by Builtin for an id that is not built in.
var ErrUnknownBuiltin = errors.New("no built-in instrument with this id")

// Builtins returns the instruments built into peil, sorted by id. Each
// call decodes them afresh, so callers may change what they get.
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

// parseBuiltin returns the built-in instrument of builtin/<id>.yaml,
// decoded from its parsed form builtin/<id>.json.
func parseBuiltin(name string) (*survey.Instrument, error) {
	jsName := strings.TrimSuffix(name, ".yaml") + ".json"
	data, err := builtinFS.ReadFile(jsName)
	if err != nil {
		return nil, fmt.Errorf("reading built-in instrument %s: %w (run: go generate ./instruments)", name, err)
	}
	var in survey.Instrument
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("built-in instrument %s: decoding %s: %w", name, jsName, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); in.ID != want {
		return nil, fmt.Errorf("built-in instrument %s has id %q; the file name and the id must match", name, in.ID)
	}
	return &in, nil
}

// BuiltinJSON parses the built-in instrument data (YAML) from the file
// name and returns the parsed form that Builtins decodes, for
// gen_builtin.go and the test that keeps the two equal.
func BuiltinJSON(name string, data []byte) ([]byte, error) {
	in, err := Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("built-in instrument %s is invalid: %w", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".yaml"); in.ID != want {
		return nil, fmt.Errorf("built-in instrument %s has id %q; the file name and the id must match", name, in.ID)
	}
	js, err := json.MarshalIndent(in, "", "\t")
	if err != nil {
		return nil, fmt.Errorf("built-in instrument %s: %w", name, err)
	}
	return append(js, '\n'), nil
}
