package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

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
