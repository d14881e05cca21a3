package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"peil/survey"
	"peil/web"
)

// TestCollegaBranches answers the colleague questionnaire through each
// branch of its skip logic and checks the database after each.
func TestCollegaBranches(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	for _, tc := range []struct {
		name    string
		answers [][]string // item, values...
		want    map[string]survey.Value
	}{
		{"does not know a colleague takes part", [][]string{{"kent_deelnemer", "2"}, {"kd_delen", "4"}, {"kd_gebruiken", "dk"}, {"kd_meedoen", "1"}, {"opmerking", ""}},
			map[string]survey.Value{"kent_deelnemer": survey.Num(2), "kd_delen": survey.Num(4), "kd_gebruiken": survey.DontKnowValue(), "kd_meedoen": survey.Num(1)}},
		{"knows, not the subject", [][]string{{"kent_deelnemer", "1"}, {"weet_onderwerp", "2"}, {"kd_delen", "3"}, {"kd_gebruiken", "3"}, {"kd_meedoen", "3"}, {"opmerking", "Mooi zo"}},
			map[string]survey.Value{"kent_deelnemer": survey.Num(1), "weet_onderwerp": survey.Num(2), "kd_delen": survey.Num(3), "kd_gebruiken": survey.Num(3), "kd_meedoen": survey.Num(3), "opmerking": survey.TextValue("Mooi zo")}},
		{"knows the subject", [][]string{{"kent_deelnemer", "1"}, {"weet_onderwerp", "1"}, {"betrokken_vraag", "1"}, {"betrokken_uitvoering", "2"}, {"vertelt", "5"}, {"bruikbaar", "dk"}, {"kd_delen", "2"}, {"kd_gebruiken", "2"}, {"kd_meedoen", "2"}, {"opmerking", ""}},
			map[string]survey.Value{"kent_deelnemer": survey.Num(1), "weet_onderwerp": survey.Num(1), "betrokken_vraag": survey.Num(1), "betrokken_uitvoering": survey.Num(2), "vertelt": survey.Num(5), "bruikbaar": survey.DontKnowValue(), "kd_delen": survey.Num(2), "kd_gebruiken": survey.Num(2), "kd_meedoen": survey.Num(2)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t, srv.URL, e.linkPath()).open()
			code := b.newCode()
			for _, a := range tc.answers {
				b.answer(a[0], a[1:]...)
				_, stored := e.answers(t, code)
				if a[1] != "" {
					if _, ok := stored[a[0]]; !ok {
						t.Fatalf("after answering %s the database has no answer to it", a[0])
					}
				}
			}
			if !strings.Contains(b.page, "submit-button") {
				t.Fatalf("not on the review page after the last question:\n%s", b.page)
			}
			b.must("submit")
			if !strings.Contains(b.page, code) {
				t.Errorf("the thank-you page does not show the code %s", code)
			}
			r, got := e.answers(t, code)
			if r.Status != survey.Complete || r.Role != survey.RoleColleague || r.SchoolID != e.school.ID {
				t.Errorf("response = %+v, want complete, role collega, at the school", r)
			}
			if len(got) != len(tc.want) {
				t.Errorf("stored %d answers %v, want %d %v", len(got), got, len(tc.want), tc.want)
			}
			for id, w := range tc.want {
				if !got[id].Equal(w) {
					t.Errorf("answer to %s = %+v, want %+v", id, got[id], w)
				}
			}
		})
	}
	// The researcher's monitor counts the web's responses like a kiosk's.
	counts, err := e.st.ResponseCounts(context.Background(), e.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Complete != 3 {
		t.Errorf("ResponseCounts = %+v, want 3 complete at the school", counts)
	}
}

// TestBackClearsHiddenAnswers goes back and changes an answer so that
// later answers become hidden: they are deleted from the database.
func TestBackClearsHiddenAnswers(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("kent_deelnemer", "1")
	b.answer("weet_onderwerp", "1")
	b.answer("betrokken_vraag", "2")
	b.must("back")
	b.must("back")
	b.must("back")
	if b.item() != "kent_deelnemer" {
		t.Fatalf("three times back from betrokken_uitvoering: on %q", b.item())
	}
	if !strings.Contains(b.page, `value="1" checked`) {
		t.Errorf("the stored answer is not shown checked:\n%s", b.page)
	}
	b.answer("kent_deelnemer", "2")
	if b.item() != "kd_delen" {
		t.Errorf("after nee: on %q, want kd_delen", b.item())
	}
	_, got := e.answers(t, code)
	if len(got) != 1 || !got["kent_deelnemer"].Equal(survey.Num(2)) {
		t.Errorf("stored %v, want only kent_deelnemer = 2 (the hidden answers cleared)", got)
	}
}

// testInstrument has an item of each kind the colleague questionnaire
// lacks: required, integer, grade, multiple choice, note.
func testInstrument() *survey.Instrument {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s, survey.English: s + " (en)"} }
	return &survey.Instrument{
		ID: "test", Version: 1, Title: nl("Toets"), Audience: []string{survey.RoleTeacher},
		Sections: []survey.Section{{ID: "a", Title: nl("Deel A"), Intro: nl("Inleiding"), Items: []survey.Item{
			{ID: "note", Type: survey.Note, Text: nl("Welkom bij de toets")},
			{ID: "req", Type: survey.SingleChoice, Required: true, Text: nl("Verplicht"),
				Options: []survey.Option{{Code: 1, Value: "a", Label: nl("A")}, {Code: 2, Value: "b", Label: nl("B")}}},
			{ID: "years", Type: survey.Integer, Min: 1, Max: 50, Text: nl("Jaren")},
			{ID: "grade", Type: survey.Grade, Text: nl("Cijfer")},
			{ID: "multi", Type: survey.MultipleChoice, Text: nl("Meer"),
				Options: []survey.Option{{Code: 1, Value: "x", Label: nl("X")}, {Code: 2, Value: "y", Label: nl("Y")}, {Code: 3, Value: "z", Label: nl("Z")}}},
			{ID: "open", Type: survey.OpenText, Text: nl("Open")},
			{ID: "likert", Type: survey.Likert, DontKnow: true, Text: nl("Stelling")},
		}}},
	}
}

func TestValidation(t *testing.T) {
	e := newEnv(t, "", testInstrument())
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("note")
	for _, tc := range []struct {
		item, value, want string
	}{
		{"req", "", "verplicht"},
		{"req", "9", "Kies een van de antwoorden"},
		{"req", "x", "Kies een van de antwoorden"},
	} {
		if st := b.send("answer", "item", tc.item, "answer", tc.value); st != http.StatusUnprocessableEntity {
			t.Fatalf("%s = %q: status %d, want 422", tc.item, tc.value, st)
		}
		if !strings.Contains(b.page, tc.want) || !strings.Contains(b.page, `aria-describedby="answer-error"`) || !strings.Contains(b.page, `id="answer-error"`) {
			t.Errorf("%s = %q: no error %q linked by aria-describedby:\n%s", tc.item, tc.value, tc.want, b.page)
		}
	}
	b.answer("req", "2")
	for _, tc := range []struct{ value, want string }{
		{"abc", "alleen cijfers"},
		{"0", "van 1 tot en met 50"},
		{"51", "van 1 tot en met 50"},
	} {
		if st := b.send("answer", "item", "years", "answer", tc.value); st != http.StatusUnprocessableEntity {
			t.Fatalf("years = %q: status %d, want 422", tc.value, st)
		}
		if !strings.Contains(b.page, tc.want) || !strings.Contains(b.page, `value="`+tc.value+`"`) || !strings.Contains(b.page, `aria-invalid="true"`) {
			t.Errorf("years = %q: want %q with the typed value kept:\n%s", tc.value, tc.want, b.page)
		}
	}
	b.answer("years", "12")
	b.answer("grade", "8")
	b.answer("multi", "3", "1")
	if st := b.send("answer", "item", "open", "answer", strings.Repeat("x", survey.MaxTextLength+1)); st != http.StatusUnprocessableEntity {
		t.Errorf("a text over %d characters: status %d, want 422", survey.MaxTextLength, st)
	}
	_, got := e.answers(t, code)
	want := map[string]survey.Value{"req": survey.Num(2), "years": survey.Num(12), "grade": survey.Num(8), "multi": survey.ChoicesValue(1, 3)}
	for id, w := range want {
		if !got[id].Equal(w) {
			t.Errorf("answer to %s = %+v, want %+v", id, got[id], w)
		}
	}
	if _, ok := got["open"]; ok {
		t.Errorf("a text over %d characters was stored", survey.MaxTextLength)
	}
}

func TestTooLongTextRefused(t *testing.T) {
	e := newEnv(t, "", testInstrument())
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("note")
	b.answer("req", "1")
	b.answer("years", "")
	b.answer("grade", "")
	b.answer("multi")
	if st := b.send("answer", "item", "open", "answer", strings.Repeat("é", survey.MaxTextLength+1)); st != http.StatusUnprocessableEntity {
		t.Fatalf("a too long text: status %d, want 422", st)
	}
	if _, got := e.answers(t, code); len(got) != 1 {
		t.Errorf("stored %v, want only req", got)
	}
}

func TestSecurityHeadersAndCookie(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	for _, tls := range []bool{false, true} {
		var srv *httptest.Server
		if tls {
			srv = httptest.NewTLSServer(h)
		} else {
			srv = httptest.NewServer(h)
		}
		c := srv.Client()
		for _, path := range []string{h.LinkPath(e.token), "/static/style.css", "/s/nonexistent-token-000/"} {
			resp, err := c.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for k, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "no-referrer",
				"X-Frame-Options":        "DENY",
			} {
				if got := resp.Header.Get(k); got != want {
					t.Errorf("%s: %s = %q, want %q", path, k, got, want)
				}
			}
			csp := resp.Header.Get("Content-Security-Policy")
			for _, d := range []string{"default-src 'none'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'"} {
				if !strings.Contains(csp, d) {
					t.Errorf("%s: CSP %q lacks %q", path, csp, d)
				}
			}
			if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe") {
				t.Errorf("%s: CSP %q allows scripts or unsafe sources", path, csp)
			}
		}
		resp, err := c.Get(srv.URL + h.LinkPath(e.token))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("page Cache-Control = %q, want no-store", resp.Header.Get("Cache-Control"))
		}
		cs := resp.Cookies()
		if len(cs) != 1 {
			t.Fatalf("cookies = %v, want one", cs)
		}
		ck := cs[0]
		if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Secure != tls || len(ck.Value) < 40 {
			t.Errorf("TLS %v: cookie %+v: want HttpOnly, SameSite=Strict, Secure only over TLS, a long random value", tls, ck)
		}
		srv.Close()
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	for _, tc := range []struct {
		name   string
		form   url.Values
		origin string
	}{
		{"no token", url.Values{}, srv.URL},
		{"wrong token", url.Values{"csrf": {"x" + b.csrf[1:]}}, srv.URL},
		{"another site", url.Values{"csrf": {b.csrf}}, "http://evil.example"},
		{"another site, by Sec-Fetch-Site", url.Values{"csrf": {b.csrf}}, "cross-site"},
	} {
		b.origin = tc.origin
		if st := b.sendRaw("begin", tc.form); st != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", tc.name, st)
		}
		b.open()
		if !strings.Contains(b.page, "begin\"") {
			t.Errorf("%s: the form moved on:\n%s", tc.name, b.page)
		}
	}
	b.origin = srv.URL
	b.must("begin")
	// A form sent by a browser without the visit's cookie changes nothing.
	other := newBrowser(t, srv.URL, e.linkPath())
	other.csrf = b.csrf
	if st := other.send("newcode"); st != http.StatusForbidden {
		t.Errorf("no cookie: status %d, want 403", st)
	}
}

func TestCodeCheckCharacter(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	for _, tc := range []struct{ code, want string }{
		{"K7MQ-4XB", "verkeerd getypt"}, // one character off
		{"K7QM-4XA", "verkeerd getypt"}, // two swapped
		{"K7MQ", "7 tekens"},
		{"K7MO-4XA", "geen"}, // O is not in the alphabet
	} {
		if st := b.giveCode(tc.code); st != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", tc.code, st)
		}
		if !strings.Contains(b.page, tc.want) || !strings.Contains(b.page, `aria-describedby="code-hint code-error"`) {
			t.Errorf("%s: want %q linked to the field:\n%s", tc.code, tc.want, b.page)
		}
	}
	rs, err := e.st.Responses(context.Background(), e.round.ID)
	if err != nil || len(rs) != 0 {
		t.Errorf("responses after mistyped codes: %v, %v; want none", rs, err)
	}
	if st := b.send("code", "code", "k7mq 4xa"); st != http.StatusSeeOther || b.item() != "kent_deelnemer" {
		t.Errorf("a good code typed loosely: status %d, on %q", st, b.item())
	}
	if _, err := e.st.ResponseFor(context.Background(), e.round.ID, "K7MQ-4XA"); err != nil {
		t.Errorf("no response for K7MQ-4XA: %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t, web.WithCodeLimits(3, time.Hour, 5, time.Hour))
	srv := serve(t, h)
	b := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	b.must("begin")
	for i := range 3 {
		if st := b.send("code", "code", "AAAA-AAA"); st != http.StatusUnprocessableEntity {
			t.Fatalf("try %d: status %d, want 422", i+1, st)
		}
	}
	// Even a good code waits now: the address has used its tries.
	if st := b.send("code", "code", "K7MQ-4XA"); st != http.StatusTooManyRequests || !strings.Contains(b.page, "Te veel pogingen") {
		t.Fatalf("fourth try from one address: status %d, want 429 with a message", st)
	}
	// Per link: two more tries from other addresses, then the link waits.
	try := func(addr string) int {
		c := newBrowser(t, "", h.LinkPath(e.token))
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", h.LinkPath(e.token), nil)
		req.RemoteAddr = addr + ":1234"
		h.ServeHTTP(rec, req)
		cookie := rec.Result().Cookies()[0]
		c.read(rec.Result())
		for _, action := range []string{"begin", "code"} {
			form := url.Values{"csrf": {c.csrf}, "code": {"AAAA-AAA"}}
			req = httptest.NewRequest("POST", h.LinkPath(e.token)+action, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = addr + ":1234"
			req.AddCookie(cookie)
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, req)
		}
		return rec.Code
	}
	if st := try("10.0.0.2"); st != http.StatusUnprocessableEntity {
		t.Errorf("second address: status %d, want 422", st)
	}
	if st := try("10.0.0.3"); st != http.StatusUnprocessableEntity {
		t.Errorf("third address: status %d, want 422", st)
	}
	if st := try("10.0.0.4"); st != http.StatusTooManyRequests {
		t.Errorf("the link's sixth try: status %d, want 429", st)
	}
}

// TestNoAnswerWithoutCode: a device that has not given a response's code
// sees none of its answers, and one response is answered on one device at
// a time: giving the code on a second device takes it over.
func TestNoAnswerWithoutCode(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	srv := serve(t, h)
	a := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	code := a.newCode()
	a.answer("kent_deelnemer", "2")
	a.answer("kd_delen", "4")
	a.answer("kd_gebruiken", "4")
	a.answer("kd_meedoen", "4")
	const secret = "Alleen voor mijn ogen"
	a.answer("opmerking", secret)
	if !strings.Contains(a.page, secret) {
		t.Fatal("the review page does not show the respondent's own answer")
	}
	if h.Answering() != 1 {
		t.Errorf("Answering = %d, want 1", h.Answering())
	}

	// Another device, without the code: every page it can reach.
	b := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	seen := []string{b.page}
	for _, action := range []string{"begin", "answer", "edit", "submit", "back"} {
		b.send(action, "item", "opmerking", "answer", "x")
		seen = append(seen, b.page)
	}
	b.send("code", "code", "AAAA-AAA")
	seen = append(seen, b.page)
	for _, p := range seen {
		if strings.Contains(p, secret) || strings.Contains(p, "Helemaal mee eens") && strings.Contains(p, "checked") {
			t.Fatalf("a device without the code saw an answer:\n%s", p)
		}
	}

	// With the code it resumes on the review page and takes the response.
	b = newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	if st := b.giveCode(code); st != http.StatusSeeOther || !strings.Contains(b.page, secret) {
		t.Fatalf("resume with the code: status %d:\n%s", st, b.page)
	}
	// The first device has lost it: its next page shows no answer and
	// asks for the code; what it sends is not stored.
	a.send("edit", "item", "opmerking")
	if strings.Contains(a.page, secret) || !strings.Contains(a.page, "ander apparaat") {
		t.Fatalf("the first device after the take-over:\n%s", a.page)
	}
	a.send("answer", "item", "opmerking", "answer", "overschreven")
	if _, got := e.answers(t, code); got["opmerking"].Text != secret {
		t.Fatalf("a device without the lease changed an answer: %v", got["opmerking"])
	}
	if h.Answering() != 1 {
		t.Errorf("Answering after the take-over = %d, want 1", h.Answering())
	}
	// Giving the code again takes it back.
	if st := a.send("code", "code", code); st != http.StatusSeeOther || !strings.Contains(a.page, secret) {
		t.Fatalf("taking it back: status %d", st)
	}
	b.open()
	if strings.Contains(b.page, secret) {
		t.Fatal("the second device still sees the answers after the first took the response back")
	}
	a.must("submit")
	if h.Answering() != 0 || h.Submitted() != 1 {
		t.Errorf("after submitting: Answering %d, Submitted %d; want 0, 1", h.Answering(), h.Submitted())
	}
	// A completed response is not shown again, not even with its code.
	c := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	c.giveCode(code)
	if strings.Contains(c.page, secret) || !strings.Contains(c.page, "al ingevuld") {
		t.Fatalf("a completed response with its code:\n%s", c.page)
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	if !strings.Contains(b.page, `<html lang="nl">`) || !strings.Contains(b.page, "Welkom") {
		t.Fatalf("first page is not Dutch:\n%s", b.page)
	}
	b.newCode()
	b.must("lang", "lang", "en")
	if !strings.Contains(b.page, `<html lang="en">`) || !strings.Contains(b.page, "Do you know that a colleague") || !strings.Contains(b.page, ">Nederlands<") {
		t.Fatalf("after switching to English:\n%s", b.page)
	}
	b.answer("kent_deelnemer", "1")
	b.must("lang", "lang", "nl")
	if !strings.Contains(b.page, "Weet u waar het onderzoek") {
		t.Fatalf("after switching back:\n%s", b.page)
	}
}

func TestRevokedLink(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	srv := serve(t, h)
	b := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	code := b.newCode()
	b.answer("kent_deelnemer", "2")
	if err := e.links.Revoke(context.Background(), e.round.ID, e.school.ID); err != nil {
		t.Fatal(err)
	}
	if st := b.send("answer", "item", "kd_delen", "answer", "3"); st != http.StatusNotFound {
		t.Errorf("answer after revoke: status %d, want 404", st)
	}
	b.open()
	if b.status != http.StatusNotFound || !strings.Contains(b.page, "werkt niet") {
		t.Errorf("page after revoke: %d\n%s", b.status, b.page)
	}
	if _, got := e.answers(t, code); len(got) != 1 {
		t.Errorf("answers after revoke: %v, want the one given before", got)
	}
	tok, err := e.links.Issue(context.Background(), e.round.ID, e.school.ID)
	if err != nil || tok == e.token {
		t.Fatalf("a new link after revoke: %q, %v", tok, err)
	}
	c := newBrowser(t, srv.URL, h.LinkPath(tok)).open()
	c.giveCode(code)
	if c.item() != "kd_delen" {
		t.Errorf("resuming on the new link: on %q, want kd_delen", c.item())
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	if st := b.send("begin", "pad", strings.Repeat("x", 100<<10)); st != http.StatusRequestEntityTooLarge {
		t.Errorf("a 100 KB form: status %d, want 413", st)
	}
}

// TestResumeOnAnotherHandler: the server restarts (a new handler on the
// same database); the respondent gives the code and goes on where they
// were.
func TestResumeOnAnotherHandler(t *testing.T) {
	e := newEnv(t, "collega", nil)
	srv := serve(t, e.handler(t))
	b := newBrowser(t, srv.URL, e.linkPath()).open()
	code := b.newCode()
	b.answer("kent_deelnemer", "1")
	b.answer("weet_onderwerp", "1")
	srv2 := serve(t, e.handler(t))
	c := newBrowser(t, srv2.URL, e.linkPath()).open()
	c.giveCode(code)
	if c.item() != "betrokken_vraag" {
		t.Errorf("resumed on %q, want betrokken_vraag", c.item())
	}
	c.must("back")
	if c.item() != "weet_onderwerp" || !strings.Contains(c.page, `value="1" checked`) {
		t.Errorf("back after resuming: on %q:\n%s", c.item(), c.page)
	}
}

func TestVisitsBounded(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t, web.WithMaxVisits(2))
	srv := serve(t, h)
	a := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	a.newCode()
	newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	// a was the longest idle and is forgotten: its form is refused, and its
	// lease is gone.
	if st := a.send("answer", "item", "kent_deelnemer", "answer", "1"); st != http.StatusForbidden {
		t.Errorf("a forgotten visit: status %d, want 403", st)
	}
	if h.Answering() != 0 {
		t.Errorf("Answering = %d after the visit was forgotten, want 0", h.Answering())
	}
}

// A kiosk (or another server) on the same store that takes the response
// over with the respondent's code wins: the web visit cannot write any
// more, shows nothing of the answers, and asks for the code.
func TestKioskOnTheSameStoreTakesOver(t *testing.T) {
	e := newEnv(t, "collega", nil)
	h := e.handler(t)
	srv := serve(t, h)
	a := newBrowser(t, srv.URL, h.LinkPath(e.token)).open()
	code := a.newCode()
	a.answer("kent_deelnemer", "2")
	r, _ := e.answers(t, code)

	// The kiosk takes it over, as it does after the code screen.
	ctx := context.Background()
	if err := e.st.LeaseResponse(ctx, r.ID, "kiosk-laptop-7", time.Now().Add(time.Hour), true); err != nil {
		t.Fatal(err)
	}
	a.answer("kd_delen", "4")
	if !strings.Contains(a.page, "ander apparaat") {
		t.Fatalf("the web form after the kiosk took over:\n%s", a.page)
	}
	if _, got := e.answers(t, code); len(got) != 1 {
		t.Fatalf("the web form wrote without the lease: %v", got)
	}
	// While the kiosk holds it, the web form cannot take it back without
	// the code, and with the code it takes it over again.
	if st := a.send("code", "code", code); st != http.StatusSeeOther || a.page == "" {
		t.Fatalf("the code again: status %d", st)
	}
	a.answer("kd_delen", "4")
	if _, got := e.answers(t, code); got["kd_delen"].Number != 4 {
		t.Fatalf("after taking it back the answer was not stored: %v", got)
	}
	// And the kiosk's lease is gone: renewing it is refused.
	if err := e.st.LeaseResponse(ctx, r.ID, "kiosk-laptop-7", time.Now().Add(time.Hour), false); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Fatalf("the kiosk renewed a lease the web form took over: %v", err)
	}
}
