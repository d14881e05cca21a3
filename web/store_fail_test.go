package web_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"peil/survey"
	"peil/web"
)

// failingStore refuses writes while fail is set.
type failingStore struct {
	web.Store
	fail atomic.Bool
}

var errDiskFull = errors.New("disk full")

func (f *failingStore) SaveAnswer(ctx context.Context, id string, a survey.Answer, cleared []string, role string) error {
	if f.fail.Load() {
		return errDiskFull
	}
	return f.Store.SaveAnswer(ctx, id, a, cleared, role)
}

func (f *failingStore) DeleteAnswer(ctx context.Context, id, item string, cleared []string) error {
	if f.fail.Load() {
		return errDiskFull
	}
	return f.Store.DeleteAnswer(ctx, id, item, cleared)
}

type fixedLinks struct{ link web.Link }

func (l fixedLinks) Resolve(ctx context.Context, token string) (web.Link, error) {
	if token != "the-one-link-token" {
		return web.Link{}, survey.Errorf(survey.ENOTFOUND, "no such link")
	}
	return l.link, nil
}

// TestStoreRefusesAnswer: when the store does not take an answer, the
// respondent stays on the question with a calm message and what they
// chose, the session is as before (hidden answers still there), and the
// next try stores it.
func TestStoreRefusesAnswer(t *testing.T) {
	e := newEnv(t, "collega", nil)
	fs := &failingStore{Store: e.st}
	h, err := web.NewHandler(fixedLinks{web.Link{Store: fs, RoundID: e.round.ID, SchoolID: e.school.ID}}, web.WithLog(t.Logf), web.WithPrefix("/survey"))
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, h)
	b := newBrowser(t, srv.URL, h.LinkPath("the-one-link-token")).open()
	if !strings.HasPrefix(h.LinkPath("the-one-link-token"), "/survey/s/") {
		t.Fatalf("LinkPath = %q, want it under the prefix", h.LinkPath("the-one-link-token"))
	}
	code := b.newCode()
	b.answer("kent_deelnemer", "1")
	b.answer("weet_onderwerp", "1")
	b.must("back")
	b.must("back")
	fs.fail.Store(true)
	// "nee" would hide weet_onderwerp and clear its answer: refused.
	if st := b.send("answer", "item", "kent_deelnemer", "answer", "2"); st != http.StatusInternalServerError || !strings.Contains(b.page, "kon niet worden opgeslagen") {
		t.Fatalf("a refused answer: status %d:\n%s", st, b.page)
	}
	if !strings.Contains(b.page, `value="2" checked`) || b.item() != "kent_deelnemer" {
		t.Errorf("the refused choice is not kept on the question:\n%s", b.page)
	}
	fs.fail.Store(false)
	b.must("answer", "item", "kent_deelnemer", "answer", "1") // the same as stored: no change
	if b.item() != "weet_onderwerp" || !strings.Contains(b.page, `value="1" checked`) {
		t.Fatalf("after the refusal the session lost the answer to weet_onderwerp:\n%s", b.page)
	}
	b.must("back")
	b.answer("kent_deelnemer", "2")
	if _, got := e.answers(t, code); len(got) != 1 || !got["kent_deelnemer"].Equal(survey.Num(2)) {
		t.Errorf("stored %v, want kent_deelnemer = 2 alone", got)
	}
}

// TestRoundClosedMidway: a researcher closes the round while someone
// answers; the next answer gets a calm notice and nothing is stored.
func TestRoundClosedMidway(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("kent_deelnemer", "2")
	if err := e.st.SetRoundOpen(context.Background(), e.round.ID, false); err != nil {
		t.Fatal(err)
	}
	if st := b.send("answer", "item", "kd_delen", "answer", "3"); st != http.StatusConflict || !strings.Contains(b.page, "gesloten") {
		t.Fatalf("answering in a closed round: status %d:\n%s", st, b.page)
	}
	if _, got := e.answers(t, code); len(got) != 1 {
		t.Errorf("stored %v after the round closed", got)
	}
}
