package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

// Column widths of the tables.
const (
	studyCodeW  = 14
	countColW   = 6               // one count ("bezig" or "klaar")
	roundColW   = 2*countColW + 1 // one open round's pair of counts
	roundGapW   = 2               // space before a round's column
	minLeftW    = 30              // code and name of a workplace or school
	roundNameW  = 20              // a round's name in the round list, at least
	minInstrW   = 16              // an instrument's name beside it, at least
	roundStateW = 8               // "open" or "gesloten"
	maxSchoolW  = 10              // a school code
	numColW     = 8               // a number in the study list
	studyFixedW = 2 + studyCodeW + 3*(1+numColW) + 1
)

// View renders the page that shows, in exactly the size set by SetSize.
func (m *research) View() string {
	if m.imp != nil {
		return m.imp.View()
	}
	if m.form != nil {
		return m.formView()
	}
	if m.view == viewStudy {
		return m.studyView()
	}
	return m.studiesView()
}

// page stacks the top lines and puts the bottom line (status or error)
// last, in exactly the page's size.
func (m *research) page(top []string, bottom string) string {
	return fitLines(withBottom(top, bottom, m.height), m.width, m.height)
}

// statusLine shows the error if there is one, else the status, else
// fallback (already styled).
func (m *research) statusLine(fallback string) string {
	switch {
	case m.err != "":
		return m.st.Error.Render(cellLeft("! "+m.err, m.width))
	case m.status != "":
		return m.st.Success.Render(cellLeft(m.status, m.width))
	}
	return fallback
}

func (m *research) studiesView() string {
	t, w := m.txt, m.width
	titleW := max(w-studyFixedW, 8)
	top := []string{m.st.Title.Render(cellLeft("peil · "+t.StudiesTitle, w)), ""}
	switch {
	case !m.rowsLoaded && m.err == "":
		top = append(top, m.st.Muted.Render(t.Loading))
	case len(m.rows) == 0:
		top = append(top, m.st.Text.Render(cellLeft(t.NoStudies, w)))
	default:
		top = append(top, m.st.TableHead.Render("  "+cellLeft(t.ColCode, studyCodeW)+" "+cellLeft(t.ColTitle, titleW)+
			" "+cellRight(t.ColWorkplaces, numColW)+" "+cellRight(t.ColSchools, numColW)+" "+cellRight(t.ColRounds, numColW)))
		room := max(m.height-len(top)-1, 1)
		m.studyOffset = clampCursor(m.studyOffset, len(m.rows))
		if m.cursor < m.studyOffset {
			m.studyOffset = m.cursor
		}
		if m.cursor >= m.studyOffset+room {
			m.studyOffset = m.cursor - room + 1
		}
		for i := m.studyOffset; i < len(m.rows) && i < m.studyOffset+room; i++ {
			r := m.rows[i]
			line := cellLeft(r.Study.Code, studyCodeW) + " " + cellLeft(r.Study.Title, titleW) +
				" " + cellRight(fmt.Sprint(r.Workplaces), numColW) + " " + cellRight(fmt.Sprint(r.Schools), numColW) +
				" " + cellRight(fmt.Sprint(r.Rounds), numColW)
			if i == m.cursor {
				top = append(top, m.st.Selected.Render("› "+line))
			} else {
				top = append(top, m.st.Option.Render("  "+line))
			}
		}
	}
	return m.page(top, m.statusLine(""))
}

func (m *research) studyHeader() []string {
	s := m.data.Study
	lines := []string{
		m.st.Title.Render(cellLeft(fmt.Sprintf(m.txt.StudyBreadcrum, s.Code, s.Title), m.width)),
		m.st.Muted.Render(cellLeft(fmt.Sprintf("k = %d: "+m.txt.MinGroupLabel, s.MinGroupSize, s.MinGroupSize), m.width)),
	}
	if l := m.syncLine(); l != "" {
		style := m.st.Muted
		if m.sync.LastError != "" && !m.syncing {
			style = m.st.Warning
		}
		lines = append(lines, style.Render(cellLeft(l, m.width)))
	}
	return lines
}

func (m *research) studyView() string {
	top := append(m.studyHeader(), strings.Split(m.vp.View(), "\n")...)
	var hint string
	if m.loaded {
		hint = fmt.Sprintf(m.txt.RefreshedAt, m.refreshedAt.Format("15:04:05"))
		if m.vp.TotalLineCount() > m.vp.Height() {
			hint += " · " + m.txt.ScrollHint
		}
	}
	return m.page(top, m.statusLine(m.st.Muted.Render(cellLeft(hint, m.width))))
}

// renderBody lays out the study page's scrolling part: the rounds, then
// the workplaces and schools with the open rounds' response counts.
func (m *research) renderBody() {
	if m.view != viewStudy || m.width == 0 {
		return
	}
	if !m.loaded {
		m.vp.SetContentLines([]string{m.st.Muted.Render(m.txt.Loading)})
		return
	}
	t, w := m.txt, m.width
	var lines []string
	lines = append(lines, m.st.Header.Render(t.RoundsTitle))
	m.roundLine = len(lines)
	if len(m.data.Rounds) == 0 {
		lines = append(lines, m.st.Muted.Render(cellLeft(t.NoRounds, w)))
	}
	// Names take the room they need, up to what leaves the instrument
	// column its minimum; the instrument gets the rest.
	nameW := roundNameW
	for _, r := range m.data.Rounds {
		nameW = max(nameW, ansi.StringWidth(r.Name))
	}
	nameW = min(nameW, max(w-2-1-1-roundStateW-minInstrW, roundNameW))
	instrW := max(w-2-nameW-1-1-roundStateW, 8)
	for i, r := range m.data.Rounds {
		state, stateStyle := t.Closed, m.st.Muted
		if r.Open {
			state, stateStyle = t.Open, m.st.Success
		}
		body := cellLeft(r.Name, nameW) + " " + cellLeft(m.instrumentName(r), instrW) + " "
		if i == m.roundCursor {
			lines = append(lines, m.st.Selected.Render("› "+body)+stateStyle.Render(cellLeft(state, roundStateW)))
		} else {
			lines = append(lines, m.st.Option.Render("  "+body)+stateStyle.Render(cellLeft(state, roundStateW)))
		}
	}
	lines = append(lines, "")
	lines = append(lines, m.countTable()...)
	m.vp.SetContentLines(lines)
}

// countTable lists workplaces and their schools, with a pair of columns
// (in progress, complete) for each open round that fits the width.
func (m *research) countTable() []string {
	t, w := m.txt, m.width
	var open []survey.Round
	for _, r := range m.data.Rounds {
		if r.Open {
			open = append(open, r)
		}
	}
	fits := max((w-minLeftW)/(roundGapW+roundColW), 0)
	hidden := 0
	if len(open) > fits {
		hidden = len(open) - fits
		open = open[:fits]
	}
	leftW := w - len(open)*(roundGapW+roundColW)

	// counts[i][schoolID] holds open round i's count for a school.
	counts := make([]map[string]survey.SchoolCount, len(open))
	for i, r := range open {
		counts[i] = make(map[string]survey.SchoolCount)
		for _, c := range m.data.Counts[r.ID] {
			counts[i][c.School.ID] = c
		}
	}
	cols := func(sum func(i int) (busy, done int)) string {
		var b strings.Builder
		for i := range open {
			busy, done := sum(i)
			b.WriteString(strings.Repeat(" ", roundGapW))
			b.WriteString(cellRight(fmt.Sprint(busy), countColW) + " " + cellRight(fmt.Sprint(done), countColW))
		}
		return b.String()
	}

	var lines []string
	head1 := cellLeft(t.SchoolsTitle, leftW)
	head2 := cellLeft("", leftW)
	for _, r := range open {
		head1 += strings.Repeat(" ", roundGapW) + cellRight(r.Name, roundColW)
		head2 += strings.Repeat(" ", roundGapW) + cellRight(t.InProgressShort, countColW) + " " + cellRight(t.CompleteShort, countColW)
	}
	lines = append(lines, m.st.TableHead.Render(head1))
	if len(open) > 0 {
		lines = append(lines, m.st.TableHead.Render(head2))
	}
	if len(m.data.Workplaces) == 0 {
		lines = append(lines, m.st.Muted.Render(cellLeft(t.NoWorkplaces, w)))
	}

	codeW := 0
	for _, s := range m.data.Schools {
		codeW = max(codeW, ansi.StringWidth(s.Code))
	}
	codeW = min(codeW, maxSchoolW)
	nameW := max(leftW-2-codeW-1, 4)

	for _, wp := range m.data.Workplaces {
		var schools []survey.School
		for _, s := range m.data.Schools {
			if s.WorkplaceID == wp.ID {
				schools = append(schools, s)
			}
		}
		sub := func(i int) (busy, done int) {
			for _, s := range schools {
				busy += counts[i][s.ID].InProgress
				done += counts[i][s.ID].Complete
			}
			return busy, done
		}
		lines = append(lines, m.st.Header.Render(cellLeft(wp.Code+"  "+wp.Name, leftW)+cols(sub)))
		if len(schools) == 0 {
			lines = append(lines, m.st.Muted.Render(cellLeft("  "+t.NoSchoolsYet, leftW)))
		}
		for _, s := range schools {
			one := func(i int) (int, int) { return counts[i][s.ID].InProgress, counts[i][s.ID].Complete }
			lines = append(lines, m.st.Cell.Render("  "+cellLeft(s.Code, codeW)+" "+cellLeft(s.Name, nameW)+cols(one)))
		}
	}
	if len(open) > 0 && len(m.data.Workplaces) > 0 {
		total := func(i int) (busy, done int) {
			for _, c := range counts[i] {
				busy += c.InProgress
				done += c.Complete
			}
			return busy, done
		}
		lines = append(lines, m.st.Header.Render(cellLeft(t.Total, leftW)+cols(total)))
	}
	switch {
	case len(open) == 0 && hidden == 0:
		lines = append(lines, "", m.st.Muted.Render(cellLeft(t.NoOpenRound, w)))
	case hidden > 0:
		lines = append(lines, "", m.st.Muted.Render(cellLeft(fmt.Sprintf(t.MoreOpenRounds, hidden), w)))
	}
	return lines
}

func (m *research) formView() string {
	top := []string{m.st.Title.Render(cellLeft(m.formTitle, m.width))}
	if m.view == viewStudy {
		s := m.data.Study
		top = append(top, m.st.Muted.Render(cellLeft(fmt.Sprintf(m.txt.StudyBreadcrum, s.Code, s.Title), m.width)))
	} else {
		top = append(top, "")
	}
	top = append(top, "")
	top = append(top, strings.Split(m.form.View(), "\n")...)
	var bottom string
	if m.err != "" {
		// Only the store's reason to refuse the form shows under it.
		bottom = m.st.Error.Render(cellLeft("! "+m.err, m.width))
	}
	return m.page(top, bottom)
}
