package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/survey"
	"peil/web"
)

// formPrefix is where the hub serves the web form for respondents.
const formPrefix = "/form"

// hubFormCmd opens a round for answering online on the hub: a web-form
// link per school, or withdraws them.
func (a *app) hubFormCmd() *cobra.Command {
	var study, round string
	var schools []string
	var revoke bool
	cmd := &cobra.Command{
		Use:   "form",
		Short: "Open a round for answering online: a web-form link per school",
		Long: `Give every school of the round (or those named with --school) a link to the
web form that the hub serves, so that staff answer on their own phones or
computers. Each link is unguessable and belongs to one round and school;
--revoke withdraws them at once. Share a school's link with that school
only. The hub must have been started once (peil serve), so that it knows
its address. See docs/web.md and docs/hub.md.`,
		Example: `  peil hub form --round "Meting 2026"
  peil hub form --round "Meting 2026" --school WOA-01 --school WOA-02
  peil hub form --round "Meting 2026" --school WOA-01 --revoke`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withHub(ctx, 0, func(h *backend.Hub, _ string) error {
				b := h.Backend()
				s, err := b.FindStudy(ctx, study)
				if err != nil {
					return err
				}
				r, err := b.Round(ctx, s, round)
				if err != nil {
					return err
				}
				if !r.Open && !revoke {
					return fmt.Errorf("round %q is closed; open it first with: peil round open --name %q", r.Name, r.Name)
				}
				var targets []survey.School
				if len(schools) == 0 {
					if targets, err = b.Store().Schools(ctx, s.ID); err != nil {
						return err
					}
				}
				for _, code := range schools {
					sc, err := b.FindSchool(ctx, s, code)
					if err != nil {
						return err
					}
					targets = append(targets, sc)
				}
				base, _, err := h.Address(ctx)
				if err != nil {
					return err
				}
				if base == "" && !revoke {
					return fmt.Errorf("the hub does not know its address yet: start it once with peil serve (or give --url there)")
				}
				links := web.NewStoreLinks(b.Store())
				tw := a.table()
				for _, sc := range targets {
					if revoke {
						if err := links.Revoke(ctx, r.ID, sc.ID); err != nil {
							return err
						}
						fmt.Fprintf(tw, "%s\t%s\twithdrawn\n", sc.Code, sc.Name)
						continue
					}
					tok, err := links.Issue(ctx, r.ID, sc.ID)
					if err != nil {
						return err
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", sc.Code, sc.Name, strings.TrimRight(base, "/")+web.LinkPath(formPrefix, tok))
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	cmd.Flags().StringVar(&round, "round", "", "name of the round (required)")
	cmd.Flags().StringArrayVar(&schools, "school", nil, "only this school (by code; repeat for more)")
	cmd.Flags().BoolVar(&revoke, "revoke", false, "withdraw the links instead")
	_ = cmd.MarkFlagRequired("round")
	return cmd
}
