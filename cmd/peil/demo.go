package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/demo"
	"peil/instruments"
	"peil/survey"
)

// demoCmd makes a demo study: the example study of a new database (three
// rounds of the culture survey, the teacher-researcher and the colleague
// questionnaire), or with --scale national the national programme's size
// for benchmarks.
func (a *app) demoCmd() *cobra.Command {
	var seed uint64
	var scale string
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Create a demo study with three rounds of generated responses",
		Long: `peil demo creates a reproducible demo study in the database: the workplaces
WOA (12 schools), POINT (11), WOU (15) and KWP (4), three yearly rounds
(Meting 2024, 2025, 2026; the last one open) of the culture survey, the
questionnaire for teacher-researchers and the questionnaire for colleagues,
with generated answers that improve a little each year, differently per
workplace. The same --seed gives the same study.

--scale national makes the national programme's size instead: 500 schools,
3 rounds of the culture survey, about 30 staff per school (45,000 responses,
1.8 million answers), for measuring speed. It takes about 15 seconds.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sc, err := demo.ParseScale(scale)
			if err != nil {
				return err
			}
			ids := []string{demo.CultureSurvey, demo.TeacherResearcher, demo.Colleague}
			if sc == demo.National {
				ids = ids[:1]
			}
			var insts []*survey.Instrument
			for _, id := range ids {
				in, err := instruments.Builtin(id)
				if err != nil {
					return err
				}
				insts = append(insts, in)
			}
			st, err := a.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer st.Close()
			cfg := demo.Config{Scale: sc, Seed: seed}
			if sc == demo.National {
				last := time.Now()
				cfg.Progress = func(done, total int) {
					if time.Since(last) > 2*time.Second || done == total {
						fmt.Fprintf(a.stderr, "\r%d of %d responses", done, total)
						last = time.Now()
					}
				}
			}
			sum, err := demo.Generate(cmd.Context(), st, cfg, insts...)
			if cfg.Progress != nil {
				fmt.Fprintln(a.stderr)
			}
			if survey.ErrorCode(err) == survey.ECONFLICT {
				return fmt.Errorf("%s already has a demo study; use another --db: %w", a.dbName(), err)
			}
			if err != nil {
				return err
			}
			backend.New(st).PrepareTrends(cmd.Context(), sum.Study.ID)
			return a.printDemo(sum)
		},
	}
	cmd.Flags().Uint64Var(&seed, "seed", demo.DefaultSeed, "random seed: the same seed gives the same study")
	cmd.Flags().StringVar(&scale, "scale", "pilot", "size: pilot (the example study) or national (500 schools, for benchmarks)")
	return cmd
}

func (a *app) printDemo(sum demo.Summary) error {
	size := ""
	if fi, err := os.Stat(a.dbName()); err == nil {
		size = fmt.Sprintf("; the database is %.1f MB", float64(fi.Size())/1e6)
	}
	_, err := fmt.Fprintf(a.stdout, "Study %s (%s) in %s:\n  %d workplaces, %d schools, %d rounds\n  %d responses, %d answers\n  made in %.1f s%s\n",
		sum.Study.Code, sum.Study.Title, a.dbName(), sum.Workplaces, sum.Schools, len(sum.Rounds),
		sum.Responses, sum.Answers, sum.Elapsed.Seconds(), size)
	return err
}
