package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"peil/analysis"
	"peil/demo"
	"peil/storage"
	"peil/survey"
)

// BenchmarkTrendsVsPandas is the third line of docs/performance.md: every
// trend table of the national study's culture survey (scales, items,
// alpha; split by workplace, by role and by school) the first time after a
// change, against pandas computing the same tables from the CSV that
// `peil export --format csv` writes (bench/trends.py, Debian's
// python3-pandas), one after the other in every iteration. Before every
// iteration a complete response is imported into the last round: a
// change. "per-round" is peil with analysis.LoadCached (the closed rounds'
// parts come from the cache, the changed round is read again); "whole"
// reads every response again (analysis.Load), as a cache of whole
// datasets must after any change. Both open the database first. x is
// peil's time as a multiple of pandas' (goal <= 0.1), cpu-x the same in
// processor time. Skipped when no python3 with pandas is installed.
func BenchmarkTrendsVsPandas(b *testing.B) {
	python := pandasPython(b)
	peil := binary(b, "cmd/peil")
	db := nationalDB(b)
	ctx := context.Background()
	dir := b.TempDir()
	csv := filepath.Join(dir, "national.csv")
	if out, err := exec.Command(peil, "--db", db, "export", "--format", "csv", "--instrument", demo.CultureSurvey, "--out", csv).CombinedOutput(); err != nil {
		b.Fatalf("exporting the CSV: %v\n%s", err, out)
	}
	st, err := storage.Open(ctx, db)
	check(b, err)
	study, err := st.StudyByCode(ctx, demo.NationalStudyCode)
	check(b, err)
	src := source(b, st, study.ID, demo.CultureSurvey)
	spec := filepath.Join(dir, "spec.json")
	writeSpec(b, spec, src.Rounds[len(src.Rounds)-1].Instrument)
	// Fill the per-round cache once.
	f := survey.ResponseFilter{StudyID: study.ID}
	_, err = analysis.LoadCached(ctx, st, st, f, src)
	check(b, err)
	check(b, st.Close())
	script := filepath.Join(root(b), "bench", "trends.py")

	changes := 0
	change := func() {
		st, err := storage.Open(ctx, db)
		check(b, err)
		defer st.Close()
		last := src.Rounds[len(src.Rounds)-1].Round
		T := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
		changes++
		_, err = st.ImportResponses(ctx, []survey.ResponseRecord{{
			Response: survey.Response{RoundID: last.ID, SchoolID: src.Schools[0].ID, RespondentCode: fmt.Sprintf("BENCH-%d", changes),
				Role: survey.RoleTeacher, Status: survey.Complete, StartedAt: T, FinishedAt: T.Add(time.Minute)},
			Answers: []survey.Answer{{ItemID: src.Rounds[len(src.Rounds)-1].Instrument.Scales[0].Items[0], Value: survey.Num(4), AnsweredAt: T}},
		}})
		check(b, err)
	}
	for _, variant := range []string{"per-round", "whole"} {
		b.Run(variant, func(b *testing.B) {
			var peilT, pandasT, peilC, pandasC []time.Duration
			for b.Loop() {
				b.StopTimer()
				change()
				b.StartTimer()
				t0, c0 := time.Now(), cpuTime()
				st, err := storage.Open(ctx, db)
				check(b, err)
				var d *analysis.Dataset
				if variant == "per-round" {
					d, err = analysis.LoadCached(ctx, st, st, f, src)
				} else {
					d, err = analysis.Load(ctx, st, f, src)
				}
				check(b, err)
				for _, sp := range []analysis.Split{analysis.ByWorkplace, analysis.ByRole, analysis.BySchool} {
					_, err := analysis.Trends(d, analysis.WithSplit(sp))
					check(b, err)
				}
				check(b, st.Close())
				peilT, peilC = append(peilT, time.Since(t0)), append(peilC, cpuTime()-c0)

				cmd := exec.Command(python, script, csv, spec)
				pandasT = append(pandasT, timed(b, cmd))
				pandasC = append(pandasC, time.Duration(childCPU(cmd)))
			}
			report(b, peilT, pandasT, "pandas")
			if c := median(pandasC); c > 0 && median(peilC) > 0 {
				b.ReportMetric(float64(median(peilC))/float64(c), "cpu-x")
			}
		})
	}
}

// pandasPython returns a python3 that has pandas, or skips the benchmark.
func pandasPython(b *testing.B) string {
	b.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import pandas").Run() == nil {
			return p
		}
	}
	b.Skip("no python3 with pandas: apt-get install python3-pandas")
	return ""
}

// writeSpec writes what bench/trends.py needs to know of instrument in:
// its analysed items with their valid codes, don't-know code (as peil's
// export writes it) and agreement threshold, and its scales.
func writeSpec(b *testing.B, path string, in *survey.Instrument) {
	b.Helper()
	type item struct {
		ID        string `json:"id"`
		Valid     []int  `json:"valid"`
		DontKnow  int    `json:"dont_know"`
		AgreeFrom int    `json:"agree_from"`
	}
	type scale struct {
		ID       string   `json:"id"`
		Items    []string `json:"items"`
		Reversed []string `json:"reversed"`
		MinItems int      `json:"min_items"`
	}
	var spec struct {
		Items  []item  `json:"items"`
		Scales []scale `json:"scales"`
	}
	for _, it := range in.Items() {
		var valid []int
		switch {
		case it.Type == survey.SingleChoice && !it.SetsRole:
			for _, o := range it.Options {
				valid = append(valid, o.Code)
			}
		case it.Type == survey.Likert || it.Type == survey.Grade || it.Type == survey.Integer:
			lo, hi, _ := it.Bounds()
			for v := lo; v <= hi; v++ {
				valid = append(valid, v)
			}
		default:
			continue
		}
		hi := 0
		for _, v := range valid {
			hi = max(hi, v)
		}
		p := 10
		for p-3 <= hi {
			p *= 10
		}
		agree := 0
		switch it.Type {
		case survey.Likert:
			agree = 4
		case survey.Grade:
			agree = 6
		}
		spec.Items = append(spec.Items, item{ID: it.ID, Valid: valid, DontKnow: p - 2, AgreeFrom: agree})
	}
	for _, s := range in.Scales {
		spec.Scales = append(spec.Scales, scale{ID: s.ID, Items: s.Items, Reversed: append([]string{}, s.Reversed...), MinItems: s.MinItems()})
	}
	data, err := json.Marshal(spec)
	check(b, err)
	check(b, os.WriteFile(path, data, 0o600))
}
