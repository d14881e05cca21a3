package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"peil/survey"
)

//go:embed static/style.css
var static embed.FS

// Handler serves the web form. Make one with NewHandler; it is safe for
// concurrent use.
type Handler struct {
	links    Links
	prefix   string
	now      func() time.Time
	rand     io.Reader
	deviceID string
	secure   bool
	maxBody  int64
	logf     func(format string, args ...any)

	visits   *visits
	leases   *leases
	ipLimit  *limiter
	linkLim  *limiter
	pages    *pages
	mux      *http.ServeMux
	css      []byte
	answered atomic.Int64 // responses sent through this handler
	// writes lets one request at a time write to the store (nil: no
	// limit). SQLite takes one writer at a time anyway; waiting here, in
	// order, is much faster than many connections retrying a locked
	// database (see WithConcurrentWrites).
	writes *sync.Mutex
}

// writing runs a store write, one at a time unless WithConcurrentWrites.
func (h *Handler) writing(fn func() error) error {
	if h.writes != nil {
		h.writes.Lock()
		defer h.writes.Unlock()
	}
	return fn()
}

// Option sets an optional setting of a Handler.
type Option func(*Handler)

// WithPrefix mounts the form under a path prefix ("/survey"), for a server
// that serves more than the form. Links are then prefix/s/<token>/.
func WithPrefix(p string) Option {
	return func(h *Handler) { h.prefix = strings.TrimRight(p, "/") }
}

// WithNow sets the clock (time.Now by default).
func WithNow(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// WithRand sets where new respondent codes come from (crypto/rand by
// default).
func WithRand(r io.Reader) Option { return func(h *Handler) { h.rand = r } }

// WithDeviceID records the device id in the responses the form starts.
func WithDeviceID(id string) Option { return func(h *Handler) { h.deviceID = id } }

// WithSecureCookies marks the session cookie Secure even when the request
// did not come over TLS here (behind a TLS-terminating proxy). Over TLS it
// is always Secure.
func WithSecureCookies() Option { return func(h *Handler) { h.secure = true } }

// WithCodeLimits sets how many respondent codes may be tried: per client
// address, burst at once and then one every ipEvery; per link, linkBurst
// and then one every linkEvery. The defaults are 10 then one per 6
// seconds per address, 200 then one per 100 ms per link.
func WithCodeLimits(burst int, ipEvery time.Duration, linkBurst int, linkEvery time.Duration) Option {
	return func(h *Handler) {
		h.ipLimit = newLimiter(burst, ipEvery, maxLimitKeys)
		h.linkLim = newLimiter(linkBurst, linkEvery, maxLimitKeys)
	}
}

// WithMaxVisits bounds the number of browser visits kept in memory
// (10,000 by default); the longest idle is forgotten first.
func WithMaxVisits(n int) Option {
	return func(h *Handler) { h.visits = newVisits(max(1, n), visitIdle) }
}

// WithConcurrentWrites lets requests write to the store at the same time,
// for a store that handles many writers well (PostgreSQL). By default the
// handler writes one request at a time, which suits SQLite.
func WithConcurrentWrites() Option { return func(h *Handler) { h.writes = nil } }

// WithLog sets where the handler writes store errors (log.Printf by
// default); the respondent sees a calm message instead.
func WithLog(logf func(format string, args ...any)) Option { return func(h *Handler) { h.logf = logf } }

const (
	maxLimitKeys = 10000
	visitIdle    = 2 * time.Hour
	// answeringWindow is how recently a respondent must have loaded a
	// page to count as answering.
	answeringWindow = 10 * time.Minute
	cookieName      = "peil_visit"
	// maxBody bounds a request body: the longest open answer is 4000
	// characters, up to 4 bytes each, URL-encoded.
	defaultMaxBody = 64 << 10
)

// NewHandler returns the web form for the links given.
func NewHandler(links Links, opts ...Option) (*Handler, error) {
	if links == nil {
		return nil, errors.New("web.NewHandler: no links given")
	}
	h := &Handler{
		links:   links,
		now:     time.Now,
		rand:    rand.Reader,
		maxBody: defaultMaxBody,
		logf:    log.Printf,
		visits:  newVisits(10000, visitIdle),
		leases:  newLeases(),
		ipLimit: newLimiter(10, 6*time.Second, maxLimitKeys),
		linkLim: newLimiter(200, 100*time.Millisecond, maxLimitKeys),
		writes:  new(sync.Mutex),
	}
	for _, o := range opts {
		o(h)
	}
	var err error
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if h.css, err = static.ReadFile("static/style.css"); err != nil {
		return nil, fmt.Errorf("web: reading the style sheet: %w", err)
	}
	p := h.prefix
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("GET "+p+"/static/style.css", h.style)
	h.mux.HandleFunc("GET "+p+"/s/{token}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, h.base(r.PathValue("token")), http.StatusMovedPermanently)
	})
	h.mux.HandleFunc("GET "+p+"/s/{token}/{$}", h.page)
	h.mux.HandleFunc("POST "+p+"/s/{token}/{action}", h.post)
	return h, nil
}

// LinkPath returns the path of the form for a link token, under the
// handler's prefix.
func (h *Handler) LinkPath(token string) string { return h.base(token) }

func (h *Handler) base(token string) string { return LinkPath(h.prefix, token) }

// LinkPath is the path of a link's form under a handler mounted at prefix
// (WithPrefix): what a respondent opens, after the server's address.
func LinkPath(prefix, token string) string {
	return strings.TrimRight(prefix, "/") + "/s/" + url.PathEscape(token) + "/"
}

// Answering returns the number of people answering now: those with a
// response open in this form who loaded a page in the last ten minutes.
func (h *Handler) Answering() int { return h.leases.active(h.now().Add(-answeringWindow)) }

// Submitted returns the number of responses sent through this handler
// since it started.
func (h *Handler) Submitted() int { return int(h.answered.Load()) }

// ServeHTTP implements http.Handler: every response carries the security
// headers, and request bodies are bounded.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, h.maxBody)
	}
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(h.css)
}

// resolve finds the link of the request's token, writing the error page
// when there is none.
func (h *Handler) resolve(w http.ResponseWriter, r *http.Request) (string, Link, bool) {
	token := r.PathValue("token")
	link, err := h.links.Resolve(r.Context(), token)
	if err != nil {
		if !survey.IsNotFound(err) {
			h.logf("web: resolving a link: %v", err)
			h.renderPlain(w, r, http.StatusInternalServerError, "problem")
			return "", Link{}, false
		}
		h.renderPlain(w, r, http.StatusNotFound, "badLink")
		return "", Link{}, false
	}
	return token, link, true
}

// page shows the page the visit is on (GET).
func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	token, link, ok := h.resolve(w, r)
	if !ok {
		return
	}
	v := h.visitOf(r, token)
	if v == nil {
		var err error
		if v, err = h.newVisit(r.Context(), token, link, r); err != nil {
			h.logf("web: starting a visit: %v", err)
			h.renderPlain(w, r, http.StatusInternalServerError, "problem")
			return
		}
		http.SetCookie(w, &http.Cookie{
			Name: cookieName, Value: v.id, Path: h.prefix + "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: h.secure || r.TLS != nil,
		})
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.link = link
	h.checkLease(v)
	h.render(w, r, v, http.StatusOK, h.viewOf(v))
}

// visitOf returns the request's visit to the link, or nil.
func (h *Handler) visitOf(r *http.Request, token string) *visit {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	v := h.visits.get(c.Value)
	if v == nil || v.token != token {
		return nil
	}
	v.lastSeen.Store(h.now().UnixNano())
	return v
}

func (h *Handler) newVisit(ctx context.Context, token string, link Link, r *http.Request) (*visit, error) {
	id, err := randomID()
	if err != nil {
		return nil, fmt.Errorf("making a visit id: %w", err)
	}
	csrf, err := randomID()
	if err != nil {
		return nil, fmt.Errorf("making a CSRF token: %w", err)
	}
	v := &visit{id: id, csrf: csrf, token: token, link: link, lang: preferredLang(r)}
	if v.round, err = link.Store.Round(ctx, link.RoundID); err != nil {
		return nil, fmt.Errorf("loading round %s: %w", link.RoundID, err)
	}
	sc, err := link.Store.School(ctx, link.SchoolID)
	if err != nil {
		return nil, fmt.Errorf("loading school %s: %w", link.SchoolID, err)
	}
	v.school = sc.Name
	if v.inst, err = link.Store.Instrument(ctx, v.round.InstrumentID, v.round.InstrumentVersion); err != nil {
		return nil, fmt.Errorf("loading instrument %s@%d: %w", v.round.InstrumentID, v.round.InstrumentVersion, err)
	}
	now := h.now()
	v.lastSeen.Store(now.UnixNano())
	h.leases.releaseVisits(h.visits.add(v, now))
	return v, nil
}

// preferredLang is English when the browser asks for English before
// Dutch, Dutch otherwise.
func preferredLang(r *http.Request) survey.Lang {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "nl"):
			return survey.Dutch
		case strings.HasPrefix(tag, "en"):
			return survey.English
		}
	}
	return survey.Dutch
}

// checkLease drops the visit's response when another device has taken it:
// the visit then shows none of its answers until the code is given again.
// The caller holds v.mu.
func (h *Handler) checkLease(v *visit) {
	if v.sess != nil && !h.leases.holds(v.resp.ID, v.id, h.now()) {
		v.dropResponse()
		v.code = ""
		v.phase = phaseCode
		v.flash = texts["takenOver"]
	}
}

// sameOrigin reports whether a form comes from this server's own pages,
// as far as the browser says: Sec-Fetch-Site (sent by current browsers)
// must be same-origin or none, and an Origin header must name this server.
// With Referrer-Policy no-referrer browsers send "Origin: null", which
// says nothing either way. The CSRF token is the check that always holds.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// post acts on a form (POST) and redirects to the page (303), or shows the
// same page again with what was wrong.
func (h *Handler) post(w http.ResponseWriter, r *http.Request) {
	token, link, ok := h.resolve(w, r)
	if !ok {
		return
	}
	v := h.visitOf(r, token)
	if v == nil {
		h.renderExpired(w, r, token)
		return
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if !sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(v.csrf)) != 1 {
		h.renderExpired(w, r, token)
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.link = link
	h.checkLease(v)
	ctx := r.Context()
	switch r.PathValue("action") {
	case "lang":
		if l := survey.Lang(r.PostForm.Get("lang")); l == survey.Dutch || l == survey.English {
			v.lang = l
		}
	case "begin":
		if v.phase == phaseWelcome {
			v.phase = phaseCode
		}
	case "code":
		if v.phase != phaseCode {
			break
		}
		if !allowAll(h.now(), limitCheck{h.ipLimit, clientIP(r)}, limitCheck{h.linkLim, token}) {
			h.render(w, r, v, http.StatusTooManyRequests, h.codeView(v, r.PostForm.Get("code"), textsByLang[v.lang]["tooMany"]))
			return
		}
		code, err := survey.ParseRespondentCode(r.PostForm.Get("code"))
		if err != nil {
			msg := textsByLang[v.lang]["choose"]
			var ve *survey.ValidationError
			if errors.As(err, &ve) {
				msg = ve.Msg.Get(v.lang)
			}
			h.render(w, r, v, http.StatusUnprocessableEntity, h.codeView(v, r.PostForm.Get("code"), msg))
			return
		}
		if !h.open(ctx, w, r, v, code) {
			return
		}
	case "newcode":
		if v.phase != phaseCode {
			break
		}
		code, err := h.freshCode(ctx, v)
		if err != nil {
			h.fail(w, r, v, err)
			return
		}
		v.newCode = code
		v.phase = phaseNewCode
	case "othercode":
		if v.phase == phaseNewCode {
			v.newCode = ""
			v.phase = phaseCode
		}
	case "start":
		if v.phase != phaseNewCode || v.newCode == "" {
			break
		}
		if !h.open(ctx, w, r, v, v.newCode) {
			return
		}
		v.newCode = ""
	case "answer":
		if !h.answer(w, r, v) {
			return
		}
	case "back":
		if v.phase == phaseSurvey && v.sess != nil && v.sess.Back() {
			v.fromReview = false
		}
	case "edit":
		if v.phase == phaseSurvey && v.sess != nil && v.sess.AtReview() && v.sess.GoTo(r.PostForm.Get("item")) {
			v.fromReview = true
		}
	case "submit":
		if v.phase != phaseSurvey || v.sess == nil || !v.sess.AtReview() {
			break
		}
		if e := v.sess.Review(); e != nil {
			v.flash = e.Msg
			break
		}
		if err := h.writing(func() error { return v.link.Store.CompleteResponse(ctx, v.resp.ID, h.now()) }); err != nil {
			h.logf("web: completing response %s: %v", v.resp.ID, err)
			if h.roundClosed(ctx, v) {
				h.render(w, r, v, http.StatusConflict, h.noticeView(v, "roundClosed"))
				return
			}
			h.render(w, r, v, http.StatusInternalServerError, h.viewWithError(v, textsByLang[v.lang]["submitFailed"]))
			return
		}
		h.answered.Add(1)
		h.leases.release(v.resp.ID, v.id)
		v.dropResponse()
		v.phase = phaseThanks
	case "done":
		if v.phase == phaseThanks || v.phase == phaseDone {
			v.code = ""
			v.phase = phaseWelcome
		}
	default:
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, h.base(token), http.StatusSeeOther)
}

// open finds the response of the code in the link's round, or starts one,
// and gives it to the visit (taking it from any other device). It writes
// the page itself and returns false when it cannot.
func (h *Handler) open(ctx context.Context, w http.ResponseWriter, r *http.Request, v *visit, code string) bool {
	st := v.link.Store
	round, err := st.Round(ctx, v.link.RoundID)
	if err != nil {
		h.fail(w, r, v, fmt.Errorf("loading round %s: %w", v.link.RoundID, err))
		return false
	}
	if !round.Open {
		h.render(w, r, v, http.StatusConflict, h.noticeView(v, "roundClosed"))
		return false
	}
	resp, err := st.ResponseFor(ctx, round.ID, code)
	switch {
	case err == nil && resp.Status == survey.Complete:
		v.code = ""
		v.phase = phaseDone
		return true
	case err == nil:
	case survey.IsNotFound(err):
		role := ""
		if len(v.inst.Audience) == 1 {
			role = v.inst.Audience[0]
		}
		err = h.writing(func() (err error) {
			resp, err = st.StartResponse(ctx, survey.Response{
				RoundID: round.ID, SchoolID: v.link.SchoolID, RespondentCode: code, Role: role,
				Status: survey.InProgress, InstrumentID: round.InstrumentID, InstrumentVersion: round.InstrumentVersion,
				StartedAt: h.now(), DeviceID: h.deviceID,
			})
			return err
		})
		if err != nil {
			h.fail(w, r, v, fmt.Errorf("starting a response: %w", err))
			return false
		}
	default:
		h.fail(w, r, v, fmt.Errorf("looking up a response: %w", err))
		return false
	}
	answers, err := st.Answers(ctx, resp.ID)
	if err != nil {
		h.fail(w, r, v, fmt.Errorf("loading the answers of response %s: %w", resp.ID, err))
		return false
	}
	if v.sess != nil && v.resp.ID != resp.ID {
		h.leases.release(v.resp.ID, v.id)
	}
	v.resp, v.code = resp, code
	v.sess = survey.NewSession(v.inst, resp.Role, answers)
	v.fromReview = false
	v.phase = phaseSurvey
	h.leases.take(resp.ID, v.id, h.now())
	return true
}

// freshCode makes a new respondent code that no response of the round has.
func (h *Handler) freshCode(ctx context.Context, v *visit) (string, error) {
	for range 5 {
		code, err := survey.NewRespondentCode(h.rand)
		if err != nil {
			return "", err
		}
		_, err = v.link.Store.ResponseFor(ctx, v.link.RoundID, code)
		if survey.IsNotFound(err) {
			return code, nil
		}
		if err != nil {
			return "", fmt.Errorf("checking a new code: %w", err)
		}
	}
	return "", errors.New("could not make an unused respondent code")
}

// answer stores the answer to the current question and moves on. It
// writes the page itself and returns false when the answer is refused or
// cannot be stored.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, v *visit) bool {
	if v.phase != phaseSurvey || v.sess == nil {
		return true
	}
	it := v.sess.Current()
	if it == nil || it.ID != r.PostForm.Get("item") {
		// A form for another question (sent twice, or from an old page):
		// show the current one.
		return true
	}
	if it.Type.Answerable() {
		val, empty, problem := parseAnswer(it, r.PostForm, v.lang)
		if problem != "" {
			h.render(w, r, v, http.StatusUnprocessableEntity, h.questionView(v, r.PostForm, problem))
			return false
		}
		if err := h.commitAnswer(r.Context(), v, it, val, empty, h.now()); err != nil {
			var ve *survey.ValidationError
			if errors.As(err, &ve) {
				h.render(w, r, v, http.StatusUnprocessableEntity, h.questionView(v, r.PostForm, ve.Msg.Get(v.lang)))
				return false
			}
			h.logf("web: %v", err)
			if h.roundClosed(r.Context(), v) {
				h.render(w, r, v, http.StatusConflict, h.noticeView(v, "roundClosed"))
				return false
			}
			h.render(w, r, v, http.StatusInternalServerError, h.questionView(v, r.PostForm, textsByLang[v.lang]["saveFailed"]))
			return false
		}
	}
	var e *survey.ValidationError
	if v.fromReview {
		if e = v.sess.Review(); e == nil {
			v.fromReview = false
		}
	} else {
		e = v.sess.Next()
	}
	if e != nil {
		h.render(w, r, v, http.StatusUnprocessableEntity, h.questionView(v, nil, e.Msg.Get(v.lang)))
		return false
	}
	return true
}

// roundClosed reports whether the visit's round has been closed (so that
// the store refused an answer for that reason).
func (h *Handler) roundClosed(ctx context.Context, v *visit) bool {
	round, err := v.link.Store.Round(ctx, v.link.RoundID)
	return err == nil && !round.Open
}

// fail logs a store error and shows a calm message.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	h.logf("web: %v", err)
	h.render(w, r, v, http.StatusInternalServerError, h.viewWithError(v, textsByLang[v.lang]["problem"]))
}

// clientIP is the address the request came from (no proxy header is
// trusted).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
