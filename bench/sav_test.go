package bench_test

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"peil/demo"
)

// BenchmarkSavVsPSPP is the fourth line of docs/performance.md: `peil
// export --format sav` of the national study's culture survey, against GNU
// PSPP (Debian's pspp) converting the CSV that peil exports of the same
// data to .sav (syntax by bench/csv2sps.sh), one after the other in every
// iteration, both as programs. x is peil's time as a multiple of PSPP's
// (goal <= 0.5), cpu-x the same in processor time. Skipped when pspp is
// not installed.
func BenchmarkSavVsPSPP(b *testing.B) {
	pspp, err := exec.LookPath("pspp")
	if err != nil {
		b.Skip("no pspp: apt-get install pspp")
	}
	peil := binary(b, "cmd/peil")
	db := nationalDB(b)
	dir := b.TempDir()
	csv, sps := filepath.Join(dir, "national.csv"), filepath.Join(dir, "convert.sps")
	if out, err := exec.Command(peil, "--db", db, "export", "--format", "csv", "--instrument", demo.CultureSurvey, "--out", csv).CombinedOutput(); err != nil {
		b.Fatalf("exporting the CSV: %v\n%s", err, out)
	}
	if out, err := exec.Command(filepath.Join(root(b), "bench", "csv2sps.sh"), csv, filepath.Join(dir, "pspp.sav"), sps).CombinedOutput(); err != nil {
		b.Fatalf("writing the PSPP syntax: %v\n%s", err, out)
	}
	var peilT, psppT, peilC, psppC []time.Duration
	for b.Loop() {
		cmd := exec.Command(peil, "--db", db, "export", "--format", "sav", "--instrument", demo.CultureSurvey, "--out", filepath.Join(dir, "peil.sav"))
		peilT = append(peilT, timed(b, cmd))
		peilC = append(peilC, time.Duration(childCPU(cmd)))
		cmd = exec.Command(pspp, sps)
		psppT = append(psppT, timed(b, cmd))
		psppC = append(psppC, time.Duration(childCPU(cmd)))
	}
	report(b, peilT, psppT, "pspp")
	if c := median(psppC); c > 0 {
		b.ReportMetric(float64(median(peilC))/float64(c), "cpu-x")
	}
}
