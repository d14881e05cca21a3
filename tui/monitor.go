package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// monitorRefresh is how often the monitor reloads its counts, so that a
// kiosk writing to the same database shows up live.
const monitorRefresh = 3 * time.Second

// Column widths of the monitor table.
const (
	monCountW = 5 // complete or in progress
	monRateW  = 6 // 100%
	monRoundW = 2*(1+monCountW) + 1 + monRateW
	monLeftW  = 20
)

// monitorKeys are the monitor's key bindings.
type monitorKeys struct {
	Up, Down key.Binding
	Back     key.Binding
}

// Messages of the monitor.
type (
	monitorLoadedMsg struct {
		gen    int
		rounds []survey.Round
		counts map[string][]survey.SchoolCount
		at     time.Time
		err    error
	}
	monitorTickMsg struct{ gen int }
)

// monitor shows a study's responses per school and round with completion
// rates (complete / (complete + in progress)), per workplace and in total,
// refreshing every few seconds.
type monitor struct {
	cfg   Config
	ctx   context.Context
	st    *Styles
	txt   trendsText
	keys  monitorKeys
	study survey.Study
	now   func() time.Time

	width, height int

	gen       int
	loaded    bool
	rounds    []survey.Round
	counts    map[string][]survey.SchoolCount
	updatedAt time.Time
	err       string
	offset    int
}

func newMonitor(ctx context.Context, cfg Config, st *Styles, study survey.Study) *monitor {
	lang := cfg.Lang
	if lang != survey.English {
		lang = survey.Dutch
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	t := trendsTexts(lang)
	m := &monitor{cfg: cfg, ctx: ctx, st: st, txt: t, study: study, now: now}
	m.keys = monitorKeys{
		Up:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", t.HelpScroll)),
		Down: key.NewBinding(key.WithKeys("down", "j", "pgdown"), key.WithHelp("↓", t.HelpScroll)),
		Back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpBack)),
	}
	m.SetSize(80, 23)
	return m
}

// Init loads the counts and starts the refresh loop.
func (m *monitor) Init() tea.Cmd {
	m.gen++
	return tea.Batch(m.load(), monitorTick(m.gen))
}

func monitorTick(gen int) tea.Cmd {
	return tea.Tick(monitorRefresh, func(time.Time) tea.Msg { return monitorTickMsg{gen: gen} })
}

// load reads the study's rounds and each round's counts.
func (m *monitor) load() tea.Cmd {
	st, ctx, id, gen, now, noStore := m.cfg.Store, m.ctx, m.study.ID, m.gen, m.now, m.txt.MonNoStore
	return func() tea.Msg {
		if st == nil {
			return monitorLoadedMsg{gen: gen, err: errors.New(noStore)}
		}
		ctx, cancel := context.WithTimeout(ctx, researchTimeout)
		defer cancel()
		rounds, err := st.Rounds(ctx, id)
		if err != nil {
			return monitorLoadedMsg{gen: gen, err: err}
		}
		counts := make(map[string][]survey.SchoolCount, len(rounds))
		for _, r := range rounds {
			c, err := st.ResponseCounts(ctx, r.ID)
			if err != nil {
				return monitorLoadedMsg{gen: gen, err: fmt.Errorf("counting responses of round %q: %w", r.Name, err)}
			}
			counts[r.ID] = c
		}
		return monitorLoadedMsg{gen: gen, rounds: rounds, counts: counts, at: now()}
	}
}

// SetSize sets the area the screen may use.
func (m *monitor) SetSize(w, h int) { m.width, m.height = max(w, 40), max(h, 8) }

// Update handles a message for the monitor.
func (m *monitor) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case monitorLoadedMsg:
		if msg.gen != m.gen {
			return nil
		}
		if msg.err != nil {
			m.err = msg.err.Error()
			return nil
		}
		m.err, m.loaded = "", true
		m.rounds, m.counts, m.updatedAt = msg.rounds, msg.counts, msg.at
	case monitorTickMsg:
		if msg.gen != m.gen {
			return nil
		}
		return tea.Batch(m.load(), monitorTick(m.gen))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Back):
			m.gen++ // stops the refresh loop
			return func() tea.Msg { return closeScreenMsg{} }
		case key.Matches(msg, m.keys.Up):
			m.offset = max(m.offset-1, 0)
		case key.Matches(msg, m.keys.Down):
			m.offset++
		}
	}
	return nil
}

// ShortHelp returns the monitor's keys.
func (m *monitor) ShortHelp() []key.Binding { return []key.Binding{m.keys.Up, m.keys.Back} }

// FullHelp returns all the monitor's keys.
func (m *monitor) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.keys.Up, m.keys.Down, m.keys.Back}}
}

// rate formats complete / (complete + in progress), "–" when there are none.
func (m *monitor) rate(busy, done int) string {
	if busy+done == 0 {
		return "–"
	}
	return m.txt.percent(float64(done) / float64(busy+done))
}

// View renders the monitor in exactly the size set by SetSize.
func (m *monitor) View() string {
	t, w := m.txt, m.width
	top := []string{m.st.Title.Render(cellLeft(fmt.Sprintf(t.MonitorTitle, m.study.Code+" · "+m.study.Title), w))}
	var bottom string
	switch {
	case m.err != "":
		bottom = m.st.Error.Render(cellLeft("! "+m.err, w))
	case m.loaded:
		bottom = m.st.Muted.Render(cellLeft(fmt.Sprintf(t.MonUpdated, m.updatedAt.Format("15:04:05")), w))
	}
	if !m.loaded {
		top = append(top, "", m.st.Muted.Render(cellLeft(t.MonLoading, w)))
		return fitLines(withBottom(top, bottom, m.height), w, m.height)
	}
	if len(m.rounds) == 0 {
		top = append(top, "", m.st.Muted.Render(cellLeft(t.MonNoRounds, w)))
		return fitLines(withBottom(top, bottom, m.height), w, m.height)
	}
	// The latest rounds that fit.
	fit := max((w-monLeftW)/(1+monRoundW), 1)
	rounds := m.rounds[max(len(m.rounds)-fit, 0):]
	type pair struct{ busy, done int }
	// bySchool[i][schoolID] and per workplace, in the counts' order.
	bySchool := make([]map[string]pair, len(rounds))
	type schoolRow struct{ code, name, wp string }
	var schools []schoolRow
	var wps []survey.Workplace
	for i, r := range rounds {
		bySchool[i] = map[string]pair{}
		for _, c := range m.counts[r.ID] {
			bySchool[i][c.School.ID] = pair{c.InProgress, c.Complete}
			if !containsWorkplace(wps, c.Workplace.ID) {
				wps = append(wps, c.Workplace)
			}
			if !containsSchoolRow(schools, c.School.ID, func(s schoolRow) string { return s.code }) {
				schools = append(schools, schoolRow{code: c.School.ID, name: c.School.Code + " " + c.School.Name, wp: c.Workplace.ID})
			}
		}
	}
	cols := func(sum func(i int) pair) string {
		var b strings.Builder
		for i := range rounds {
			p := sum(i)
			b.WriteString(" " + cellRight(fmt.Sprint(p.done), monCountW) + " " + cellRight(fmt.Sprint(p.busy), monCountW) +
				" " + cellRight(m.rate(p.busy, p.done), monRateW))
		}
		return b.String()
	}
	head1, head2 := cellLeft("", monLeftW), cellLeft(t.MonSchools, monLeftW)
	names := make([]string, len(rounds))
	for i, r := range rounds {
		names[i] = r.Name
	}
	names = roundLabels(names, monRoundW)
	for i := range rounds {
		head1 += " " + cellRight(names[i], monRoundW)
		head2 += " " + cellRight(t.MonDone, monCountW) + " " + cellRight(t.MonBusy, monCountW) + " " + cellRight(t.MonRate, monRateW)
	}
	top = append(top, m.st.TableHead.Render(cellLeft(head1, w)), m.st.TableHead.Render(cellLeft(head2, w)))
	var body []string
	for _, wp := range wps {
		sum := func(i int) pair {
			var p pair
			for _, s := range schools {
				if s.wp == wp.ID {
					p.busy += bySchool[i][s.code].busy
					p.done += bySchool[i][s.code].done
				}
			}
			return p
		}
		body = append(body, m.st.Header.Render(cellLeft(wp.Code+" "+wp.Name, monLeftW)+cols(sum)))
		for _, s := range schools {
			if s.wp != wp.ID {
				continue
			}
			one := func(i int) pair { return bySchool[i][s.code] }
			body = append(body, m.st.Cell.Render(cellLeft("  "+s.name, monLeftW)+cols(one)))
		}
	}
	total := func(i int) pair {
		var p pair
		for _, c := range bySchool[i] {
			p.busy += c.busy
			p.done += c.done
		}
		return p
	}
	totalLine := m.st.Header.Render(cellLeft(t.MonTotal, monLeftW) + cols(total))
	room := max(m.height-len(top)-2, 1) // total and bottom line
	m.offset = min(m.offset, max(len(body)-room, 0))
	top = append(top, body[m.offset:min(len(body), m.offset+room)]...)
	top = append(top, totalLine)
	return fitLines(withBottom(top, bottom, m.height), w, m.height)
}

func containsWorkplace(wps []survey.Workplace, id string) bool {
	for _, w := range wps {
		if w.ID == id {
			return true
		}
	}
	return false
}

func containsSchoolRow[T any](rows []T, id string, key func(T) string) bool {
	for _, r := range rows {
		if key(r) == id {
			return true
		}
	}
	return false
}
