package bench_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"peil/analysis"
	"peil/storage"
	"peil/survey"
)

// nationalDB returns a copy (in the benchmark's temporary folder, so that
// the benchmark may write to it) of the national-scale demo study: the
// file named by $PEIL_NATIONAL_DB, made there first if missing (`peil demo
// --scale national --db FILE` makes the same, in about a minute).
func nationalDB(b *testing.B) string {
	b.Helper()
	src := os.Getenv("PEIL_NATIONAL_DB")
	if src == "" {
		src = filepath.Join(b.TempDir(), "national.db")
	}
	if _, err := os.Stat(src); err != nil {
		cmd := exec.Command(binary(b, "cmd/peil"), "--db", src, "demo", "--scale", "national")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("making the national study: %v\n%s", err, out)
		}
	}
	dst := filepath.Join(b.TempDir(), "national.db")
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}

// source reads the rounds of one instrument of a study and the study's
// workplaces and schools, as the trends screen does before loading.
func source(b *testing.B, st *storage.Store, studyID, instID string) analysis.Source {
	b.Helper()
	ctx := context.Background()
	rounds, err := st.Rounds(ctx, studyID)
	check(b, err)
	rounds = slices.DeleteFunc(rounds, func(r survey.Round) bool { return r.InstrumentID != instID })
	src, err := analysis.ReadSource(ctx, st, studyID, rounds)
	check(b, err)
	if len(src.Rounds) == 0 {
		b.Fatalf("study %s has no rounds of %s", studyID, instID)
	}
	return src
}

func check(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// childCPU returns the processor time a finished command used.
func childCPU(cmd *exec.Cmd) int64 {
	if cmd.ProcessState == nil {
		return 0
	}
	return int64(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime())
}
