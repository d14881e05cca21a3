package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"peil/analysis"
)

// Markdown writes the report as Markdown: the same sections, tables and
// notes as HTML, with a text line of means per round instead of each
// figure.
func Markdown(w io.Writer, rep *analysis.Report, m Meta) error {
	d, err := build(rep, m)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	writeMarkdown(b, d)
	if err := b.Flush(); err != nil {
		return fmt.Errorf("writing the Markdown report: %w", err)
	}
	return nil
}

func writeMarkdown(b *bufio.Writer, d *doc) {
	t := &d.T
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("# %s\n\n", md(d.Title))
	if d.Study != "" {
		p("- **%s:** %s\n", t.Study, md(d.Study))
	}
	if d.Instrument != "" {
		p("- **%s:** %s\n", t.Instrument, md(d.Instrument))
	}
	p("- **%s:** %s\n", t.Rounds, md(strings.Join(d.Rounds, ", ")))
	if d.Date != "" {
		p("- **%s:** %s\n", t.Date, d.Date)
	}
	p("- **%s:** %d\n\n", t.MinGroup, d.K)
	if d.Provisional != "" {
		p("> **%s**\n\n", md(d.Provisional))
	}
	if d.OpenNote != "" {
		p("%s\n\n", md(d.OpenNote))
	}

	p("## %s\n\n", t.Contents)
	p("1. [%s](#samenvatting)\n", t.Summary)
	p("1. [%s](#respondenten)\n", t.Respondents)
	other := false
	for _, s := range d.Sections {
		switch {
		case !s.Other:
			p("1. [%s](#%s)\n", md(s.Title), s.ID)
		case !other:
			other = true
			p("1. [%s](#overige)\n", t.OtherItems)
		}
	}
	p("1. [%s](#methode)\n\n", t.Method)

	sm := d.Summary
	p("<a id=\"samenvatting\"></a>\n\n## %s\n\n", t.Summary)
	if sm.Scope != "" {
		p("%s ", md(sm.Scope))
	}
	p("%s", md(sm.Others))
	for i, c := range sm.Commands {
		if i > 0 {
			p(";")
		}
		p(" `%s`", c)
	}
	if len(sm.Commands) > 0 {
		p(".")
	}
	p("\n\n")
	for _, f := range sm.Findings {
		p("- **%s** (%s): %s.\n", md(f.Group), md(f.N), md(f.Changes))
	}
	if len(sm.Findings) > 0 {
		p("\n")
	}
	for _, note := range []string{sm.NoCompared, sm.Hidden, sm.LowAlpha} {
		if note != "" {
			p("%s\n\n", md(note))
		}
	}

	p("<a id=\"respondenten\"></a>\n\n## %s\n\n%s\n\n", t.Respondents, t.RespondentsIntro)
	head := append([]string{t.Group}, d.Respondents.Rounds...)
	var rows [][]string
	for _, r := range d.Respondents.Rows {
		name := r.Group
		if r.Name != "" {
			name += " – " + r.Name
		}
		rows = append(rows, append([]string{name}, r.Cells...))
	}
	table(b, head, rows, 1)

	other = false
	for _, s := range d.Sections {
		if s.Other && !other {
			other = true
			p("<a id=\"overige\"></a>\n\n## %s\n\n", t.OtherItems)
		}
		level := "##"
		if s.Other {
			level = "###"
		}
		p("<a id=\"%s\"></a>\n\n%s %s\n\n", s.ID, level, md(s.Title))
		if mv := s.Measure; mv.Table != nil {
			p("**%s**", t.TrendFigure)
			if mv.Target != "" {
				p(" (%s)", md(mv.Target))
			}
			p("\n\n")
			for _, sp := range mv.Spark {
				p("- %s: %s\n", md(sp.Group), md(sp.Line))
			}
			p("\n")
			if len(mv.LeftOut) > 0 {
				p("%s\n\n", md(fmt.Sprintf(t.ChartLeftOut, strings.Join(mv.LeftOut, ", "))))
			}
			var rows [][]string
			for _, r := range mv.Table {
				row := []string{r.Group, r.Round, r.N, r.Mean, r.SD}
				if mv.HasAlpha {
					row = append(row, r.Alpha)
				}
				row = append(row, r.Diff, r.D, r.P)
				if r.NotAsked {
					for i := 3; i < len(row); i++ {
						row[i] = ""
					}
				}
				rows = append(rows, row)
			}
			head := []string{t.Group, t.Round, t.N, t.Mean, t.SD}
			if mv.HasAlpha {
				head = append(head, t.Alpha)
			}
			p("%s\n\n", md(sentence(mv.Caption)))
			table(b, append(head, t.Change, t.D, t.P), rows, 2)
			for _, n := range mv.Notes {
				p("%s\n\n", md(n))
			}
		}
		if len(s.Parts) > 0 {
			if !s.Other {
				p("### %s\n\n", t.Distributions)
			}
			p("%s\n\n", md(t.DistIntro))
			for _, it := range s.Parts {
				if it.Reversed {
					p("**%s** *(%s)*\n\n", md(it.Label), md(t.Reversed))
				} else {
					p("**%s**\n\n", md(it.Label))
				}
				if it.NewNote != "" {
					p("%s\n\n", md(it.NewNote))
				}
				if len(it.Header) == 0 {
					continue
				}
				var rows [][]string
				for _, r := range it.Rows {
					row := []string{r.Label, r.N}
					if r.Suppressed || r.Shares == nil {
						for range it.Header {
							row = append(row, "")
						}
					} else {
						row = append(row, r.Shares...)
					}
					rows = append(rows, row)
				}
				table(b, append([]string{t.Group, t.N}, it.Header...), rows, 1)
			}
		}
	}
	p("<a id=\"methode\"></a>\n\n## %s\n\n", t.Method)
	for _, para := range d.Method {
		para = strings.NewReplacer("<b>", "**", "</b>", "**").Replace(para)
		p("%s\n\n", para)
	}
	p("---\n\n%s", t.Generated)
	if d.Date != "" {
		p(" · %s", d.Date)
	}
	p("\n")
}

// table writes a Markdown table; the first textCols columns are left
// aligned, the rest right aligned.
func table(b *bufio.Writer, head []string, rows [][]string, textCols int) {
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + cellText(c) + " |")
		}
		b.WriteString("\n")
	}
	line(head)
	b.WriteString("|")
	for i := range head {
		if i < textCols {
			b.WriteString(" :--- |")
		} else {
			b.WriteString(" ---: |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		line(r)
	}
	b.WriteString("\n")
}

// cellText escapes a table cell: pipes and line breaks would break the
// table.
func cellText(s string) string {
	s = strings.ReplaceAll(md(s), "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// md escapes the characters that would turn data text into Markdown or
// HTML: emphasis, code, links, and a "<" that could open a tag ("< 5"
// stays as it is).
func md(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '\\', '*', '_', '`', '[', ']':
			b.WriteByte('\\')
		case '<':
			if i+1 < len(rs) && rs[i+1] != ' ' {
				b.WriteString("&lt;")
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
