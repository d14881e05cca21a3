package tui

import (
	"fmt"
	"strings"

	"peil/analysis"
)

// Column widths of the trends table.
const (
	trendsNW     = 5 // n, or "< 5"
	trendsMeanW  = 5 // 3,41
	trendsAlphaW = 6 // 0,62! or −0,15!
	trendsDiffW  = 8 // +0,25 or nieuw*
	trendsDW     = 6 // +0,31
	trendsListW  = 22
)

// View renders the screen in exactly the size set by SetSize.
func (m *trends) View() string {
	t, w := m.txt, m.width
	title := fmt.Sprintf(t.Title, m.study.Code)
	if len(m.instruments) > 0 {
		title += " · " + m.instruments[m.instr].Title
	}
	const head = 2 // the title and the filter line
	var body []string
	groups := ""
	switch {
	case len(m.instruments) == 0:
		body = []string{"", m.st.Muted.Render(cellLeft(t.NoInstruments, w))}
	case m.err != "":
		body = []string{"", m.st.Error.Render(cellLeft("! "+m.err, w))}
	case m.loading || m.report() == nil:
		body = []string{"", m.st.Muted.Render(cellLeft(m.spin.View()+" "+t.Computing, w))}
	case len(m.scaleMeasures()) == 0:
		body = []string{"", m.st.Muted.Render(cellLeft(t.NoScales, w))}
	case m.picking:
		body = m.pickView(m.height - head)
	case m.drill:
		body = m.itemsView(m.height - head)
	default:
		body = m.mainView(m.height - head)
		groups = m.groupsShown()
	}
	top := append([]string{m.st.Title.Render(cellLeft(title, w)), m.filterLine(groups)}, body...)
	return fitLines(top, m.width, m.height)
}

// groupsShown says which of the groups the chart and table show:
// "1–6 van 25 werkplaatsen · ←/→ meer", or "alle 5 werkplaatsen"; "" when
// there is one.
func (m *trends) groupsShown() string {
	t, n := m.txt, len(m.shown())
	switch {
	case n <= 1 && len(m.picked) == 0:
		return ""
	case len(m.picked) > 0:
		s := fmt.Sprintf(t.Picked, n, len(m.rows()), t.Workplaces)
		if m.perPage < n {
			s += fmt.Sprintf(" · %d–%d ←/→", m.offset+1, min(m.offset+m.perPage, n))
		}
		return s
	case m.perPage >= n:
		return fmt.Sprintf(t.GroupsAll, n, t.Workplaces)
	}
	last := min(m.offset+m.perPage, n)
	return fmt.Sprintf(t.GroupsShown, m.offset+1, last, n, t.Workplaces)
}

// filterLine shows the filters and the keys that change them, and which
// groups are shown.
func (m *trends) filterLine(groups string) string {
	t := m.txt
	var parts []string
	role := t.AllRoles
	if rs := m.roles(); m.role > 0 && m.role <= len(rs) {
		role = rs[m.role-1]
	}
	parts = append(parts, fmt.Sprintf("r %s: %s", t.Role, role))
	split := t.Split
	if m.merged {
		split = t.Merged
	}
	parts = append(parts, "s "+split)
	if groups != "" {
		parts = append(parts, groups)
	}
	// The instrument last: it is offered only when there are two or
	// more.
	if len(m.instruments) > 1 {
		parts = append(parts, fmt.Sprintf("i %s %d/%d", t.Instrument, m.instr+1, len(m.instruments)))
	}
	return m.st.Muted.Render(cellLeft(strings.Join(parts, " · "), m.width))
}

// mainView is the scale list and chart side by side, the table under them.
func (m *trends) mainView(h int) []string {
	t, w := m.txt, m.width
	scales := m.scaleMeasures()
	ms := scales[m.scale]
	if len(m.rows()) == 0 {
		return []string{"", m.st.Muted.Render(cellLeft(t.RoleMerged, w))}
	}
	rows := m.shown()
	chartH, perPage, note, low := m.layout(ms, rows, h)
	listW := min(trendsListW, w/4)
	chartW := w - listW - 1
	m.perPage = perPage
	m.offset = min(m.offset, max(len(rows)-m.perPage, 0))
	inView := rows[m.offset:min(len(rows), m.offset+m.perPage)]

	chart := m.chart(ms, inView, chartW, chartH)
	list := m.scaleList(scales, listW, chartH+1)
	var out []string
	for i := range chartH + 1 {
		out = append(out, list[i]+" "+chart[i])
	}
	out = append(out, m.table(ms, inView)...)
	if note {
		out = append(out, m.st.Muted.Render(cellLeft(t.NewNote, w)))
	}
	if low {
		out = append(out, m.st.Warning.Render(cellLeft(fmt.Sprintf(t.LowAlphaNote, t.num(analysis.LowAlpha, 2)), w)))
	}
	return out
}

// layout divides the h lines of the main view: the chart's height, and
// a page of groups, as many as the table has room for and the chart has
// markers (the chart draws the same groups as the table); note and low
// say whether the notes on new measures and low alphas take a line.
func (m *trends) layout(ms *analysis.Measure, rows []int, h int) (chartH, perPage int, note, low bool) {
	chartH = min(max(h/2, 7), 20)
	tableRoom := max(h-chartH-1-2, 1) // legend, two header lines
	note = m.hasNew(ms, rows)
	if note {
		tableRoom = max(tableRoom-1, 1)
	}
	low = m.hasLowAlpha(ms, rows)
	if low {
		tableRoom = max(tableRoom-1, 1)
	}
	return chartH, min(tableRoom, len(chartMarkers)), note, low
}

// pageSize is how many groups a page of the main view shows.
func (m *trends) pageSize() int {
	scales := m.scaleMeasures()
	if len(scales) == 0 {
		return 1
	}
	_, n, _, _ := m.layout(scales[m.scale], m.shown(), m.height-2)
	return n
}

// hasLowAlpha reports whether a shown cell of rows has a low alpha.
func (m *trends) hasLowAlpha(ms *analysis.Measure, rows []int) bool {
	for _, g := range rows {
		for _, c := range ms.Cells[g] {
			if c.Status == analysis.Shown && c.IsLowAlpha() {
				return true
			}
		}
	}
	return false
}

// hasNew reports whether a shown row has a cell new in its round.
func (m *trends) hasNew(ms *analysis.Measure, rows []int) bool {
	for _, g := range rows {
		for _, c := range ms.Cells[g] {
			if c.Status == analysis.Shown && c.Change.Status == analysis.NoEarlierRound {
				return true
			}
		}
	}
	return false
}
