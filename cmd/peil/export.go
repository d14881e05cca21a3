package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/export"
	"peil/survey"
)

// exportCmd writes a study's responses for SPSS, Stata, R, Excel or Python.
func (a *app) exportCmd() *cobra.Command {
	var (
		study, format, instrument, out string
		rounds, workplaces             []string
		opt                            export.Options
		pseudonymize                   bool
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export responses for SPSS, Stata, R, Excel or Python",
		Long: `Export a study's responses as a file that opens ready to analyse:

  sav       SPSS (variable and value labels, user-missing codes, measurement levels)
  dta       Stata 14+ (labels; missing answers as .a don't know, .b not shown, .c not answered)
  csv       UTF-8, comma-separated; with --excel-nl for Dutch Excel (semicolons, decimal commas)
  xlsx      Excel workbook with a data sheet and a codebook sheet
  codebook  Markdown: every variable with its label, values and missing codes

Each response is one row (--long: one row per answer). Labels are Dutch, or
English with --lang en. A file holds one instrument: when the rounds use
several and --instrument is not given, each gets its own file, named after
--out with the instrument's id (monitor.sav: monitor-cultuursurvey.sav, ...).
--out - writes to standard output.

Respondent codes and response ids are pseudonyms by default: keyed hashes
under a secret kept with the study, the same in every export, so rounds
still link. Started and finished hold only the date. --identify writes the
codes as collected, --exact-times the time to the second; the codebook says
which. See docs/export.md.`,
		Example: `  peil export --format sav --out monitor.sav
  peil export --format csv --excel-nl --round "Meting 2026" --out meting2026.csv
  peil export --format dta --identify --exact-times --out intern.dta`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("say where to write the export with --out FILE (or --out - for standard output)")
			}
			batchGC()
			if pseudonymize && opt.Identify {
				return usagef("--pseudonymize and --identify contradict each other: pseudonyms are the default, so leave out --pseudonymize for the codes as collected, or --identify for pseudonyms")
			}
			lang, err := a.language()
			if err != nil {
				return err
			}
			opt.Format, opt.Lang, opt.InstrumentID = export.Format(strings.ToLower(format)), lang, instrument
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				for _, name := range rounds {
					r, err := b.Round(ctx, s, name)
					if err != nil {
						return err
					}
					opt.RoundIDs = append(opt.RoundIDs, r.ID)
				}
				for _, code := range workplaces {
					w, err := b.FindWorkplace(ctx, s, code)
					if err != nil {
						return err
					}
					opt.WorkplaceIDs = append(opt.WorkplaceIDs, w.ID)
				}
				if out == "-" {
					sum, err := b.Export(ctx, s, opt, a.stdout)
					if err == nil {
						fmt.Fprintf(a.stderr, "Wrote %d responses (%d rows, %d variables).\n", sum.Responses, sum.Rows, sum.Variables)
					}
					return err
				}
				ids := []string{opt.InstrumentID}
				if opt.InstrumentID == "" {
					if ids, err = b.ExportInstruments(ctx, s, opt.RoundIDs); err != nil {
						return err
					}
				}
				for _, id := range ids {
					file := out
					if len(ids) > 1 {
						file = backend.FileFor(out, id)
					}
					one := opt
					one.InstrumentID = id
					sum, err := b.ExportTo(ctx, s, one, file)
					if err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "Wrote %d responses of %s (%d rows, %d variables) to %s.\n", sum.Responses, id, sum.Rows, sum.Variables, file)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	f.StringVar(&format, "format", "sav", "sav, dta, csv, xlsx or codebook")
	f.StringArrayVar(&rounds, "round", nil, "export only this round (by name; repeat for more)")
	f.StringArrayVar(&workplaces, "workplace", nil, "export only this workplace (by code; repeat for more)")
	f.StringVar(&instrument, "instrument", "", "the instrument to export when the rounds use several")
	f.BoolVar(&opt.Long, "long", false, "one row per answer instead of one per response")
	f.BoolVar(&opt.Identify, "identify", false, "write respondent codes and response ids as collected (default: pseudonyms)")
	f.BoolVar(&opt.ExactTimes, "exact-times", false, "write started and finished to the second (default: the date only)")
	f.BoolVar(&pseudonymize, "pseudonymize", false, "pseudonyms (the default)")
	_ = f.MarkDeprecated("pseudonymize", "pseudonyms are the default now; --identify writes the codes as collected")
	f.BoolVar(&opt.IncludeText, "include-text", false, "include open-text answers (left out by default: they may name people)")
	f.BoolVar(&opt.ExcelNL, "excel-nl", false, "CSV for Dutch Excel: semicolons, decimal commas, a byte order mark")
	f.BoolVar(&opt.Compress, "compress", false, "compress the .sav file")
	f.StringVarP(&out, "out", "o", "", "file to write (required)")
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords(exportFormatWords()...))
	return cmd
}

// batchGC lets the garbage collector run a quarter as often, for a batch
// job that allocates much and keeps little: an export keeps a few batches
// of responses (a few MB), so the heap may grow to five times that between
// collections, a few ten MB, and a national export spends about 15% less
// processor time collecting. GOGC, when set, is the user's choice.
func batchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}
