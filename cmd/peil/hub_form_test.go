package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The hub serves the web form: peil hub form gives each school a link,
// the link opens the form, and --revoke withdraws it.
func TestHubServesTheForm(t *testing.T) {
	db := exampleDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &notifyBuffer{wrote: make(chan struct{}, 1)}
	env := func(k string) string {
		if k == "PEIL_DB" {
			return db
		}
		return ""
	}
	served := make(chan int, 1)
	go func() {
		served <- run(ctx, []string{"serve", "--plain", "--listen", "127.0.0.1:0"}, strings.NewReader(""), out, io.Discard, env)
	}()
	base := out.waitFor(t, regexp.MustCompile(`peil hub at (http://127\.0\.0\.1:\d+)`), served)[1]

	stdout, errOut, code := peil(t, db, "", "hub", "form", "--round", "Meting 2026", "--school", "WOA-01")
	if code != 0 {
		t.Fatalf("hub form: exit %d: %s", code, errOut)
	}
	link := regexp.MustCompile(`http://\S+/form/s/\S+/`).FindString(stdout)
	if link == "" || !strings.HasPrefix(link, base) {
		t.Fatalf("hub form printed no link to %s: %q", base, stdout)
	}
	get := func() (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, body := get()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") || !strings.Contains(body, "<form") {
		t.Errorf("the link gave %d, CSP %q:\n%.300s", resp.StatusCode, resp.Header.Get("Content-Security-Policy"), body)
	}
	// The API is still the hub's.
	if r, err := http.Get(base + "/v1/whoami"); err != nil || r.StatusCode != http.StatusUnauthorized {
		t.Errorf("/v1/whoami without a token: %v %v", r.StatusCode, err)
	} else {
		r.Body.Close()
	}

	if _, errOut, code := peil(t, db, "", "hub", "form", "--round", "Meting 2026", "--school", "WOA-01", "--revoke"); code != 0 {
		t.Fatalf("hub form --revoke: exit %d: %s", code, errOut)
	}
	// A revoke from another process reaches the running hub within the
	// form's link cache time (5 s); wait for it, bounded.
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, _ := get()
		if resp.StatusCode == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the revoked link still answers %d", resp.StatusCode)
		}
		time.Sleep(250 * time.Millisecond)
	}
	cancel()
	<-served
}
