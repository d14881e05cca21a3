package tui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// state is the page the root model shows.
type state int

const (
	stateStarting state = iota // reading settings: kiosk or research?
	stateResearch
	stateKiosk
	stateTrends
	stateMonitor
	stateExport
)

func (s state) String() string {
	switch s {
	case stateStarting:
		return "starting"
	case stateResearch:
		return "research"
	case stateKiosk:
		return "kiosk"
	case stateTrends:
		return "trends"
	case stateMonitor:
		return "monitor"
	case stateExport:
		return "export"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// page is one screen of the TUI: the research pages, the kiosk, or one of
// a study's screens (trends, monitor, export). The root model sizes every
// page, gives messages to the active page only, and shows its view and
// its keys (help.KeyMap, from the same bindings the page matches keys
// with).
type page interface {
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	help.KeyMap
}

// typer is a page with text fields: typing reports whether one has the
// focus, so that the root's keys (q, ?) are text there.
type typer interface{ typing() bool }

// The pages, checked at compile time.
var (
	_ page = (*research)(nil)
	_ page = (*kiosk)(nil)
	_ page = (*trends)(nil)
	_ page = (*monitor)(nil)
	_ page = (*exportScreen)(nil)

	_ typer = (*research)(nil)
	_ typer = (*exportScreen)(nil)
)

// Model is the root Bubble Tea model: it handles the global keys and the
// window size, and routes every other message to the active page only.
type Model struct {
	ctx    context.Context
	cfg    Config
	styles *Styles
	keys   globalKeys
	state  state
	w, h   int

	help     help.Model
	research *research
	kiosk    *kiosk
	// screen is the study screen open over the research pages (trends,
	// monitor or export), nil when none.
	screen page
	err    error
	// fatal is an error that ended the TUI, for Run to return.
	fatal error
	// showKeys shows the list of every key of the page (?) over it.
	showKeys bool
	// shared is the Styles value all pages point to.
	shared *Styles
	// catalogueAsked is set once the catalogue's load has been started.
	catalogueAsked bool
	// after, when set, replaces tea.Tick for the kiosk's timers (tests).
	after func(d time.Duration, msg tea.Msg) tea.Cmd
}

// Messages of the root model.
type (
	// startupMsg says how the TUI starts, from the stored settings.
	startupMsg struct {
		roundID, schoolID string
		// deviceID is the device id read by Config.LoadDeviceID, "" when
		// the Config had it.
		deviceID string
		err      error
		// fatal is set when err ends the TUI (Run returns it).
		fatal bool
	}
	// kioskSettingsMsg reports that the kiosk settings were stored.
	kioskSettingsMsg struct {
		roundID, schoolID string
		err               error
	}
)

// New returns the root model for cfg.
func New(cfg Config) *Model { return newModel(context.Background(), cfg) }

func newModel(ctx context.Context, cfg Config) *Model {
	cfg = withCatalogue(ctx, cfg)
	return &Model{ctx: ctx, cfg: cfg, styles: NewStyles(true), keys: newGlobalKeys(cfg.Lang), help: help.New()}
}

// Run runs the TUI until the researcher quits or ctx is cancelled.
func Run(ctx context.Context, cfg Config, opts ...tea.ProgramOption) error {
	// The first frame has runes above U+02FF (›, …, ↑, •). On a terminal
	// without Unicode core mode the renderer measures them with
	// go-runewidth, whose first such look-up builds its 2 MB table of
	// widths (a few ms, mostly page faults). Build it now, beside the
	// program's start and its wait for the first frame, not in the frame.
	go ansi.StringWidthWc("…")
	opts = append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)
	p := tea.NewProgram(newModel(ctx, cfg), opts...)
	end, err := p.Run()
	if err != nil {
		return fmt.Errorf("running the terminal interface: %w", err)
	}
	if m, ok := end.(*Model); ok && m.fatal != nil {
		return m.fatal
	}
	return nil
}

// State returns the page shown, for tests and logs.
func (m *Model) State() string { return m.state.String() }

// Init reads the settings to decide between kiosk and research pages.
// The instrument catalogue (Config.LoadCatalogue) loads once the study
// list is in, so that it does not hold up the first screen.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, startupCmd(m.ctx, m.cfg))
}

func startupCmd(ctx context.Context, cfg Config) tea.Cmd {
	return func() tea.Msg {
		var device string
		if cfg.DeviceID == "" && cfg.LoadDeviceID != nil {
			var err error
			if device, err = cfg.LoadDeviceID(ctx); err != nil {
				// Without a device id no response can be started: peil
				// stops with the error, as when it could not open the
				// database.
				return startupMsg{err: fmt.Errorf("reading the device id: %w", err), fatal: true}
			}
		}
		if cfg.KioskRound != "" && cfg.KioskSchool != "" {
			return startupMsg{roundID: cfg.KioskRound, schoolID: cfg.KioskSchool, deviceID: device}
		}
		r, _, err := cfg.Store.Setting(ctx, SettingKioskRound)
		if err != nil {
			return startupMsg{err: fmt.Errorf("reading the kiosk settings: %w", err), deviceID: device}
		}
		s, _, err := cfg.Store.Setting(ctx, SettingKioskSchool)
		if err != nil {
			return startupMsg{err: fmt.Errorf("reading the kiosk settings: %w", err), deviceID: device}
		}
		if r != "" && s != "" {
			return startupMsg{roundID: r, schoolID: s, deviceID: device}
		}
		return startupMsg{deviceID: device}
	}
}

// storeKioskCmd records (or, with empty ids, clears) the active kiosk, so
// that a restarted peil comes back in the same mode.
func storeKioskCmd(ctx context.Context, cfg Config, roundID, schoolID string) tea.Cmd {
	return func() tea.Msg {
		st := cfg.Store
		for _, kv := range [][2]string{{SettingKioskRound, roundID}, {SettingKioskSchool, schoolID}} {
			if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
				return kioskSettingsMsg{err: fmt.Errorf("storing the kiosk settings: %w", err)}
			}
		}
		if roundID == "" {
			if err := st.SetSetting(ctx, SettingKioskResponse, ""); err != nil {
				return kioskSettingsMsg{err: fmt.Errorf("storing the kiosk settings: %w", err)}
			}
		}
		return kioskSettingsMsg{roundID: roundID, schoolID: schoolID}
	}
}
