package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"peil/backend"
	"peil/survey"
)

// The study page's hub line and sync key (issue 13): once the database
// joined a hub, the page shows the last sync and the responses waiting,
// and y syncs in a command. The kiosk never syncs.

// researchSyncTimeout bounds one sync from the page: its retries wait at
// most about a minute in all.
const researchSyncTimeout = 3 * time.Minute

type (
	// researchSyncStatusMsg carries what the backend knows about the hub.
	researchSyncStatusMsg struct {
		status backend.SyncStatus
		err    error
	}
	// researchSyncedMsg reports a sync's outcome.
	researchSyncedMsg struct {
		report backend.SyncReport
		err    error
	}
)

// loadSyncStatus asks the backend about the hub (nothing without one).
func (m *research) loadSyncStatus() tea.Cmd {
	b := m.cfg.Backend
	if b == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		st, err := b.SyncStatus(ctx)
		return researchSyncStatusMsg{status: st, err: err}
	}
}

// startSync runs a sync in a command, once the database joined a hub and
// no sync runs yet.
func (m *research) startSync() tea.Cmd {
	b := m.cfg.Backend
	if b == nil || !m.sync.Joined || m.syncing {
		return nil
	}
	m.syncing = true
	m.status, m.err = "", ""
	m.layoutStudy()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchSyncTimeout)
		defer cancel()
		rep, err := b.SyncNow(ctx)
		return researchSyncedMsg{report: rep, err: err}
	}
}

// updateSync handles the sync messages; ok is false for other messages.
func (m *research) updateSync(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case researchSyncStatusMsg:
		if msg.err != nil {
			m.setErr(msg.err)
			return nil, true
		}
		m.sync = msg.status
		m.layoutStudy()
		return nil, true
	case researchSyncedMsg:
		m.syncing = false
		if msg.err != nil {
			m.setErr(msg.err)
		} else {
			m.status, m.err = fmt.Sprintf(m.txt.SyncDone, msg.report.Pushed, msg.report.Pulled.Added), ""
		}
		m.layoutStudy()
		return tea.Batch(m.loadSyncStatus(), m.reloadStudy()), true
	}
	return nil, false
}

// reloadStudy reloads the study page if it shows (a sync may bring rounds).
func (m *research) reloadStudy() tea.Cmd {
	if m.view != viewStudy || m.cfg.Store == nil {
		return nil
	}
	return m.loadStudy(m.data.Study.ID)
}

// layoutStudy enables the sync key when there is a hub, and gives the
// scrolling body what the header leaves.
func (m *research) layoutStudy() {
	m.keys.Sync.SetEnabled(m.cfg.Backend != nil && m.sync.Joined)
	m.vp.SetHeight(max(m.height-len(m.studyHeader())-1, 1))
}

// syncLine is the study page's hub line: "" when the database joined no
// hub.
func (m *research) syncLine() string {
	s, t := m.sync, m.txt
	if !s.Joined {
		return ""
	}
	parts := []string{t.SyncNever}
	if !s.LastSync.IsZero() {
		now := m.now()
		at := s.LastSync.In(now.Location())
		layout := "15:04"
		if y, d := at.YearDay(), now.YearDay(); y != d || at.Year() != now.Year() {
			layout = "2006-01-02 15:04"
		}
		parts[0] = fmt.Sprintf(t.SyncLast, at.Format(layout))
	}
	if s.Role != survey.RoleResearcher {
		parts = append(parts, fmt.Sprintf(t.SyncWaiting, s.Waiting))
	}
	switch {
	case m.syncing:
		parts = append(parts, t.SyncBusy)
	case s.LastError != "":
		// The backend keeps "time message"; the time says nothing here.
		e := s.LastError
		if _, rest, ok := strings.Cut(e, " "); ok {
			e = rest
		}
		parts = append(parts, fmt.Sprintf(t.SyncFailed, e))
	}
	return strings.Join(parts, " · ")
}
