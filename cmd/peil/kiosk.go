package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"peil/backend"
	"peil/pin"
	"peil/tui"
)

// runTUI opens the terminal interface on the database.
func (a *app) runTUI(ctx context.Context) error {
	if _, err := a.language(); err != nil {
		return err
	}
	st, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	return a.tuiOn(ctx, backend.New(st), "", "")
}

// tuiOn runs the terminal interface on an open database; with a round and
// school it starts in kiosk mode for them.
func (a *app) tuiOn(ctx context.Context, b *backend.Backend, roundID, schoolID string) error {
	lang, err := a.language()
	if err != nil {
		return err
	}
	st := b.Store()
	return tui.Run(ctx, tui.Config{
		Store:   st,
		Backend: tuiBackend{b},
		// The catalogue is parsed after the first screen shows, not
		// before (docs/performance.md, first screen).
		LoadCatalogue: b.Catalogue,
		Lang:          lang,
		Rand:          rand.Reader,
		// Read by the TUI's first command, as is the catalogue after the
		// study list: the first frame does not wait for either.
		LoadDeviceID: st.DeviceID,
		KioskRound:   roundID,
		KioskSchool:  schoolID,
	})
}

func (a *app) kioskCmd() *cobra.Command {
	var study, round, school string
	var wf webFlags
	cmd := &cobra.Command{
		Use:   "kiosk",
		Short: "Start kiosk mode: respondents answer one after the other",
		Long: `Start kiosk mode for a round at a school: the laptop shows the questionnaire
to one respondent after the other, and only the researcher's PIN leaves it.
Set the PIN first with "peil kiosk pin" (or in the interface).

With --web the laptop serves the questionnaire as a web form instead, so
that a whole team answers at once on their own phones: it prints the
address and a QR code. Serve it on the laptop's own WPA2 hotspot, or over
HTTPS with --cert and --key (docs/web.md). The PIN stops it.`,
		Example: `  peil kiosk pin
  peil kiosk --round "Meting 2026" --school WOA-01
  peil kiosk --web --round "Meting 2026" --school WOA-01`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// One opening of the database for finding the round and
			// school and for the kiosk itself.
			return a.withBackend(ctx, func(b *backend.Backend) error {
				target, err := b.KioskTarget(ctx, study, round, school)
				if err != nil {
					return err
				}
				if wf.on {
					return a.runWeb(ctx, b, target.Round.ID, target.School.ID, wf)
				}
				return a.tuiOn(ctx, b, target.Round.ID, target.School.ID)
			})
		},
	}
	cmd.Flags().BoolVar(&wf.on, "web", false, "serve the questionnaire as a web form for phones, instead of on this screen")
	cmd.Flags().StringVar(&wf.listen, "listen", "", "address for --web (default: this laptop's network address, port 8080)")
	cmd.Flags().StringVar(&wf.cert, "cert", "", "TLS certificate file for --web (HTTPS)")
	cmd.Flags().StringVar(&wf.key, "key", "", "TLS key file for --web")
	cmd.Flags().StringVar(&study, "study", "", "study code (may be left out when the database has one study)")
	cmd.Flags().StringVar(&round, "round", "", "name of the round (required)")
	cmd.Flags().StringVar(&school, "school", "", "code of the school where the laptop is (required)")
	_ = cmd.MarkFlagRequired("round")
	_ = cmd.MarkFlagRequired("school")
	cmd.AddCommand(a.pinCmd())
	return cmd
}

func (a *app) pinCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "pin",
		Short: "Set the researcher's PIN that leaves kiosk mode",
		Long: `Set the PIN (4 to 8 digits) that the researcher types to leave kiosk mode.
Typed twice on a terminal; from a script, give it on standard input. PINs
anyone tries first (0000, 1234, 4321, ...) are refused. At the kiosk, every
wrong PIN after the first three makes the next try wait longer (1 s, 2 s,
4 s, ... at most 5 minutes), also after restarting peil.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := a.readNewPIN()
			if err != nil {
				return err
			}
			return a.withBackend(cmd.Context(), func(b *backend.Backend) error {
				if err := b.SetPIN(cmd.Context(), p); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, "The PIN is set.")
				return nil
			})
		},
	}
}

// readNewPIN reads a PIN twice without echo from a terminal, or once from
// standard input otherwise.
func (a *app) readNewPIN() (string, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(f.Fd()) {
		fmt.Fprint(a.stderr, "New PIN (4-8 digits): ")
		p1, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the PIN: %w", err)
		}
		// Say at once that a PIN will not do, before asking for it again.
		if err := pin.Valid(strings.TrimSpace(string(p1))); err != nil {
			return "", err
		}
		fmt.Fprint(a.stderr, "Type it again: ")
		p2, err := term.ReadPassword(f.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the PIN: %w", err)
		}
		if string(p1) != string(p2) {
			return "", fmt.Errorf("the two PINs differ; nothing was changed")
		}
		return strings.TrimSpace(string(p1)), nil
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("reading the PIN from standard input: %w", err)
	}
	return strings.TrimSpace(line), nil
}
