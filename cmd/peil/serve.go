package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"peil/backend"
	"peil/hub"
	"peil/postgres"
	"peil/survey"
	"peil/web"
)

// withHub opens the database for a hub command and hands the hub use
// cases on it to f, with writers writes at once (0: the store's default,
// backend.HubWriters). certDir is where the hub keeps its own
// certificate: next to a SQLite database, in peil's data folder for a
// PostgreSQL one.
func (a *app) withHub(ctx context.Context, writers int, f func(h *backend.Hub, certDir string) error) error {
	return a.withBackend(ctx, func(b *backend.Backend) error {
		hs, ok := b.Store().(survey.HubStore)
		if !ok {
			return fmt.Errorf("this store cannot keep a hub's tokens, audit log and conflicts")
		}
		p, err := a.dbPath()
		if err != nil {
			return err
		}
		if postgres.IsDSN(p) {
			if p, err = defaultDBPath(a.getenv); err != nil {
				return err
			}
		}
		dir, err := filepath.Abs(filepath.Dir(p))
		if err != nil {
			return err
		}
		if writers <= 0 {
			writers = backend.HubWriters(hs)
		}
		return f(b.NewHub(hs, writers), dir)
	})
}

func (a *app) serveCmd() *cobra.Command {
	var listen, certFile, keyFile, publicURL string
	var plain bool
	var hosts []string
	var maxUpload int64
	var writers int
	var certDir string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run a hub that laptops sync to over the network",
		Long: `Run a hub on this database: laptops in schools send their responses to it
(peil sync), and researchers fetch their workplace's data from it. It speaks
HTTPS with the operator's certificate (--cert, --key) or with its own, made on
first start in --cert-dir (hub-cert.pem, hub-key.pem, mode 0600): by default
next to a SQLite database, or in peil's data folder for a PostgreSQL one.
Enrolment tokens (peil hub enrol) carry the certificate's fingerprint, so
laptops trust exactly this hub without a certificate authority.

--plain serves plain HTTP, only on a loopback address, for a reverse proxy on
the same machine that does TLS (give its address with --url). See docs/hub.md.`,
		Example: `  peil serve --db hub.db --listen :8443 --host hub.school.nl
  peil serve --db hub.db --listen 127.0.0.1:8080 --plain --url https://hub.example.org
  peil serve --db postgres://peil@db.example.nl/peil --listen :8443 --host hub.school.nl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (certFile == "") != (keyFile == "") {
				return usagef("give both --cert and --key, or neither (the hub then makes its own)")
			}
			if plain {
				if err := hub.CheckPlain(listen); err != nil {
					return usageError{err}
				}
				if certFile != "" {
					return usagef("--plain serves without TLS; leave out --cert and --key")
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.withHub(ctx, writers, func(h *backend.Hub, dir string) error {
				var cert *tls.Certificate
				fingerprint := ""
				if !plain {
					var c tls.Certificate
					var err error
					if certFile != "" {
						c, err = hub.LoadCertificate(certFile, keyFile)
					} else {
						var made bool
						if certDir != "" {
							dir = certDir
						}
						if err := os.MkdirAll(dir, 0o700); err != nil {
							return fmt.Errorf("making the folder for the hub's certificate: %w", err)
						}
						c, made, err = hub.LoadOrCreateCertificate(dir, hosts, h.Backend().Now())
						if made {
							fmt.Fprintf(a.stdout, "Made the hub's certificate: %s\n", filepath.Join(dir, hub.CertFile))
						}
					}
					if err != nil {
						return err
					}
					cert, fingerprint = &c, hub.Fingerprint(c.Certificate[0])
				}
				ln, err := net.Listen("tcp", listen)
				if err != nil {
					return fmt.Errorf("listening on %s: %w", listen, err)
				}
				url := publicURL
				if url == "" {
					url = defaultHubURL(ln.Addr().(*net.TCPAddr), listen, hosts, plain)
				}
				if err := h.SetAddress(ctx, url, fingerprint); err != nil {
					ln.Close()
					return err
				}
				fmt.Fprintf(a.stdout, "peil hub at %s (listening on %s)\n", url, ln.Addr())
				if fingerprint != "" {
					fmt.Fprintf(a.stdout, "certificate SHA-256 %s\n", fingerprint)
				}
				fmt.Fprintln(a.stdout, "Enrol laptops with: peil hub enrol --role device --workplace CODE. Stop with Ctrl+C.")
				log := slog.New(slog.NewTextHandler(a.stderr, nil))
				h.SetErrorLog(func(err error) { log.Error(err.Error()) })
				// The web form for rounds opened for answering online
				// (peil hub form), on the same store.
				st := h.Backend().Store()
				device, err := st.DeviceID(ctx)
				if err != nil {
					return err
				}
				form, err := web.NewHandler(web.NewStoreLinks(st), web.WithPrefix(formPrefix), web.WithDeviceID(device),
					web.WithLog(func(format string, args ...any) { log.Error(fmt.Sprintf(format, args...)) }))
				if err != nil {
					return err
				}
				srv := hub.NewServer(h, hub.WithMaxUpload(maxUpload), hub.WithLogger(log), hub.WithHandler(formPrefix+"/", form))
				return hub.Serve(ctx, ln, srv, cert)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&listen, "listen", ":8443", "address to listen on (HOST:PORT)")
	f.StringVar(&certFile, "cert", "", "the operator's certificate (PEM); default: the hub's own")
	f.StringVar(&keyFile, "key", "", "the key of --cert (PEM)")
	f.BoolVar(&plain, "plain", false, "plain HTTP, on a loopback address only, behind a reverse proxy")
	f.StringVar(&publicURL, "url", "", "the address laptops reach the hub at, put in tokens (default: from --listen and --host)")
	f.StringArrayVar(&hosts, "host", nil, "a name or IP address of this machine for its certificate and tokens (repeat for more)")
	f.Int64Var(&maxUpload, "max-upload", hub.DefaultMaxUpload, "the largest upload accepted, in bytes")
	f.StringVar(&certDir, "cert-dir", "", "the folder of the hub's own certificate (default: next to a SQLite database, peil's data folder for PostgreSQL)")
	f.IntVar(&writers, "writers", 0, "how many merges may write to the database at once (default: 1 on SQLite, more on PostgreSQL)")
	return cmd
}

// defaultHubURL is the address put in tokens when --url is not given: the
// first --host, else the listening address, else this machine's name.
func defaultHubURL(addr *net.TCPAddr, listen string, hosts []string, plain bool) string {
	scheme := "https"
	if plain {
		scheme = "http"
	}
	host := ""
	if len(hosts) > 0 {
		host = hosts[0]
	} else if h, _, err := net.SplitHostPort(listen); err == nil && h != "" && !net.ParseIP(h).IsUnspecified() {
		host = h
	} else if name, err := os.Hostname(); err == nil {
		host = name
	} else {
		host = addr.IP.String()
	}
	return fmt.Sprintf("%s://%s", scheme, net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}
