package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"peil/survey"
)

// BenchmarkSaveAnswer measures one durable answer save (a transaction with
// synchronous=FULL in WAL mode) on a real file.
func BenchmarkSaveAnswer(b *testing.B) {
	ctx := context.Background()
	s := openStore(b)
	f := mustFixture(b, s)
	r := start(b, s, f, 0, "BENCH-01")
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf("q%02d", i)
	}
	cleared := []string{"who"}
	i := 0
	for b.Loop() {
		a := survey.Answer{ItemID: items[i%len(items)], Value: survey.Num(1 + i%5)}
		if err := s.SaveAnswer(ctx, r.ID, a, cleared, survey.RoleTeacher); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAnswerCommit is the first line of docs/performance.md: the
// latency of one durable answer save against its physical floor, a 4 KiB
// append to a file in the same folder followed by fdatasync, measured in
// the same run, one after the other, so that both see the same disk and
// the same load. It reports the p50 and p99 of both and their ratios
// (p99-x, p50-x); the goal is p99-x <= 1.5.
func BenchmarkAnswerCommit(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	s := openAt(b, filepath.Join(dir, "peil.db"))
	f := mustFixture(b, s)
	floor, err := os.OpenFile(filepath.Join(dir, "floor"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	defer floor.Close()
	page := make([]byte, 4096)
	// A respondent answers about 40 items; a new response every 40
	// answers spreads the answers over pages as a kiosk does.
	var resp survey.Response
	var peil, fs []time.Duration
	i := 0
	for b.Loop() {
		if i%40 == 0 {
			resp = start(b, s, f, 0, fmt.Sprintf("BENCH-%06d", i/40))
		}
		a := survey.Answer{ItemID: fmt.Sprintf("q%02d", i%40), Value: survey.Num(1 + i%5)}
		t0 := time.Now()
		if err := s.SaveAnswer(ctx, resp.ID, a, nil, ""); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := floor.Write(page); err != nil {
			b.Fatal(err)
		}
		if err := fdatasync(floor); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		peil = append(peil, t1.Sub(t0))
		fs = append(fs, t2.Sub(t1))
		i++
	}
	reportLatency(b, peil, fs)
}

// reportLatency reports the p50 and p99 of peil's and the floor's
// latencies, and their ratios.
func reportLatency(b *testing.B, peil, floor []time.Duration) {
	b.Helper()
	if len(peil) < 2 {
		return
	}
	p50, p99 := percentile(peil, 50), percentile(peil, 99)
	f50, f99 := percentile(floor, 50), percentile(floor, 99)
	b.ReportMetric(float64(p50.Microseconds()), "p50-µs")
	b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
	b.ReportMetric(float64(f50.Microseconds()), "floor-p50-µs")
	b.ReportMetric(float64(f99.Microseconds()), "floor-p99-µs")
	b.ReportMetric(float64(p50)/float64(f50), "p50-x")
	b.ReportMetric(float64(p99)/float64(f99), "p99-x")
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

// allocated returns the bytes allocated so far by the process.
func allocated() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc
}
