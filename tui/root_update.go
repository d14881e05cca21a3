package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

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

// typing reports whether a text field of the active page has the focus,
// so that q and ? are text there. Pages with text fields say so (typer).
func (m *Model) typing() bool {
	t, ok := m.active().(typer)
	return ok && t.typing()
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

func (m *Model) showResearch() tea.Cmd {
	m.state = stateResearch
	if m.research == nil {
		m.research = newResearch(m.cfg, m.stylesTarget())
		m.research.SetSize(m.w, m.framedHeight())
	}
	// Init again on coming back from the kiosk: the counts are stale.
	return m.research.Init()
}
