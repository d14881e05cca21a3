package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
			m.screen, m.state = newExportScreen(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds, ""), stateExport
		case msg.monitor:
			m.screen, m.state = newMonitor(m.ctx, m.cfg, m.stylesTarget(), msg.study), stateMonitor
		default:
			m.screen, m.state = newTrends(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds), stateTrends
		}
		m.screen.SetSize(m.w, m.framedHeight())
		return m, m.screen.Init()
	case openExportMsg:
		m.screen, m.state = newExportScreen(m.ctx, m.cfg, m.stylesTarget(), msg.study, msg.rounds, msg.selected), stateExport
		m.screen.SetSize(m.w, m.framedHeight())
		return m, m.screen.Init()
	case closeScreenMsg:
		m.screen = nil
		return m, m.showResearch()
	case catalogueMsg:
		if msg.err != nil {
			m.err = msg.err
		}
		return m, nil
	case startupMsg:
		if msg.fatal {
			m.fatal = msg.err
			return m, tea.Quit
		}
		if msg.deviceID != "" {
			// Before any page is made: each keeps a copy of the Config.
			m.cfg.DeviceID = msg.deviceID
		}
		if msg.err != nil {
			m.err = msg.err
		}
		if msg.roundID != "" {
			return m, storeKioskCmd(m.ctx, m.cfg, msg.roundID, msg.schoolID)
		}
		return m, m.showResearch()
	case researchStudiesMsg:
		if m.research == nil {
			return m, nil
		}
		cmd := m.research.Update(msg)
		if !m.catalogueAsked {
			m.catalogueAsked = true
			cmd = tea.Batch(cmd, loadCatalogueCmd(m.cfg))
		}
		return m, cmd
	case researchSyncedMsg, researchSyncStatusMsg:
		// A sync ends on the study page even when another page shows.
		if m.research != nil {
			return m, m.research.Update(msg)
		}
		return m, nil
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
		if m.cfg.KioskRound != "" && m.cfg.KioskSchool != "" {
			// Started as a kiosk from the command line (peil kiosk
			// --round --school): the PIN leaves peil, back to the shell.
			return m, tea.Sequence(storeKioskCmd(m.ctx, m.cfg, "", ""), tea.Quit)
		}
		return m, storeKioskCmd(m.ctx, m.cfg, "", "")
	case tea.KeyPressMsg:
		// In the kiosk the same keys open the PIN prompt (the kiosk's own).
		if m.state != stateKiosk {
			if cmd, used := m.globalKey(msg); used {
				return m, cmd
			}
		}
	}
	if p := m.active(); p != nil {
		return m, p.Update(msg)
	}
	return m, nil
}

// globalKey handles the keys every researcher page has: quitting, the
// list of keys, and q, which leaves a page as its Esc does (and quits
// from the study list). It reports whether the key was used.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		return tea.Quit, true
	case m.showKeys:
		// The list of keys covers the page: its keys wait.
		if key.Matches(msg, m.keys.CloseHelp) {
			m.showKeys = false
		}
		return nil, true
	case m.typing():
		return nil, false
	case key.Matches(msg, m.keys.Help):
		m.showKeys = true
		return nil, true
	case key.Matches(msg, m.keys.Leave):
		if m.state == stateResearch && m.research != nil && m.research.view == viewStudies {
			return tea.Quit, true
		}
		if p := m.active(); p != nil {
			return p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}), true
		}
	}
	return nil, false
}

// typing reports whether a text field of a researcher page has the focus,
// so that q and ? are text there.
func (m *Model) typing() bool {
	switch m.state {
	case stateResearch:
		return m.research != nil && (m.research.form != nil || m.research.imp != nil)
	case stateExport:
		e, ok := m.screen.(*exportScreen)
		return ok && e.phase == exportChoosing
	}
	return false
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
		switch {
		case m.state == stateKiosk:
			s = p.View()
		case m.showKeys:
			s = m.keysView(p)
		default:
			s = p.View() + "\n" + m.helpLine(p)
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

// globalHelp is the root's part of the help line: the list of keys and
// quitting (while a field has the focus, quitting only).
func (m *Model) globalHelp() []key.Binding {
	if m.typing() {
		return []key.Binding{m.keys.Quit}
	}
	return []key.Binding{m.keys.Help, m.keys.Quit}
}

// helpKeys is the help line under a researcher's page: the page's keys,
// then the root's.
func (m *Model) helpKeys(p page) []key.Binding {
	return append(p.ShortHelp(), m.globalHelp()...)
}

// helpLine renders the help line: the root's keys always whole at the
// end, the page's before them as far as they fit (? lists them all).
func (m *Model) helpLine(p page) string {
	h := m.help
	h.SetWidth(0) // fitHelp cuts
	g := h.ShortHelpView(m.globalHelp())
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	line := g
	if left := fitHelp(h, p.ShortHelp(), m.w-lipgloss.Width(g)-lipgloss.Width(sep)); left != "" {
		line = left + sep + g
	}
	return m.stylesTarget().Help.Render(line)
}

// fitHelp renders as many of bs as fit in width, with an ellipsis when
// some are left out. (help.Model's own cut adds the item that does not
// fit when its ellipsis does not fit either.)
func fitHelp(h help.Model, bs []key.Binding, width int) string {
	for n := len(bs); n > 0; n-- {
		s := h.ShortHelpView(bs[:n])
		if n < len(bs) {
			s += " " + h.Styles.Ellipsis.Render(h.Ellipsis)
		}
		if lipgloss.Width(s) <= width {
			return s
		}
	}
	return ""
}

// keysView lists every key of the page, one a line, in columns as the
// page groups them, side by side where they fit.
func (m *Model) keysView(p page) string {
	st := m.stylesTarget()
	t := localize[rootText](rootTexts(), m.cfg.Lang)
	groups := append(p.FullHelp(), []key.Binding{m.keys.Leave, m.keys.Help, m.keys.Quit})
	var cols []string
	for _, g := range groups {
		kw := 0
		for _, b := range g {
			if b.Enabled() {
				kw = max(kw, lipgloss.Width(b.Help().Key))
			}
		}
		var lines []string
		for _, b := range g {
			if b.Enabled() && b.Help().Key != "" {
				lines = append(lines, st.Header.Render(cellLeft(b.Help().Key, kw))+"  "+st.Text.Render(b.Help().Desc))
			}
		}
		if len(lines) > 0 {
			cols = append(cols, strings.Join(lines, "\n"))
		}
	}
	// Side by side while they fit, then under each other.
	var rows []string
	var row []string
	width := 0
	for _, c := range cols {
		w := lipgloss.Width(c) + 4
		if len(row) > 0 && width+w > m.w {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, width = nil, 0
		}
		row = append(row, c, "    ")
		width += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	s := st.Title.Render(t.KeysTitle) + "\n\n" + strings.Join(rows, "\n\n")
	lines := strings.Split(s, "\n")
	for len(lines) < m.framedHeight() {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n") + "\n" + st.Help.Render(m.help.ShortHelpView([]key.Binding{m.keys.CloseHelp, m.keys.Quit}))
}
