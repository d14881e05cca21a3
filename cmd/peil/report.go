package main

import (
	"fmt"
	"io"
	"peil/backend"
	"strings"

	"github.com/spf13/cobra"
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
				return usagef("say where to write the report with --out FILE, e.g. --out rapport.html (or --out - for standard output)")
			}
			lang, err := a.language()
			if err != nil {
				return err
			}
			if _, err := backend.ReportFormat(format); err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withBackend(ctx, func(b *backend.Backend) error {
				req := backend.ReportRequest{Study: study, Instrument: instrument, LastRound: round, IncludeOpen: includeOpen, Format: format, Lang: lang}
				if out == "-" {
					_, err := b.WriteReport(ctx, req, a.stdout)
					return err
				}
				var sum backend.ReportSummary
				err := backend.WriteFile(out, "report", func(w io.Writer) error {
					var err error
					sum, err = b.WriteReport(ctx, req, w)
					return err
				})
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Wrote the report on %s (%s; %d responses) to %s.\n",
					sum.Instrument, strings.Join(sum.Rounds, ", "), sum.Responses, out)
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
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords("html", "md"))
	return cmd
}
