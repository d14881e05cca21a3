package peil_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The layers of peil, from the inside out. A package may import packages
// of its own layer's allowed list only; cmd/peil wires everything.
//
//   - survey is the domain: it imports nothing of ours.
//   - analysis is pure computation on survey's types.
//   - the libraries read and write formats (instrument files, exports,
//     reports, packages, XLSForms, PINs, the demo study); they import the
//     domain and analysis, never each other or the layer.
//   - backend is the application layer: peil's use cases, on the
//     interfaces survey declares; it uses the libraries, never an adapter.
//   - the adapters wrap what is outside (SQLite, PostgreSQL, the terminal,
//     HTTP); they import the domain, analysis, the libraries and the layer,
//     never each other.
//   - storetest is the store contract: survey only.
var (
	domain    = []string{"peil/survey"}
	pure      = []string{"peil/analysis"}
	libraries = []string{"peil/answerpack", "peil/migration", "peil/termqr", "peil/instruments", "peil/export", "peil/report", "peil/pack", "peil/xlsform", "peil/pin", "peil/demo"}
	layer     = []string{"peil/backend"}
	adapters  = []string{"peil/storage", "peil/postgres", "peil/tui", "peil/web", "peil/hub"}
	contract  = []string{"peil/storetest"}
)

// noSQL lists the packages that must not touch a database themselves.
var noSQL = []string{"peil/survey", "peil/analysis", "peil/backend", "peil/tui", "peil/web", "peil/storetest"}

// top returns the package's top-level peil package ("peil/export" for
// "peil/export/sav").
func top(pkg string) string {
	parts := strings.SplitN(pkg, "/", 3)
	if len(parts) < 2 {
		return pkg
	}
	return parts[0] + "/" + parts[1]
}

// allowed returns the peil packages pkg may import, and whether pkg is
// checked at all (cmd/peil and the module root are not).
func allowed(pkg string) ([]string, bool) {
	in := func(group []string) bool { return slices.Contains(group, pkg) }
	cat := func(groups ...[]string) []string { return slices.Concat(groups...) }
	switch {
	case in(domain):
		return nil, true
	case in(pure):
		return cat(domain), true
	case in(libraries):
		return cat(domain, pure), true
	case in(layer):
		return cat(domain, pure, libraries), true
	case in(adapters):
		return cat(domain, pure, libraries, layer), true
	case in(contract):
		return cat(domain), true
	case pkg == "peil/cmd", strings.HasPrefix(pkg, "peil/cmd/"), pkg == "peil":
		return nil, false
	}
	return nil, true // a new package must be placed in a layer first
}

// violations checks an import graph (package → its imports) and returns
// every import that breaks the layering.
func violations(graph map[string][]string) []string {
	var out []string
	pkgs := make([]string, 0, len(graph))
	for p := range graph {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, pkg := range pkgs {
		own := top(pkg)
		ok, checked := allowed(own)
		if !checked {
			continue
		}
		for _, imp := range graph[pkg] {
			if imp == "database/sql" && slices.Contains(noSQL, own) {
				out = append(out, pkg+" imports database/sql: only a store package may")
				continue
			}
			if !strings.HasPrefix(imp, "peil/") || top(imp) == own {
				continue
			}
			if !slices.Contains(ok, top(imp)) {
				out = append(out, pkg+" imports "+imp+": "+reason(own))
			}
		}
	}
	return out
}

func reason(pkg string) string {
	switch {
	case slices.Contains(domain, pkg):
		return "survey must depend on nothing of ours"
	case slices.Contains(pure, pkg):
		return "analysis may depend on survey only"
	case slices.Contains(libraries, pkg):
		return "a format library depends on survey and analysis only, never on a sibling or the application layer"
	case slices.Contains(layer, pkg):
		return "the application layer depends on survey's interfaces, never on an adapter such as storage"
	case slices.Contains(adapters, pkg):
		return "adapters must not import each other; let cmd/peil wire them"
	case slices.Contains(contract, pkg):
		return "the store contract uses survey's interfaces only"
	}
	return "the package is in no layer: add it to arch_test.go"
}

// TestDependencyArrows keeps the layout honest on the real import graph.
func TestDependencyArrows(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	graph := map[string][]string{}
	peilImports := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		graph[fields[0]] = fields[1:]
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, "peil/") {
				peilImports++
			}
		}
	}
	if peilImports == 0 || graph["peil/backend"] == nil {
		t.Fatal("found no imports of peil packages, or no backend: the check looked at nothing")
	}
	for _, v := range violations(graph) {
		t.Error(v)
	}
}

// TestDependencyArrowsCatch is the test of the test: each forbidden import
// added to a clean graph is reported.
func TestDependencyArrowsCatch(t *testing.T) {
	clean := map[string][]string{
		"peil/survey":     {"context", "time"},
		"peil/analysis":   {"peil/survey"},
		"peil/export":     {"peil/survey", "peil/export/dta"},
		"peil/export/dta": {"peil/survey"},
		"peil/backend":    {"peil/survey", "peil/analysis", "peil/export", "peil/pack"},
		"peil/storage":    {"peil/survey", "database/sql"},
		"peil/tui":        {"peil/survey", "peil/analysis", "peil/backend"},
		"peil/cmd/peil":   {"peil/storage", "peil/tui", "peil/backend"},
		"peil/storetest":  {"peil/survey", "testing"},
	}
	if v := violations(clean); len(v) != 0 {
		t.Fatalf("a clean graph has violations: %v", v)
	}
	for _, bad := range []struct{ pkg, imp string }{
		{"peil/survey", "peil/analysis"},
		{"peil/survey", "database/sql"},
		{"peil/analysis", "peil/export"},
		{"peil/backend", "peil/storage"},
		{"peil/backend", "peil/tui"},
		{"peil/backend", "database/sql"},
		{"peil/tui", "peil/storage"},
		{"peil/tui", "database/sql"},
		{"peil/storage", "peil/tui"},
		{"peil/export", "peil/report"},
		{"peil/export", "peil/backend"},
		{"peil/storetest", "peil/storage"},
		{"peil/newthing", "peil/survey"},
	} {
		g := map[string][]string{}
		for k, v := range clean {
			g[k] = slices.Clone(v)
		}
		g[bad.pkg] = append(g[bad.pkg], bad.imp)
		if v := violations(g); len(v) != 1 || !strings.HasPrefix(v[0], bad.pkg+" imports "+bad.imp) {
			t.Errorf("%s importing %s: violations %v, want exactly that one", bad.pkg, bad.imp, v)
		}
	}
}
