package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"peil/analysis"
	"peil/survey"
)

// Meta describes what a report is about; the analysis.Report holds the
// numbers.
type Meta struct {
	// Study is the study's title, StudyCode its short name.
	Study     string
	StudyCode string
	// Instrument is the newest version of the instrument in the report:
	// its title names the report and its scales say which items belong
	// to which scale. Without it, every item is listed under "other
	// questions".
	Instrument *survey.Instrument
	// Workplaces maps workplace codes to full names (optional).
	Workplaces map[string]string
	// Date is printed on the title page.
	Date time.Time
	// Lang is the report's language: survey.Dutch (default) or
	// survey.English.
	Lang survey.Lang
	// LeftOut names the open rounds left out of the report
	// (analysis.ReportRounds); the title page says so.
	LeftOut []string
	// Provisional names the open rounds the report shows on request: the
	// title page warns that their figures change with every respondent
	// and that two versions of the report must not be compared.
	Provisional []string
	// OtherInstruments names (by id) the study's other instruments, each
	// with a report of its own (peil report --instrument ID); the summary
	// says so, since a report covers one instrument only.
	OtherInstruments []string
}

// doc is a report ready to print: every number already formatted, and
// only from shown cells.
type doc struct {
	T           texts
	Title       string
	Study       string
	Instrument  string
	Rounds      []string
	Date        string
	K           int
	Respondents countTable
	Sections    []section
	Method      []string
	// OpenNote says which open rounds are left out; Provisional warns
	// that the report shows open rounds.
	OpenNote    string
	Provisional string
	// Summary comes first: what the report covers and the few findings
	// a school board reads first.
	Summary summary
}

// summary is the report's opening: its scope, per workplace the scales
// that moved most since the first round, what small groups hid, and the
// scales whose reliability is low.
type summary struct {
	Scope  string
	Others string
	// Commands write the other instruments' reports.
	Commands   []string
	Findings   []finding
	Hidden     string
	LowAlpha   string
	NoCompared string
}

// finding is one group's largest changes.
type finding struct {
	Group   string
	N       string
	Changes string
}

// countTable is the respondents table: a row per group, a column per round.
type countTable struct {
	Rounds []string
	Rows   []countRow
}

type countRow struct {
	Group string
	Name  string
	Sub   bool
	Cells []string
}

// section is one scale, or one item outside every scale.
type section struct {
	ID    string
	Title string
	// Measure is a scale or an item; Parts holds the scale's items.
	Measure measureView
	Parts   []itemView
	Other   bool
}

// measureView is one measure's figure and table.
type measureView struct {
	T       *texts
	Label   string
	Caption string
	// HasAlpha adds the alpha column (scales).
	HasAlpha bool
	Chart    *chart
	Spark    []sparkLine
	Target   string
	LeftOut  []string
	Table    []tableRow
	Notes    []string
}

type sparkLine struct {
	Group string
	Line  string
}

type tableRow struct {
	Group    string
	Span     int // rows the group cell spans, 0 for continuation rows
	Sub      bool
	Round    string
	NotAsked bool
	N        string
	Mean     string
	SD       string
	Diff     string
	D        string
	P        string
	Alpha    string
}

// itemView is one item's answer distribution.
type itemView struct {
	ID    string
	Label string
	// Reversed marks a reverse-worded statement of a scale.
	Reversed bool
	NewNote  string
	Dist     *distChart
	Legend   []legendSwatch
	LegendH  int
	Header   []string // option labels, for Markdown
	Rows     []distRowView
}

type distRowView struct {
	Label      string
	N          string
	Suppressed bool
	Shares     []string
}

// build turns an analysis report into a printable doc.
func build(rep *analysis.Report, m Meta) (*doc, error) {
	if rep == nil {
		return nil, fmt.Errorf("writing a report: no trend tables to write")
	}
	t := textsFor(m.Lang)
	f := formatter{comma: t.DecimalComma}
	d := &doc{T: t, Rounds: rep.Rounds, K: rep.K, Study: m.Study, Title: t.ReportTitle}
	if m.Instrument != nil {
		d.Instrument = m.Instrument.Title.Get(m.Lang)
		if d.Instrument == "" {
			d.Instrument = m.Instrument.ID
		}
		d.Title = d.Instrument
	}
	if !m.Date.IsZero() {
		d.Date = formatDate(m.Date, m.Lang)
	}
	d.OpenNote = t.openNote(t.LeftOutNote, m.LeftOut)
	d.Provisional = t.openNote(t.ProvisionalNote, m.Provisional)
	for _, p := range t.MethodText {
		if strings.Contains(p, "%d") {
			p = fmt.Sprintf(p, rep.K, rep.K)
		}
		d.Method = append(d.Method, p)
	}
	label := func(g analysis.Group) string {
		sub := g.Sub
		if sub == analysis.NoRole {
			sub = t.NoRole
		}
		return t.label(groupLabel{g.Workplace, sub})
	}
	// name is a group's label in tables and the summary: the
	// workplace's name with its code, which the figures use.
	name := func(g analysis.Group) string {
		if n := m.Workplaces[g.Workplace]; n != "" && g.Sub == "" && n != g.Workplace {
			return n + " (" + g.Workplace + ")"
		}
		return label(g)
	}
	// Respondents.
	if n, ok := rep.Measure("n"); ok {
		d.Respondents.Rounds = rep.Rounds
		for g, grp := range rep.Groups {
			row := countRow{Group: label(grp), Sub: grp.Sub != "", Name: m.Workplaces[grp.Workplace]}
			if grp.Sub != "" {
				row.Name = ""
			}
			for r := range rep.Rounds {
				row.Cells = append(row.Cells, cellN(n.Cells[g][r], t))
			}
			d.Respondents.Rows = append(d.Respondents.Rows, row)
		}
	}
	v := viewer{rep: rep, t: &t, f: f, label: label, name: name, lang: m.Lang}
	// Scales, with their items; then the items of no scale.
	inScale := map[string]bool{}
	scaleItems := map[string][]string{}
	reversed := map[string]bool{} // scale id \x00 item id
	if m.Instrument != nil {
		for _, sc := range m.Instrument.Scales {
			scaleItems[sc.ID] = sc.Items
			for _, id := range sc.Reversed {
				reversed[sc.ID+"\x00"+id] = true
			}
		}
	}
	for i := range rep.Measures {
		ms := &rep.Measures[i]
		if ms.Kind != analysis.ScaleMeasure {
			continue
		}
		s := section{ID: "schaal-" + anchor(ms.ID), Title: ms.Label.Get(m.Lang), Measure: v.measure(ms)}
		if s.Title == "" {
			s.Title = ms.ID
		}
		for _, id := range scaleItems[ms.ID] {
			if it, ok := rep.Measure(id); ok && it.Kind == analysis.ItemMeasure {
				inScale[id] = true
				iv := v.item(it)
				iv.Reversed = reversed[ms.ID+"\x00"+id]
				s.Parts = append(s.Parts, iv)
			}
		}
		d.Sections = append(d.Sections, s)
	}
	for i := range rep.Measures {
		ms := &rep.Measures[i]
		if ms.Kind != analysis.ItemMeasure || inScale[ms.ID] {
			continue
		}
		s := section{ID: "vraag-" + anchor(ms.ID), Title: ms.Label.Get(m.Lang), Other: true}
		if s.Title == "" {
			s.Title = ms.ID
		}
		if ms.Type != survey.SingleChoice {
			s.Measure = v.measure(ms)
		}
		// An item without answer options (a number) has no
		// distribution: its table says it all.
		if len(ms.Options) > 0 {
			s.Parts = []itemView{v.item(ms)}
		}
		d.Sections = append(d.Sections, s)
	}
	d.Summary = v.summary(m, d.Instrument)
	return d, nil
}

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
				row.Mean = f.num(c.Mean, 2)
				row.SD = f.num(c.SD, 2)
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
					row.Diff = f.signed(c.Change.Diff, 2)
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
				sd.points = append(sd.points, pointData{round: r, value: c.Mean, text: f.num(c.Mean, 2)})
				parts = append(parts, f.num(c.Mean, 1))
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

// formatter writes numbers with a decimal comma (Dutch) or point.
type formatter struct{ comma bool }

func (f formatter) num(x float64, dec int) string {
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if s == "-0" || strings.TrimLeft(s, "-0.") == "" && strings.HasPrefix(s, "-") {
		s = s[1:] // no "-0.00"
	}
	if f.comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	// A real minus sign (U+2212), as wide as the plus beside it.
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		s = minus + rest
	}
	return s
}

// minus is the minus sign of negative numbers.
const minus = "\u2212"

func (f formatter) signed(x float64, dec int) string {
	s := f.num(x, dec)
	if !strings.HasPrefix(s, minus) && strings.Trim(s, "0,.") != "" {
		s = "+" + s
	}
	return s
}

func (f formatter) p(p float64) string {
	if p < 0.001 {
		return "< " + f.num(0.001, 3)
	}
	return f.num(p, 3)
}

func (f formatter) percent(share float64) string {
	return strconv.Itoa(int(math.Round(share*100))) + "%"
}

var months = map[survey.Lang][12]string{
	survey.Dutch:   {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	survey.English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

func formatDate(d time.Time, lang survey.Lang) string {
	if lang == survey.English {
		return fmt.Sprintf("%d %s %d", d.Day(), months[survey.English][d.Month()-1], d.Year())
	}
	return fmt.Sprintf("%d %s %d", d.Day(), months[survey.Dutch][d.Month()-1], d.Year())
}
