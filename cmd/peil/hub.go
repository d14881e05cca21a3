package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/hub"
	"peil/survey"
	"peil/termqr"
)

func (a *app) hubCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hub",
		Short: "Enrol laptops and researchers on a hub, and see what it did",
		Long: `On the hub's machine (with the hub's --db): enrol makes tokens for laptops and
researchers, revoke withdraws one, tokens lists them, conflicts lists the
merge conflicts uploads caused, audit shows who did what and when.
On a laptop: join links this database to the hub with a token. See docs/hub.md.`,
	}
	cmd.AddCommand(a.hubEnrolCmd(), a.hubRevokeCmd(), a.hubTokensCmd(), a.hubConflictsCmd(), a.hubAuditCmd(), a.hubJoinCmd(), a.hubFormCmd())
	return cmd
}

func (a *app) hubEnrolCmd() *cobra.Command {
	var req backend.EnrolRequest
	var role, url string
	var noQR bool
	cmd := &cobra.Command{
		Use:   "enrol",
		Short: "Make a token for a laptop (device), a researcher or an admin",
		Example: `  peil hub enrol --role device --workplace WOA --label "laptop 1 WOA"
  peil hub enrol --role device --school WOA-01
  peil hub enrol --role researcher --workplace POINT --label "J. de Vries"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			req.Role = survey.HubRole(role)
			if !req.Role.Valid() {
				return usagef("--role must be device, researcher or admin")
			}
			ctx := cmd.Context()
			return a.withHub(ctx, 0, func(h *backend.Hub, _ string) error {
				u, fp, err := h.Address(ctx)
				if url != "" {
					u, err = url, nil
				}
				if err != nil {
					return err
				}
				t, secret, err := h.Enrol(ctx, req)
				if err != nil {
					return err
				}
				text := hub.Token{URL: u, Fingerprint: fp, Secret: secret}.String()
				fmt.Fprintf(a.stdout, "Token %s (%s, %s), valid until %s. It is shown once: the hub keeps only its hash.\n\n", t.ID, t.Role, t.Label, t.ExpiresAt.Format("2006-01-02"))
				if !noQR {
					qr, err := termqr.Draw(text, termqr.BlackOnWhite)
					if err != nil {
						return err
					}
					fmt.Fprint(a.stdout, qr)
					fmt.Fprintln(a.stdout)
				}
				fmt.Fprintf(a.stdout, "%s\n\nOn the laptop: peil hub join %s\n", text, text)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&role, "role", "device", "device (a laptop: uploads, fetches the setup), researcher (reads a workplace's data) or admin")
	f.StringVar(&req.Study, "study", "", "study code (may be left out when the database has one study)")
	f.StringArrayVar(&req.Workplaces, "workplace", nil, "the workplace (code) a device or researcher token is for (a researcher: repeat for more)")
	f.StringVar(&req.School, "school", "", "narrow a device token to one school (code)")
	f.StringVar(&req.Label, "label", "", "whom the token is for, as the audit log shows it")
	f.DurationVar(&req.ValidFor, "expires", backend.DefaultTokenLifetime, "how long the token is valid")
	f.StringVar(&url, "url", "", "the hub's address for the token (default: what peil serve said)")
	f.BoolVar(&noQR, "no-qr", false, "print the token as text only")
	return cmd
}

func (a *app) hubRevokeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke TOKEN-ID",
		Short: "Withdraw a token at once (its id from peil hub tokens)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return a.withHub(ctx, 0, func(h *backend.Hub, _ string) error {
				if err := h.Revoke(ctx, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Token %s is revoked: the hub refuses it from now on.\n", args[0])
				return nil
			})
		},
	}
}

func (a *app) hubTokensCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tokens",
		Short: "List the hub's tokens",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withHub(ctx, 0, func(h *backend.Hub, _ string) error {
				ts, err := h.Tokens(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return a.writeJSON(ts)
				}
				now := h.Backend().Now()
				tw := a.table()
				fmt.Fprintln(tw, "ID\tROLE\tLABEL\tCREATED\tEXPIRES\tSTATE")
				for _, t := range ts {
					state := "valid"
					if ok, _ := t.Usable(now); !ok {
						state = "expired"
						if !t.RevokedAt.IsZero() {
							state = "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
						}
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, t.Label, t.CreatedAt.Format("2006-01-02"), t.ExpiresAt.Format("2006-01-02"), state)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) hubConflictsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "conflicts",
		Short: "List the merge conflicts uploads caused, and which version was kept",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withHub(ctx, 0, func(h *backend.Hub, _ string) error {
				cs, err := h.Conflicts(ctx)
				if err != nil {
					return err
				}
				if len(cs) == 0 {
					fmt.Fprintln(a.stdout, "No conflicts.")
				}
				for _, c := range cs {
					fmt.Fprintf(a.stdout, "%s token %s: %s\n", c.At.Local().Format("2006-01-02 15:04:05"), c.TokenID, backend.DescribeConflict(c.MergeConflict))
				}
				return nil
			})
		},
	}
}

func (a *app) hubAuditCmd() *cobra.Command {
	var after int64
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Show the hub's audit log: every upload, enrolment, revocation and read",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			return a.withHub(ctx, 0, func(h *backend.Hub, _ string) error {
				es, err := h.Audit(ctx, after, limit)
				if err != nil {
					return err
				}
				if asJSON {
					return a.writeJSON(es)
				}
				tw := a.table()
				for _, e := range es {
					ok := "ok"
					if !e.OK {
						ok = "REFUSED"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At.Local().Format("2006-01-02 15:04:05"), e.Actor, e.TokenID, e.Action, ok, e.Detail)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().Int64Var(&after, "after", 0, "only entries after this number")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many entries (all when 0)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) hubJoinCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "join TOKEN",
		Short: "Link this database to a hub with a token from peil hub enrol",
		Long: `Link this database to a hub, once: peil keeps the hub's address, its
certificate's fingerprint and the token in the database, fetches the setup
(study, rounds, schools) and, for a researcher, the workplace's data. After
that, peil sync exchanges what is new.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := hub.ParseToken(args[0])
			if err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			// Never with the example study: a joining laptop takes the hub's.
			return a.withStore(ctx, false, func(b *backend.Backend) error {
				c := hub.NewClient(t)
				defer c.Close()
				rep, err := b.Join(ctx, c, t.URL, t.String(), backend.SyncOptions{})
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Joined the hub at %s as %s (%s) for study %s.\n", t.URL, rep.Identity.Label, rep.Identity.Role, rep.Identity.Study)
				a.printSync(rep)
				return nil
			})
		},
	}
}

func (a *app) printSync(rep backend.SyncReport) {
	if rep.SetupAdded > 0 {
		fmt.Fprintf(a.stdout, "Setup: %d new definitions (study, workplaces, schools, rounds, instruments).\n", rep.SetupAdded)
	}
	if rep.Identity.Role != survey.RoleResearcher {
		fmt.Fprintf(a.stdout, "Sent %s: %d new on the hub, %d it had already, %d conflicts.\n", responses(rep.Pushed), rep.Upload.Added, rep.Upload.Duplicates, len(rep.Upload.Conflicts))
		for _, c := range rep.Upload.Conflicts {
			fmt.Fprintf(a.stdout, "  conflict: %s\n", c)
		}
	}
	if rep.Identity.Role != survey.RoleDevice {
		fmt.Fprintf(a.stdout, "Fetched %s data: %d new here, %d already here, %d conflicts.\n", scopeOf(rep.Identity), rep.Pulled.Added, rep.Pulled.Duplicates, len(rep.Pulled.Conflicts))
		for _, c := range rep.Pulled.Conflicts {
			fmt.Fprintf(a.stdout, "  conflict: %s\n", backend.DescribeConflict(c))
		}
	}
}

func scopeOf(id backend.Identity) string {
	switch len(id.Workplaces) {
	case 0:
	case 1:
		return "workplace " + id.Workplaces[0] + "'s"
	default:
		return "workplaces " + strings.Join(id.Workplaces, ", ") + "'"
	}
	return "the study's"
}

func (a *app) syncCmd() *cobra.Command {
	var status bool
	var attempts int
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Exchange what is new with the hub this database joined",
		Long: `Send every response the hub has not confirmed yet, fetch the hub's setup
(new rounds) and, for a researcher, the workplace's data. Sending twice is
harmless: the hub merges by response id. Network errors are retried a few
times with growing waits; then peil sync gives up and the next run sends the
same again. It runs beside a kiosk on the same database without disturbing
it. --status shows the last sync and the responses waiting.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// Never with the example study: a joining laptop takes the hub's.
			return a.withStore(ctx, false, func(b *backend.Backend) error {
				if status {
					st, err := b.SyncStatus(ctx)
					if err != nil {
						return err
					}
					if !st.Joined {
						fmt.Fprintln(a.stdout, "This database has not joined a hub (peil hub join TOKEN).")
						return nil
					}
					last := "never"
					if !st.LastSync.IsZero() {
						last = st.LastSync.Local().Format("2006-01-02 15:04:05") + " (" + time.Since(st.LastSync).Round(time.Second).String() + " ago)"
					}
					fmt.Fprintf(a.stdout, "Hub: %s (%s)\nLast sync: %s\n", st.HubURL, st.Role, last)
					if st.Role != survey.RoleResearcher {
						fmt.Fprintf(a.stdout, "Waiting to be sent: %s\n", responses(st.Waiting))
					}
					if st.LastError != "" {
						fmt.Fprintf(a.stdout, "Last failure: %s\n", st.LastError)
					}
					return nil
				}
				rep, err := syncJoined(ctx, b, backend.SyncOptions{Attempts: attempts})
				if err != nil {
					return err
				}
				a.printSync(rep)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, "show the last sync and the responses waiting, and sync nothing")
	cmd.Flags().IntVar(&attempts, "attempts", 4, "tries per exchange with the hub before giving up")
	return cmd
}

// syncJoined syncs b with the hub its database joined, with a client made
// from the token kept at the join.
func syncJoined(ctx context.Context, b *backend.Backend, opt backend.SyncOptions) (backend.SyncReport, error) {
	text, ok, err := b.HubToken(ctx)
	if err != nil {
		return backend.SyncReport{}, err
	}
	if !ok {
		return backend.SyncReport{}, fmt.Errorf("this database has not joined a hub; join first with: peil hub join TOKEN")
	}
	t, err := hub.ParseToken(text)
	if err != nil {
		return backend.SyncReport{}, fmt.Errorf("the hub token kept in this database: %w", err)
	}
	c := hub.NewClient(t)
	defer c.Close()
	return b.Sync(ctx, c, opt)
}

// tuiBackend is the application layer as the terminal interface gets it
// (tui.Backend): the backend, plus a sync with the hub the database
// joined, whose client (package hub) backend does not import.
type tuiBackend struct{ *backend.Backend }

// SyncNow syncs with the joined hub, with peil sync's default retries.
func (b tuiBackend) SyncNow(ctx context.Context) (backend.SyncReport, error) {
	return syncJoined(ctx, b.Backend, backend.SyncOptions{})
}
