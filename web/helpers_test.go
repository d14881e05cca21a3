package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"peil/instruments"
	"peil/storage"
	"peil/survey"
	"peil/web"
)

// env is a database with a study, a school and an open round of an
// instrument, and a link to it.
type env struct {
	st     *storage.Store
	path   string
	round  survey.Round
	school survey.School
	inst   *survey.Instrument
	links  *web.StoreLinks
	token  string
}

// newEnv makes the database in a temporary folder with the built-in
// instrument id (or inst, when not nil).
func newEnv(t testing.TB, id string, inst *survey.Instrument) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "peil.db")
	st, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return setupEnv(t, st, path, id, inst)
}

func setupEnv(t testing.TB, st *storage.Store, path, id string, inst *survey.Instrument) *env {
	t.Helper()
	ctx := context.Background()
	if inst == nil {
		var err error
		if inst, err = instruments.Builtin(id); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveInstrument(ctx, inst))
	study, err := st.CreateStudy(ctx, survey.Study{Code: "s", Title: "Studie"})
	must(err)
	wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA", Name: "Werkplaats"})
	must(err)
	school, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01", Name: "De Regenboog"})
	must(err)
	round, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "Meting 2026", InstrumentID: inst.ID, InstrumentVersion: inst.Version, Open: true})
	must(err)
	links := web.NewStoreLinks(st)
	token, err := links.Issue(ctx, round.ID, school.ID)
	must(err)
	return &env{st: st, path: path, round: round, school: school, inst: inst, links: links, token: token}
}

// handler returns a handler on the env's links.
func (e *env) handler(t testing.TB, opts ...web.Option) *web.Handler {
	t.Helper()
	h, err := web.NewHandler(e.links, append([]web.Option{web.WithLog(t.Logf)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// linkPath is the path of the env's link on a handler without a prefix
// (what e.handler(t).LinkPath(e.token) returns, without making a handler).
func (e *env) linkPath() string { return web.LinkPath("", e.token) }

// serve starts the handler on a loopback listener.
func serve(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// answers returns the stored answers of the respondent's response, by
// item id, and the response.
func (e *env) answers(t testing.TB, code string) (survey.Response, map[string]survey.Value) {
	t.Helper()
	ctx := context.Background()
	r, err := e.st.ResponseFor(ctx, e.round.ID, code)
	if err != nil {
		t.Fatalf("ResponseFor(%s): %v", code, err)
	}
	as, err := e.st.Answers(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]survey.Value{}
	for _, a := range as {
		m[a.ItemID] = a.Value
	}
	return r, m
}

// browser is a respondent's browser without script: a cookie jar, the
// last page, and forms sent with the page's CSRF token.
type browser struct {
	t      testing.TB
	c      *http.Client
	base   string // the link's URL
	page   string // the last HTML page
	status int    // its status
	csrf   string
	origin string
}

func newBrowser(t testing.TB, srvURL, linkPath string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, c: c, base: srvURL + linkPath, origin: srvURL}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) read(resp *http.Response) {
	b.t.Helper()
	if err := b.readErr(resp); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) readErr(resp *http.Response) error {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	b.page, b.status = string(body), resp.StatusCode
	if m := csrfRE.FindStringSubmatch(b.page); m != nil {
		b.csrf = html.UnescapeString(m[1])
	}
	return nil
}

// open loads the form's page.
func (b *browser) open() *browser {
	b.t.Helper()
	resp, err := b.c.Get(b.base)
	if err != nil {
		b.t.Fatal(err)
	}
	b.read(resp)
	return b
}

// send posts a form to an action with the CSRF token, follows a 303 to
// the page and returns the POST's status.
func (b *browser) send(action string, kv ...string) int {
	b.t.Helper()
	v := url.Values{"csrf": {b.csrf}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return b.sendRaw(action, v)
}

func (b *browser) sendRaw(action string, v url.Values) int {
	b.t.Helper()
	st, err := b.post(action, v)
	if err != nil {
		b.t.Fatal(err)
	}
	return st
}

// try is send for a goroutine: it returns the error instead of failing the
// test.
func (b *browser) try(action string, kv ...string) (int, error) {
	v := url.Values{"csrf": {b.csrf}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return b.post(action, v)
}

func (b *browser) post(action string, v url.Values) (int, error) {
	req, err := http.NewRequest("POST", b.base+action, strings.NewReader(v.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if b.origin == "cross-site" {
		req.Header.Set("Sec-Fetch-Site", "cross-site")
	} else {
		req.Header.Set("Origin", b.origin)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		return 0, err
	}
	st := resp.StatusCode
	if st == http.StatusSeeOther {
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); !strings.HasSuffix(b.base, loc) {
			return st, fmt.Errorf("POST %s redirected to %s, not to the form", action, loc)
		}
		resp, err := b.c.Get(b.base)
		if err != nil {
			return 0, err
		}
		return st, b.readErr(resp)
	}
	return st, b.readErr(resp)
}

// must posts and fails the test unless the form was accepted (303).
func (b *browser) must(action string, kv ...string) {
	b.t.Helper()
	if st := b.send(action, kv...); st != http.StatusSeeOther {
		b.t.Fatalf("POST %s %v: status %d, want 303; page:\n%s", action, kv, st, b.page)
	}
}

var itemRE = regexp.MustCompile(`name="item" value="([^"]+)"`)

// item returns the id of the question on the page ("" when none).
func (b *browser) item() string {
	if !strings.Contains(b.page, `action="`+pathOf(b.base)+`answer"`) {
		return ""
	}
	m := itemRE.FindStringSubmatch(b.page)
	if m == nil {
		return ""
	}
	return m[1]
}

func pathOf(u string) string {
	p, _ := url.Parse(u)
	return p.Path
}

// answer answers the current question, checking that it is the one
// expected.
func (b *browser) answer(item string, values ...string) {
	b.t.Helper()
	if got := b.item(); got != item {
		b.t.Fatalf("on question %q, want %q; page:\n%s", got, item, b.page)
	}
	kv := []string{"item", item}
	for _, v := range values {
		kv = append(kv, "answer", v)
	}
	b.must("answer", kv...)
}

// newCode begins and takes a new code, returning it; the browser is then
// on the first question.
func (b *browser) newCode() string {
	b.t.Helper()
	b.must("begin")
	b.must("newcode")
	m := regexp.MustCompile(`id="new-code">([^<]+)<`).FindStringSubmatch(b.page)
	if m == nil {
		b.t.Fatalf("no new code on the page:\n%s", b.page)
	}
	b.must("start")
	return m[1]
}

// giveCode begins and types a code.
func (b *browser) giveCode(code string) int {
	b.t.Helper()
	if strings.Contains(b.page, `action="`+pathOf(b.base)+`begin"`) {
		b.must("begin")
	}
	return b.send("code", "code", code)
}

type webOption = web.Option

// webWithCodeLimits allows n code tries at once per address and link.
func webWithCodeLimits(n int) web.Option {
	return web.WithCodeLimits(n, time.Millisecond, n, time.Millisecond)
}
