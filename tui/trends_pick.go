package tui

import (
	"fmt"
	"slices"
	"strings"

	"peil/analysis"
)

// pickView is the list of groups to choose the chart's from: a box per
// group, the chosen ones marked with their chart marker.
func (m *trends) pickView(h int) []string {
	t, w := m.txt, m.width
	rows := m.rows()
	out := []string{m.st.Header.Render(cellLeft(fmt.Sprintf(t.PickTitle, len(chartMarkers)), w))}
	room := max(h-1, 1)
	first := 0
	if m.pickAt >= room {
		first = m.pickAt - room + 1
	}
	n := m.report().Measures[0] // the respondent counts
	for i := first; i < len(rows) && len(out) < h; i++ {
		g := rows[i]
		box := "[ ]"
		if slices.Contains(m.picked, g) {
			box = "[x]"
		}
		last := ""
		if c := n.Cells[g]; len(c) > 0 {
			last = "n " + c[len(c)-1].NText()
		}
		label := box + " " + cellLeft(m.groupLabel(g), 12) + " " + last
		if i == m.pickAt {
			out = append(out, m.st.Selected.Render("› "+cellLeft(label, w-2)))
		} else {
			out = append(out, m.st.Option.Render("  "+cellLeft(label, w-2)))
		}
	}
	return out
}

// scaleList is the list of scales, the chosen one marked, h lines.
func (m *trends) scaleList(scales []*analysis.Measure, w, h int) []string {
	head := m.txt.Scales
	for _, sc := range scales {
		if sc.Kind == analysis.ItemMeasure {
			head = m.txt.ScalesNumbers // integer and decimal items follow the scales
			break
		}
	}
	lines := []string{m.st.Header.Render(cellLeft(head, w))}
	room := h - 1
	first := 0
	if m.scale >= room {
		first = m.scale - room + 1
	}
	for i := first; i < len(scales) && len(lines) < h; i++ {
		label := scales[i].Label.Get(m.txt.lang)
		if i == m.scale {
			lines = append(lines, m.st.Selected.Render("› "+cellLeft(label, w-2)))
		} else {
			lines = append(lines, m.st.Option.Render("  "+cellLeft(label, w-2)))
		}
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines
}
