package main

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/survey"
)

// slipsPerGroup is the number of slips between two group headings: one
// printed page of slips.
const slipsPerGroup = 8

// codesCmd prints a sheet of respondent codes to cut into slips.
func (a *app) codesCmd() *cobra.Command {
	var study, school, format, out string
	var count int
	cmd := &cobra.Command{
		Use:   "codes",
		Short: "Print a sheet of respondent codes to cut into slips",
		Long: `Print new pseudonymous respondent codes for a school as plain text, one
slip per code, cut lines between them, in groups of eight (one page). Each
staff member keeps their slip and types the same code next round, so their
answers can be followed without a name. Codes have a check character: the
kiosk catches a mistyped code. Only text is offered (print it in a
monospaced font); there is no PDF output.`,
		Example: `  peil codes --school WOA-01 --count 40 --out codes-woa-01.txt`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" {
				return fmt.Errorf("format %q is not available: peil prints codes as text (--format text)", format)
			}
			if count < 1 || count > 10000 {
				return errors.New("--count must be between 1 and 10000")
			}
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				sc, err := b.FindSchool(ctx, s, school)
				if err != nil {
					return err
				}
				codes, err := newCodes(rand.Reader, count)
				if err != nil {
					return err
				}
				if out == "" || out == "-" {
					return writeCodeSheet(a.stdout, sc, codes)
				}
				if err := backend.WriteFile(out, "codes", func(w io.Writer) error { return writeCodeSheet(w, sc, codes) }); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Wrote %d codes for %s to %s.\n", count, sc.Name, out)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	f.StringVar(&school, "school", "", "code of the school (required)")
	f.IntVar(&count, "count", 30, "number of codes")
	f.StringVar(&format, "format", "text", "text (the only format)")
	f.StringVar(&out, "out", "", "file to write (default: standard output)")
	_ = cmd.MarkFlagRequired("school")
	return cmd
}

// newCodes returns n different respondent codes.
func newCodes(rnd io.Reader, n int) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		c, err := survey.NewRespondentCode(rnd)
		if err != nil {
			return nil, err
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// writeCodeSheet writes the slips: school name and code on each, with the
// reminder to keep it, cut lines between slips, a heading per group.
func writeCodeSheet(w io.Writer, sc survey.School, codes []string) error {
	bw := bufio.NewWriter(w)
	cut := "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - knip - -"
	for i, c := range codes {
		if i%slipsPerGroup == 0 {
			if i > 0 {
				bw.WriteString("\f\n")
			}
			last := min(i+slipsPerGroup, len(codes))
			fmt.Fprintf(bw, "Respondentcodes %s (%s), vel %d: codes %d-%d van %d\n\n%s\n",
				sc.Name, sc.Code, i/slipsPerGroup+1, i+1, last, len(codes), cut)
		}
		fmt.Fprintf(bw, "\n  %s\n  Uw code:  %s\n  bewaar deze code: u heeft hem volgend jaar weer nodig\n\n%s\n", sc.Name, c, cut)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the codes: %w", err)
	}
	return nil
}
