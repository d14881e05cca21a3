package tui

import (
	tea "charm.land/bubbletea/v2"
)

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
