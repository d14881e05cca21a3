package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"peil/backend"
)

// backupCmd copies the live database consistently.
func (a *app) backupCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Make a consistent copy of the database, even while kiosks answer",
		Long: `Write a consistent copy of the database (SQLite VACUUM INTO): a snapshot of
one moment, safe to take while a kiosk is collecting answers. The copy has
mode 0600 and opens with peil --db FILE. An existing file is not overwritten.`,
		Example: `  peil backup --out peil-2026-03-01.db`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("say where to write the copy with --out FILE")
			}
			db := a.dbName()
			return a.withBackend(cmd.Context(), func(b *backend.Backend) error {
				if err := b.Backup(cmd.Context(), out); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Wrote a copy of %s to %s.\n", db, out)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the file to write (required)")
	return cmd
}
