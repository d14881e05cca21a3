package tui

import (
	"context"
	"io"
	"time"

	"peil/analysis"
	"peil/survey"
)

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
	// LoadTrends computes the trend tables of one instrument of a study
	// (every round that used it), from the store; cmd/peil fills it with
	// storage, analysis.Load and analysis.Trends, adding the study's
	// targets. The trends screen calls it in a tea.Cmd, never in Update.
	// When nil the trends screen says that trends are not available.
	LoadTrends func(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error)
	// PrepareTrends, when set, gets a study's trend data ready (cmd/peil
	// caches its analysis datasets), so that LoadTrends answers at once
	// later. The study page calls it in a tea.Cmd once it has loaded.
	PrepareTrends func(ctx context.Context, studyID string)
	// Export writes an export file for the export screen, reporting
	// progress as responses are written, and returns a one-line summary.
	// cmd/peil fills it with package export; when nil the export screen
	// says exports are not available.
	Export func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error)
	// ImportPackages merges data package files into the store, each in
	// its own transaction, calling progress after each file; identity is
	// the researcher's key file for encrypted packages ("" for none).
	// cmd/peil fills it; the import screen (key i on the study page) calls
	// it off the update loop. When nil the screen says importing is not
	// available.
	ImportPackages func(ctx context.Context, paths []string, identity string, progress func(done, total int)) (ImportSummary, error)
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
	SettingPINHash = "kiosk.pin_hash"
)
