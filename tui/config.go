package tui

import (
	"context"
	"io"
	"time"

	"peil/analysis"
	"peil/backend"
	"peil/survey"
)

// Backend is what the screens need of peil's application layer
// (package backend): *backend.Backend with a SyncNow, which cmd/peil adds
// (the hub's client is an adapter that backend does not import). Its
// methods are called in tea.Cmds, never in Update.
type Backend interface {
	// Trends computes the trend tables of one instrument of a study over
	// every round that used it, with the study's targets and options.
	Trends(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error)
	// PrepareTrends gets a study's trend data ready (caches its datasets),
	// so that Trends answers at once later.
	PrepareTrends(ctx context.Context, studyID string)
	// ExportFile writes an export file, reporting progress as responses
	// are written, and returns a one-line summary.
	ExportFile(ctx context.Context, req backend.ExportRequest, progress func(done, total int)) (string, error)
	// ImportPackages merges data package files into the store, each in
	// its own transaction, calling progress after each file; identity is
	// the researcher's key file for encrypted packages ("" for none).
	ImportPackages(ctx context.Context, paths []string, identity string, progress func(done, total int)) (backend.ImportSummary, error)
	// SyncStatus says whether the database joined a hub, when it last
	// synced and how many responses wait to be sent.
	SyncStatus(ctx context.Context) (backend.SyncStatus, error)
	// SyncNow syncs with the hub the database joined (backend.Backend.Sync
	// with the client made from the joined settings).
	SyncNow(ctx context.Context) (backend.SyncReport, error)
}

// Config is what the TUI needs from the outside world. cmd/peil fills it.
type Config struct {
	// Store keeps everything; the TUI never touches a database itself.
	Store survey.Store
	// Catalogue lists the instruments a researcher can choose for a new
	// round (the built-ins and any imported ones).
	Catalogue []*survey.Instrument
	// Lang is the language the TUI starts in (Dutch when empty).
	Lang survey.Lang
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
	// Rand is the randomness for new respondent codes (crypto/rand.Reader
	// when nil).
	Rand io.Reader
	// DeviceID identifies this laptop in the responses it collects.
	DeviceID string
	// KioskRound and KioskSchool, when both set, start the TUI straight in
	// kiosk mode for that round and school (peil kiosk --round --school).
	KioskRound, KioskSchool string
	// Backend carries out what the screens ask beyond the store: trends,
	// exports, package imports. When nil, those screens say that they are
	// not available.
	Backend Backend
}

// Settings keys the TUI keeps in the store, so that a kiosk survives a
// restart: a laptop that was closed mid-response comes back in kiosk mode
// and offers to resume.
const (
	// SettingKioskRound and SettingKioskSchool hold the active kiosk's
	// round and school ids ("" when no kiosk is active).
	SettingKioskRound  = "kiosk.round"
	SettingKioskSchool = "kiosk.school"
	// SettingKioskResponse holds the id of the response in progress on
	// this kiosk, "" between respondents.
	SettingKioskResponse = "kiosk.response"
	// SettingPINHash holds the researcher's PIN as a slow hash (see
	// package pin).
	SettingPINHash = backend.SettingPINHash
)
