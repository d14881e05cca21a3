package tui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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

// The pages, checked at compile time.
var (
	_ page = (*research)(nil)
	_ page = (*kiosk)(nil)
	_ page = (*trends)(nil)
	_ page = (*monitor)(nil)
	_ page = (*exportScreen)(nil)
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
	// shared is the Styles value all pages point to.
	shared *Styles
	// after, when set, replaces tea.Tick for the kiosk's timers (tests).
	after func(d time.Duration, msg tea.Msg) tea.Cmd
}

// Messages of the root model.
type (
	// startupMsg says how the TUI starts, from the stored settings.
	startupMsg struct {
		roundID, schoolID string
		err               error
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
	return &Model{ctx: ctx, cfg: cfg, styles: NewStyles(true), keys: newGlobalKeys(cfg.Lang), help: help.New()}
}

// Run runs the TUI until the researcher quits or ctx is cancelled.
func Run(ctx context.Context, cfg Config, opts ...tea.ProgramOption) error {
	opts = append([]tea.ProgramOption{tea.WithContext(ctx)}, opts...)
	p := tea.NewProgram(newModel(ctx, cfg), opts...)
	_, err := p.Run()
	if err != nil {
		return fmt.Errorf("running the terminal interface: %w", err)
	}
	return nil
}

// State returns the page shown, for tests and logs.
func (m *Model) State() string { return m.state.String() }

// Init reads the settings to decide between kiosk and research pages.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, startupCmd(m.ctx, m.cfg))
}

func startupCmd(ctx context.Context, cfg Config) tea.Cmd {
	return func() tea.Msg {
		if cfg.KioskRound != "" && cfg.KioskSchool != "" {
			return startupMsg{roundID: cfg.KioskRound, schoolID: cfg.KioskSchool}
		}
		r, _, err := cfg.Store.Setting(ctx, SettingKioskRound)
		if err != nil {
			return startupMsg{err: fmt.Errorf("reading the kiosk settings: %w", err)}
		}
		s, _, err := cfg.Store.Setting(ctx, SettingKioskSchool)
		if err != nil {
			return startupMsg{err: fmt.Errorf("reading the kiosk settings: %w", err)}
		}
		if r != "" && s != "" {
			return startupMsg{roundID: r, schoolID: s}
		}
		return startupMsg{}
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

// Update handles the window size, the messages that switch pages and the
// global keys, then routes the message to the active page.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.sizePages()
		return m, nil
	case tea.BackgroundColorMsg:
		m.styles = NewStyles(msg.IsDark())
		// Pages keep the pointer they were given; refresh their copy.
		*m.stylesTarget() = *m.styles
		return m, nil
	case openScreenMsg:
		switch {
		case msg.export:
			m.screen, m.state = newExportScreen(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds), stateExport
		case msg.monitor:
			m.screen, m.state = newMonitor(m.ctx, m.cfg, m.stylesTarget(), msg.study), stateMonitor
		default:
			m.screen, m.state = newTrends(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds), stateTrends
		}
		m.screen.SetSize(m.w, m.framedHeight())
		return m, m.screen.Init()
	case closeScreenMsg:
		m.screen = nil
		return m, m.showResearch()
	case startupMsg:
		if msg.err != nil {
			m.err = msg.err
		}
		if msg.roundID != "" {
			return m, storeKioskCmd(m.ctx, m.cfg, msg.roundID, msg.schoolID)
		}
		return m, m.showResearch()
	case startKioskMsg:
		return m, storeKioskCmd(m.ctx, m.cfg, msg.Round.ID, msg.School.ID)
	case kioskSettingsMsg:
		if msg.err != nil {
			m.err = msg.err
			return m, m.showResearch()
		}
		if msg.roundID == "" {
			return m, m.showResearch()
		}
		m.err = nil
		m.kiosk = newKiosk(m.ctx, m.cfg, m.stylesTarget(), msg.roundID, msg.schoolID)
		m.kiosk.SetSize(m.w, m.h)
		if m.after != nil {
			m.kiosk.after = m.after
		}
		m.state = stateKiosk
		return m, m.kiosk.Init()
	case kioskExitedMsg:
		m.kiosk = nil
		return m, storeKioskCmd(m.ctx, m.cfg, "", "")
	case tea.KeyPressMsg:
		// In the kiosk the same keys open the PIN prompt (the kiosk's own).
		if m.state != stateKiosk && key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
	}
	if p := m.active(); p != nil {
		return m, p.Update(msg)
	}
	return m, nil
}

// active returns the page the state shows, nil when there is none yet.
func (m *Model) active() page {
	switch m.state {
	case stateResearch:
		if m.research != nil {
			return m.research
		}
	case stateKiosk:
		if m.kiosk != nil {
			return m.kiosk
		}
	case stateTrends, stateMonitor, stateExport:
		return m.screen
	}
	return nil
}

// sizePages gives every page its size: the kiosk the whole window, the
// researcher's pages the window less the help line drawn under them.
func (m *Model) sizePages() {
	if m.research != nil {
		m.research.SetSize(m.w, m.framedHeight())
	}
	if m.kiosk != nil {
		m.kiosk.SetSize(m.w, m.h)
	}
	if m.screen != nil {
		m.screen.SetSize(m.w, m.framedHeight())
	}
}

// stylesTarget is the one Styles value every page points to.
func (m *Model) stylesTarget() *Styles {
	if m.shared == nil {
		m.shared = m.styles
	}
	return m.shared
}

func (m *Model) showResearch() tea.Cmd {
	m.state = stateResearch
	if m.research == nil {
		m.research = newResearch(m.cfg, m.stylesTarget())
		m.research.SetSize(m.w, m.framedHeight())
	}
	// Init again on coming back from the kiosk: the counts are stale.
	return m.research.Init()
}

// View renders the active page in the alternate screen with mouse clicks:
// the kiosk fills the screen, help included; under the researcher's pages
// the root draws their help line.
func (m *Model) View() tea.View {
	var s string
	if p := m.active(); p != nil {
		s = p.View()
		if m.state != stateKiosk {
			s += "\n" + m.stylesTarget().Help.Render(m.help.ShortHelpView(m.helpKeys(p)))
		}
	}
	if m.err != nil {
		s += "\n" + m.stylesTarget().Error.Render(m.err.Error())
	}
	v := tea.NewView(s)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "peil"
	return v
}

// framedHeight is the height a researcher's page gets: the window less
// the help line the root model draws under it.
func (m *Model) framedHeight() int { return max(0, m.h-1) }

// helpKeys is the help line under a researcher's page: the page's keys,
// and on the research pages quitting.
func (m *Model) helpKeys(p page) []key.Binding {
	if m.state == stateResearch {
		return append(p.ShortHelp(), m.keys.Quit)
	}
	return p.ShortHelp()
}
