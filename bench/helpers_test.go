package bench_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// root is the module's root folder (this package's parent).
func root(b *testing.B) string {
	b.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		b.Fatal("cannot find the bench folder")
	}
	return filepath.Dir(filepath.Dir(file))
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// binary builds the command in folder pkg (relative to the module root)
// once per run, and returns its path. $PEIL_BENCH_PEIL names another peil
// binary to measure instead of cmd/peil (an older build, for the "before"
// figures of docs/performance.md).
func binary(b *testing.B, pkg string) string {
	b.Helper()
	if p := os.Getenv("PEIL_BENCH_PEIL"); p != "" && pkg == "cmd/peil" {
		return p
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "peil-bench-")
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	out := filepath.Join(buildDir, filepath.Base(pkg))
	if _, err := os.Stat(out); err == nil {
		return out
	}
	cmd := exec.Command("go", "build", "-o", out, "./"+pkg)
	cmd.Dir = root(b)
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("building %s: %v\n%s", pkg, err, msg)
	}
	return out
}

// median returns the median of ds.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// timed runs cmd and returns how long it took; its output goes to the
// benchmark's log on failure.
func timed(b *testing.B, cmd *exec.Cmd) time.Duration {
	b.Helper()
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t0)
	if err != nil {
		b.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	return d
}

// report reports peil's and its peer's median times and their ratio
// (x: peil's time as a multiple of the peer's).
func report(b *testing.B, peil, peer []time.Duration, unit string) {
	b.Helper()
	if len(peil) == 0 || len(peer) == 0 {
		return
	}
	p, q := median(peil), median(peer)
	b.ReportMetric(float64(p.Microseconds())/1000, "peil-ms")
	b.ReportMetric(float64(q.Microseconds())/1000, unit+"-ms")
	b.ReportMetric(float64(p)/float64(q), "x")
}
