package hub

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"peil/backend"
	"peil/survey"
)

// DefaultMaxUpload bounds an upload's size: a laptop's whole round fits
// many times over (100 responses are about 30 KB).
const DefaultMaxUpload = 64 << 20

// Server is the hub's HTTP API on the hub use cases.
type Server struct {
	hub       *backend.Hub
	maxUpload int64
	log       *slog.Logger
	mux       *http.ServeMux
	extra     []mounted
}

// Option changes a Server.
type Option func(*Server)

// WithMaxUpload bounds the size of an upload in bytes.
func WithMaxUpload(n int64) Option { return func(s *Server) { s.maxUpload = n } }

// WithLogger logs requests the hub could not serve (its own failures).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithHandler serves h under pattern beside the API, e.g. the web form
// for respondents at "/form/" (cmd/peil wires it: hub does not know the
// form).
func WithHandler(pattern string, h http.Handler) Option {
	return func(s *Server) { s.extra = append(s.extra, mounted{pattern, h}) }
}

type mounted struct {
	pattern string
	h       http.Handler
}

// NewServer returns the hub's HTTP handler.
func NewServer(h *backend.Hub, opts ...Option) *Server {
	s := &Server{hub: h, maxUpload: DefaultMaxUpload, log: slog.New(slog.DiscardHandler), mux: http.NewServeMux()}
	for _, o := range opts {
		o(s)
	}
	s.mux.HandleFunc("GET /v1/whoami", s.auth(s.whoami))
	s.mux.HandleFunc("POST /v1/packages", s.auth(s.upload))
	s.mux.HandleFunc("GET /v1/setup", s.auth(s.setup))
	s.mux.HandleFunc("GET /v1/data", s.auth(s.data))
	for _, m := range s.extra {
		s.mux.Handle(m.pattern, m.h)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.problem(w, http.StatusNotFound, "", "there is no "+r.Method+" "+r.URL.Path+" on this hub; this peil speaks /v1")
	})
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

type handler func(w http.ResponseWriter, r *http.Request, t survey.HubToken)

// auth finds the request's token; an unknown, expired or revoked one is
// refused (and in the audit log) before anything else happens.
func (s *Server) auth(next handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			secret = ""
		}
		t, err := s.hub.Authenticate(r.Context(), strings.TrimSpace(secret), r.RemoteAddr)
		if err != nil {
			s.fail(w, err)
			return
		}
		next(w, r, t)
	}
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request, t survey.HubToken) {
	id, err := s.hub.Identify(r.Context(), t)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, id)
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request, t survey.HubToken) {
	// The whole body is read before the merge queue is joined, so that a
	// slow connection never holds up other laptops' merges.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxUpload))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = &survey.Error{Code: codeTooLarge, Message: fmt.Sprintf("the upload is larger than this hub takes (%d bytes); it changed nothing. Ask the hub's administrator to raise --max-upload", s.maxUpload)}
		} else {
			err = survey.Errorf(survey.EINVALID, "the upload was cut short (%v); it changed nothing; sync again", err)
		}
		s.hub.Refused(r.Context(), t, "upload", err)
		s.fail(w, err)
		return
	}
	res, err := s.hub.Upload(r.Context(), t, bytes.NewReader(body))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// codeTooLarge is the problem code of an upload over the size limit.
const codeTooLarge = "too_large"

func (s *Server) setup(w http.ResponseWriter, r *http.Request, t survey.HubToken) {
	s.stream(w, r, func(out io.Writer) error { return s.hub.Setup(r.Context(), t, out) })
}

func (s *Server) data(w http.ResponseWriter, r *http.Request, t survey.HubToken) {
	if t.Role == survey.RoleDevice {
		s.fail(w, s.hub.Data(r.Context(), t, io.Discard)) // refused and audited
		return
	}
	s.stream(w, r, func(out io.Writer) error { return s.hub.Data(r.Context(), t, out) })
}

// stream writes a package as the response. An error after the first
// bytes can only cut the package short, which the client's reader
// detects (the manifest is last): it then merges nothing.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, write func(io.Writer) error) {
	w.Header().Set("Content-Type", "application/vnd.peil.package")
	cw := &countingWriter{w: w}
	if err := write(cw); err != nil {
		if cw.n == 0 {
			w.Header().Del("Content-Type")
			s.fail(w, err)
			return
		}
		s.log.Error("writing a package to "+r.RemoteAddr, "error", err)
		panic(http.ErrAbortHandler) // cut the connection: the client sees an incomplete package
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// problem is an RFC 9457 problem document, with peil's error code.
type problem struct {
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code,omitempty"`
}

// problemCodes are the error codes the hub answers with a problem
// document, each with its HTTP status; anything else is the hub's own
// failure (500). The client reads a status without a code back through
// the same list (codeOf).
var problemCodes = [...]struct {
	code   string
	status int
}{
	{survey.EUNAUTHORIZED, http.StatusUnauthorized},
	{survey.EFORBIDDEN, http.StatusForbidden},
	{survey.EINVALID, http.StatusUnprocessableEntity},
	{survey.ECONFLICT, http.StatusConflict},
	{survey.ENOTFOUND, http.StatusNotFound},
	{codeTooLarge, http.StatusRequestEntityTooLarge},
}

// statusOf is the HTTP status of an error code, or 0 for a code the hub
// does not answer with a problem document.
func statusOf(code string) int {
	for _, p := range problemCodes {
		if p.code == code {
			return p.status
		}
	}
	return 0
}

// codeOf is the error code of an HTTP status in problemCodes, or "".
func codeOf(status int) string {
	for _, p := range problemCodes {
		if p.status == status {
			return p.code
		}
	}
	return ""
}

// fail answers with the problem err describes: a domain error's message
// as it is, anything else as the hub's own failure (logged, not shown).
func (s *Server) fail(w http.ResponseWriter, err error) {
	code := survey.ErrorCode(err)
	status := statusOf(code)
	if status == 0 {
		s.log.Error("hub request failed", "error", err)
		s.problem(w, http.StatusInternalServerError, "", "the hub could not do this (its log says why); nothing was changed, try again later")
		return
	}
	var de *survey.Error
	errors.As(err, &de)
	s.problem(w, status, code, de.Message)
}

func (s *Server) problem(w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="peil hub"`)
	}
	b, _ := json.Marshal(problem{Title: http.StatusText(status), Status: status, Detail: detail, Code: code})
	w.WriteHeader(status)
	w.Write(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// CheckPlain refuses plain HTTP on any address but loopback: without TLS
// the tokens and answers would cross the network readable. Behind a
// reverse proxy on the same machine, listen on 127.0.0.1.
func CheckPlain(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: %w (use HOST:PORT, e.g. 127.0.0.1:8443)", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--plain serves without TLS, which is only allowed on a loopback address (127.0.0.1, ::1) behind a reverse proxy that does TLS; %q is not one (see docs/hub.md)", addr)
}

// Serve serves handler on ln until ctx ends, with TLS when cert is not
// nil, and then shuts down gracefully (requests in flight get 30 s).
func Serve(ctx context.Context, ln net.Listener, handler http.Handler, cert *tls.Certificate) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          nil,
	}
	if cert != nil {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{*cert}}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
