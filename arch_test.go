package peil_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyArrows keeps the layout honest: survey depends on nothing
// of ours; analysis (pure computation on survey's types, no I/O) depends on
// survey only; the adapters (storage, postgres, tui, instruments, export, report,
// xlsform, pack, demo) depend on survey and analysis and never on each
// other. Only cmd/peil wires them.
func TestDependencyArrows(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	adapters := map[string]bool{}
	for _, p := range []string{"storage", "postgres", "tui", "instruments", "export", "report", "xlsform", "pack", "demo"} {
		adapters["peil/"+p] = true
	}
	top := func(pkg string) string {
		parts := strings.SplitN(pkg, "/", 3)
		if len(parts) < 2 {
			return pkg
		}
		return parts[0] + "/" + parts[1]
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		for _, imp := range imports {
			if !strings.HasPrefix(imp, "peil/") {
				continue
			}
			checked++
			switch {
			case top(pkg) == "peil/survey" && top(imp) != "peil/survey":
				t.Errorf("%s imports %s: survey must depend on nothing of ours", pkg, imp)
			case top(pkg) == "peil/analysis" && top(imp) != "peil/survey" && top(imp) != "peil/analysis":
				t.Errorf("%s imports %s: analysis may depend on survey only", pkg, imp)
			case adapters[top(pkg)] && adapters[top(imp)] && top(pkg) != top(imp):
				t.Errorf("%s imports %s: sibling packages must not import each other; let cmd/peil wire them", pkg, imp)
			}
		}
	}
	if checked == 0 {
		t.Fatal("found no imports of peil packages: the check looked at nothing")
	}
}
