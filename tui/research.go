package tui

import (
	"context"

	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"peil/backend"
	"peil/survey"
)

// researchView is the researcher page that shows.
type researchView int

const (
	viewStudies researchView = iota
	viewStudy
)

func (v researchView) String() string {
	switch v {
	case viewStudies:
		return "studies"
	case viewStudy:
		return "study"
	}
	return fmt.Sprintf("researchView(%d)", int(v))
}

// research is the researcher's side of peil: the study list and a study's
// page (workplaces, schools, rounds, live response counts), with huh forms
// to add to them and to start the kiosk.
type research struct {
	cfg  Config
	st   *Styles
	lang survey.Lang
	txt  researchText
	keys researchKeys
	now  func() time.Time

	width, height int

	view researchView

	// Study list.
	rows        []studyRow
	rowsLoaded  bool
	cursor      int
	studyOffset int

	// Study page.
	data        studyData
	loaded      bool
	roundCursor int
	refreshedAt time.Time
	// tickGen identifies the live counts refresh loop; opening or leaving
	// a study page starts a new generation so old ticks die out.
	tickGen int
	vp      viewport.Model
	// roundLine is the body line of the first round, to keep the selected
	// round in view.
	roundLine int

	// The form on top of the page, if any.
	form *huh.Form
	// hold keeps the keys typed while the form moves to another field.
	hold      keyHold
	formKind  formKind
	formTitle string
	draft     researchDraft
	// kioskRound and kioskSchool wait for a PIN before the kiosk starts.
	kioskRound  survey.Round
	kioskSchool survey.School

	// sync is what the backend knows about the hub; syncing is true while
	// a sync runs.
	sync    backend.SyncStatus
	syncing bool

	// imp is the import screen over the study page, if open.
	imp *importScreen

	status string
	err    string
}

// newResearch returns the researcher pages, showing the study list.
func newResearch(cfg Config, st *Styles) *research {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	m := &research{
		cfg: cfg,
		st:  st,
		now: now,
		vp:  viewport.New(),
	}
	m.setLang(cfg.Lang)
	m.SetSize(80, 24)
	return m
}

// setLang switches the pages' language (Dutch unless lang is English).
// An open form keeps its language until it closes.
func (m *research) setLang(lang survey.Lang) {
	if lang != survey.English {
		lang = survey.Dutch
	}
	m.lang = lang
	m.txt = researchTexts(lang)
	m.keys = newResearchKeys(m.txt)
	m.layoutStudy()
	m.renderBody()
}

// Init loads the page that shows. The root model calls it at start and
// again when the researcher comes back from the kiosk, which restarts the
// live counts.
func (m *research) Init() tea.Cmd {
	if m.cfg.Store == nil {
		m.setErr(errors.New(m.txt.ErrNoStore))
		return nil
	}
	if m.view == viewStudy {
		m.tickGen++
		return tea.Batch(m.loadStudy(m.data.Study.ID), researchTick(m.tickGen), m.loadSyncStatus())
	}
	return m.loadStudies()
}

// SetSize sets the area the pages may use.
func (m *research) SetSize(w, h int) {
	m.width, m.height = max(w, 20), max(h, 8)
	m.vp.SetWidth(m.width)
	m.layoutStudy()
	m.renderBody()
	if m.form != nil {
		m.form = m.form.WithWidth(m.formWidth())
		m.sizeForm()
	}
}

// typing reports whether a form or the import screen, with their text
// fields, shows.
func (m *research) typing() bool { return m.form != nil || m.imp != nil }

func (m *research) formWidth() int { return min(m.width, 76) }

// formHeight is the height left for a form under its title and above the
// error line.
func (m *research) formHeight() int { return m.height - 4 }

// sizeForm tells the form its size, as a window size message would.
func (m *research) sizeForm() {
	f, _ := m.form.Update(tea.WindowSizeMsg{Width: m.formWidth(), Height: m.formHeight()})
	m.form = f.(*huh.Form)
}

// Update handles a message for the researcher pages; keys typed while a
// form moves to another field wait for the move (keyHold).
func (m *research) Update(msg tea.Msg) tea.Cmd {
	return updateHolding(msg, m.update, &m.hold)
}

func (m *research) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.updateSync(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case researchStudiesMsg:
		if msg.err != nil {
			m.setErr(msg.err)
			return nil
		}
		m.rows, m.rowsLoaded = msg.rows, true
		m.cursor = clampCursor(m.cursor, len(m.rows))
		return nil

	case researchStudyMsg:
		if msg.err != nil {
			m.setErr(msg.err)
			return nil
		}
		if m.view != viewStudy || msg.data.Study.ID != m.data.Study.ID {
			return nil
		}
		first := !m.loaded
		m.data, m.loaded = msg.data, true
		m.refreshedAt = m.now()
		m.roundCursor = clampCursor(m.roundCursor, len(m.data.Rounds))
		m.renderBody()
		if first {
			// Only now: preparing a national study's trends takes both
			// cores for most of a second, which should not hold up the
			// page itself.
			return m.prepareTrends(m.data.Study.ID)
		}
		return nil

	case researchCountsMsg:
		if m.view != viewStudy || msg.studyID != m.data.Study.ID {
			return nil
		}
		if msg.err != nil {
			m.setErr(msg.err)
			return nil
		}
		m.data.Counts, m.refreshedAt = msg.counts, msg.at
		m.renderBody()
		return nil

	case researchTickMsg:
		if msg.gen != m.tickGen || m.view != viewStudy || m.cfg.Store == nil {
			return nil
		}
		return tea.Batch(m.loadCounts(m.data.Study.ID, m.data.Rounds), researchTick(m.tickGen))

	case researchSavedMsg:
		return m.saved(msg)

	case researchPINMsg:
		if msg.err != nil {
			m.setErr(msg.err)
			return nil
		}
		if msg.has {
			return m.startKiosk()
		}
		m.draft.PIN, m.draft.PINAgain = "", ""
		return m.openForm(formPIN)

	case tea.WindowSizeMsg:
		// The root model sizes the page with SetSize; a form gets the
		// page's size, not the terminal's.
		if m.form != nil {
			m.sizeForm()
		}
		return nil
	}

	if _, ok := msg.(importClosedMsg); ok {
		m.imp = nil
		return m.openStudy(m.data.Study)
	}
	if m.imp != nil {
		return m.imp.Update(msg)
	}
	if m.form != nil {
		return m.updateForm(msg)
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		if m.view == viewStudy {
			return m.studyKey(msg)
		}
		return m.studiesKey(msg)
	}
	return nil
}

// updateForm passes a message to the open form and acts when it is done.
// Keys typed while the form moves to another field wait (keyHold).
func (m *research) updateForm(msg tea.Msg) tea.Cmd {
	if m.hold.hold(msg) {
		return nil
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey && key.Matches(k, m.keys.Cancel) {
		m.closeForm()
		m.status, m.err = m.txt.FormCancelled, ""
		return nil
	}
	f, cmd := m.form.Update(msg)
	m.form = f.(*huh.Form)
	switch m.form.State {
	case huh.StateCompleted:
		kind := m.formKind
		m.closeForm()
		m.err = ""
		return tea.Batch(cmd, m.submitForm(kind))
	case huh.StateAborted:
		m.closeForm()
		m.status = m.txt.FormCancelled
		return cmd
	}
	m.hold.moved(msg, cmd, m.form, m.formKeys())
	return cmd
}

func (m *research) closeForm() {
	m.form, m.formKind, m.formTitle = nil, formNone, ""
}

// saved acts on the outcome of a change.
func (m *research) saved(msg researchSavedMsg) tea.Cmd {
	if msg.err != nil {
		m.setErr(msg.err)
		if msg.kind != formNone {
			// Show the form again, filled in, with the store's reason.
			return m.openForm(msg.kind)
		}
		return nil
	}
	m.status, m.err = msg.status, ""
	switch msg.kind {
	case formStudy:
		return m.openStudy(msg.study)
	case formPIN:
		return m.startKiosk()
	}
	if m.view == viewStudy {
		return m.loadStudy(m.data.Study.ID)
	}
	return m.loadStudies()
}

func (m *research) startKiosk() tea.Cmd {
	m.draft.PIN, m.draft.PINAgain = "", ""
	m.status = fmt.Sprintf(m.txt.StartingKiosk, m.kioskRound.Name, m.kioskSchool.Name)
	return startKioskCmd(m.kioskRound, m.kioskSchool)
}

// openStudy shows a study's page and starts its live counts.
func (m *research) openStudy(s survey.Study) tea.Cmd {
	m.view = viewStudy
	m.data = studyData{Study: s}
	m.loaded = false
	m.roundCursor = 0
	m.vp.SetYOffset(0)
	m.tickGen++
	m.renderBody()
	return tea.Batch(m.loadStudy(s.ID), researchTick(m.tickGen), m.loadSyncStatus())
}

// prepareTrends gets the study's trend data ready in the background
// (Backend.PrepareTrends), once the study's page has loaded, so that the
// trends screen opens at once.
func (m *research) prepareTrends(studyID string) tea.Cmd {
	if m.cfg.Backend == nil {
		return nil
	}
	prepare := m.cfg.Backend.PrepareTrends
	return func() tea.Msg {
		prepare(context.Background(), studyID)
		return nil
	}
}

func (m *research) openKioskForm() tea.Cmd {
	var open *survey.Round
	for i := range m.data.Rounds {
		if m.data.Rounds[i].Open {
			open = &m.data.Rounds[i]
			break
		}
	}
	switch {
	case open == nil:
		m.setErr(errors.New(m.txt.ErrNoOpenRounds))
		return nil
	case len(m.data.Schools) == 0:
		m.setErr(errors.New(m.txt.ErrNoSchools))
		return nil
	}
	m.err = ""
	m.draft = researchDraft{RoundID: open.ID, SchoolID: m.data.Schools[0].ID}
	if sel := m.data.Rounds[m.roundCursor]; sel.Open {
		m.draft.RoundID = sel.ID
	}
	return m.openForm(formKiosk)
}

// chooseKiosk remembers the round and school chosen in the kiosk form.
func (m *research) chooseKiosk() bool {
	var okR, okS bool
	for _, r := range m.data.Rounds {
		if r.ID == m.draft.RoundID {
			m.kioskRound, okR = r, true
		}
	}
	for _, s := range m.data.Schools {
		if s.ID == m.draft.SchoolID {
			m.kioskSchool, okS = s, true
		}
	}
	return okR && okS
}

func (m *research) selectRound(i int) {
	m.roundCursor = clampCursor(i, len(m.data.Rounds))
	m.renderBody()
	m.vp.EnsureVisible(m.roundLine+m.roundCursor, 0, 0)
}

// setErr shows an error in the page: a domain error's message as it is
// (it is written for people), anything else behind a general sentence.
func (m *research) setErr(err error) {
	m.status = ""
	var de *survey.Error
	if errors.As(err, &de) {
		m.err = de.Message
		return
	}
	m.err = fmt.Sprintf(m.txt.ErrUnexpected, err)
}

func clampCursor(i, n int) int {
	if n == 0 || i < 0 {
		return 0
	}
	return min(i, n-1)
}
