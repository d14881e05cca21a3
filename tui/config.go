package tui

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

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
	// round (the built-ins and any imported ones). When it is nil,
	// LoadCatalogue makes it.
	Catalogue []*survey.Instrument
	// LoadCatalogue makes the catalogue when Catalogue is nil: the TUI
	// (Run, New) calls it once, in a tea.Cmd when the study list is in
	// (or sooner, when a page needs it first), so that its first screen
	// does not wait for the instruments to be parsed.
	LoadCatalogue func(ctx context.Context) ([]*survey.Instrument, error)
	// Lang is the language the TUI starts in (Dutch when empty).
	Lang survey.Lang
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
	// Rand is the randomness for new respondent codes (crypto/rand.Reader
	// when nil).
	Rand io.Reader
	// DeviceID identifies this laptop in the responses it collects. When
	// it is empty, LoadDeviceID reads it.
	DeviceID string
	// LoadDeviceID reads the device id when DeviceID is empty: the TUI
	// calls it in its first command, so that the first read of the
	// database (which opens its connection) does not hold up the start
	// of the program and its first frame.
	LoadDeviceID func(ctx context.Context) (string, error)
	// KioskRound and KioskSchool, when both set, start the TUI straight in
	// kiosk mode for that round and school (peil kiosk --round --school).
	KioskRound, KioskSchool string
	// Backend carries out what the screens ask beyond the store: trends,
	// exports, package imports. When nil, those screens say that they are
	// not available.
	Backend Backend

	// cat is the catalogue LoadCatalogue makes, shared by every page's
	// copy of the Config (nil when Catalogue is given, or nothing loads
	// it).
	cat *catalogue
}

// instruments returns the catalogue: Catalogue, or what LoadCatalogue
// made. While LoadCatalogue runs (the first moments after the TUI
// starts) it waits for it.
func (c Config) instruments() ([]*survey.Instrument, error) {
	if c.cat == nil {
		return c.Catalogue, nil
	}
	return c.cat.get()
}

// catalogue is the instrument catalogue, loaded once: after the study
// list is in, or when a page needs it first.
type catalogue struct {
	ctx  context.Context
	load func(ctx context.Context) ([]*survey.Instrument, error)
	once sync.Once
	list []*survey.Instrument
	err  error
}

// withCatalogue returns cfg with its catalogue loader set up, when it has
// a LoadCatalogue and no Catalogue.
func withCatalogue(ctx context.Context, cfg Config) Config {
	if cfg.Catalogue == nil && cfg.LoadCatalogue != nil && cfg.cat == nil {
		cfg.cat = &catalogue{ctx: ctx, load: cfg.LoadCatalogue}
	}
	return cfg
}

// get loads the catalogue the first time and returns it.
func (c *catalogue) get() ([]*survey.Instrument, error) {
	c.once.Do(func() {
		c.list, c.err = c.load(c.ctx)
		if c.err != nil {
			c.err = fmt.Errorf("reading the instruments: %w", c.err)
		}
	})
	return c.list, c.err
}

// catalogueMsg reports that the catalogue was loaded (or why not).
type catalogueMsg struct{ err error }

// loadCatalogueCmd loads the catalogue in the background, if cfg has one
// to load.
func loadCatalogueCmd(cfg Config) tea.Cmd {
	if cfg.cat == nil {
		return nil
	}
	return func() tea.Msg {
		_, err := cfg.cat.get()
		return catalogueMsg{err: err}
	}
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
