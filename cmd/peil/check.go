package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"peil/backend"
)

// checkCmd reads the whole database and, with --repair, mends what can be
// mended from the answers themselves.
func (a *app) checkCmd() *cobra.Command {
	var repair bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the whole database for damage",
		Long: `Read the whole database: SQLite's integrity check of every page, then
every response's packed copy of its answers (which analysis and export
read) against the answers themselves. Nothing is changed, unless --repair
is given: then the packed copies are made again from the answers. Damage
to the file itself cannot be repaired here: keep the file, and go on with
your latest backup (peil backup) or the data packages of the laptops.`,
		Example: `  peil check
  peil check --repair`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db := a.dbName()
			return a.withBackend(ctx, func(b *backend.Backend) error {
				res, err := b.Check(ctx, repair)
				if err != nil {
					return err
				}
				if res.OK() {
					fmt.Fprintf(a.stdout, "%s is in order.\n", db)
					return nil
				}
				for _, d := range res.Damage {
					fmt.Fprintf(a.stdout, "damage: %s\n", d)
				}
				if len(res.Damage) > 0 {
					return fmt.Errorf("%s is damaged (%d problems above); keep the file and go on with your latest backup or the laptops' data packages", db, len(res.Damage))
				}
				fmt.Fprintf(a.stdout, "%s a packed copy of the answers that does not match the answers (%s).\n",
					responsesHave(len(res.Packed)), res.Packed[0])
				if !repair {
					return fmt.Errorf("run peil check --repair to pack their answers again (the answers themselves are kept)")
				}
				fmt.Fprintf(a.stdout, "Packed the answers again; %s mended, and %s is in order.\n", responses(res.Repaired), db)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&repair, "repair", false, "make the packed copies of the answers again where they do not match")
	return cmd
}

// responses says "1 response" or "n responses".
func responses(n int) string {
	if n == 1 {
		return "1 response"
	}
	return fmt.Sprintf("%d responses", n)
}

// responsesHave says "1 response has" or "n responses have".
func responsesHave(n int) string {
	if n == 1 {
		return "1 response has"
	}
	return fmt.Sprintf("%d responses have", n)
}
