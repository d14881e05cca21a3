package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"peil/storage"
)

// notifyBuffer is a buffer that says when something was written.
type notifyBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{}
}

func (n *notifyBuffer) Write(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	select {
	case n.wrote <- struct{}{}:
	default:
	}
	return n.b.Write(p)
}

func (n *notifyBuffer) String() string { n.mu.Lock(); defer n.mu.Unlock(); return n.b.String() }

// waitFor waits until the output matches re, or the command ends.
func (n *notifyBuffer) waitFor(t *testing.T, re *regexp.Regexp, done <-chan int) []string {
	t.Helper()
	for {
		if m := re.FindStringSubmatch(n.String()); m != nil {
			return m
		}
		select {
		case <-n.wrote:
		case code := <-done:
			t.Fatalf("peil ended (exit %d) before printing %s:\n%s", code, re, n.String())
		}
	}
}

// TestKioskWeb starts peil kiosk --web on loopback, answers a question
// through the printed address, and stops it with the PIN.
func TestKioskWeb(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.db")
	for _, args := range [][]string{
		{"study", "init", "--code", "s", "--title", "S"},
		{"workplace", "add", "--code", "WOA", "--name", "W"},
		{"school", "add", "--workplace", "WOA", "--code", "WOA-01", "--name", "De Regenboog"},
		{"round", "open", "--name", "Meting 2026", "--instrument", "collega"},
	} {
		if _, errOut, code := peil(t, db, "", args...); code != 0 {
			t.Fatalf("peil %v: %s", args, errOut)
		}
	}
	if _, errOut, code := peil(t, db, "2468\n", "kiosk", "pin"); code != 0 {
		t.Fatalf("kiosk pin: %s", errOut)
	}

	stdinR, stdinW := io.Pipe()
	out := &notifyBuffer{wrote: make(chan struct{}, 1)}
	var errOut bytes.Buffer
	done := make(chan int, 1)
	env := func(k string) string {
		if k == "PEIL_DB" {
			return db
		}
		return ""
	}
	go func() {
		done <- run(context.Background(), []string{"kiosk", "--web", "--listen", "127.0.0.1:0", "--round", "Meting 2026", "--school", "WOA-01"}, stdinR, out, &errOut, env)
	}()
	link := out.waitFor(t, regexp.MustCompile(`(http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]+/)`), done)[1]
	if !strings.Contains(out.String(), "█") || !strings.Contains(out.String(), "WPA2") {
		t.Errorf("no QR code or no word on the network:\n%s", out.String())
	}

	// A respondent answers the first question.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	csrfRE := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	page := func(resp *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	p := page(c.Get(link))
	csrf := csrfRE.FindStringSubmatch(p)[1]
	post := func(action string, kv ...string) string {
		v := url.Values{"csrf": {csrf}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return page(c.PostForm(link+action, v))
	}
	post("begin")
	p = post("code", "code", "K7MQ-4XA")
	if !strings.Contains(p, `value="kent_deelnemer"`) {
		t.Fatalf("not on the first question:\n%s", p)
	}
	post("answer", "item", "kent_deelnemer", "answer", "2")

	// A wrong PIN does not stop it; the right one does.
	io.WriteString(stdinW, "1111\n")
	out.waitFor(t, regexp.MustCompile(`not correct`), done)
	io.WriteString(stdinW, "2468\n")
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "Stopped.") {
		t.Errorf("no word that it stopped:\n%s", out.String())
	}
	st, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	resps, err := st.Responses(context.Background(), mustRoundID(t, st))
	if err != nil || len(resps) != 1 || resps[0].RespondentCode != "K7MQ-4XA" {
		t.Fatalf("responses after the web form: %+v, %v", resps, err)
	}
	as, err := st.Answers(context.Background(), resps[0].ID)
	if err != nil || len(as) != 1 || as[0].ItemID != "kent_deelnemer" {
		t.Errorf("answers: %+v, %v", as, err)
	}
}

func mustRoundID(t *testing.T, st *storage.Store) string {
	t.Helper()
	ctx := context.Background()
	ss, err := st.Studies(ctx)
	if err != nil || len(ss) != 1 {
		t.Fatalf("studies: %v, %v", ss, err)
	}
	rs, err := st.Rounds(ctx, ss[0].ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("rounds: %v, %v", rs, err)
	}
	return rs[0].ID
}
