package tui

import (
	"context"
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"peil/analysis"
	"peil/survey"
)

// trendsKeys are the trends screen's key bindings, built per language.
type trendsKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	// PrevGroups and NextGroups page through the groups the chart and
	// the table show.
	PrevGroups, NextGroups key.Binding
	Items                  key.Binding // drill down to the scale's items
	// Pick opens the list of groups to choose the chart's from; Toggle
	// and PickDone work in it.
	Pick, Toggle, PickDone key.Binding
	PickUp, PickDown       key.Binding
	Instrument             key.Binding
	Role                   key.Binding
	Split                  key.Binding // split by workplace or merged
	Group                  key.Binding // the group whose items show
	Back                   key.Binding
}

func newTrendsKeys(t trendsText) trendsKeys {
	return trendsKeys{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", t.HelpScale)),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", t.HelpScale)),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", t.HelpScroll)),
		PageDown:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", t.HelpScroll)),
		PrevGroups: key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", t.HelpGroups)),
		NextGroups: key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", t.HelpGroups)),
		Items:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.HelpItems)),
		Pick:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", t.HelpPick)),
		Toggle:     key.NewBinding(key.WithKeys("space", "x"), key.WithHelp(t.SpaceKey, t.HelpToggle)),
		PickDone:   key.NewBinding(key.WithKeys("enter", "g"), key.WithHelp("enter", t.HelpPickDone)),
		PickUp:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", t.HelpPickMove)),
		PickDown:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", t.HelpPickMove)),
		Instrument: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t.HelpInstr)),
		Role:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.HelpRole)),
		Split:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t.HelpSplit)),
		Group:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t.HelpGroup)),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpBack)),
	}
}

// trendsInstrument is one instrument a study's rounds used, with its scale
// definitions (the union over the versions the TUI knows of).
type trendsInstrument struct {
	ID     string
	Title  string
	Scales []survey.Scale
}

// trendsLoadedMsg carries a computed report to the trends screen.
type trendsLoadedMsg struct {
	instrumentID string
	report       *analysis.Report
	err          error
}

// openScreenMsg asks the root model to show a study's trends screen (or,
// with monitor set, its monitor).
type openScreenMsg struct {
	monitor bool
	export  bool
	study   survey.Study
	rounds  []survey.Round
}

// closeScreenMsg asks the root model to go back from the trends or
// monitor screen to the study page.
type closeScreenMsg struct{}

// trends is the trends screen of one study: per scale a chart of the mean
// per round with a line per workplace, a table of n, mean, change and d,
// and a drill-down to the items' answer distributions.
type trends struct {
	cfg   Config
	ctx   context.Context
	st    *Styles
	txt   trendsText
	keys  trendsKeys
	study survey.Study

	width, height int

	instruments []trendsInstrument
	instr       int
	reports     map[string]*analysis.Report
	loading     bool
	spin        spinner.Model
	err         string

	scale  int  // index into scaleIDs()
	role   int  // 0: all roles; i: roles()[i-1]
	merged bool // all workplaces together
	drill  bool // the items of the scale
	group  int  // in the drill-down: index into rows()
	offset int  // first table row (or drill-down line) shown
	// perPage is how many groups the chart and table showed last.
	perPage int
	// picked are the groups (report indexes) the researcher chose for
	// the chart and table, in the order chosen; empty: pages of groups.
	// picking shows the list to choose from, pickAt its cursor (an
	// index into rows()).
	picked  []int
	picking bool
	pickAt  int
}

// newTrends returns the trends screen of a study whose rounds are given
// (the instruments they used are the screen's filter).
func newTrends(ctx context.Context, cfg Config, st *Styles, study survey.Study, rounds []survey.Round) *trends {
	lang := cfg.Lang
	if lang != survey.English {
		lang = survey.Dutch
	}
	m := &trends{cfg: cfg, ctx: ctx, st: st, txt: trendsTexts(lang), study: study, reports: map[string]*analysis.Report{}}
	m.keys = newTrendsKeys(m.txt)
	m.spin = spinner.New(spinner.WithSpinner(spinner.Line))
	// Without a catalogue (it could not be read) the ids name the
	// instruments.
	cat, _ := cfg.instruments()
	m.instruments = studyInstruments(cat, rounds, lang)
	// With one instrument there is nothing to switch to.
	m.keys.Instrument.SetEnabled(len(m.instruments) > 1)
	m.SetSize(80, 23)
	return m
}

// studyInstruments lists the instruments the rounds used, in round order.
func studyInstruments(cat []*survey.Instrument, rounds []survey.Round, lang survey.Lang) []trendsInstrument {
	var out []trendsInstrument
	for _, r := range rounds {
		if slices.ContainsFunc(out, func(t trendsInstrument) bool { return t.ID == r.InstrumentID }) {
			continue
		}
		ti := trendsInstrument{ID: r.InstrumentID, Title: r.InstrumentID}
		newest := 0
		for _, in := range cat {
			if in.ID != r.InstrumentID {
				continue
			}
			if in.Version > newest {
				newest = in.Version
				ti.Title = in.Title.Get(lang)
			}
			for _, sc := range in.Scales {
				i := slices.IndexFunc(ti.Scales, func(s survey.Scale) bool { return s.ID == sc.ID })
				if i < 0 {
					ti.Scales = append(ti.Scales, sc)
					continue
				}
				for _, id := range sc.Items {
					if !slices.Contains(ti.Scales[i].Items, id) {
						ti.Scales[i].Items = append(ti.Scales[i].Items, id)
					}
				}
				for _, id := range sc.Reversed {
					if !slices.Contains(ti.Scales[i].Reversed, id) {
						ti.Scales[i].Reversed = append(ti.Scales[i].Reversed, id)
					}
				}
			}
		}
		out = append(out, ti)
	}
	return out
}

// Init computes the first instrument's trends.
func (m *trends) Init() tea.Cmd { return m.load() }

// load starts computing the chosen instrument's report, unless it is
// already known.
func (m *trends) load() tea.Cmd {
	if len(m.instruments) == 0 {
		return nil
	}
	if m.cfg.Backend == nil {
		m.err = m.txt.NotAvailable
		return nil
	}
	id := m.instruments[m.instr].ID
	if _, ok := m.reports[id]; ok {
		return nil
	}
	m.loading, m.err = true, ""
	load, ctx, studyID := m.cfg.Backend.Trends, m.ctx, m.study.ID
	opts := []analysis.Option{analysis.WithSplit(analysis.ByRole)}
	if m.study.MinGroupSize >= 3 {
		opts = append(opts, analysis.WithMinGroupSize(m.study.MinGroupSize))
	}
	compute := func() tea.Msg {
		rep, err := load(ctx, studyID, id, opts...)
		return trendsLoadedMsg{instrumentID: id, report: rep, err: err}
	}
	return tea.Batch(m.spin.Tick, compute)
}

// SetSize sets the area the screen may use.
func (m *trends) SetSize(w, h int) {
	m.width, m.height = max(w, 40), max(h, 12)
	m.offset = 0
}

// report returns the chosen instrument's report, or nil while it loads.
func (m *trends) report() *analysis.Report {
	if len(m.instruments) == 0 {
		return nil
	}
	return m.reports[m.instruments[m.instr].ID]
}

// scaleMeasures lists the measures the main view shows: the report's
// scales, then its number items (integer and decimal), which have a mean
// but no answer distribution and no items to drill into.
func (m *trends) scaleMeasures() []*analysis.Measure {
	rep := m.report()
	if rep == nil {
		return nil
	}
	var out []*analysis.Measure
	for i := range rep.Measures {
		if rep.Measures[i].Kind == analysis.ScaleMeasure {
			out = append(out, &rep.Measures[i])
		}
	}
	for i := range rep.Measures {
		if isNumberItem(&rep.Measures[i]) {
			out = append(out, &rep.Measures[i])
		}
	}
	return out
}

// isNumberItem reports whether ms is an integer or decimal item.
func isNumberItem(ms *analysis.Measure) bool {
	return ms.Kind == analysis.ItemMeasure && (ms.Type == survey.Integer || ms.Type == survey.Decimal)
}

// roles lists the roles of the report's split rows, sorted.
func (m *trends) roles() []string {
	rep := m.report()
	if rep == nil {
		return nil
	}
	var out []string
	for _, g := range rep.Groups {
		if g.Sub != "" && !slices.Contains(out, g.Sub) {
			out = append(out, g.Sub)
		}
	}
	slices.Sort(out)
	return out
}

// rows lists the groups the screen shows, by index into the report's
// groups: all workplaces merged, or each workplace (or each workplace's
// row for the chosen role).
func (m *trends) rows() []int {
	rep := m.report()
	if rep == nil {
		return nil
	}
	role := ""
	if rs := m.roles(); m.role > 0 && m.role <= len(rs) {
		role = rs[m.role-1]
	}
	var out []int
	for g, grp := range rep.Groups {
		switch {
		case m.merged && role == "":
			if grp.Workplace == "" {
				out = append(out, g)
			}
		case m.merged:
			// Merged per role is not computed (see RoleMerged).
		case grp.Workplace != "" && grp.Sub == role:
			out = append(out, g)
		}
	}
	return out
}

// groupLabel names a group on screen: "Alle", "WOA".
func (m *trends) groupLabel(g int) string {
	grp := m.report().Groups[g]
	if grp.Workplace == "" {
		return m.txt.All
	}
	return grp.Workplace
}

// Update handles a message for the trends screen.
func (m *trends) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case trendsLoadedMsg:
		if msg.err != nil {
			m.loading = false
			m.err = fmt.Sprintf(m.txt.Error, msg.err)
			return nil
		}
		m.reports[msg.instrumentID] = msg.report
		if len(m.instruments) > 0 && m.instruments[m.instr].ID == msg.instrumentID {
			m.loading = false
			m.scale = clampCursor(m.scale, len(m.scaleMeasures()))
			m.role = min(m.role, len(m.roles()))
		}
		return nil
	case spinner.TickMsg:
		if !m.loading {
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *trends) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if m.picking {
		m.pickKey(msg)
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		if m.drill {
			m.drill, m.offset = false, 0
			return nil
		}
		return func() tea.Msg { return closeScreenMsg{} }
	case key.Matches(msg, k.Instrument):
		if len(m.instruments) > 1 {
			m.instr = (m.instr + 1) % len(m.instruments)
			m.scale, m.role, m.drill, m.offset, m.group = 0, 0, false, 0, 0
			return m.load()
		}
		return nil
	}
	if m.report() == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		if m.drill {
			m.offset = max(m.offset-1, 0)
		} else {
			m.scale = clampCursor(m.scale-1, len(m.scaleMeasures()))
			m.offset = 0
		}
	case key.Matches(msg, k.Down):
		if m.drill {
			m.offset++
		} else {
			m.scale = clampCursor(m.scale+1, len(m.scaleMeasures()))
			m.offset = 0
		}
	case key.Matches(msg, k.PrevGroups) && !m.drill:
		m.offset = max(m.offset-m.pageSize(), 0)
	case key.Matches(msg, k.NextGroups) && !m.drill:
		if n := m.pageSize(); m.offset+n < len(m.shown()) {
			m.offset += n
		}
	case key.Matches(msg, k.PageUp):
		m.offset = max(m.offset-m.pageStep(), 0)
	case key.Matches(msg, k.PageDown):
		m.offset += m.pageStep()
	case key.Matches(msg, k.Pick) && !m.drill:
		if len(m.rows()) > 1 {
			m.picking, m.pickAt = true, 0
		}
	case key.Matches(msg, k.Items):
		if ms := m.scaleMeasures(); len(ms) > 0 && !m.drill && ms[min(m.scale, len(ms)-1)].Kind == analysis.ScaleMeasure {
			m.drill, m.offset, m.group = true, 0, m.firstShownRow()
		}
	case key.Matches(msg, k.Group):
		if n := len(m.rows()); m.drill && n > 0 {
			m.group = (m.group + 1) % n
			m.offset = 0
		}
	case key.Matches(msg, k.Role):
		m.role = (m.role + 1) % (len(m.roles()) + 1)
		m.offset, m.group, m.picked = 0, 0, nil
	case key.Matches(msg, k.Split):
		m.merged = !m.merged
		m.offset, m.group, m.picked = 0, 0, nil
	}
	return nil
}

// pickKey handles a key in the list of groups: move, choose (at most as
// many as the chart has markers), close.
func (m *trends) pickKey(msg tea.KeyPressMsg) {
	k, rows := m.keys, m.rows()
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.PickDone):
		m.picking = false
		m.offset = 0
	case key.Matches(msg, k.PickUp):
		m.pickAt = clampCursor(m.pickAt-1, len(rows))
	case key.Matches(msg, k.PickDown):
		m.pickAt = clampCursor(m.pickAt+1, len(rows))
	case key.Matches(msg, k.PageUp):
		m.pickAt = clampCursor(m.pickAt-m.pageStep(), len(rows))
	case key.Matches(msg, k.PageDown):
		m.pickAt = clampCursor(m.pickAt+m.pageStep(), len(rows))
	case key.Matches(msg, k.Toggle) && m.pickAt < len(rows):
		g := rows[m.pickAt]
		if i := slices.Index(m.picked, g); i >= 0 {
			m.picked = slices.Delete(m.picked, i, i+1)
		} else if len(m.picked) < len(chartMarkers) {
			m.picked = append(m.picked, g)
		}
	}
}

// shown lists the groups the chart and table may show: the picked ones
// (in the screen's order), or all rows.
func (m *trends) shown() []int {
	rows := m.rows()
	if len(m.picked) == 0 {
		return rows
	}
	var out []int
	for _, g := range rows {
		if slices.Contains(m.picked, g) {
			out = append(out, g)
		}
	}
	if len(out) == 0 {
		return rows
	}
	return out
}

// firstShownRow is the first row whose group is shown (not suppressed)
// in the last round, where the drill-down starts; 0 if none.
func (m *trends) firstShownRow() int {
	n := m.report().Measures[0] // the respondent counts
	for i, g := range m.rows() {
		if c := n.Cells[g]; len(c) > 0 && c[len(c)-1].Status == analysis.Shown {
			return i
		}
	}
	return 0
}

// pageStep is how far pgup and pgdn scroll.
func (m *trends) pageStep() int { return max(m.height/3, 1) }

// ShortHelp returns the keys that matter now.
func (m *trends) ShortHelp() []key.Binding {
	k := m.keys
	if m.picking {
		return []key.Binding{k.PickUp, k.Toggle, k.PickDone, k.Back}
	}
	if m.drill {
		return []key.Binding{k.Group, k.Back, k.PageDown, k.Role, k.Split}
	}
	out := []key.Binding{k.Up}
	if len(m.shown()) > m.pageSize() {
		out = append(out, k.PrevGroups)
	}
	if len(m.rows()) > 1 {
		out = append(out, k.Pick)
	}
	out = append(out, k.Items, k.Role, k.Split, k.Back)
	if k.Instrument.Enabled() {
		out = append(out, k.Instrument)
	}
	return out
}

// FullHelp returns all keys of the screen.
func (m *trends) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{{k.Up, k.Down, k.PrevGroups, k.NextGroups, k.PageUp, k.PageDown}, {k.Items, k.Group, k.Back}, {k.Pick, k.PickUp, k.PickDown, k.Toggle, k.PickDone}, {k.Instrument, k.Role, k.Split}}
}
