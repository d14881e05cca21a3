package tui

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// The research pages' keys: the bindings, what they do on the study list
// and a study's page, and the help made from them.

// researchKeys are the researcher pages' key bindings. They are built per
// page (newResearchKeys) so that their help text follows the language.
type researchKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Open             key.Binding // open the selected study
	NewStudy         key.Binding
	Back             key.Binding // back to the study list
	AddWorkplace     key.Binding
	AddSchool        key.Binding
	NewRound         key.Binding
	ToggleRound      key.Binding
	Kiosk            key.Binding
	Trends           key.Binding // the study's trends screen
	Monitor          key.Binding // the study's live response monitor
	Export           key.Binding // export the study's responses
	Import           key.Binding // import data packages from other laptops
	Sync             key.Binding // sync with the hub (enabled once the database joined one)
	Cancel           key.Binding // leave a form without saving
}

func newResearchKeys(t researchText) researchKeys {
	return researchKeys{
		Up:           key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", t.HelpUp)),
		Down:         key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", t.HelpDown)),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", t.HelpScroll)),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", t.HelpScroll)),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.HelpOpenStudy)),
		NewStudy:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t.HelpNewStudy)),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpBack)),
		AddWorkplace: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", t.HelpAddWorkplace)),
		AddSchool:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t.HelpAddSchool)),
		NewRound:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.HelpNewRound)),
		ToggleRound:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t.HelpToggleRound)),
		Kiosk:        key.NewBinding(key.WithKeys("k"), key.WithHelp("k", t.HelpKiosk)),
		Trends:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t.HelpTrends)),
		Monitor:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t.HelpMonitor)),
		Export:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.HelpExport)),
		Import:       key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t.HelpImport)),
		Sync:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", t.HelpSync)),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpCancel)),
	}
}

func (m *research) studiesKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Up):
		m.cursor = clampCursor(m.cursor-1, len(m.rows))
	case key.Matches(msg, m.keys.Down):
		m.cursor = clampCursor(m.cursor+1, len(m.rows))
	case key.Matches(msg, m.keys.Open):
		if len(m.rows) > 0 {
			m.status, m.err = "", ""
			return m.openStudy(m.rows[m.cursor].Study)
		}
	case key.Matches(msg, m.keys.NewStudy):
		m.err = ""
		m.draft = researchDraft{K: fmt.Sprint(survey.DefaultMinGroupSize)}
		return m.openForm(formStudy)
	}
	return nil
}

func (m *research) studyKey(msg tea.KeyPressMsg) tea.Cmd {
	if !m.loaded && !key.Matches(msg, m.keys.Back) {
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Back):
		m.view = viewStudies
		m.tickGen++ // stops the live counts
		m.status, m.err = "", ""
		return m.loadStudies()
	case key.Matches(msg, m.keys.Up):
		m.selectRound(m.roundCursor - 1)
	case key.Matches(msg, m.keys.Down):
		m.selectRound(m.roundCursor + 1)
	case key.Matches(msg, m.keys.PageUp):
		m.vp.PageUp()
	case key.Matches(msg, m.keys.PageDown):
		m.vp.PageDown()
	case key.Matches(msg, m.keys.AddWorkplace):
		m.err = ""
		m.draft = researchDraft{}
		return m.openForm(formWorkplace)
	case key.Matches(msg, m.keys.AddSchool):
		if len(m.data.Workplaces) == 0 {
			m.setErr(errors.New(m.txt.ErrNoWorkplaces))
			return nil
		}
		m.err = ""
		m.draft = researchDraft{WorkplaceID: m.data.Workplaces[0].ID}
		return m.openForm(formSchool)
	case key.Matches(msg, m.keys.NewRound):
		cat, err := m.cfg.instruments()
		if err != nil {
			m.setErr(err)
			return nil
		}
		if len(cat) == 0 {
			m.setErr(errors.New(m.txt.ErrNoCatalogue))
			return nil
		}
		m.err = ""
		m.draft = researchDraft{}
		return m.openForm(formRound)
	case key.Matches(msg, m.keys.ToggleRound):
		if len(m.data.Rounds) == 0 {
			m.setErr(errors.New(m.txt.ErrNoRounds))
			return nil
		}
		r := m.data.Rounds[m.roundCursor]
		m.err = ""
		return m.setRoundOpen(r, !r.Open)
	case key.Matches(msg, m.keys.Import):
		m.imp = newImportScreen(context.Background(), m.cfg, m.st, m.width)
		return nil
	case key.Matches(msg, m.keys.Kiosk):
		return m.openKioskForm()
	case key.Matches(msg, m.keys.Sync):
		return m.startSync()
	case key.Matches(msg, m.keys.Trends), key.Matches(msg, m.keys.Monitor), key.Matches(msg, m.keys.Export):
		if key.Matches(msg, m.keys.Export) && len(m.data.Rounds) == 0 {
			m.setErr(errors.New(m.txt.ErrNoRounds))
			return nil
		}
		m.tickGen++ // the screen has its own refresh; Init restarts ours
		if key.Matches(msg, m.keys.Export) {
			// The export starts from the round the cursor is on.
			open := openExportMsg{study: m.data.Study, rounds: append([]survey.Round(nil), m.data.Rounds...),
				selected: m.data.Rounds[m.roundCursor].ID}
			return func() tea.Msg { return open }
		}
		open := openScreenMsg{monitor: key.Matches(msg, m.keys.Monitor), export: key.Matches(msg, m.keys.Export), study: m.data.Study,
			rounds: append([]survey.Round(nil), m.data.Rounds...)}
		return func() tea.Msg { return open }
	}
	return nil
}

// ShortHelp returns the keys that matter now.
func (m *research) ShortHelp() []key.Binding {
	k := m.keys
	if m.imp != nil {
		return m.imp.ShortHelp()
	}
	if m.form != nil {
		return append(m.form.KeyBinds(), k.Cancel)
	}
	if m.view == viewStudy {
		return []key.Binding{k.Kiosk, k.Trends, k.Monitor, k.Export, k.Import, k.Sync, k.NewRound, k.ToggleRound, k.AddWorkplace, k.AddSchool, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.NewStudy}
}

// FullHelp returns all keys of the page, in columns.
func (m *research) FullHelp() [][]key.Binding {
	k := m.keys
	if m.imp != nil {
		return m.imp.FullHelp()
	}
	if m.form != nil {
		return [][]key.Binding{m.form.KeyBinds(), {k.Cancel}}
	}
	if m.view == viewStudy {
		return [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown},
			{k.AddWorkplace, k.AddSchool, k.NewRound},
			{k.ToggleRound, k.Kiosk, k.Back},
			{k.Trends, k.Monitor, k.Export, k.Import, k.Sync},
		}
	}
	return [][]key.Binding{{k.Up, k.Down}, {k.Open, k.NewStudy}}
}
