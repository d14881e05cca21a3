package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"peil/pack"
)

// keyCmd makes the researcher's key pair for encrypted data packages.
func (a *app) keyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "key", Short: "Make the researcher's key for encrypted data packages"}
	var out string
	gen := &cobra.Command{
		Use:   "generate",
		Short: "Make a key pair: the key file stays with you, the public key goes to the laptops",
		Long: `Make a key pair for encrypted data packages (age, X25519). The key file
(mode 0600) is secret: keep it on the researcher's computer and in a safe
backup; without it no package made for it can be read. The public key
(printed, starting with age1) goes to every laptop: peil package export --to.`,
		Example: `  peil key generate --out researcher.key`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usagef("say where to write the key file with --out FILE")
			}
			k, err := pack.GenerateKey(time.Now())
			if err != nil {
				return err
			}
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return fmt.Errorf("writing the key file (an existing key is never overwritten): %w", err)
			}
			if _, err := f.Write(k.File); err != nil {
				f.Close()
				os.Remove(out)
				return fmt.Errorf("writing the key file: %w", err)
			}
			if err := f.Close(); err != nil {
				os.Remove(out)
				return fmt.Errorf("writing the key file: %w", err)
			}
			if err := os.Chmod(out, 0o600); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote the secret key to %s; keep it safe.\nPublic key (for peil package export --to):\n%s\n", out, k.Public)
			return nil
		},
	}
	gen.Flags().StringVar(&out, "out", "", "the key file to write (required)")
	cmd.AddCommand(gen)
	return cmd
}
