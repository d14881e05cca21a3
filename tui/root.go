package tui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
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
	research *researchPage
	kiosk    *kiosk
	trends   *trends
	monitor  *monitor
	export   *exportScreen
	err      error
	shared   *Styles
	// after, when set, replaces tea.Tick for the kiosk's timers (tests).
	after func(d time.Duration, msg tea.Msg) tea.Cmd // the styles all pages point to
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
	return &Model{ctx: ctx, cfg: cfg, styles: NewStyles(true), keys: newGlobalKeys(), help: help.New()}
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

// Update handles global messages and keys, then routes to the active page.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		if m.research != nil {
			m.research.SetSize(msg.Width, m.researchHeight())
		}
		if m.kiosk != nil {
			m.kiosk.SetSize(msg.Width, msg.Height)
		}
		if m.trends != nil {
			m.trends.SetSize(msg.Width, m.researchHeight())
		}
		if m.monitor != nil {
			m.monitor.SetSize(msg.Width, m.researchHeight())
		}
		if m.export != nil {
			m.export.SetSize(msg.Width, m.researchHeight())
		}
		return m, nil
	case openScreenMsg:
		if msg.export {
			m.export = newExportScreen(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds)
			m.export.SetSize(m.w, m.researchHeight())
			m.state = stateExport
			return m, m.export.Init()
		}
		if msg.monitor {
			m.monitor = newMonitor(m.ctx, m.cfg, m.stylesTarget(), msg.study)
			m.monitor.SetSize(m.w, m.researchHeight())
			m.state = stateMonitor
			return m, m.monitor.Init()
		}
		m.trends = newTrends(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds)
		m.trends.SetSize(m.w, m.researchHeight())
		m.state = stateTrends
		return m, m.trends.Init()
	case closeScreenMsg:
		m.trends, m.monitor, m.export = nil, nil, nil
		return m, m.showResearch()
	case tea.BackgroundColorMsg:
		m.styles = NewStyles(msg.IsDark())
		// Pages keep the pointer they were given; refresh their copy.
		*m.stylesTarget() = *m.styles
		return m, nil
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
		if m.state != stateKiosk && key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
	}
	switch m.state {
	case stateKiosk:
		if m.kiosk != nil {
			var cmd tea.Cmd
			m.kiosk, cmd = m.kiosk.Update(msg)
			return m, cmd
		}
	case stateResearch:
		if m.research != nil {
			var cmd tea.Cmd
			m.research, cmd = m.research.Update(msg)
			return m, cmd
		}
	case stateTrends:
		var cmd tea.Cmd
		m.trends, cmd = m.trends.Update(msg)
		return m, cmd
	case stateExport:
		var cmd tea.Cmd
		m.export, cmd = m.export.Update(msg)
		return m, cmd
	case stateMonitor:
		var cmd tea.Cmd
		m.monitor, cmd = m.monitor.Update(msg)
		return m, cmd
	}
	return m, nil
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
		m.research = newResearchPage(m.cfg, m.stylesTarget())
		m.research.SetSize(m.w, m.researchHeight())
	}
	// Init again on coming back from the kiosk: the counts are stale.
	return m.research.Init()
}

// View renders the active page in the alternate screen with mouse clicks.
func (m *Model) View() tea.View {
	var s string
	switch m.state {
	case stateKiosk:
		if m.kiosk != nil {
			s = m.kiosk.View()
		}
	case stateResearch:
		if m.research != nil {
			s = m.research.View() + "\n" + m.stylesTarget().Help.Render(m.help.ShortHelpView(m.researchHelp()))
		}
	case stateTrends:
		s = m.trends.View() + "\n" + m.stylesTarget().Help.Render(m.help.ShortHelpView(m.trends.ShortHelp()))
	case stateExport:
		s = m.export.View() + "\n" + m.stylesTarget().Help.Render(m.help.ShortHelpView(m.export.ShortHelp()))
	case stateMonitor:
		s = m.monitor.View() + "\n" + m.stylesTarget().Help.Render(m.help.ShortHelpView(m.monitor.ShortHelp()))
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

// researchHeight is the height the research pages get: the window less the
// help line the root model draws under them.
func (m *Model) researchHeight() int { return max(0, m.h-1) }

// researchHelp is the help line under the research pages: the page's keys
// and quitting.
func (m *Model) researchHelp() []key.Binding {
	quit := m.keys.Quit
	if m.cfg.Lang == survey.English {
		quit.SetHelp("ctrl+c", "quit")
	} else {
		quit.SetHelp("ctrl+c", "afsluiten")
	}
	return append(m.research.ShortHelp(), quit)
}

// researchPage is the researcher's side (research.go).
type researchPage = research

func newResearchPage(cfg Config, st *Styles) *researchPage { return newResearch(cfg, st) }
