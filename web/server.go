package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Server serves a Handler on a listener with timeouts that keep slow or
// idle clients from holding the laptop's connections.
type Server struct {
	h   *Handler
	srv *http.Server
}

// NewServer returns a server for the handler.
func NewServer(h *Handler) *Server {
	return &Server{h: h, srv: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}}
}

// Serve serves plain HTTP on l until Shutdown; it then returns nil.
func (s *Server) Serve(l net.Listener) error {
	if err := s.srv.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ServeTLS serves HTTPS on l with the certificate and key in the files
// given, until Shutdown; it then returns nil.
func (s *Server) ServeTLS(l net.Listener, certFile, keyFile string) error {
	if err := s.srv.ServeTLS(l, certFile, keyFile); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops the server, letting requests under way finish (each
// answer they carry is then stored).
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// Answering returns the number of people answering now (see
// Handler.Answering).
func (s *Server) Answering() int { return s.h.Answering() }

// Submitted returns the number of responses sent since the server started.
func (s *Server) Submitted() int { return s.h.Submitted() }
