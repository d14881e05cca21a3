package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/instruments"
	"peil/survey"
)

func (a *app) instrumentCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "instrument", Short: "List, show and check instruments (questionnaires)"}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the built-in instruments",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang, err := a.language()
			if err != nil {
				return err
			}
			all, err := instruments.Builtins()
			if err != nil {
				return err
			}
			if asJSON {
				type instrument struct {
					ID      string `json:"id"`
					Version int    `json:"version"`
					Items   int    `json:"items"`
					Scales  int    `json:"scales"`
					Title   string `json:"title"`
				}
				out := []instrument{}
				for _, in := range all {
					out = append(out, instrument{in.ID, in.Version, len(in.Items()), len(in.Scales), in.Title.Get(lang)})
				}
				return a.writeJSON(out)
			}
			tw := a.table()
			fmt.Fprintln(tw, "ID\tVERSION\tITEMS\tSCALES\tTITLE")
			for _, in := range all {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", in.ID, in.Version, len(in.Items()), len(in.Scales), in.Title.Get(lang))
			}
			return tw.Flush()
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON, for scripts")
	var asYAML bool
	show := &cobra.Command{
		Use:               "show ID|FILE.yaml",
		Short:             "Show an instrument's sections, items, conditions and scales",
		Example:           "  peil instrument show collega\n  peil instrument show cultuursurvey --lang en\n  peil instrument show collega --yaml > collega.yaml\n  peil instrument show mijn-vragenlijst.yaml",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeInstruments,
		RunE: func(cmd *cobra.Command, args []string) error {
			lang, err := a.language()
			if err != nil {
				return err
			}
			in, err := backend.InstrumentByIDOrFile(args[0])
			if err != nil {
				return err
			}
			if asYAML {
				b, err := instruments.Marshal(in)
				if err != nil {
					return err
				}
				_, err = a.stdout.Write(b)
				return err
			}
			return instruments.WriteOutline(a.stdout, in, lang)
		},
	}
	show.Flags().BoolVar(&asYAML, "yaml", false, "print the instrument file (a start for your own instrument)")
	check := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check instrument files and report every problem with file:line",
		Long: `Check instrument files. Every problem is reported at once, with the file, line
and column where it is, and what to do about it. The exit status is 1 when any
file has a problem.`,
		Example: "  peil instrument check mijn-vragenlijst.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			type problem struct {
				File    string `json:"file"`
				Line    int    `json:"line,omitempty"`
				Column  int    `json:"column,omitempty"`
				Message string `json:"message"`
			}
			type result struct {
				File       string    `json:"file"`
				OK         bool      `json:"ok"`
				Instrument string    `json:"instrument,omitempty"`
				Items      int       `json:"items,omitempty"`
				Scales     int       `json:"scales,omitempty"`
				Problems   []problem `json:"problems,omitempty"`
			}
			var results []result
			bad := 0
			for _, path := range args {
				in, err := instruments.Load(path)
				if err != nil {
					bad++
					r := result{File: path}
					var probs instruments.Problems
					if errors.As(err, &probs) {
						for _, p := range probs {
							r.Problems = append(r.Problems, problem{File: p.File, Line: p.Line, Column: p.Col, Message: p.Msg})
							if !asJSON {
								fmt.Fprintln(a.stderr, p.String())
							}
						}
					} else {
						r.Problems = append(r.Problems, problem{File: path, Message: err.Error()})
						if !asJSON {
							fmt.Fprintf(a.stderr, "%s: %v\n", path, err)
						}
					}
					results = append(results, r)
					continue
				}
				results = append(results, result{File: path, OK: true, Instrument: in.Key(), Items: len(in.Items()), Scales: len(in.Scales)})
				if !asJSON {
					fmt.Fprintf(a.stdout, "%s: ok (%s, %d items, %d scales)\n", path, in.Key(), len(in.Items()), len(in.Scales))
				}
			}
			if asJSON {
				if err := a.writeJSON(results); err != nil {
					return err
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d of %d files have problems", bad, len(args))
			}
			return nil
		},
	}
	check.Flags().BoolVar(&asJSON, "json", false, "print JSON, for scripts (problems included)")
	cmd.AddCommand(list, show, check, a.instrumentImportCmd(), a.instrumentExportCmd())
	return cmd
}

func completeInstruments(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	all, err := instruments.Builtins()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	ids := make([]string, len(all))
	for i, in := range all {
		ids[i] = in.ID + "\t" + in.Title.Get(survey.Dutch)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}
