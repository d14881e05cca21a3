package web_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"peil/storage"
	"peil/web"
)

// serverEnv names the database a re-executed test binary serves the web
// form of (see TestMain).
const serverEnv = "PEIL_WEB_TEST_SERVE"

func TestMain(m *testing.M) {
	if db := os.Getenv(serverEnv); db != "" {
		if err := serveForever(db); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// serveForever serves the form of the database's links on a loopback port
// and prints the address; it runs until killed.
func serveForever(db string) error {
	ctx := context.Background()
	st, err := storage.Open(ctx, db)
	if err != nil {
		return err
	}
	h, err := web.NewHandler(web.NewStoreLinks(st))
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("LISTEN %s\n", l.Addr())
	return web.NewServer(h).Serve(l)
}

// startServer runs the test binary as the server of the database.
func startServer(t *testing.T, db string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serverEnv+"="+db)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "LISTEN ") {
		t.Fatalf("the server said %q, %v", line, err)
	}
	return cmd, "http://" + strings.TrimSpace(strings.TrimPrefix(line, "LISTEN "))
}

// TestKilledServer kills the server (SIGKILL) while a respondent answers:
// every answer the browser saw confirmed is in the database, and after a
// restart the respondent resumes with the code.
func TestKilledServer(t *testing.T) {
	e := newEnv(t, "collega", nil)
	cmd, addr := startServer(t, e.path)
	path := "/s/" + e.token + "/"
	b := newBrowser(t, addr, path).open()
	code := b.newCode()
	plan := [][2]string{{"kent_deelnemer", "1"}, {"weet_onderwerp", "1"}, {"betrokken_vraag", "2"}, {"betrokken_uitvoering", "1"},
		{"vertelt", "4"}, {"bruikbaar", "dk"}, {"kd_delen", "5"}, {"kd_gebruiken", "2"}, {"kd_meedoen", "3"}}

	// Answer in a goroutine; kill the server once four answers are
	// confirmed, while the fifth is on its way.
	confirmed := make(chan string, len(plan))
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, a := range plan {
			st, err := b.try("answer", "item", a[0], "answer", a[1])
			if err != nil || st != 303 {
				return
			}
			confirmed <- a[0]
		}
	}()
	var got []string
	for len(got) < 4 {
		got = append(got, <-confirmed)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	<-done
	close(confirmed)
	for id := range confirmed {
		got = append(got, id)
	}
	_, stored := e.answers(t, code)
	for _, id := range got {
		if _, ok := stored[id]; !ok {
			t.Errorf("answer to %s was confirmed but is not in the database after SIGKILL", id)
		}
	}
	t.Logf("%d answers confirmed before the kill, %d stored", len(got), len(stored))

	// Restart; the respondent gives the code on a new browser and goes on
	// at the first question not stored.
	_, addr = startServer(t, e.path)
	c := newBrowser(t, addr, path).open()
	if st := c.giveCode(code); st != 303 {
		t.Fatalf("giving the code after the restart: status %d", st)
	}
	next := plan[len(stored)][0]
	if c.item() != next {
		t.Fatalf("resumed on %q, want %q (%d answers stored)", c.item(), next, len(stored))
	}
	for _, a := range plan[len(stored):] {
		c.answer(a[0], a[1])
	}
	c.answer("opmerking", "")
	c.must("submit")
	r, final := e.answers(t, code)
	if r.Status != "complete" || len(final) != len(plan) {
		t.Errorf("after finishing: %s with %d answers, want complete with %d", r.Status, len(final), len(plan))
	}
}
