package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/xlsform"
)

func (a *app) instrumentImportCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "import FORM.xlsx",
		Short: "Convert an XLSForm (ODK, KoboToolbox) into a peil instrument file",
		Long: `Convert an XLSForm spreadsheet (sheets survey, choices and settings) into a
peil instrument file (YAML). Every problem is reported at once, with its sheet,
cell and column; warnings say what peil ignores (metadata such as start and
deviceid: peil records those itself). See docs/xlsform.md.`,
		Example: "  peil instrument import vragenlijst.xlsx --out vragenlijst.yaml\n  peil instrument check vragenlijst.yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("opening the form: %w", err)
			}
			defer f.Close()
			in, data, warns, err := backend.ConvertXLSForm(filepath.Base(args[0]), f)
			for _, w := range warns {
				fmt.Fprintf(a.stderr, "warning: %s\n", w)
			}
			if err != nil {
				var probs xlsform.Problems
				if errors.As(err, &probs) {
					for _, p := range probs {
						fmt.Fprintln(a.stderr, p.String())
					}
					return fmt.Errorf("the form has %d problems; nothing was written", len(probs))
				}
				return err
			}
			if out == "" || out == "-" {
				_, err = a.stdout.Write(data)
				return err
			}
			if err := writeBytes(out, data); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s (%s, %d items, %d scales).\n", out, in.Key(), len(in.Items()), len(in.Scales))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "instrument file to write (default: standard output)")
	return cmd
}

func (a *app) instrumentExportCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export ID|FILE.yaml",
		Short: "Write an instrument as an XLSForm (for ODK, KoboToolbox) or as a peil file",
		Long: `Write a built-in instrument (by id) or an instrument file as an XLSForm
spreadsheet, for colleagues who use ODK or KoboToolbox, or as a peil instrument
file (--format yaml). Scales and reverse coding travel in peil_ columns that
XLSForm tools ignore.`,
		Example:           "  peil instrument export cultuursurvey --format xlsform --out cultuursurvey.xlsx",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeInstruments,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := backend.InstrumentByIDOrFile(args[0])
			if err != nil {
				return err
			}
			if out == "" && strings.ToLower(format) != "yaml" {
				return usagef("an XLSForm is a spreadsheet: say where to write it with --out FILE.xlsx")
			}
			data, err := backend.WriteInstrument(in, format)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = a.stdout.Write(data)
				return err
			}
			if err := writeBytes(out, data); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s to %s.\n", in.Key(), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "xlsform", "xlsform or yaml")
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords(backend.InstrumentFormats...))
	cmd.Flags().StringVarP(&out, "out", "o", "", "file to write")
	return cmd
}

// writeBytes writes data to the file out through backend.WriteFile.
func writeBytes(out string, data []byte) error {
	return backend.WriteFile(out, "instrument", func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
