package main

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"peil/backend"
	"peil/pin"
	"peil/termqr"
	"peil/web"
)

// webFlags are the options of peil kiosk --web.
type webFlags struct {
	on        bool
	listen    string
	cert, key string
}

// runWeb serves the round at the school as a web form until the
// researcher types the PIN: it prints the address and a QR code, and the
// number of people answering.
func (a *app) runWeb(ctx context.Context, b *backend.Backend, roundID, schoolID string, o webFlags) error {
	if (o.cert == "") != (o.key == "") {
		return fmt.Errorf("give both --cert and --key for HTTPS, or neither")
	}
	st := b.Store()
	hash, _, err := st.Setting(ctx, backend.SettingPINHash)
	if err != nil {
		return err
	}
	// Wrong PINs slow down guessing, as in the kiosk (kept across restarts).
	guard := pin.NewGuard(st, time.Now)
	device, err := st.DeviceID(ctx)
	if err != nil {
		return err
	}
	links := web.NewStoreLinks(st)
	token, err := links.Issue(ctx, roundID, schoolID)
	if err != nil {
		return err
	}
	h, err := web.NewHandler(links, web.WithDeviceID(device), web.WithLog(log.New(a.stderr, "", log.LstdFlags).Printf))
	if err != nil {
		return err
	}
	addr := o.listen
	if addr == "" {
		addr = defaultListen()
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w; choose another address with --listen", addr, err)
	}
	srv := web.NewServer(h)
	served := make(chan error, 1)
	go func() {
		if o.cert != "" {
			served <- srv.ServeTLS(l, o.cert, o.key)
		} else {
			served <- srv.Serve(l)
		}
	}()
	scheme := "http"
	if o.cert != "" {
		scheme = "https"
	}
	url := scheme + "://" + l.Addr().String() + h.LinkPath(token)
	qr, err := termqr.Draw(url, termqr.Inverted)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s\nRespondents scan the code or open:\n\n  %s\n\n", qr, url)
	if o.cert == "" {
		fmt.Fprintln(a.stdout, "Plain HTTP: serve only on the laptop's own WPA2 hotspot (docs/web.md), or give --cert and --key.")
	}
	fmt.Fprintln(a.stdout, "Type the researcher's PIN and Enter to stop.")

	// Ctrl+C does not stop the form: only the PIN does.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)

	pins := make(chan string)
	go a.readPINs(pins)
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	last := ""
	status := func() {
		s := fmt.Sprintf("answering now: %d, sent: %d", srv.Answering(), srv.Submitted())
		if s != last {
			fmt.Fprintf(a.stdout, "%s  %s\n", time.Now().Format("15:04:05"), s)
			last = s
		}
	}
	status()
	for {
		select {
		case err := <-served:
			return err
		case <-tick.C:
			status()
		case <-interrupts:
			fmt.Fprintln(a.stdout, "To stop, type the researcher's PIN and Enter.")
		case p, ok := <-pins:
			if !ok {
				pins = nil // no more input: serve until killed
				continue
			}
			res, err := guard.Check(ctx, hash, p)
			if err != nil {
				return err
			}
			switch {
			case res.TooSoon:
				fmt.Fprintf(a.stdout, "Too many wrong PINs: wait %s, then try again.\n", res.Wait.Round(time.Second))
				continue
			case !res.OK:
				fmt.Fprintln(a.stdout, "That PIN is not correct.")
				if res.Wait > 0 {
					fmt.Fprintf(a.stdout, "The next try is possible in %s.\n", res.Wait.Round(time.Second))
				}
				continue
			}
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil {
				return fmt.Errorf("stopping the web form: %w", err)
			}
			fmt.Fprintf(a.stdout, "Stopped. %d responses were sent through the web form.\n", srv.Submitted())
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// readPINs sends each line typed (without echo on a terminal) until the
// input ends.
func (a *app) readPINs(out chan<- string) {
	defer close(out)
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(f.Fd()) {
		for {
			p, err := term.ReadPassword(f.Fd())
			if err != nil {
				return
			}
			out <- strings.TrimSpace(string(p))
		}
	}
	sc := bufio.NewScanner(a.stdin)
	for sc.Scan() {
		out <- strings.TrimSpace(sc.Text())
	}
}

// defaultListen is port 8080 on the laptop's address on its network (the
// first up, non-loopback IPv4 interface), or on every address when there
// is none.
func defaultListen() string {
	ifs, err := net.Interfaces()
	if err == nil {
		for _, ifc := range ifs {
			if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagLoopback != 0 {
				continue
			}
			addrs, err := ifc.Addrs()
			if err != nil {
				continue
			}
			for _, ad := range addrs {
				if n, ok := ad.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLinkLocalUnicast() {
					return net.JoinHostPort(n.IP.String(), "8080")
				}
			}
		}
	}
	return ":8080"
}
