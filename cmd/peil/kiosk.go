package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"peil/analysis"
	"peil/instruments"
	"peil/pin"
	"peil/storage"
	"peil/survey"
	"peil/tui"
)

// runTUI opens the terminal interface; with a round and school it starts in
// kiosk mode for them.
func (a *app) runTUI(ctx context.Context, roundID, schoolID string) error {
	lang, err := a.language()
	if err != nil {
		return err
	}
	st, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	device, err := st.DeviceID(ctx)
	if err != nil {
		return err
	}
	catalogue, err := catalogue(ctx, st)
	if err != nil {
		return err
	}
	// The trends screen and the background preparation take turns, so
	// that a dataset is never loaded twice at once: the second finds the
	// first's cache entry.
	var trendsMu sync.Mutex
	load := loadTrends(st)
	return tui.Run(ctx, tui.Config{
		Store:       st,
		Catalogue:   catalogue,
		Lang:        lang,
		Rand:        rand.Reader,
		DeviceID:    device,
		KioskRound:  roundID,
		KioskSchool: schoolID,
		LoadTrends: func(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error) {
			trendsMu.Lock()
			defer trendsMu.Unlock()
			return load(ctx, studyID, instrumentID, opts...)
		},
		PrepareTrends: func(ctx context.Context, studyID string) {
			trendsMu.Lock()
			defer trendsMu.Unlock()
			warmTrends(ctx, st, studyID)
		},
		Export:         tuiExport(st, lang),
		ImportPackages: tuiImport(st),
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
			var roundID, schoolID string
			err := a.withStore(ctx, func(st *storage.Store) error {
				s, err := findStudy(ctx, st, study)
				if err != nil {
					return err
				}
				r, err := mustFindRound(ctx, st, s, round)
				if err != nil {
					return err
				}
				if !r.Open {
					return fmt.Errorf("round %q is closed; open it with: peil round open --name %q", r.Name, r.Name)
				}
				schools, err := st.Schools(ctx, s.ID)
				if err != nil {
					return err
				}
				var codes []string
				for _, sc := range schools {
					codes = append(codes, sc.Code)
					if strings.EqualFold(sc.Code, school) {
						schoolID = sc.ID
					}
				}
				if schoolID == "" {
					return fmt.Errorf("study %s has no school %q (schools: %s)", s.Code, school, strings.Join(codes, ", "))
				}
				if _, ok, err := st.Setting(ctx, tui.SettingPINHash); err != nil {
					return err
				} else if !ok {
					return fmt.Errorf("set the researcher's PIN first, with: peil kiosk pin")
				}
				roundID = r.ID
				return nil
			})
			if err != nil {
				return err
			}
			if wf.on {
				return a.runWeb(ctx, roundID, schoolID, wf)
			}
			return a.runTUI(ctx, roundID, schoolID)
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
Typed twice on a terminal; from a script, give it on standard input.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := a.readNewPIN()
			if err != nil {
				return err
			}
			if err := pin.Valid(p); err != nil {
				return err
			}
			h, err := pin.Hash(p)
			if err != nil {
				return err
			}
			return a.withStore(cmd.Context(), func(st *storage.Store) error {
				if err := st.SetSetting(cmd.Context(), tui.SettingPINHash, h); err != nil {
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

// catalogue is what a researcher can choose for a new round: the built-in
// instruments and those added to this database from files (peil round open
// --instrument FILE), each at its newest version.
func catalogue(ctx context.Context, st *storage.Store) ([]*survey.Instrument, error) {
	all, err := instruments.Builtins()
	if err != nil {
		return nil, err
	}
	stored, err := st.Instruments(ctx)
	if err != nil {
		return nil, err
	}
	for _, in := range stored {
		i := slices.IndexFunc(all, func(b *survey.Instrument) bool { return b.ID == in.ID })
		switch {
		case i < 0:
			all = append(all, in)
		case in.Version > all[i].Version:
			all[i] = in
		}
	}
	return all, nil
}
