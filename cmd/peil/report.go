package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peil/analysis"
	"peil/report"
	"peil/storage"
)

// reportCmd writes the monitoring report of one instrument of a study.
func (a *app) reportCmd() *cobra.Command {
	var study, instrument, round, format, out string
	var includeOpen bool
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the monitoring report (HTML or Markdown) for a school board",
		Long: `Write the monitoring report of one instrument: per scale a trend figure with a
line per workplace, a table of n, mean, SD and the change against the first
round (difference, Cohen's d, p), the answers per statement, notes on new
questions and on groups too small to show, and what the numbers mean.

--format html (default) writes one self-contained file (no scripts, nothing
loaded from elsewhere) to mail or print; --format md writes Markdown.
The report is in Dutch, or English with --lang en. Only completed responses
count; groups smaller than the study's minimum group size show as "< k".

Open rounds are left out: their figures change with every respondent who
finishes, so two reports side by side would show one person's answers.
--include-open shows them in a report marked provisional, not to share.
See docs/report.md.`,
		Example: `  peil report --out rapport.html
  peil report --round "Meting 2025" --out rapport-2025.html
  peil report --instrument cultuursurvey --format md --lang en --out report.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("say where to write the report with --out FILE, e.g. --out rapport.html")
			}
			lang, err := a.language()
			if err != nil {
				return err
			}
			var write func(io.Writer, *analysis.Report, report.Meta) error
			switch strings.ToLower(format) {
			case "html", "":
				write = report.HTML
			case "md", "markdown":
				write = report.Markdown
			default:
				return fmt.Errorf("unknown report format %q: use html or md", format)
			}
			ctx := cmd.Context()
			return a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				td, err := loadTrendsData(ctx, st, s, instrument, round, includeOpen)
				if err != nil {
					return err
				}
				rep, err := td.trends()
				if err != nil {
					return err
				}
				meta := td.meta
				meta.Lang = lang
				meta.Date = time.Now()
				// Write next to the target and rename when complete.
				f, err := os.CreateTemp(filepath.Dir(out), ".peil-report-*")
				if err != nil {
					return fmt.Errorf("creating the report file: %w", err)
				}
				defer os.Remove(f.Name())
				err = write(f, rep, meta)
				if cerr := f.Close(); err == nil && cerr != nil {
					err = fmt.Errorf("writing %s: %w", out, cerr)
				}
				if err != nil {
					return err
				}
				// Figures of small groups: for the owner only, as
				// exports (os.CreateTemp makes the file 0600).
				if err := os.Rename(f.Name(), out); err != nil {
					return fmt.Errorf("putting the report in place: %w", err)
				}
				n, _ := rep.Measure("n")
				total := 0
				for r := range rep.Rounds {
					total += n.Cells[0][r].N
				}
				fmt.Fprintf(a.stdout, "Wrote the report on %s (%s; %d responses) to %s.\n",
					meta.Instrument.Key(), strings.Join(rep.Rounds, ", "), total, out)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	f.StringVar(&instrument, "instrument", "", "instrument to report on (default: cultuursurvey, or the only one the rounds use)")
	f.StringVar(&round, "round", "", "the last round to include, by name (default: all rounds)")
	f.StringVar(&format, "format", "html", "html or md")
	f.BoolVar(&includeOpen, "include-open", false, "include rounds that are still open, in a report marked provisional")
	f.StringVarP(&out, "out", "o", "", "file to write (required)")
	return cmd
}
