package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"peil/instruments"
	"peil/survey"
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
			in, warns, err := xlsform.Import(filepath.Base(args[0]), f)
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
			data, err := instruments.Marshal(in)
			if err != nil {
				return err
			}
			// What peil writes, peil must read back: check it as a file.
			if _, err := instruments.Parse(in.ID+".yaml", data); err != nil {
				return fmt.Errorf("the converted instrument does not pass peil's checks: %w", err)
			}
			if out == "" {
				_, err = a.stdout.Write(data)
				return err
			}
			if err := writeFileAtomic(out, data); err != nil {
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
file (--format yaml). Scales and reverse coding travel in peil:: columns that
XLSForm tools ignore.`,
		Example:           "  peil instrument export cultuursurvey --format xlsform --out cultuursurvey.xlsx",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeInstruments,
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := instrumentByIDOrFile(args[0])
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			switch strings.ToLower(format) {
			case "xlsform", "xlsx":
				if out == "" {
					return usagef("an XLSForm is a spreadsheet: say where to write it with --out FILE.xlsx")
				}
				err = xlsform.Export(&buf, in)
			case "yaml":
				var data []byte
				data, err = instruments.Marshal(in)
				buf.Write(data)
			default:
				return fmt.Errorf("unknown format %q: use xlsform or yaml", format)
			}
			if err != nil {
				return err
			}
			if out == "" {
				_, err = a.stdout.Write(buf.Bytes())
				return err
			}
			if err := writeFileAtomic(out, buf.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s to %s.\n", in.Key(), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "xlsform", "xlsform or yaml")
	cmd.Flags().StringVarP(&out, "out", "o", "", "file to write")
	return cmd
}

// instrumentByIDOrFile returns a built-in instrument, or the instrument in
// a file when arg names one.
func instrumentByIDOrFile(arg string) (*survey.Instrument, error) {
	if strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") || strings.ContainsRune(arg, os.PathSeparator) {
		return instruments.Load(arg)
	}
	return instruments.Builtin(arg)
}

// writeFileAtomic writes data next to path and renames it into place, so
// an interrupted write never leaves half a file under the final name.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".peil-*")
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("putting %s in place: %w", path, err)
	}
	return nil
}
