package hub_test

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"peil/hub"
	"peil/survey"
)

// cutProxy forwards TCP connections to target and cuts each one after
// limit bytes from the client, as a network that drops mid-upload.
type cutProxy struct {
	ln    net.Listener
	limit int64
	cuts  atomic.Int64
	wg    sync.WaitGroup
}

func newCutProxy(t *testing.T, target string, limit int64) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, limit: limit}
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Go(func() { p.forward(c, target) })
		}
	})
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *cutProxy) forward(c net.Conn, target string) {
	defer c.Close()
	up, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer up.Close()
	done := make(chan struct{})
	go func() {
		io.Copy(c, up)
		close(done)
	}()
	n, _ := io.CopyN(up, c, p.limit)
	if n == p.limit {
		p.cuts.Add(1)
	}
	// Cut both ways at once: the hub sees an upload that stops.
	c.Close()
	up.Close()
	<-done
}

// TestConnectionCutMidUpload: every try of the upload is cut after 16 KB;
// the sync fails with the hub unchanged and the responses still waiting;
// the next sync on a good connection sends them all, once.
func TestConnectionCutMidUpload(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		e := newEnv(t, k)
		tok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		l := e.laptop("l", tok)
		l.answer(300, "WOA-01", true)
		l.answer(20, "WOA-02", false)
		before := e.snapshot()

		p := newCutProxy(t, e.url[len("https://"):], 16<<10)
		cut := tok
		cut.URL = "https://" + p.ln.Addr().String()
		cc := hub.NewClient(cut)
		defer cc.Close()
		if _, err := l.b.Sync(ctx, cc, fast); err == nil {
			t.Fatal("a sync whose upload was cut reported success")
		}
		if p.cuts.Load() == 0 {
			t.Fatal("the proxy cut nothing: the test tested nothing")
		}
		// The laptop hears of the cut before the hub's handler has seen it
		// end: stopping the hub waits for its handlers.
		e.stop()
		if a := e.lastAudit(); a.OK || a.Action != "upload" || !strings.Contains(a.Detail, "cut short") {
			t.Errorf("last audit entry = %+v; want an upload cut short", a)
		}
		e.unchanged(before)
		e.start()
		tok.URL = e.url
		l.c = hub.NewClient(tok)
		defer l.c.Close()
		st, err := l.b.SyncStatus(ctx)
		if err != nil || st.Waiting != 320 || st.LastError == "" {
			t.Errorf("status after a cut sync = %+v, %v; want 320 waiting and the error", st, err)
		}
		l.mustSync()
		got, want := records(t, e.st, e.study.ID), records(t, l.st, e.study.ID)
		if len(got) != 320 {
			t.Errorf("the hub has %d responses, want 320", len(got))
		}
		sameResponses(t, got, want)
	})
}
