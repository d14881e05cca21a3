package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"peil/export"
	"peil/storage"
	"peil/survey"
)

// exportCmd writes a study's responses for SPSS, Stata, R, Excel or Python.
func (a *app) exportCmd() *cobra.Command {
	var (
		study, format, instrument, out string
		rounds, workplaces             []string
		opt                            export.Options
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
English with --lang en. See docs/export.md.`,
		Example: `  peil export --format sav --out monitor.sav
  peil export --format csv --excel-nl --round "Meting 2026" --out meting2026.csv
  peil export --format dta --pseudonymize --out gedeeld.dta`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("say where to write the export with --out FILE")
			}
			lang, err := a.language()
			if err != nil {
				return err
			}
			opt.Format, opt.Lang, opt.InstrumentID = export.Format(strings.ToLower(format)), lang, instrument
			ctx := cmd.Context()
			return a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				es := export.Study{Study: s}
				if es.Workplaces, err = st.Workplaces(ctx, s.ID); err != nil {
					return err
				}
				if es.Schools, err = st.Schools(ctx, s.ID); err != nil {
					return err
				}
				if es.Rounds, err = st.Rounds(ctx, s.ID); err != nil {
					return err
				}
				for _, name := range rounds {
					i := slices.IndexFunc(es.Rounds, func(r survey.Round) bool { return r.Name == name })
					if i < 0 {
						return fmt.Errorf("study %s has no round %q; see: peil round list", s.Code, name)
					}
					opt.RoundIDs = append(opt.RoundIDs, es.Rounds[i].ID)
				}
				for _, code := range workplaces {
					i := slices.IndexFunc(es.Workplaces, func(w survey.Workplace) bool { return strings.EqualFold(w.Code, code) })
					if i < 0 {
						return fmt.Errorf("study %s has no workplace %q; see: peil workplace list", s.Code, code)
					}
					opt.WorkplaceIDs = append(opt.WorkplaceIDs, es.Workplaces[i].ID)
				}
				var insts []*survey.Instrument
				for _, r := range es.Rounds {
					if slices.ContainsFunc(insts, func(in *survey.Instrument) bool { return in.ID == r.InstrumentID && in.Version == r.InstrumentVersion }) {
						continue
					}
					in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
					if err != nil {
						return fmt.Errorf("round %q: %w", r.Name, err)
					}
					insts = append(insts, in)
				}
				// Write next to the target and rename when complete, so
				// an interrupted export leaves no half-written file.
				f, err := os.CreateTemp(filepath.Dir(out), ".peil-export-*")
				if err != nil {
					return fmt.Errorf("creating the export file: %w", err)
				}
				defer os.Remove(f.Name())
				sum, err := export.Export(ctx, f, st, es, insts, opt)
				if cerr := f.Close(); err == nil && cerr != nil {
					err = fmt.Errorf("writing %s: %w", out, cerr)
				}
				if err != nil {
					return err
				}
				if err := os.Rename(f.Name(), out); err != nil {
					return fmt.Errorf("putting the export in place: %w", err)
				}
				fmt.Fprintf(a.stdout, "Wrote %d responses (%d rows, %d variables) to %s.\n", sum.Responses, sum.Rows, sum.Variables, out)
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
	f.BoolVar(&opt.Pseudonymize, "pseudonymize", false, "replace respondent codes and response ids by hashes that hold within this file only")
	f.BoolVar(&opt.IncludeText, "include-text", false, "include open-text answers (left out by default: they may name people)")
	f.BoolVar(&opt.ExcelNL, "excel-nl", false, "CSV for Dutch Excel: semicolons, decimal commas, a byte order mark")
	f.BoolVar(&opt.Compress, "compress", false, "compress the .sav file")
	f.StringVarP(&out, "out", "o", "", "file to write (required)")
	return cmd
}
