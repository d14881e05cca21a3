package tui

import (
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
)

// The chart kit: a grid of styled cells to draw on, straight lines, the
// markers and fills that tell series and answers apart without colour,
// the axis range and round labels. The trends screen draws with it.

// chartMarkers mark each group's points in the chart, so lines can be told
// apart without colour; a chart shows at most this many groups at once
// (the table rows in view).
var chartMarkers = [...]rune{'●', '■', '▲', '◆', '×', '+'}

// barFills fill the segments of an item's stacked bar: agreement 1 to 5,
// then "don't know". Each differs in shape, not only in colour.
var barFills = [6]rune{'░', '▒', '·', '▓', '█', '?'}

// axisRange is the part of the 1-5 axis a chart of vals shows: their
// lowest and highest value, rounded out to halves, at least 1 apart (so
// that small differences do not look large), within 1 and 5. Without
// values it is the whole axis.
func axisRange(vals []float64) (lo, hi float64) {
	if len(vals) == 0 {
		return 1, 5
	}
	lo, hi = slices.Min(vals), slices.Max(vals)
	lo, hi = math.Floor(lo*2)/2, math.Ceil(hi*2)/2
	for hi-lo < 1 {
		if lo > 1 {
			lo -= 0.5
		}
		if hi-lo < 1 && hi < 5 {
			hi += 0.5
		}
	}
	return max(lo, 1), min(hi, 5)
}

// numberAxis is the axis of a number item's chart with ph rows: from
// below the lowest to above the highest of vals in steps of 1, 2 or 5
// times a power of ten, at most about one label every other row, and the
// decimals its labels need. Without values it is 0 to 1.
func numberAxis(vals []float64, ph int) (lo, hi, step float64, decimals int) {
	if len(vals) == 0 {
		return 0, 1, 0.5, 1
	}
	lo, hi = slices.Min(vals), slices.Max(vals)
	if hi-lo < 1e-9*max(1, math.Abs(hi)) {
		lo, hi = lo-max(0.5, math.Abs(lo)*0.05), hi+max(0.5, math.Abs(hi)*0.05)
	}
	raw := (hi - lo) / float64(max((ph-1)/2, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, f := range []float64{1, 2, 5} {
		if f*mag >= raw {
			step = f * mag
			break
		}
	}
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	decimals = max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	return lo, hi, step, decimals
}

// roundLabels shortens round names to at most width runes each, keeping
// what tells them apart: names that share a first part ("Leerkracht-
// onderzoekers 2024", "... 2025") lose it when the rest fits ("2024",
// "2025"); otherwise a name keeps its end, where the year usually is
// ("…ers 2024"), or its start when the ends are all alike.
func roundLabels(names []string, width int) []string {
	width = max(width, 1)
	fits := func(ls []string) bool {
		for _, l := range ls {
			if len([]rune(l)) > width {
				return false
			}
		}
		return true
	}
	if fits(names) {
		return names
	}
	if len(names) > 1 {
		prefix := []rune(names[0])
		for _, n := range names[1:] {
			r := []rune(n)
			k := 0
			for k < len(prefix) && k < len(r) && prefix[k] == r[k] {
				k++
			}
			prefix = prefix[:k]
		}
		// Cut after the last space or hyphen of the shared part, so no
		// word is split.
		cut := -1
		for i, c := range prefix {
			if c == ' ' || c == '-' {
				cut = i + 1
			}
		}
		if cut > 0 {
			rest := make([]string, len(names))
			for i, n := range names {
				rest[i] = string([]rune(n)[cut:])
			}
			if distinct(rest) && !slices.Contains(rest, "") && fits(rest) {
				return rest
			}
		}
	}
	ends, starts := make([]string, len(names)), make([]string, len(names))
	for i, n := range names {
		r := []rune(n)
		switch {
		case len(r) <= width:
			ends[i], starts[i] = n, n
		case width == 1:
			ends[i], starts[i] = string(r[len(r)-1:]), string(r[:1])
		default:
			ends[i], starts[i] = "…"+string(r[len(r)-width+1:]), string(r[:width-1])+"…"
		}
	}
	if !distinct(ends) && distinct(starts) {
		return starts
	}
	return ends
}

// distinct reports whether no two of ls are the same.
func distinct(ls []string) bool {
	seen := make(map[string]bool, len(ls))
	for _, l := range ls {
		if seen[l] {
			return false
		}
		seen[l] = true
	}
	return true
}

// point is a cell of a grid: column X, row Y from the top.
type point struct{ X, Y int }

// grid is a w×h block of styled runes, the chart's drawing surface.
type grid struct {
	w, h   int
	runes  []rune
	styles []*lipgloss.Style
}

func newGrid(w, h int) *grid {
	g := &grid{w: w, h: h, runes: make([]rune, w*h), styles: make([]*lipgloss.Style, w*h)}
	for i := range g.runes {
		g.runes[i] = ' '
	}
	return g
}

// set draws r at p in style s (one of the shared Styles, so runs of
// it render at once); points outside the grid are ignored.
func (g *grid) set(p point, r rune, s *lipgloss.Style) {
	if p.X < 0 || p.Y < 0 || p.X >= g.w || p.Y >= g.h {
		return
	}
	g.runes[p.Y*g.w+p.X], g.styles[p.Y*g.w+p.X] = r, s
}

// lines renders the grid, one string per row, styling runs of cells that
// share a style at once.
func (g *grid) lines() []string {
	out := make([]string, g.h)
	var b, run strings.Builder
	for y := range g.h {
		b.Reset()
		var cur *lipgloss.Style
		flush := func() {
			if run.Len() == 0 {
				return
			}
			if cur == nil {
				b.WriteString(run.String())
			} else {
				b.WriteString(cur.Render(run.String()))
			}
			run.Reset()
		}
		for x := range g.w {
			s := g.styles[y*g.w+x]
			if s != cur {
				flush()
				cur = s
			}
			run.WriteRune(g.runes[y*g.w+x])
		}
		flush()
		out[y] = b.String()
	}
	return out
}

// linePoints lists the cells of a straight line from a to b (Bresenham),
// both ends included.
func linePoints(a, b point) []point {
	dx, dy := abs(b.X-a.X), -abs(b.Y-a.Y)
	sx, sy := 1, 1
	if a.X > b.X {
		sx = -1
	}
	if a.Y > b.Y {
		sy = -1
	}
	e := dx + dy
	var out []point
	for {
		out = append(out, a)
		if a == b {
			return out
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			a.X += sx
		}
		if e2 <= dx {
			e += dx
			a.Y += sy
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// braille is a canvas of w×h cells at 2×4 dots a cell (the Unicode
// braille patterns, U+2800-U+28FF): lines drawn on it have four times the
// vertical resolution of a grid, so lines a tenth apart stay apart. A cell
// takes the style of the last line that put a dot in it.
type braille struct {
	w, h   int
	dots   []uint8
	styles []*lipgloss.Style
}

func newBraille(w, h int) *braille {
	return &braille{w: w, h: h, dots: make([]uint8, w*h), styles: make([]*lipgloss.Style, w*h)}
}

// brailleBits[x][y] is the bit of dot (x, y) of a cell, x 0-1, y 0-3.
var brailleBits = [2][4]uint8{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

// dot sets the dot at (x, y), in dots from the top left; dots outside the
// canvas are ignored.
func (b *braille) dot(x, y int, s *lipgloss.Style) {
	if x < 0 || y < 0 || x >= 2*b.w || y >= 4*b.h {
		return
	}
	i := (y/4)*b.w + x/2
	b.dots[i] |= brailleBits[x%2][y%4]
	b.styles[i] = s
}

// line draws a straight line of dots from a to b, both ends included.
func (b *braille) line(a, c point, s *lipgloss.Style) {
	for _, p := range linePoints(a, c) {
		b.dot(p.X, p.Y, s)
	}
}

// drawOn copies the cells with dots onto g, at offset (x0, y0).
func (b *braille) drawOn(g *grid, x0, y0 int) {
	for y := range b.h {
		for x := range b.w {
			i := y*b.w + x
			if b.dots[i] != 0 {
				g.set(point{X: x0 + x, Y: y0 + y}, rune(0x2800+int(b.dots[i])), b.styles[i])
			}
		}
	}
}
