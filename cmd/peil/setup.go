package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"peil/storage"
	"peil/survey"
)

// findStudy returns the study with the given code, or the only study when
// code is empty.
func findStudy(ctx context.Context, st *storage.Store, code string) (survey.Study, error) {
	if code != "" {
		s, err := st.StudyByCode(ctx, code)
		if survey.IsNotFound(err) {
			return s, fmt.Errorf("there is no study %q; see the studies with: peil study list", code)
		}
		return s, err
	}
	studies, err := st.Studies(ctx)
	if err != nil {
		return survey.Study{}, err
	}
	switch len(studies) {
	case 0:
		return survey.Study{}, fmt.Errorf("this database has no study yet; make one with: peil study init --code CODE --title TITLE")
	case 1:
		return studies[0], nil
	}
	codes := make([]string, len(studies))
	for i, s := range studies {
		codes[i] = s.Code
	}
	return survey.Study{}, fmt.Errorf("this database has several studies (%s); say which with --study", strings.Join(codes, ", "))
}

// withStore opens the database for a command and closes it afterwards.
// The default database gets the example study when a command creates it,
// as when peil itself does: a newcomer who types peil study list first
// should not end up with an empty database that never shows the example.
func (a *app) withStore(ctx context.Context, f func(st *storage.Store) error) error {
	st, err := a.openStore(ctx, a.usesDefaultDB())
	if err != nil {
		return err
	}
	defer st.Close()
	return f(st)
}

func (a *app) table() *tabwriter.Writer {
	return tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
}

func (a *app) studyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "study", Short: "Create and list studies"}
	var code, title string
	var k int
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Create a study",
		Example: `  peil study init --code monitor-po --title "Monitor werkplaatsen PO"
  peil study init --code ontwikkelkracht --title "Ontwikkelkracht" --min-group 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if k < 3 {
				return fmt.Errorf("--min-group must be at least 3: smaller groups would make respondents recognisable")
			}
			return a.withStore(cmd.Context(), func(st *storage.Store) error {
				s, err := st.CreateStudy(cmd.Context(), survey.Study{Code: code, Title: title, MinGroupSize: k})
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
			return a.withStore(cmd.Context(), func(st *storage.Store) error {
				studies, err := st.Studies(cmd.Context())
				if err != nil {
					return err
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
	cmd.AddCommand(initCmd, list)
	return cmd
}

func (a *app) workplaceCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "workplace", Short: "Add and list the workplaces of a study"}
	var study, code, name string
	add := &cobra.Command{
		Use:     "add",
		Short:   "Add a workplace (werkplaats) to a study",
		Example: `  peil workplace add --study monitor-po --code WOA --name "Werkplaats Onderwijsonderzoek Amsterdam"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), func(st *storage.Store) error {
				s, err := findStudy(cmd.Context(), st, study)
				if err != nil {
					return err
				}
				w, err := st.CreateWorkplace(cmd.Context(), survey.Workplace{StudyID: s.ID, Code: code, Name: name})
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
			return a.withStore(cmd.Context(), func(st *storage.Store) error {
				s, err := findStudy(cmd.Context(), st, study)
				if err != nil {
					return err
				}
				wps, err := st.Workplaces(cmd.Context(), s.ID)
				if err != nil {
					return err
				}
				schools, err := st.Schools(cmd.Context(), s.ID)
				if err != nil {
					return err
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
			return a.withStore(cmd.Context(), func(st *storage.Store) error {
				s, err := findStudy(cmd.Context(), st, study)
				if err != nil {
					return err
				}
				wps, err := st.Workplaces(cmd.Context(), s.ID)
				if err != nil {
					return err
				}
				var wp *survey.Workplace
				var codes []string
				for i := range wps {
					codes = append(codes, wps[i].Code)
					if strings.EqualFold(wps[i].Code, workplace) {
						wp = &wps[i]
					}
				}
				if wp == nil {
					return fmt.Errorf("study %s has no workplace %q (it has: %s)", s.Code, workplace, strings.Join(codes, ", "))
				}
				sc, err := st.CreateSchool(cmd.Context(), survey.School{WorkplaceID: wp.ID, Code: code, Name: name})
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

// findRound returns the study's round with the given name.
func findRound(ctx context.Context, st *storage.Store, s survey.Study, name string) (survey.Round, bool, error) {
	rounds, err := st.Rounds(ctx, s.ID)
	if err != nil {
		return survey.Round{}, false, err
	}
	for _, r := range rounds {
		if strings.EqualFold(r.Name, name) {
			return r, true, nil
		}
	}
	return survey.Round{}, false, nil
}

// mustFindRound is findRound for commands that need the round to exist.
func mustFindRound(ctx context.Context, st *storage.Store, s survey.Study, name string) (survey.Round, error) {
	r, ok, err := findRound(ctx, st, s, name)
	if err == nil && !ok {
		err = fmt.Errorf("study %s has no round %q; see: peil round list", s.Code, name)
	}
	return r, err
}

func (a *app) roundCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "round", Short: "Open, close and list measurement rounds"}
	var study, name, instrument string
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
			return a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				r, ok, err := findRound(ctx, st, s, name)
				if err != nil {
					return err
				}
				if ok {
					if err := st.SetRoundOpen(ctx, r.ID, true); err != nil {
						return err
					}
					fmt.Fprintf(a.stdout, "Round %q is open.\n", r.Name)
					return nil
				}
				if instrument == "" {
					return fmt.Errorf("study %s has no round %q yet; to create it, say which instrument it uses with --instrument (see: peil instrument list)", s.Code, name)
				}
				inst, err := instrumentByIDOrFile(instrument)
				if err != nil {
					return err
				}
				if err := st.SaveInstrument(ctx, inst); err != nil {
					if survey.ErrorCode(err) == survey.ECONFLICT {
						return fmt.Errorf("%w (in %s, raise version: to %d)", err, instrument, inst.Version+1)
					}
					return err
				}
				r, err = st.CreateRound(ctx, survey.Round{StudyID: s.ID, Name: name, InstrumentID: inst.ID, InstrumentVersion: inst.Version, Open: true})
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Created and opened round %q with %s.\n", r.Name, inst.Key())
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
			return a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				r, err := mustFindRound(ctx, st, s, name)
				if err != nil {
					return err
				}
				if err := st.SetRoundOpen(ctx, r.ID, false); err != nil {
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
			return a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				rounds, err := st.Rounds(ctx, s.ID)
				if err != nil {
					return err
				}
				tw := a.table()
				fmt.Fprintln(tw, "ROUND\tINSTRUMENT\tSTATE\tCOMPLETE\tIN PROGRESS")
				for _, r := range rounds {
					counts, err := st.ResponseCounts(ctx, r.ID)
					if err != nil {
						return err
					}
					var done, busy int
					for _, c := range counts {
						done += c.Complete
						busy += c.InProgress
					}
					state := "closed"
					if r.Open {
						state = "open"
					}
					fmt.Fprintf(tw, "%s\t%s@%d\t%s\t%d\t%d\n", r.Name, r.InstrumentID, r.InstrumentVersion, state, done, busy)
				}
				return tw.Flush()
			})
		},
	}
	cmd.PersistentFlags().StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	cmd.AddCommand(open, closeCmd, list)
	return cmd
}
