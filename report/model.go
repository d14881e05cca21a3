package report

import (
	"fmt"
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
