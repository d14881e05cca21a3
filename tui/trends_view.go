package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"peil/analysis"
	"peil/survey"
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

// scaleList is the list of scales, the chosen one marked, h lines.
func (m *trends) scaleList(scales []*analysis.Measure, w, h int) []string {
	lines := []string{m.st.Header.Render(cellLeft(m.txt.Scales, w))}
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

// chart draws the mean per round, one line per group, and the target when
// set; h lines of w cells plus a legend line. The axis shows the part of
// the 1-5 scale the values use (see axisRange), labelled, so that groups
// a few tenths apart get lines of their own.
func (m *trends) chart(ms *analysis.Measure, groups []int, w, h int) []string {
	rep := m.report()
	cv := newGrid(w, h)
	ph := h - 2 // plot rows; then the axis and the round labels
	var vals []float64
	for _, g := range groups {
		for _, c := range ms.Cells[g] {
			if c.Status == analysis.Shown {
				vals = append(vals, c.Mean)
			}
		}
	}
	number := isNumberItem(ms)
	if ms.HasTarget && (number || ms.Target >= 1 && ms.Target <= 5) {
		vals = append(vals, ms.Target)
	}
	var lo, hi, step float64
	var decimals int
	if number {
		lo, hi, step, decimals = numberAxis(vals, ph)
	} else {
		lo, hi = axisRange(vals)
		step, decimals = 1.0, 0
		if float64(ph-1)*0.5/(hi-lo) >= 1.5 || hi-lo < 2 {
			step, decimals = 0.5, 1
		}
	}
	labW := max(len(m.txt.num(lo, decimals)), len(m.txt.num(hi, decimals)))
	ax := labW // the axis column
	x0, x1 := ax+2, w-2
	yOf := func(v float64) float64 { return (hi - v) / (hi - lo) * float64(ph-1) }
	for y := range ph {
		cv.set(point{X: ax, Y: y}, '│', &m.st.Axis)
	}
	for i := 0; lo+float64(i)*step <= hi+step*1e-9; i++ {
		v := lo + float64(i)*step
		y := int(math.Round(yOf(v)))
		for j, r := range cellRight(m.txt.num(v, decimals), labW) {
			cv.set(point{X: j, Y: y}, r, &m.st.Axis)
		}
		cv.set(point{X: ax, Y: y}, '┤', &m.st.Axis)
	}
	cv.set(point{X: ax, Y: ph}, '└', &m.st.Axis)
	for x := ax + 1; x < w; x++ {
		cv.set(point{X: x, Y: ph}, '─', &m.st.Axis)
	}
	nR := len(rep.Rounds)
	xOf := func(r int) int {
		if nR == 1 {
			return (x0 + x1) / 2
		}
		return x0 + r*(x1-x0)/(nR-1)
	}
	// Round labels under the axis, centred on their points.
	gap := x1 - x0
	if nR > 1 {
		gap = (x1 - x0) / (nR - 1)
	}
	for r, name := range roundLabels(rep.Rounds, gap-1) {
		label := []rune(name)
		x := min(max(xOf(r)-len(label)/2, 0), w-len(label))
		for j, r := range label {
			cv.set(point{X: x + j, Y: ph + 1}, r, &m.st.Axis)
		}
	}
	if ms.HasTarget && ms.Target >= lo && ms.Target <= hi {
		y := int(math.Round(yOf(ms.Target)))
		for x := x0 - 1; x <= x1; x++ {
			cv.set(point{X: x, Y: y}, '┄', &m.st.Target)
		}
	}
	// Lines on a braille canvas right of the axis: 2×4 dots a cell, so
	// groups a tenth apart get lines of their own.
	px0 := ax + 1
	br := newBraille(w-px0, ph)
	dotY := func(v float64) int { return min(max(int(math.Round(yOf(v)*4+1.5)), 0), 4*ph-1) }
	dotX := func(x int) int { return 2 * (x - px0) }
	legend := make([]string, 0, len(groups)+1)
	type mark struct {
		p point
		r rune
		s *lipgloss.Style
	}
	var marks []mark // drawn after every line, so no line hides a point
	for i, g := range groups {
		if i >= len(chartMarkers) {
			break
		}
		style := &m.st.Series[i%len(m.st.Series)]
		var prev *point
		for r, c := range ms.Cells[g] {
			if c.Status != analysis.Shown {
				prev = nil
				continue
			}
			d := point{X: dotX(xOf(r)), Y: dotY(c.Mean)}
			if prev != nil {
				br.line(*prev, d, style)
			}
			prev = &d
			marks = append(marks, mark{point{X: xOf(r), Y: d.Y / 4}, chartMarkers[i], style})
		}
		legend = append(legend, style.Render(string(chartMarkers[i])+" "+m.groupLabel(g)))
	}
	br.drawOn(cv, px0, 0)
	// A marker whose cell another group's marker took moves beside it,
	// on the same row (its value), so that close groups all show.
	taken := map[point]bool{}
	for _, mk := range marks {
		p := mk.p
		for _, dx := range []int{0, 1, -1, 2, -2, 3, -3} {
			q := point{X: mk.p.X + dx, Y: mk.p.Y}
			if q.X >= px0 && q.X < w && !taken[q] {
				p = q
				break
			}
		}
		taken[p] = true
		cv.set(p, mk.r, mk.s)
	}
	if ms.HasTarget {
		legend = append(legend, m.st.Target.Render("┄ "+fmt.Sprintf(m.txt.Target, m.txt.num(ms.Target, ms.Decimals))))
	}
	lines := cv.lines()
	return append(lines, cellLeft(strings.Join(legend, "  "), w))
}

// tableRounds chooses the rounds that fit in width w beside the group
// column: the first round (the baseline, n and mean only) and as many of
// the last rounds as fit.
func tableRounds(nR, w int) []int {
	first := 1 + trendsNW + 1 + trendsMeanW + 1 + trendsAlphaW
	rest := first + 1 + trendsDiffW + 1 + trendsDW // each later round
	fit := 1 + max((w-first)/rest, 0)
	out := []int{0}
	for r := max(1, nR-fit+1); r < nR; r++ {
		out = append(out, r)
	}
	return out
}

// table is the n, mean, change and d of each group in view, per round.
func (m *trends) table(ms *analysis.Measure, groups []int) []string {
	t, w := m.txt, m.width
	rep := m.report()
	labW := 10
	rounds := tableRounds(len(rep.Rounds), w-labW)
	head1 := cellLeft("", labW)
	head2 := cellLeft(t.ColGroup, labW)
	// The baseline's columns (n and mean) are the narrowest: their width
	// bounds every round's label, so that the labels shorten alike.
	names := roundLabels(rep.Rounds, trendsNW+1+trendsMeanW+1+trendsAlphaW)
	for _, r := range rounds {
		cols := " " + cellRight(t.ColN, trendsNW) + " " + cellRight(t.ColMean, trendsMeanW) + " " + cellRight(t.ColAlpha, trendsAlphaW)
		if r > 0 {
			cols += " " + cellRight(t.ColDiff, trendsDiffW) + " " + cellRight(t.ColD, trendsDW)
		}
		head1 += " " + cellLeft(names[r], len([]rune(cols))-1)
		head2 += cols
	}
	out := []string{m.st.TableHead.Render(cellLeft(head1, w)), m.st.TableHead.Render(cellLeft(head2, w))}
	for i, g := range groups {
		mark := "  "
		if i < len(chartMarkers) {
			mark = string(chartMarkers[i]) + " "
		}
		line := m.st.Cell.Render(cellLeft(mark+m.groupLabel(g), labW))
		for _, r := range rounds {
			c := ms.Cells[g][r]
			n, mean, alpha, diff, d := "–", "", "", "", ""
			alphaStyle := &m.st.Cell
			switch c.Status {
			case analysis.Shown:
				n, mean = c.NText(), t.fitNum(c.Mean, ms.Decimals, trendsMeanW)
				if c.AlphaN > 0 {
					alpha = t.num(c.Alpha, 2)
					if c.Alpha < 0 && alpha != t.num(0, 2) {
						alpha = "−" + t.num(-c.Alpha, 2)
					}
				}
				if c.IsLowAlpha() {
					alpha += "!"
					alphaStyle = &m.st.Warning
				}
				switch c.Change.Status {
				case analysis.Compared:
					diff, d = t.fitSigned(c.Change.Diff, ms.Decimals, trendsDiffW), t.signed(c.Change.D, 2)
				case analysis.NoEarlierRound:
					diff = t.New
				case analysis.BaselineSuppressed:
					diff = "–"
				}
			case analysis.Suppressed, analysis.Empty:
				n = c.NText()
			}
			line += m.st.Cell.Render(" "+cellRight(n, trendsNW)+" "+cellRight(mean, trendsMeanW)+" ") + alphaStyle.Render(cellRight(alpha, trendsAlphaW))
			if r > 0 {
				line += m.st.Cell.Render(" " + cellRight(diff, trendsDiffW) + " " + cellRight(d, trendsDW))
			}
		}
		out = append(out, line+m.st.Cell.Render(strings.Repeat(" ", max(w-ansi.StringWidth(line), 0))))
	}
	return out
}

// itemsView is the drill-down: per item of the scale, a stacked bar of
// its answers per round for one group.
func (m *trends) itemsView(h int) []string {
	t, w := m.txt, m.width
	rep := m.report()
	ms := m.scaleMeasures()[m.scale]
	rows := m.rows()
	if len(rows) == 0 {
		return []string{"", m.st.Muted.Render(cellLeft(t.RoleMerged, w))}
	}
	g := rows[min(m.group, len(rows)-1)]
	head := append([]string{
		m.st.Header.Render(cellLeft(fmt.Sprintf(t.ItemsTitle, ms.Label.Get(t.lang), m.groupLabel(g)), w)),
	}, m.legend()...)
	var scale *survey.Scale
	for i, sc := range m.instruments[m.instr].Scales {
		if sc.ID == ms.ID {
			scale = &m.instruments[m.instr].Scales[i]
		}
	}
	roundW := 0
	for _, r := range rep.Rounds {
		roundW = max(roundW, len([]rune(r)))
	}
	roundW = min(roundW, 14)
	roundNames := roundLabels(rep.Rounds, roundW)
	tailW := 22 // " wn 12% · eens 100%"
	barW := max(w-2-roundW-1-tailW, 10)
	var body []string
	for i := range rep.Measures {
		it := &rep.Measures[i]
		if it.Kind != analysis.ItemMeasure {
			continue
		}
		if scale != nil && !slices.Contains(scale.Items, it.ID) {
			continue
		}
		label := it.ID + " " + it.Label.Get(t.lang)
		if scale != nil && scale.IsReversed(it.ID) {
			label += " " + t.Reversed
		}
		if !it.Asked[0] {
			label += " · " + t.NoEarlier
		}
		if slices.Contains(it.Reworded, true) {
			label += " · " + t.Reworded
		}
		body = append(body, m.st.Header.Render(cellLeft(label, w)))
		for r, c := range it.Cells[g] {
			prefix := "  " + cellLeft(roundNames[r], roundW) + " "
			switch c.Status {
			case analysis.Shown:
				tail := fmt.Sprintf(" %s %s", t.DontKnowShort, t.percent(c.DontKnow))
				if it.AgreeFrom > 0 {
					tail += fmt.Sprintf(" · %s %s", t.Agree, t.percent(c.Agree))
				}
				body = append(body, prefix+m.bar(it, c, barW)+m.st.Muted.Render(cellLeft(tail, tailW)))
			case analysis.NotAsked:
				body = append(body, m.st.Muted.Render(cellLeft(prefix+t.NotAsked, w)))
			default:
				body = append(body, m.st.Muted.Render(cellLeft(prefix+c.NText(), w)))
			}
		}
	}
	room := max(h-len(head), 1)
	m.offset = min(m.offset, max(len(body)-room, 0))
	end := min(len(body), m.offset+room)
	if end < len(body) {
		end--
		body = append(body[:end:end], m.st.Muted.Render(cellLeft(fmt.Sprintf(t.ScrollMore, len(body)-end), w)))
		return append(head, body[m.offset:]...)
	}
	return append(head, body[m.offset:end]...)
}

// legend explains the bar segments: fill character, code and label.
func (m *trends) legend() []string {
	t := m.txt
	parts := make([]string, 0, 6)
	for i := range survey.LikertPoints {
		parts = append(parts, m.st.Agreement[i].Render(fmt.Sprintf("%c%c %d", barFills[i], barFills[i], i+1)))
	}
	parts = append(parts, m.st.Agreement[5].Render(fmt.Sprintf("%c%c %s", barFills[5], barFills[5], survey.DontKnowLabel.Get(t.lang))))
	ends := fmt.Sprintf("1 = %s · 5 = %s", strings.ToLower(survey.LikertLabels[0].Get(t.lang)), strings.ToLower(survey.LikertLabels[4].Get(t.lang)))
	return []string{cellLeft(strings.Join(parts, "  "), m.width), m.st.Muted.Render(cellLeft(ends, m.width))}
}

// bar draws an item's answer distribution in w cells: one segment per
// agreement point and one for "don't know", sized by largest remainder so
// the segments fill the bar exactly.
func (m *trends) bar(it *analysis.Measure, c analysis.Cell, w int) string {
	if len(c.Dist) == 0 || it.Type != survey.Likert {
		return cellLeft("", w)
	}
	cells := make([]int, len(c.Dist))
	rem := make([]float64, len(c.Dist))
	used := 0
	for i, s := range c.Dist {
		x := s * float64(w)
		cells[i] = int(x)
		rem[i] = x - float64(cells[i])
		used += cells[i]
	}
	for ; used < w; used++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		cells[best]++
		rem[best] = -1
	}
	var b strings.Builder
	for i, n := range cells {
		if n == 0 {
			continue
		}
		slot := i
		if it.Options[i].Code == analysis.DontKnow {
			slot = 5
		} else if code := int(it.Options[i].Code); code >= 1 && code <= survey.LikertPoints {
			slot = code - 1
		}
		b.WriteString(m.st.Agreement[slot].Render(strings.Repeat(string(barFills[slot]), n)))
	}
	return b.String()
}
