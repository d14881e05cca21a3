package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"

	"peil/analysis"
)

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
