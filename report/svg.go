package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"peil/analysis"
	"peil/survey"
)

// Figures are drawn as inline SVG from the geometry below; html/template
// escapes every text and attribute that goes into them.

// seriesData is one line of a trend figure: the shown means only.
type seriesData struct {
	name   string
	points []pointData
}

type pointData struct {
	round int
	value float64
	text  string
}

// chart is a trend figure ready to draw.
type chart struct {
	ID, Title, Desc string
	W, H            int
	Left, Right     string
	Top, Bottom     string
	Grid            []gridLine
	XTicks          []xTick
	Series          []seriesView
	Target          *targetLine
	Legend          []legendEntry
	// Gaps reports whether a line skips a round it has no point in.
	Gaps bool
	// Caption is the figure's caption: its title, the target and the
	// note on gaps, punctuated once.
	Caption string
}

type gridLine struct {
	Y, Label, LabelY string
}

type xTick struct {
	X, Label string
}

type seriesView struct {
	Name, Color, Dash, Width string
	Paths                    []string
	Gaps                     []string
	Points                   []pointView
}

type pointView struct {
	Marker, Title string
}

type targetLine struct {
	Y, Label string
}

type legendEntry struct {
	Y, TextY, LineFrom, LineTo, TextX string
	Color, Dash, Width, Marker, Name  string
}

// Line styles: colour-blind-safe colours (Okabe-Ito), and each line also a
// different dash pattern and marker, so the figure reads in greyscale.
var lineStyles = []struct{ color, dash, marker string }{
	{"#1a1a1a", "", "circle"}, // all workplaces
	{"#0072B2", "7 3", "square"},
	{"#D55E00", "2 3", "triangle"},
	{"#009E73", "9 3 2 3", "diamond"},
	{"#CC79A7", "4 2", "down"},
	{"#E69F00", "1 2", "square"},
	{"#56B4E9", "12 3", "triangle"},
}

const (
	chartW      = 680
	chartH      = 300
	plotLeft    = 44
	plotRight   = 500
	plotTop     = 16
	plotBottom  = 250
	legendX     = 520
	markerR     = 4.5
	totalStroke = "3"
	lineStroke  = "2"
)

func px(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// trendChart draws the mean per round, one line per series, on an axis
// from lo to hi.
func trendChart(id, title string, rounds []string, series []seriesData, lo, hi float64, ms *analysis.Measure, f formatter, t *texts) *chart {
	c := &chart{ID: "fig-" + anchor(id), Title: title, W: chartW, H: chartH,
		Left: px(plotLeft), Right: px(plotRight), Top: px(plotTop), Bottom: px(plotBottom)}
	y := func(v float64) float64 { return plotBottom - (v-lo)/(hi-lo)*(plotBottom-plotTop) }
	x := func(r int) float64 {
		if len(rounds) == 1 {
			return (plotLeft + plotRight) / 2
		}
		pad := 40.0
		return plotLeft + pad + float64(r)*(plotRight-plotLeft-2*pad)/float64(len(rounds)-1)
	}
	for v := lo; v <= hi; v++ {
		c.Grid = append(c.Grid, gridLine{Y: px(y(v)), LabelY: px(y(v) + 4), Label: f.num(v, 0)})
	}
	for r, name := range rounds {
		c.XTicks = append(c.XTicks, xTick{X: px(x(r)), Label: name})
	}
	if ms.HasTarget && ms.Target >= lo && ms.Target <= hi {
		c.Target = &targetLine{Y: px(y(ms.Target)), Label: t.Target + " " + f.num(ms.Target, 1)}
	}
	var desc []string
	for i, s := range series {
		st := lineStyles[i%len(lineStyles)]
		sv := seriesView{Name: s.name, Color: st.color, Dash: st.dash, Width: lineStroke}
		if i == 0 {
			sv.Width = totalStroke
		}
		var vals []string
		for j, p := range s.points {
			if j > 0 {
				q := s.points[j-1]
				seg := fmt.Sprintf("M%s %sL%s %s", px(x(q.round)), px(y(q.value)), px(x(p.round)), px(y(p.value)))
				if q.round == p.round-1 {
					sv.Paths = append(sv.Paths, seg)
				} else {
					// A thin dotted line across rounds without a
					// point: it joins two shown means and shows
					// nothing of the round between.
					sv.Gaps = append(sv.Gaps, seg)
					c.Gaps = true
				}
			}
			sv.Points = append(sv.Points, pointView{
				Marker: marker(st.marker, x(p.round), y(p.value), markerR),
				Title:  s.name + ", " + rounds[p.round] + ": " + p.text,
			})
			vals = append(vals, rounds[p.round]+" "+p.text)
		}
		if len(vals) > 0 {
			desc = append(desc, s.name+": "+strings.Join(vals, ", "))
		}
		c.Series = append(c.Series, sv)
		ly := float64(plotTop+8) + float64(i)*22
		c.Legend = append(c.Legend, legendEntry{
			Y: px(ly), TextY: px(ly + 4), LineFrom: px(legendX), LineTo: px(legendX + 34), TextX: px(legendX + 42),
			Color: st.color, Dash: st.dash, Width: sv.Width, Marker: marker(st.marker, legendX+17, ly, markerR), Name: s.name,
		})
	}
	c.Desc = strings.Join(desc, "; ")
	c.Caption = c.Title
	if c.Target != nil {
		c.Caption = strings.TrimRight(c.Caption, ".") + " (" + c.Target.Label + ")"
	}
	if c.Gaps {
		c.Caption = sentence(c.Caption) + " " + t.GapNote
	}
	c.Caption = sentence(c.Caption)
	if c.Target != nil {
		c.Desc += "; " + c.Target.Label
		ly := float64(plotTop+8) + float64(len(series))*22
		c.Legend = append(c.Legend, legendEntry{
			Y: px(ly), TextY: px(ly + 4), LineFrom: px(legendX), LineTo: px(legendX + 34), TextX: px(legendX + 42),
			Color: "#555", Dash: "6 4", Width: "1.5", Name: c.Target.Label,
		})
	}
	return c
}

// marker returns the path of a point marker centred on (x, y).
func marker(shape string, x, y, r float64) string {
	switch shape {
	case "square":
		r *= 0.9
		return fmt.Sprintf("M%s %sh%sv%sh-%sz", px(x-r), px(y-r), px(2*r), px(2*r), px(2*r))
	case "triangle":
		r *= 1.2
		return fmt.Sprintf("M%s %sL%s %sL%s %sz", px(x), px(y-r), px(x+r), px(y+r*0.8), px(x-r), px(y+r*0.8))
	case "down":
		r *= 1.2
		return fmt.Sprintf("M%s %sL%s %sL%s %sz", px(x), px(y+r), px(x+r), px(y-r*0.8), px(x-r), px(y-r*0.8))
	case "diamond":
		r *= 1.25
		return fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sz", px(x), px(y-r), px(x+r), px(y), px(x), px(y+r), px(x-r), px(y))
	}
	// circle as two arcs
	return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 -%s 0z", px(x-r), px(y), px(r), px(r), px(2*r), px(r), px(r), px(2*r))
}

// distRowData is one bar of a distribution figure: shares of a shown
// cell, or a note for a suppressed or empty one.
type distRowData struct {
	label, n, note string
	shares         []float64
}

type distChart struct {
	ID, Title, Desc  string
	W, H             int
	BarX, BarEnd, NX string
	Rows             []distBarRow
}

type distBarRow struct {
	Label, LabelY, Y, H, N, NoteX, Note string
	Segs                                []segment
}

type segment struct {
	X, W, Fill, Title, TextX, Text, TextFill string
	Hatch                                    bool
}

type legendSwatch struct {
	Label, Fill        string
	Hatch              bool
	X, Y, TextX, TextY string
}

const (
	distW     = 680
	distBarX  = 190
	distBarW  = 400
	distRowH  = 24
	distBarH  = 17
	distTopPd = 4
)

// Agreement colours diverge from orange (disagree) through grey (neutral)
// to blue (agree): orange and blue stay apart for every common kind of
// colour blindness, and the neutral middle is told from both by colour and
// by lightness. "Don't know" is hatched grey on white.
var agreeFills = []string{"#b35806", "#f1a340", "#bababa", "#6baed6", "#08519c"}

const (
	dontKnowFill  = "#f4f4f4"
	dontKnowHatch = "#8c8c8c"
)

// optionFills returns a fill per answer option: the agreement colours for
// five options; for other ordered scales (grades) a diverging ramp through
// the same ends and middle; for single choice items (no order, nothing
// better or worse) a ramp of blues.
func optionFills(n int, ordered bool) []string {
	if ordered && n == len(agreeFills) {
		return agreeFills
	}
	out := make([]string, n)
	for i := range out {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		switch {
		case !ordered:
			out[i] = mix(0xd6, 0xe4, 0xf5, 0x08, 0x30, 0x6b, t)
		case t < 0.5:
			out[i] = mix(0xb3, 0x58, 0x06, 0xba, 0xba, 0xba, t*2)
		default:
			out[i] = mix(0xba, 0xba, 0xba, 0x08, 0x51, 0x9c, t*2-1)
		}
	}
	return out
}

func mix(r1, g1, b1, r2, g2, b2 float64, t float64) string {
	l := func(a, b float64) int { return int(math.Round(a + (b-a)*t)) }
	return fmt.Sprintf("#%02x%02x%02x", l(r1, r2), l(g1, g2), l(b1, b2))
}

// light reports whether text on fill should be dark.
func light(fill string) bool {
	var r, g, b int
	fmt.Sscanf(fill, "#%02x%02x%02x", &r, &g, &b)
	return 0.2126*float64(r)+0.7152*float64(g)+0.0722*float64(b) > 140
}

// distributionChart draws one stacked horizontal bar per row.
func distributionChart(ms *analysis.Measure, title string, rows []distRowData, f formatter, lang survey.Lang) (*distChart, []legendSwatch, int) {
	nOpt := len(ms.Options)
	hasDK := nOpt > 0 && ms.Options[nOpt-1].Code == analysis.DontKnow
	nAns := nOpt
	if hasDK {
		nAns--
	}
	fills := optionFills(nAns, ms.Type != survey.SingleChoice)
	fillOf := func(j int) (string, bool) {
		if j >= nAns {
			return dontKnowFill, true
		}
		return fills[j], false
	}
	// The legend flows left to right and wraps; text widths are
	// estimated at 5.7 px a character of 11 px text.
	var legend []legendSwatch
	lx, ly := 0.0, 4.0
	for j, o := range ms.Options {
		fill, hatch := fillOf(j)
		l := optionLabel(o, lang)
		w := 18 + 5.7*float64(len([]rune(l))) + 12
		if lx > 0 && lx+w > distW {
			lx, ly = 0, ly+20
		}
		legend = append(legend, legendSwatch{Label: l, Fill: fill, Hatch: hatch,
			X: px(lx + 1), Y: px(ly), TextX: px(lx + 19), TextY: px(ly + 11)})
		lx += w
	}
	dc := &distChart{ID: "dist-" + anchor(ms.ID), Title: title, W: distW, H: distTopPd*2 + distRowH*len(rows),
		BarX: px(distBarX), BarEnd: px(distBarX + distBarW), NX: px(distBarX + distBarW + 8)}
	var desc []string
	for i, r := range rows {
		y := float64(distTopPd + i*distRowH)
		br := distBarRow{Label: r.label, LabelY: px(y + distBarH/2 + 4), Y: px(y), H: px(distBarH), N: r.n}
		if r.shares == nil {
			br.NoteX = px(distBarX + 6)
			br.Note = r.note
			desc = append(desc, r.label+": "+r.n)
			dc.Rows = append(dc.Rows, br)
			continue
		}
		x := float64(distBarX)
		var parts []string
		for j, s := range r.shares {
			w := s * distBarW
			fill, hatch := fillOf(j)
			pct := f.percent(s)
			sg := segment{X: px(x), W: px(w), Fill: fill, Hatch: hatch, Title: legend[j].Label + ": " + pct}
			if w >= 26 {
				sg.TextX = px(x + w/2)
				sg.Text = pct
				sg.TextFill = "#ffffff"
				if hatch || light(fill) {
					sg.TextFill = "#1a1a1a"
				}
			}
			if s > 0 {
				br.Segs = append(br.Segs, sg)
			}
			parts = append(parts, legend[j].Label+" "+pct)
			x += w
		}
		desc = append(desc, r.label+" ("+r.n+"): "+strings.Join(parts, ", "))
		dc.Rows = append(dc.Rows, br)
	}
	dc.Desc = strings.Join(desc, "; ")
	return dc, legend, int(ly) + 20
}
