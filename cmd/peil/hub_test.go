package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"peil/backend"
	"peil/hub"
	"peil/postgres"
	"peil/postgres/pgtest"
	"peil/storage"
	"peil/survey"
)

// hubProcess is a real peil serve.
type hubProcess struct {
	cmd *exec.Cmd
	url string
	out sync.WaitGroup
}

// startHub runs peil serve on a free loopback port and waits until it
// says where it listens.
func startHub(t *testing.T, db, certDir string) *hubProcess {
	t.Helper()
	cmd := exec.Command(peilBinary, "--db", db, "serve", "--listen", "127.0.0.1:0", "--cert-dir", certDir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &hubProcess{cmd: cmd}
	sc := bufio.NewScanner(stdout)
	at := regexp.MustCompile(`^peil hub at (\S+)`)
	for sc.Scan() {
		if m := at.FindStringSubmatch(sc.Text()); m != nil {
			h.url = m[1]
			break
		}
	}
	if h.url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("peil serve did not say where it listens (%v)", sc.Err())
	}
	h.out.Go(func() { io.Copy(io.Discard, stdout) })
	t.Cleanup(func() { h.kill() })
	return h
}

func (h *hubProcess) kill() {
	if h.cmd.ProcessState == nil {
		h.cmd.Process.Signal(syscall.SIGKILL)
		h.out.Wait()
		h.cmd.Wait()
	}
}

// peilRun runs the peil binary and returns its standard output.
func peilRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(peilBinary, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("peil %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out)
}

// TestHubKilledMidMergeLosesNothing: four laptops sync at once while the
// hub (a real peil serve) is killed with SIGKILL at a random moment, five
// times; after each kill it is started again. When every laptop has
// synced once more, the hub holds every response of every laptop exactly
// once, with the laptop's content, and its database is undamaged.
//
// It runs with the hub on a SQLite file and on PostgreSQL (the laptops
// are SQLite files).
func TestHubKilledMidMergeLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills peil serve")
	}
	t.Run("sqlite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "hub.db")
		hubKilledMidMerge(t, db, func(ctx context.Context) (checkedStore, error) {
			return storage.Open(ctx, db, storage.WithReadOnly())
		})
	})
	t.Run("postgres", func(t *testing.T) {
		db := pgtest.DSN(t)
		hubKilledMidMerge(t, db, func(ctx context.Context) (checkedStore, error) {
			return postgres.Open(ctx, db)
		})
	})
}

// checkedStore is what the test reads the hub's database with.
type checkedStore interface {
	survey.Store
	Close() error
}

func hubKilledMidMerge(t *testing.T, db string, open func(context.Context) (checkedStore, error)) {
	ctx := context.Background()
	dir := t.TempDir()
	peilRun(t, "--db", db, "study", "init", "--code", "monitor", "--title", "Monitor")
	peilRun(t, "--db", db, "workplace", "add", "--code", "WOA", "--name", "Amsterdam")
	peilRun(t, "--db", db, "school", "add", "--workplace", "WOA", "--code", "WOA-01", "--name", "De Regenboog")
	peilRun(t, "--db", db, "round", "open", "--name", "Meting 2026", "--instrument", "collega")
	h := startHub(t, db, dir)

	type laptop struct {
		id  int // makes its respondent codes unique
		st  *storage.Store
		b   *backend.Backend
		tok hub.Token
		n   int
	}
	tokenLine := regexp.MustCompile(`(?m)^peil1\.\S+$`)
	var laptops []*laptop
	for i := range 4 {
		out := peilRun(t, "--db", db, "hub", "enrol", "--role", "device", "--workplace", "WOA", "--no-qr", "--label", fmt.Sprintf("laptop %d", i))
		tok, err := hub.ParseToken(tokenLine.FindString(out))
		if err != nil {
			t.Fatalf("enrol printed no token: %v\n%s", err, out)
		}
		st, err := storage.Open(ctx, filepath.Join(dir, fmt.Sprintf("laptop%d.db", i)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		l := &laptop{id: i, st: st, b: backend.New(st), tok: tok}
		c := hub.NewClient(tok)
		if _, err := l.b.Join(ctx, c, tok.URL, tok.String(), backend.SyncOptions{Attempts: 1}); err != nil {
			t.Fatalf("join: %v", err)
		}
		c.Close()
		laptops = append(laptops, l)
	}
	study, err := laptops[0].b.FindStudy(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	round, err := laptops[0].b.Round(ctx, study, "Meting 2026")
	if err != nil {
		t.Fatal(err)
	}
	school, err := laptops[0].b.FindSchool(ctx, study, "WOA-01")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := laptops[0].st.Instrument(ctx, round.InstrumentID, round.InstrumentVersion)
	if err != nil {
		t.Fatal(err)
	}
	item := inst.Sections[0].Items[0].ID
	answer := func(l *laptop, n int) {
		for range n {
			l.n++
			r, err := l.st.StartResponse(ctx, survey.Response{RoundID: round.ID, SchoolID: school.ID, RespondentCode: fmt.Sprintf("L%d-%d", l.id, l.n)})
			if err != nil {
				t.Fatal(err)
			}
			if err := l.st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: item, Value: survey.Value{Number: 1}}, nil, ""); err != nil {
				t.Fatal(err)
			}
			if l.n%3 != 0 {
				if err := l.st.CompleteResponse(ctx, r.ID, time.Time{}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	syncAll := func(url string) (failed int) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, l := range laptops {
			wg.Go(func() {
				tok := l.tok
				tok.URL = url
				c := hub.NewClient(tok)
				defer c.Close()
				if _, err := l.b.Sync(ctx, c, backend.SyncOptions{Attempts: 1}); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return failed
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	cut := 0
	for range 5 {
		for _, l := range laptops {
			answer(l, 150)
		}
		done := make(chan int)
		url := h.url
		go func() { done <- syncAll(url) }()
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		h.kill()
		cut += <-done
		h = startHub(t, db, dir)
	}
	t.Logf("%d of %d syncs were cut by the kill", cut, 5*len(laptops))
	if failed := syncAll(h.url); failed != 0 {
		t.Fatalf("%d laptops could not sync with the restarted hub", failed)
	}
	h.cmd.Process.Signal(syscall.SIGTERM)
	h.out.Wait()
	if err := h.cmd.Wait(); err != nil {
		t.Errorf("peil serve after SIGTERM: %v", err)
	}

	hubSt, err := open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hubSt.Close()
	if res, err := hubSt.Check(ctx); err != nil || !res.OK() {
		t.Errorf("check of the hub's database: %+v, %v", res, err)
	}
	onHub := map[string][32]byte{}
	err = hubSt.ScanResponses(ctx, survey.ResponseFilter{StudyID: study.ID}, func(rec survey.ResponseRecord) error {
		if _, dup := onHub[rec.Response.ID]; dup {
			return fmt.Errorf("response %s is on the hub twice", rec.Response.ID)
		}
		onHub[rec.Response.ID] = survey.ContentHash(rec)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	total, lost, differ := 0, 0, 0
	for _, l := range laptops {
		err := l.st.ScanResponses(ctx, survey.ResponseFilter{StudyID: study.ID}, func(rec survey.ResponseRecord) error {
			total++
			h, ok := onHub[rec.Response.ID]
			switch {
			case !ok:
				lost++
			case h != survey.ContentHash(rec):
				differ++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if total != 4*5*150 || lost != 0 || differ != 0 || len(onHub) != total {
		t.Errorf("laptops hold %d responses, the hub %d: %d lost, %d different; want 3000 on both, none lost", total, len(onHub), lost, differ)
	}
}

// TestHubCommandMistakes: the hub's commands say what is wrong and how to
// do it right.
func TestHubCommandMistakes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hub.db")
	for _, step := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"study", "init", "--code", "monitor", "--title", "Monitor"}, 0, ""},
		{[]string{"workplace", "add", "--code", "WOA", "--name", "A"}, 0, ""},
		{[]string{"serve", "--plain", "--listen", ":8080"}, exitUsage, "only allowed on a loopback address"},
		{[]string{"serve", "--cert", "x.pem"}, exitUsage, "give both --cert and --key"},
		{[]string{"hub", "enrol", "--role", "device", "--workplace", "WOA"}, exitFailed, "start peil serve once, or give --url"},
		{[]string{"hub", "enrol", "--role", "boss", "--url", "https://h"}, exitUsage, "--role must be device, researcher or admin"},
		{[]string{"hub", "enrol", "--role", "device", "--url", "https://h"}, exitFailed, "say which with --workplace"},
		{[]string{"hub", "enrol", "--role", "device", "--workplace", "XYZ", "--url", "https://h"}, exitFailed, `no workplace "XYZ"`},
		{[]string{"hub", "enrol", "--role", "admin", "--workplace", "WOA", "--url", "https://h"}, exitFailed, "leave out --workplace"},
		{[]string{"workplace", "add", "--code", "POINT", "--name", "P"}, 0, ""},
		{[]string{"hub", "enrol", "--role", "device", "--workplace", "WOA", "--workplace", "POINT", "--url", "https://h"}, exitFailed, "a device token is for one workplace"},
		{[]string{"hub", "enrol", "--role", "researcher", "--workplace", "WOA", "--workplace", "POINT", "--url", "https://h", "--no-qr"}, 0, "Token "},
		{[]string{"hub", "revoke", "nope"}, exitFailed, `no token "nope"`},
		{[]string{"hub", "join", "hello"}, exitUsage, "not a peil hub token"},
		{[]string{"sync"}, exitFailed, "has not joined a hub"},
		{[]string{"sync", "--status"}, 0, "has not joined a hub"},
	} {
		out, errOut, code := peil(t, db, "", step.args...)
		if code != step.code || !strings.Contains(out+errOut, step.says) {
			t.Errorf("peil %s: exit %d, %q%q; want exit %d saying %q", strings.Join(step.args, " "), code, out, errOut, step.code, step.says)
		}
	}
}
