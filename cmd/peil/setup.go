package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/survey"
)

func (a *app) table() *tabwriter.Writer {
	return tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
}

func (a *app) studyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "study", Short: "Create and list studies"}
	var code, title string
	var k int
	var asJSON bool
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Create a study",
		Example: `  peil study init --code monitor-po --title "Monitor werkplaatsen PO"
  peil study init --code ontwikkelkracht --title "Ontwikkelkracht" --min-group 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withBackend(cmd.Context(), func(b *backend.Backend) error {
				s, err := b.CreateStudy(cmd.Context(), code, title, k)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Created study %s (%s).\n", s.Code, s.Title)
				return nil
			})
		},
	}
	initCmd.Flags().StringVar(&code, "code", "", "short name of the study, e.g. monitor-po (required)")
	initCmd.Flags().StringVar(&title, "title", "", "title of the study (required)")
	initCmd.Flags().IntVar(&k, "min-group", survey.DefaultMinGroupSize, "smallest group reports show statistics for (at least 3)")
	_ = initCmd.MarkFlagRequired("code")
	_ = initCmd.MarkFlagRequired("title")

	list := &cobra.Command{
		Use:   "list",
		Short: "List the studies in the database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withBackend(cmd.Context(), func(b *backend.Backend) error {
				studies, err := b.Store().Studies(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					type study struct {
						Code         string `json:"code"`
						Title        string `json:"title"`
						MinGroupSize int    `json:"min_group_size"`
					}
					out := []study{}
					for _, s := range studies {
						out = append(out, study{s.Code, s.Title, s.MinGroupSize})
					}
					return a.writeJSON(out)
				}
				tw := a.table()
				fmt.Fprintln(tw, "CODE\tTITLE\tMIN GROUP")
				for _, s := range studies {
					fmt.Fprintf(tw, "%s\t%s\t%d\n", s.Code, s.Title, s.MinGroupSize)
				}
				return tw.Flush()
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON, for scripts")
	cmd.AddCommand(initCmd, list)
	return cmd
}

func (a *app) workplaceCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "workplace", Short: "Add and list the workplaces of a study"}
	var study, code, name string
	var asJSON bool
	add := &cobra.Command{
		Use:     "add",
		Short:   "Add a workplace (werkplaats) to a study",
		Example: `  peil workplace add --study monitor-po --code WOA --name "Werkplaats Onderwijsonderzoek Amsterdam"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withBackend(cmd.Context(), func(b *backend.Backend) error {
				s, w, err := b.AddWorkplace(cmd.Context(), study, code, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Added workplace %s to study %s.\n", w.Code, s.Code)
				return nil
			})
		},
	}
	add.Flags().StringVar(&code, "code", "", "short name of the workplace, e.g. WOA (required)")
	add.Flags().StringVar(&name, "name", "", "full name of the workplace (required)")
	_ = add.MarkFlagRequired("code")
	_ = add.MarkFlagRequired("name")

	list := &cobra.Command{
		Use:   "list",
		Short: "List a study's workplaces and their schools",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				wps, err := b.Store().Workplaces(ctx, s.ID)
				if err != nil {
					return err
				}
				schools, err := b.Store().Schools(ctx, s.ID)
				if err != nil {
					return err
				}
				if asJSON {
					type school struct {
						Code string `json:"code"`
						Name string `json:"name"`
					}
					type workplace struct {
						Code    string   `json:"code"`
						Name    string   `json:"name"`
						Schools []school `json:"schools"`
					}
					out := []workplace{}
					for _, w := range wps {
						wp := workplace{Code: w.Code, Name: w.Name, Schools: []school{}}
						for _, sc := range schools {
							if sc.WorkplaceID == w.ID {
								wp.Schools = append(wp.Schools, school{sc.Code, sc.Name})
							}
						}
						out = append(out, wp)
					}
					return a.writeJSON(out)
				}
				tw := a.table()
				fmt.Fprintln(tw, "WORKPLACE\tSCHOOL\tNAME")
				for _, w := range wps {
					fmt.Fprintf(tw, "%s\t\t%s\n", w.Code, w.Name)
					for _, sc := range schools {
						if sc.WorkplaceID == w.ID {
							fmt.Fprintf(tw, "\t%s\t%s\n", sc.Code, sc.Name)
						}
					}
				}
				return tw.Flush()
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON, for scripts")
	cmd.PersistentFlags().StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	cmd.AddCommand(add, list)
	return cmd
}

func (a *app) schoolCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "school", Short: "Add schools to a workplace"}
	var study, workplace, code, name string
	add := &cobra.Command{
		Use:     "add",
		Short:   "Add a school to a workplace",
		Example: `  peil school add --study monitor-po --workplace WOA --code WOA-01 --name "De Regenboog"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withBackend(cmd.Context(), func(b *backend.Backend) error {
				wp, sc, err := b.AddSchool(cmd.Context(), study, workplace, code, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Added school %s (%s) to workplace %s.\n", sc.Code, sc.Name, wp.Code)
				return nil
			})
		},
	}
	add.Flags().StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	add.Flags().StringVar(&workplace, "workplace", "", "code of the workplace (required)")
	add.Flags().StringVar(&code, "code", "", "short code of the school, unique in the study (required)")
	add.Flags().StringVar(&name, "name", "", "name of the school (required)")
	for _, f := range []string{"workplace", "code", "name"} {
		_ = add.MarkFlagRequired(f)
	}
	cmd.AddCommand(add)
	return cmd
}

func (a *app) roundCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "round", Short: "Open, close and list measurement rounds"}
	var study, name, instrument string
	var asJSON bool
	open := &cobra.Command{
		Use:   "open",
		Short: "Open a round for answers, creating it if needed",
		Long: `Open a measurement round (meetmoment) so that kiosks can collect answers.
A round that does not exist yet is created with the given instrument.`,
		Example: `  peil round open --study monitor-po --name "Meting 2026" --instrument cultuursurvey
  peil round open --name "Najaar 2026" --instrument mijn-vragenlijst.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				r, created, err := b.OpenRound(ctx, s, name, func() (*survey.Instrument, string, error) {
					if instrument == "" {
						return nil, "", nil
					}
					inst, err := backend.InstrumentByIDOrFile(instrument)
					return inst, instrument, err
				})
				if err != nil {
					return err
				}
				if created {
					fmt.Fprintf(a.stdout, "Created and opened round %q with %s@%d.\n", r.Name, r.InstrumentID, r.InstrumentVersion)
				} else {
					fmt.Fprintf(a.stdout, "Round %q is open.\n", r.Name)
				}
				return nil
			})
		},
	}
	open.Flags().StringVar(&instrument, "instrument", "", "instrument of a new round: a built-in id (see: peil instrument list) or an instrument file (.yaml)")
	closeCmd := &cobra.Command{
		Use:     "close",
		Short:   "Close a round: it takes no more answers",
		Example: `  peil round close --study monitor-po --name "Meting 2026"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				r, err := b.CloseRound(ctx, s, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Round %q is closed.\n", r.Name)
				return nil
			})
		},
	}
	for _, c := range []*cobra.Command{open, closeCmd} {
		c.Flags().StringVar(&name, "name", "", "name of the round, e.g. \"Meting 2026\" (required)")
		_ = c.MarkFlagRequired("name")
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List a study's rounds and their response counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				rounds, err := b.RoundCounts(ctx, s)
				if err != nil {
					return err
				}
				if asJSON {
					type round struct {
						Name              string `json:"name"`
						Instrument        string `json:"instrument"`
						InstrumentVersion int    `json:"instrument_version"`
						Open              bool   `json:"open"`
						Complete          int    `json:"complete"`
						InProgress        int    `json:"in_progress"`
					}
					out := []round{}
					for _, rc := range rounds {
						r := rc.Round
						out = append(out, round{r.Name, r.InstrumentID, r.InstrumentVersion, r.Open, rc.Complete, rc.InProgress})
					}
					return a.writeJSON(out)
				}
				tw := a.table()
				fmt.Fprintln(tw, "ROUND\tINSTRUMENT\tSTATE\tCOMPLETE\tIN PROGRESS")
				for _, rc := range rounds {
					r := rc.Round
					state := "closed"
					if r.Open {
						state = "open"
					}
					fmt.Fprintf(tw, "%s\t%s@%d\t%s\t%d\t%d\n", r.Name, r.InstrumentID, r.InstrumentVersion, state, rc.Complete, rc.InProgress)
				}
				return tw.Flush()
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON, for scripts")
	cmd.PersistentFlags().StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	cmd.AddCommand(open, closeCmd, list)
	return cmd
}
