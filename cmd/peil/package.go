package main

import (
	"fmt"

	"strings"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/pack"
	"peil/survey"
)

// packageCmd writes and reads data packages: responses travelling from the
// laptops to the researcher's database.
func (a *app) packageCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "package",
		Short: "Carry responses between laptops and the researcher's database",
		Long: `A data package is one file with the responses collected on this laptop and
the study definitions they need. Take it to the researcher on a USB stick or
by mail; "peil package import" merges it without duplicates, whatever the
order or how often. With --to the package is encrypted for the researcher's
key (see "peil key generate"): a lost stick reveals nothing. See
docs/packages.md.`,
	}
	cmd.AddCommand(a.packageExportCmd(), a.packageImportCmd())
	return cmd
}

func (a *app) packageExportCmd() *cobra.Command {
	var study, out, to string
	var rounds []string
	var sinceLast, setup bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write this laptop's responses (or a setup) to a data package",
		Example: `  peil package export --to age1... --out school-x.peil
  peil package export --round "Meting 2026" --since-last --to age1... --out school-x-2.peil
  peil package export --setup --out monitor-setup.peil   (on the researcher's laptop)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("say where to write the package with --out FILE, e.g. --out school-x.peil")
			}
			var opts []pack.Option
			if to != "" {
				rcp, err := pack.ParseRecipient(to)
				if err != nil {
					return err
				}
				opts = append(opts, pack.EncryptTo(rcp))
			}
			ctx := cmd.Context()
			return a.withStudy(ctx, study, func(b *backend.Backend, s survey.Study) error {
				m, err := b.ExportPackage(ctx, s, backend.PackageRequest{Rounds: rounds, SinceLast: sinceLast, Setup: setup, Options: opts}, out)
				if err != nil {
					return err
				}
				what := fmt.Sprintf("%d responses (%d complete) from %d schools", m.Responses, m.Complete, len(m.Schools))
				if setup {
					what = "the setup of study " + s.Code
				}
				enc := "not encrypted"
				if to != "" {
					enc = "encrypted for " + strings.TrimSpace(to)
				}
				fmt.Fprintf(a.stdout, "Wrote %s to %s (%s).\n", what, out, enc)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	f.StringArrayVar(&rounds, "round", nil, "only this round (by name; repeat for more)")
	f.BoolVar(&sinceLast, "since-last", false, "only responses that changed since the last export")
	f.BoolVar(&setup, "setup", false, "definitions only, to set up a laptop for the study")
	f.StringVar(&out, "out", "", "the package file to write (required)")
	f.StringVar(&to, "to", "", "encrypt for this public key (age1..., from peil key generate)")
	return cmd
}

func (a *app) packageImportCmd() *cobra.Command {
	var identity string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Merge data packages into this database",
		Long: `Merge data packages into this database, each in one transaction: a package
that is damaged, cut short, encrypted for another key or made from another
setup of the study changes nothing. Responses already here are not added
twice. When a response is here with other content, a complete response beats
one in progress, otherwise the newer one wins; every such conflict is listed.`,
		Example: `  peil package import --identity researcher.key school-*.peil`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			ctx := cmd.Context()
			return a.withBackend(ctx, func(b *backend.Backend) error {
				results, err := b.ImportFiles(ctx, files, identity, nil)
				if err != nil {
					return err
				}
				failed := 0
				for _, r := range results {
					if r.Err != nil {
						failed++
						fmt.Fprintf(a.stdout, "%s: not imported: %v\n", r.File, r.Err)
						continue
					}
					fmt.Fprintf(a.stdout, "%s: %d new, %d already here, %d conflicts\n", r.File, r.Result.Added, r.Result.Duplicates, len(r.Result.Conflicts))
					tw := a.table()
					for _, sc := range r.Result.Schools {
						fmt.Fprintf(tw, "  %s\t%s\tnew %d\tduplicate %d\tconflict %d\n", sc.School.Code, sc.School.Name, sc.New, sc.Duplicate, sc.Conflicts)
					}
					tw.Flush()
					for _, c := range r.Result.Conflicts {
						fmt.Fprintf(a.stdout, "  conflict: %s\n", backend.DescribeConflict(c))
					}
				}
				if failed > 0 {
					return fmt.Errorf("%d of %d packages were not imported (see above); the others were", failed, len(results))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&identity, "identity", "", "the researcher's key file, for encrypted packages")
	return cmd
}
