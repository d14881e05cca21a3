package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"peil/analysis"
	"peil/survey"
)

// Column widths of the trends table.
const (
	trendsNW    = 5 // n, or "< 5"
	trendsMeanW = 5 // 3,41
	trendsDiffW = 8 // +0,25 or nieuw*
	trendsDW    = 6 // +0,31
	trendsListW = 22
)

// View renders the screen in exactly the size set by SetSize.
func (m *trends) View() string {
	t, w := m.txt, m.width
	title := fmt.Sprintf(t.Title, m.study.Code)
	if len(m.instruments) > 0 {
		title += " · " + m.instruments[m.instr].Title
	}
	top := []string{m.st.Title.Render(cellLeft(title, w)), m.filterLine()}
	switch {
	case len(m.instruments) == 0:
		top = append(top, "", m.st.Muted.Render(cellLeft(t.NoInstruments, w)))
	case m.err != "":
		top = append(top, "", m.st.Error.Render(cellLeft("! "+m.err, w)))
	case m.loading || m.report() == nil:
		top = append(top, "", m.st.Muted.Render(cellLeft(m.spin.View()+" "+t.Computing, w)))
	case len(m.scaleMeasures()) == 0:
		top = append(top, "", m.st.Muted.Render(cellLeft(t.NoScales, w)))
	case m.drill:
		top = append(top, m.itemsView(m.height-len(top))...)
	default:
		top = append(top, m.mainView(m.height-len(top))...)
	}
	return fitLines(top, m.width, m.height)
}

// filterLine shows the filters and the keys that change them.
func (m *trends) filterLine() string {
	t := m.txt
	var parts []string
	if len(m.instruments) > 1 {
		parts = append(parts, fmt.Sprintf("i %s %d/%d", t.Instrument, m.instr+1, len(m.instruments)))
	}
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
	return m.st.Muted.Render(cellLeft(strings.Join(parts, " · "), m.width))
}

// mainView is the scale list and chart side by side, the table under them.
func (m *trends) mainView(h int) []string {
	t, w := m.txt, m.width
	scales := m.scaleMeasures()
	ms := scales[m.scale]
	rows := m.rows()
	if len(rows) == 0 {
		return []string{"", m.st.Muted.Render(cellLeft(t.RoleMerged, w))}
	}
	chartH := min(max(h/2, 7), 20)
	listW := min(trendsListW, w/4)
	chartW := w - listW - 1

	// The table rows in view decide the chart's lines.
	tableRoom := max(h-chartH-1-2, 1) // legend, two header lines
	note := m.hasNew(ms, rows)
	if note {
		tableRoom = max(tableRoom-1, 1)
	}
	m.offset = min(m.offset, max(len(rows)-tableRoom, 0))
	inView := rows[m.offset:min(len(rows), m.offset+tableRoom)]
	below := len(rows) - m.offset - len(inView)
	if below > 0 && len(inView) > 1 {
		inView = inView[:len(inView)-1]
		below++
	}

	chart := m.chart(ms, inView, chartW, chartH)
	list := m.scaleList(scales, listW, chartH+1)
	var out []string
	for i := range chartH + 1 {
		out = append(out, list[i]+" "+chart[i])
	}
	out = append(out, m.table(ms, inView)...)
	if below > 0 {
		out = append(out, m.st.Muted.Render(cellLeft(fmt.Sprintf(t.ScrollMore, below), w)))
	}
	if note {
		out = append(out, m.st.Muted.Render(cellLeft(t.NewNote, w)))
	}
	return out
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
	if ms.HasTarget && ms.Target >= 1 && ms.Target <= 5 {
		vals = append(vals, ms.Target)
	}
	lo, hi := axisRange(vals)
	step, decimals := 1.0, 0
	if float64(ph-1)*0.5/(hi-lo) >= 1.5 || hi-lo < 2 {
		step, decimals = 0.5, 1
	}
	labW := len(m.txt.num(5, decimals))
	ax := labW // the axis column
	x0, x1 := ax+2, w-2
	yOf := func(v float64) float64 { return (hi - v) / (hi - lo) * float64(ph-1) }
	for y := range ph {
		cv.set(point{X: ax, Y: y}, '│', &m.st.Axis)
	}
	for v := lo; v <= hi+1e-9; v += step {
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
	if ms.HasTarget && ms.Target >= 1 && ms.Target <= 5 {
		y := int(math.Round(yOf(ms.Target)))
		for x := x0 - 1; x <= x1; x++ {
			cv.set(point{X: x, Y: y}, '┄', &m.st.Target)
		}
	}
	legend := make([]string, 0, len(groups)+1)
	var marks []func() // drawn after every line, so no line hides a point
	for i, g := range groups {
		if i >= len(chartMarkers) {
			break
		}
		style := &m.st.Series[i%len(m.st.Series)]
		var prev *point
		var points []point
		for r, c := range ms.Cells[g] {
			if c.Status != analysis.Shown {
				prev = nil
				continue
			}
			p := point{X: xOf(r), Y: int(math.Round(yOf(c.Mean)))}
			if prev != nil {
				for _, q := range linePoints(*prev, p) {
					cv.set(q, '·', style)
				}
			}
			points = append(points, p)
			prev = &points[len(points)-1]
		}
		marks = append(marks, func() {
			for _, p := range points {
				cv.set(p, chartMarkers[i], style)
			}
		})
		legend = append(legend, style.Render(string(chartMarkers[i])+" "+m.groupLabel(g)))
	}
	for _, mark := range marks {
		mark()
	}
	if ms.HasTarget {
		legend = append(legend, m.st.Target.Render("┄ "+fmt.Sprintf(m.txt.Target, m.txt.num(ms.Target, 2))))
	}
	lines := cv.lines()
	return append(lines, cellLeft(strings.Join(legend, "  "), w))
}

// tableRounds chooses the rounds that fit in width w beside the group
// column: the first round (the baseline, n and mean only) and as many of
// the last rounds as fit.
func tableRounds(nR, w int) []int {
	first := 1 + trendsNW + 1 + trendsMeanW
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
	names := roundLabels(rep.Rounds, trendsNW+1+trendsMeanW)
	for _, r := range rounds {
		cols := " " + cellRight(t.ColN, trendsNW) + " " + cellRight(t.ColMean, trendsMeanW)
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
		line := cellLeft(mark+m.groupLabel(g), labW)
		for _, r := range rounds {
			c := ms.Cells[g][r]
			n, mean, diff, d := "–", "", "", ""
			switch c.Status {
			case analysis.Shown:
				n, mean = c.NText(), t.num(c.Mean, 2)
				switch c.Change.Status {
				case analysis.Compared:
					diff, d = t.signed(c.Change.Diff, 2), t.signed(c.Change.D, 2)
				case analysis.NoEarlierRound:
					diff = t.New
				case analysis.BaselineSuppressed:
					diff = "–"
				}
			case analysis.Suppressed, analysis.Empty:
				n = c.NText()
			}
			line += " " + cellRight(n, trendsNW) + " " + cellRight(mean, trendsMeanW)
			if r > 0 {
				line += " " + cellRight(diff, trendsDiffW) + " " + cellRight(d, trendsDW)
			}
		}
		out = append(out, m.st.Cell.Render(cellLeft(line, w)))
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
