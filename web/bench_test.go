package web_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/survey"
)

// loadRespondents answer at once in BenchmarkLoad.
const loadRespondents = 200

// loadPlan is what each respondent answers: the colleague questionnaire's
// longest branch.
var loadPlan = [][2]string{{"kent_deelnemer", "1"}, {"weet_onderwerp", "1"}, {"betrokken_vraag", "2"}, {"betrokken_uitvoering", "1"},
	{"vertelt", "4"}, {"bruikbaar", "dk"}, {"kd_delen", "5"}, {"kd_gebruiken", "2"}, {"kd_meedoen", "3"}}

// pageTimes collects the time of each page turn (an answer POSTed,
// committed, redirected, and the next page read).
type pageTimes struct {
	mu sync.Mutex
	d  []time.Duration
}

func (p *pageTimes) add(d time.Duration) { p.mu.Lock(); p.d = append(p.d, d); p.mu.Unlock() }

func (p *pageTimes) quantile(q float64) time.Duration {
	s := slices.Clone(p.d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// think waits like a person reading the next question, but faster than
// anyone reads: 0.5 to 2.5 seconds. All respondents start at once.
func think(r *rand.Rand) {
	time.Sleep(500*time.Millisecond + time.Duration(r.IntN(2000))*time.Millisecond)
}

// BenchmarkLoad: 200 respondents answer the colleague questionnaire at
// once on loopback, through the web form and, in the same run, through a
// plain net/http handler that stores the same answers in the same store
// (the floor: the HTTP round trip and the durable commit, nothing else).
// It reports the p50 and p99 time per page of each, their ratio, and the
// answers lost (confirmed but not stored), which must be 0.
func BenchmarkLoad(b *testing.B) {
	e := newEnv(b, "collega", nil)
	h := e.handler(b, web0Limits()...)
	srv := serve(b, h)
	floor := serve(b, floorHandler(e))
	transport := func() *http.Transport {
		return &http.Transport{MaxIdleConns: 2 * loadRespondents, MaxIdleConnsPerHost: 2 * loadRespondents, IdleConnTimeout: time.Minute}
	}
	webTr, floorTr := transport(), transport()
	defer webTr.CloseIdleConnections()
	defer floorTr.CloseIdleConnections()

	var webT, floorT pageTimes
	lost := 0
	for b.Loop() {
		// The floor's respondents first, then the form's: one at a time,
		// so that neither waits for the other's writes.
		lost += crowd(func(i int) int {
			return floorRespondent(b, e, floor.URL, floorTr, &floorT, rand.New(rand.NewPCG(uint64(i), 2)))
		})
		lost += crowd(func(i int) int {
			return webRespondent(b, e, srv.URL+h.LinkPath(e.token), webTr, &webT, rand.New(rand.NewPCG(uint64(i), 1)))
		})
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(webT.quantile(0.5)), "p50-ms/page")
	b.ReportMetric(ms(webT.quantile(0.99)), "p99-ms/page")
	b.ReportMetric(ms(floorT.quantile(0.5)), "floor-p50-ms/page")
	b.ReportMetric(ms(floorT.quantile(0.99)), "floor-p99-ms/page")
	b.ReportMetric(float64(webT.quantile(0.99))/float64(max(1, floorT.quantile(0.99))), "p99-x-floor")
	b.ReportMetric(float64(lost), "answers-lost")
	b.ReportMetric(float64(len(webT.d)), "pages")
	if lost > 0 {
		b.Errorf("%d confirmed answers are not in the database", lost)
	}
}

// crowd runs loadRespondents respondents at once and adds up what they
// lost.
func crowd(respondent func(i int) int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	lost := 0
	for i := range loadRespondents {
		wg.Go(func() {
			n := respondent(i)
			mu.Lock()
			lost += n
			mu.Unlock()
		})
	}
	wg.Wait()
	return lost
}

// web0Limits lifts the code limits: every respondent comes from 127.0.0.1.
func web0Limits() []webOption {
	return []webOption{webWithCodeLimits(1 << 20)}
}

// webRespondent answers through the form and returns the number of
// confirmed answers that are not stored.
func webRespondent(b *testing.B, e *env, link string, tr *http.Transport, times *pageTimes, r *rand.Rand) int {
	jar, _ := cookiejar.New(nil)
	br := &browser{t: b, c: &http.Client{Transport: tr, Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		base: link, origin: link[:strings.Index(link, "/s/")]}
	br.open()
	think(r) // reading the welcome page
	code := br.newCode()
	confirmed := 0
	for _, a := range loadPlan {
		think(r)
		start := time.Now()
		st, err := br.try("answer", "item", a[0], "answer", a[1])
		if err != nil || st != http.StatusSeeOther {
			b.Errorf("answering %s: %d, %v", a[0], st, err)
			return 0
		}
		times.add(time.Since(start))
		confirmed++
	}
	br.answer("opmerking", "")
	br.must("submit")
	_, stored := e.answers(b, code)
	return confirmed - len(stored)
}

// floorHandler is the plain net/http handler: store the posted answer,
// redirect, serve a fixed page of the same size as the form's.
func floorHandler(e *env) http.Handler {
	page := []byte("<!doctype html><html lang=nl><title>x</title>" + strings.Repeat("<p>vraag</p>", 200))
	mux := http.NewServeMux()
	var writes sync.Mutex // one writer at a time, as SQLite wants
	mux.HandleFunc("POST /f/{resp}/answer", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		v := survey.DontKnowValue()
		if n, err := strconv.Atoi(r.PostForm.Get("answer")); err == nil {
			v = survey.Num(n)
		}
		writes.Lock()
		err := e.st.SaveAnswer(r.Context(), r.PathValue("resp"), survey.Answer{ItemID: r.PostForm.Get("item"), Value: v, AnsweredAt: time.Now()}, nil, "")
		writes.Unlock()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		http.Redirect(w, r, "/f/"+r.PathValue("resp")+"/", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /f/{resp}/", func(w http.ResponseWriter, r *http.Request) { w.Write(page) })
	return mux
}

// floorRespondent answers through the floor handler.
func floorRespondent(b *testing.B, e *env, base string, tr *http.Transport, times *pageTimes, r *rand.Rand) int {
	ctx := context.Background()
	think(r) // reading the welcome page
	code, err := survey.NewRespondentCode(cryptoRand{r})
	if err != nil {
		b.Error(err)
		return 0
	}
	resp, err := e.st.StartResponse(ctx, survey.Response{RoundID: e.round.ID, SchoolID: e.school.ID, RespondentCode: code, Status: survey.InProgress,
		InstrumentID: e.inst.ID, InstrumentVersion: e.inst.Version, StartedAt: time.Now()})
	if err != nil {
		b.Error(err)
		return 0
	}
	c := &http.Client{Transport: tr}
	confirmed := 0
	for _, a := range loadPlan {
		think(r)
		start := time.Now()
		res, err := c.PostForm(fmt.Sprintf("%s/f/%s/answer", base, resp.ID), url.Values{"item": {a[0]}, "answer": {a[1]}})
		if err != nil || res.StatusCode != http.StatusOK {
			b.Errorf("floor: answering %s: %v, %v", a[0], res, err)
			return 0
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		times.add(time.Since(start))
		confirmed++
	}
	as, err := e.st.Answers(ctx, resp.ID)
	if err != nil {
		b.Error(err)
		return 0
	}
	return confirmed - len(as)
}

// cryptoRand reads random bytes from a math/rand source (codes for the
// floor's responses).
type cryptoRand struct{ r *rand.Rand }

func (c cryptoRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c.r.Uint32())
	}
	return len(p), nil
}
