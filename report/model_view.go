// The viewer turns analysis measures into the views the templates show:
// measure and item views, labels, y ranges and anchors.

package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"peil/analysis"
	"peil/survey"
)

// viewer formats the measures of one report.
type viewer struct {
	rep   *analysis.Report
	t     *texts
	f     formatter
	label func(analysis.Group) string
	name  func(analysis.Group) string
	lang  survey.Lang
}

// top lists the groups of the figures: all workplaces merged, then each
// workplace (split rows are in the tables only).
func (v *viewer) top() []int {
	var out []int
	for g, grp := range v.rep.Groups {
		if grp.Parent <= 0 {
			out = append(out, g)
		}
	}
	return out
}

func (v *viewer) measure(ms *analysis.Measure) measureView {
	t, f := v.t, v.f
	mv := measureView{T: v.t, Label: ms.Label.Get(v.lang), HasAlpha: ms.Kind == analysis.ScaleMeasure}
	mv.Caption = caption(mv.Label, t.TableCaption)
	if mv.HasAlpha {
		mv.Caption = caption(mv.Label, t.TableCaptionAlpha)
	}
	if ms.HasTarget {
		mv.Target = t.Target + " " + f.num(ms.Target, 1)
	}
	// Means, SDs and changes with the decimals the measure needs (2, more
	// for a decimal item whose answers have more); sparklines one fewer.
	dec := max(ms.Decimals, 2)
	suppressed, isNew, baseHidden, lowAlpha := false, false, false, false
	for g, grp := range v.rep.Groups {
		first := true
		rows := 0
		for r := range v.rep.Rounds {
			c := ms.Cells[g][r]
			row := tableRow{Group: label0(v.name(grp), first), Sub: grp.Sub != "", Round: v.rep.Rounds[r]}
			first = false
			rows++
			switch c.Status {
			case analysis.NotAsked:
				row.NotAsked = true
				row.N = t.NotAsked
			case analysis.Suppressed:
				suppressed = true
				row.N = c.NText()
			case analysis.Empty:
				row.N = "0"
			case analysis.Shown:
				row.N = strconv.Itoa(c.N)
				row.Mean = f.num(c.Mean, dec)
				row.SD = f.num(c.SD, dec)
				if mv.HasAlpha && c.AlphaN > 0 {
					row.Alpha = f.num(c.Alpha, 2)
					if c.IsLowAlpha() {
						row.Alpha += " ‡"
						lowAlpha = true
					}
				}
				switch c.Change.Status {
				case analysis.IsBaseline:
					row.Diff = t.Baseline
				case analysis.NoEarlierRound:
					row.Diff = t.New + " *"
					isNew = true
				case analysis.BaselineSuppressed:
					row.Diff = t.BaselineHidden + " †"
					baseHidden = true
				case analysis.Compared:
					row.Diff = f.signed(c.Change.Diff, dec)
					row.D = f.signed(c.Change.D, 2)
					row.P = f.p(c.Change.P)
				}
			}
			mv.Table = append(mv.Table, row)
		}
		mv.Table[len(mv.Table)-rows].Span = rows
	}
	if isNew {
		mv.Notes = append(mv.Notes, "* "+t.NewNote+".")
	}
	if baseHidden {
		mv.Notes = append(mv.Notes, "† "+t.BaselineHidden+": "+fmt.Sprintf(t.SuppressedNote, v.rep.K, v.rep.K))
	} else if suppressed {
		mv.Notes = append(mv.Notes, fmt.Sprintf(t.SuppressedNote, v.rep.K, v.rep.K))
	}
	if lowAlpha {
		mv.Notes = append(mv.Notes, "‡ "+fmt.Sprintf(t.LowAlphaNote, f.num(analysis.LowAlpha, 2)))
	}
	// Figure and sparklines: the merged total and each workplace.
	lo, hi := yRange(ms)
	var series []seriesData
	for _, g := range v.top() {
		sd := seriesData{name: v.label(v.rep.Groups[g])}
		var parts []string
		for r := range v.rep.Rounds {
			c := ms.Cells[g][r]
			switch c.Status {
			case analysis.Shown:
				sd.points = append(sd.points, pointData{round: r, value: c.Mean, text: f.num(c.Mean, dec)})
				parts = append(parts, f.num(c.Mean, dec-1))
			case analysis.Suppressed:
				parts = append(parts, c.NText())
				mv.LeftOut = append(mv.LeftOut, sd.name+" ("+v.rep.Rounds[r]+")")
			case analysis.NotAsked:
				parts = append(parts, "·")
			default:
				parts = append(parts, "–")
			}
		}
		mv.Spark = append(mv.Spark, sparkLine{Group: sd.name, Line: strings.Join(parts, " → ")})
		series = append(series, sd)
	}
	if lo < hi {
		mv.Chart = trendChart(ms.ID, caption(t.TrendFigure, mv.Label), v.rep.Rounds, series, lo, hi, ms, f, t)
	} else {
		// No figure (a number item): nothing is left out of it.
		mv.LeftOut = nil
	}
	return mv
}

func label0(s string, first bool) string {
	if first {
		return s
	}
	return ""
}

// yRange is the axis of a measure's figure: 1-5 for agreement, 1-10 for
// grades; none for other items.
func yRange(ms *analysis.Measure) (lo, hi float64) {
	switch ms.Type {
	case survey.Likert:
		return 1, survey.LikertPoints
	case survey.Grade:
		return survey.GradeMin, survey.GradeMax
	}
	return 0, 0
}

func (v *viewer) item(ms *analysis.Measure) itemView {
	t, f := v.t, v.f
	iv := itemView{ID: ms.ID, Label: ms.Label.Get(v.lang)}
	if iv.Label == "" {
		iv.Label = ms.ID
	}
	for r := 1; r < len(ms.Asked); r++ {
		if ms.Asked[r] && !ms.Asked[r-1] {
			iv.NewNote = fmt.Sprintf(t.NewItemNote, v.rep.Rounds[r])
		}
	}
	for r, changed := range ms.Reworded {
		if changed {
			note := fmt.Sprintf(t.RewordedNote, v.rep.Rounds[r])
			if iv.NewNote != "" {
				note = iv.NewNote + " " + note
			}
			iv.NewNote = note
		}
	}
	for _, o := range ms.Options {
		iv.Header = append(iv.Header, optionLabel(o, v.lang))
	}
	// Rows: all workplaces in every round, then each workplace in the
	// last round that asked the item.
	last := -1
	for r := range ms.Asked {
		if ms.Asked[r] {
			last = r
		}
	}
	type rowRef struct {
		g, r  int
		label string
	}
	var refs []rowRef
	for r := range v.rep.Rounds {
		if ms.Asked[r] {
			refs = append(refs, rowRef{0, r, t.All + " · " + v.rep.Rounds[r]})
		}
	}
	if last >= 0 {
		for _, g := range v.top() {
			if g != 0 {
				refs = append(refs, rowRef{g, last, v.label(v.rep.Groups[g]) + " · " + v.rep.Rounds[last]})
			}
		}
	}
	var rows []distRowData
	for _, ref := range refs {
		c := ms.Cells[ref.g][ref.r]
		rv := distRowView{Label: ref.label}
		rd := distRowData{label: ref.label}
		switch c.Status {
		case analysis.Shown:
			total := c.N
			if c.DontKnow < 1 {
				total = int(math.Round(float64(c.N) / (1 - c.DontKnow)))
			}
			rv.N = strconv.Itoa(total)
			rd.n = "n = " + rv.N
			rd.shares = c.Dist
			for _, s := range c.Dist {
				rv.Shares = append(rv.Shares, f.percent(s))
			}
		case analysis.Suppressed:
			rv.Suppressed = true
			rv.N = c.NText()
			rd.n = rv.N
			rd.note = t.NotShown
		default:
			rv.N = "0"
			rd.n = "n = 0"
			rd.note = "–"
		}
		iv.Rows = append(iv.Rows, rv)
		rows = append(rows, rd)
	}
	if len(ms.Options) > 0 {
		iv.Dist, iv.Legend, iv.LegendH = distributionChart(ms, iv.Label, rows, f, v.lang)
	}
	return iv
}

func optionLabel(o analysis.AnswerOption, lang survey.Lang) string {
	if s := o.Label.Get(lang); s != "" {
		return s
	}
	return strconv.Itoa(int(o.Code))
}

// cellN is a respondents cell as text.
func cellN(c analysis.Cell, t texts) string {
	switch c.Status {
	case analysis.NotAsked:
		return t.NotAsked
	case analysis.Empty:
		return "0"
	}
	return c.NText()
}

// anchor makes an id usable in a URL fragment.
func anchor(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
