package web

import (
	"context"
	"crypto/rand"
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
	// writes lets one request at a time write to the store. SQLite takes
	// one writer at a time anyway; waiting here, in order, is much faster
	// than many connections retrying a locked database.
	writes sync.Mutex
}

// writing runs a store write, one at a time.
func (h *Handler) writing(fn func() error) error {
	h.writes.Lock()
	defer h.writes.Unlock()
	return fn()
}

// Option sets an optional setting of a Handler.
type Option func(*Handler)

// WithPrefix mounts the form under a path prefix ("/survey"), for a server
// that serves more than the form. Links are then prefix/s/<token>/.
func WithPrefix(p string) Option {
	return func(h *Handler) { h.prefix = strings.TrimRight(p, "/") }
}

// WithDeviceID records the device id in the responses the form starts.
func WithDeviceID(id string) Option { return func(h *Handler) { h.deviceID = id } }

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
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
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
	round, err := link.Store.Round(ctx, link.RoundID)
	if err != nil {
		return nil, fmt.Errorf("loading round %s: %w", link.RoundID, err)
	}
	sc, err := link.Store.School(ctx, link.SchoolID)
	if err != nil {
		return nil, fmt.Errorf("loading school %s: %w", link.SchoolID, err)
	}
	v.school = sc.Name
	if v.inst, err = link.Store.Instrument(ctx, round.InstrumentID, round.InstrumentVersion); err != nil {
		return nil, fmt.Errorf("loading instrument %s@%d: %w", round.InstrumentID, round.InstrumentVersion, err)
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

// loseResponse drops the visit's response after another device (a phone
// or a kiosk on the same store) took it over with the respondent's code.
// The caller holds v.mu.
func (h *Handler) loseResponse(v *visit) {
	h.leases.release(v.resp.ID, v.id)
	v.dropResponse()
	v.code = ""
	v.phase = phaseCode
	v.flash = texts["takenOver"]
}

// checkLease drops the visit's response when another device has taken it:
// the visit then shows none of its answers until the code is given again.
// The caller holds v.mu.
func (h *Handler) checkLease(v *visit) {
	if v.sess != nil && !h.leases.holds(v.resp.ID, v.id, h.now()) {
		h.loseResponse(v)
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

// clientIP is the address the request came from (no proxy header is
// trusted).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
