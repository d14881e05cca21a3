package main

import (
	"context"
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
	"peil/tui"
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
English with --lang en.

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
				return errors.New("say where to write the export with --out FILE")
			}
			if pseudonymize && opt.Identify {
				return errors.New("--pseudonymize and --identify contradict each other: pseudonyms are the default, so leave out --pseudonymize for the codes as collected, or --identify for pseudonyms")
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
				rs, err := st.Rounds(ctx, s.ID)
				if err != nil {
					return err
				}
				for _, name := range rounds {
					i := slices.IndexFunc(rs, func(r survey.Round) bool { return r.Name == name })
					if i < 0 {
						return fmt.Errorf("study %s has no round %q; see: peil round list", s.Code, name)
					}
					opt.RoundIDs = append(opt.RoundIDs, rs[i].ID)
				}
				wps, err := st.Workplaces(ctx, s.ID)
				if err != nil {
					return err
				}
				for _, code := range workplaces {
					i := slices.IndexFunc(wps, func(w survey.Workplace) bool { return strings.EqualFold(w.Code, code) })
					if i < 0 {
						return fmt.Errorf("study %s has no workplace %q; see: peil workplace list", s.Code, code)
					}
					opt.WorkplaceIDs = append(opt.WorkplaceIDs, wps[i].ID)
				}
				sum, err := writeExport(ctx, st, s, opt, out)
				if err != nil {
					return err
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
	f.BoolVar(&opt.Identify, "identify", false, "write respondent codes and response ids as collected (default: pseudonyms)")
	f.BoolVar(&opt.ExactTimes, "exact-times", false, "write started and finished to the second (default: the date only)")
	f.BoolVar(&pseudonymize, "pseudonymize", false, "pseudonyms (the default)")
	_ = f.MarkDeprecated("pseudonymize", "pseudonyms are the default now; --identify writes the codes as collected")
	f.BoolVar(&opt.IncludeText, "include-text", false, "include open-text answers (left out by default: they may name people)")
	f.BoolVar(&opt.ExcelNL, "excel-nl", false, "CSV for Dutch Excel: semicolons, decimal commas, a byte order mark")
	f.BoolVar(&opt.Compress, "compress", false, "compress the .sav file")
	f.StringVarP(&out, "out", "o", "", "file to write (required)")
	return cmd
}

// writeExport writes the study's responses as opt says to out: next to it
// first, renamed into place when complete, so an interrupted export leaves
// no half-written file.
func writeExport(ctx context.Context, st *storage.Store, s survey.Study, opt export.Options, out string) (export.Summary, error) {
	es := export.Study{Study: s}
	var err error
	if !opt.Identify {
		if opt.PseudonymKey, err = export.StudyKey(ctx, st, s.ID, nil); err != nil {
			return export.Summary{}, err
		}
	}
	if es.Workplaces, err = st.Workplaces(ctx, s.ID); err != nil {
		return export.Summary{}, err
	}
	if es.Schools, err = st.Schools(ctx, s.ID); err != nil {
		return export.Summary{}, err
	}
	if es.Rounds, err = st.Rounds(ctx, s.ID); err != nil {
		return export.Summary{}, err
	}
	var insts []*survey.Instrument
	for _, r := range es.Rounds {
		if slices.ContainsFunc(insts, func(in *survey.Instrument) bool { return in.ID == r.InstrumentID && in.Version == r.InstrumentVersion }) {
			continue
		}
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		if err != nil {
			return export.Summary{}, fmt.Errorf("round %q: %w", r.Name, err)
		}
		insts = append(insts, in)
	}
	f, err := os.CreateTemp(filepath.Dir(out), ".peil-export-*")
	if err != nil {
		return export.Summary{}, fmt.Errorf("creating the export file: %w", err)
	}
	defer os.Remove(f.Name())
	sum, err := export.Export(ctx, f, st, es, insts, opt)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing %s: %w", out, cerr)
	}
	if err != nil {
		return export.Summary{}, err
	}
	if err := os.Chmod(f.Name(), 0o600); err != nil {
		return export.Summary{}, fmt.Errorf("writing %s: %w", out, err)
	}
	if err := os.Rename(f.Name(), out); err != nil {
		return export.Summary{}, fmt.Errorf("putting the export in place: %w", err)
	}
	return sum, nil
}

// tuiExport is the TUI's Config.Export: the export screen's request
// written with the same code as peil export.
func tuiExport(st *storage.Store, lang survey.Lang) func(ctx context.Context, req tui.ExportRequest, progress func(done, total int)) (string, error) {
	return func(ctx context.Context, req tui.ExportRequest, progress func(done, total int)) (string, error) {
		s, err := st.Study(ctx, req.StudyID)
		if err != nil {
			return "", err
		}
		opt := export.Options{
			Format:       export.Format(req.Format),
			InstrumentID: req.InstrumentID,
			Lang:         lang,
			Identify:     !req.Pseudonymize,
			ExcelNL:      req.ExcelNL,
			Progress:     progress,
		}
		if req.RoundID != "" {
			opt.RoundIDs = []string{req.RoundID}
		}
		sum, err := writeExport(ctx, st, s, opt, req.Out)
		if err != nil {
			return "", err
		}
		abs, _ := filepath.Abs(req.Out)
		if lang == survey.English {
			return fmt.Sprintf("%d responses (%d rows, %d variables) in %s", sum.Responses, sum.Rows, sum.Variables, abs), nil
		}
		return fmt.Sprintf("%d antwoordsets (%d rijen, %d variabelen) in %s", sum.Responses, sum.Rows, sum.Variables, abs), nil
	}
}
