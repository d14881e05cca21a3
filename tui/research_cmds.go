package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"peil/pin"
	"peil/survey"
)

// researchRefresh is how often the study page reloads its response counts,
// so that a kiosk writing to the same database shows up live.
const researchRefresh = 3 * time.Second

// researchTimeout bounds one command's store calls, so a locked database
// shows an error instead of hanging the page.
const researchTimeout = 10 * time.Second

// studyRow is one line of the study list.
type studyRow struct {
	Study                       survey.Study
	Workplaces, Schools, Rounds int
}

// studyData is everything the study page shows.
type studyData struct {
	Study      survey.Study
	Workplaces []survey.Workplace
	Schools    []survey.School
	Rounds     []survey.Round
	// Counts holds the response counts of each open round, by round id.
	Counts map[string][]survey.SchoolCount
}

// Messages the research page's commands send back to it.
type (
	researchStudiesMsg struct {
		rows []studyRow
		err  error
	}
	researchStudyMsg struct {
		data studyData
		err  error
	}
	researchCountsMsg struct {
		studyID string
		counts  map[string][]survey.SchoolCount
		at      time.Time
		err     error
	}
	// researchTickMsg asks for a counts refresh; gen ties it to the
	// refresh loop that scheduled it, so a stale loop dies out.
	researchTickMsg struct{ gen int }
	// researchSavedMsg reports the outcome of a change made through a form or a
	// key. On error the form that made it (kind) is shown again.
	researchSavedMsg struct {
		kind   formKind
		status string
		study  survey.Study // set when a study was created
		err    error
	}
	// researchPINMsg reports whether a kiosk PIN is already set.
	researchPINMsg struct {
		has bool
		err error
	}
)

func (m *research) loadStudies() tea.Cmd {
	st := m.cfg.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		studies, err := st.Studies(ctx)
		if err != nil {
			return researchStudiesMsg{err: err}
		}
		rows := make([]studyRow, 0, len(studies))
		for _, s := range studies {
			row := studyRow{Study: s}
			wps, err := st.Workplaces(ctx, s.ID)
			if err != nil {
				return researchStudiesMsg{err: err}
			}
			schools, err := st.Schools(ctx, s.ID)
			if err != nil {
				return researchStudiesMsg{err: err}
			}
			rounds, err := st.Rounds(ctx, s.ID)
			if err != nil {
				return researchStudiesMsg{err: err}
			}
			row.Workplaces, row.Schools, row.Rounds = len(wps), len(schools), len(rounds)
			rows = append(rows, row)
		}
		return researchStudiesMsg{rows: rows}
	}
}

func (m *research) loadStudy(id string) tea.Cmd {
	st := m.cfg.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		var d studyData
		var err error
		if d.Study, err = st.Study(ctx, id); err != nil {
			return researchStudyMsg{err: err}
		}
		if d.Workplaces, err = st.Workplaces(ctx, id); err != nil {
			return researchStudyMsg{err: err}
		}
		if d.Schools, err = st.Schools(ctx, id); err != nil {
			return researchStudyMsg{err: err}
		}
		if d.Rounds, err = st.Rounds(ctx, id); err != nil {
			return researchStudyMsg{err: err}
		}
		if d.Counts, err = openCounts(ctx, st, d.Rounds); err != nil {
			return researchStudyMsg{err: err}
		}
		return researchStudyMsg{data: d}
	}
}

// openCounts loads the response counts of every open round.
func openCounts(ctx context.Context, st survey.Store, rounds []survey.Round) (map[string][]survey.SchoolCount, error) {
	counts := make(map[string][]survey.SchoolCount)
	for _, r := range rounds {
		if !r.Open {
			continue
		}
		c, err := st.ResponseCounts(ctx, r.ID)
		if err != nil {
			return nil, fmt.Errorf("counting responses of round %q: %w", r.Name, err)
		}
		counts[r.ID] = c
	}
	return counts, nil
}

func (m *research) loadCounts(studyID string, rounds []survey.Round) tea.Cmd {
	st, now := m.cfg.Store, m.now
	rounds = append([]survey.Round(nil), rounds...)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		// Another laptop or a kiosk may have opened or closed a round.
		fresh, err := st.Rounds(ctx, studyID)
		if err == nil {
			rounds = fresh
		}
		counts, err := openCounts(ctx, st, rounds)
		return researchCountsMsg{studyID: studyID, counts: counts, at: now(), err: err}
	}
}

// tick schedules the next counts refresh of loop gen.
func researchTick(gen int) tea.Cmd {
	return tea.Tick(researchRefresh, func(time.Time) tea.Msg { return researchTickMsg{gen: gen} })
}

func (m *research) createStudy(s survey.Study) tea.Cmd {
	st, t := m.cfg.Store, m.txt
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		created, err := st.CreateStudy(ctx, s)
		if err != nil {
			return researchSavedMsg{kind: formStudy, err: err}
		}
		return researchSavedMsg{kind: formStudy, study: created, status: fmt.Sprintf(t.StudyCreated, created.Code)}
	}
}

func (m *research) createWorkplace(w survey.Workplace) tea.Cmd {
	st, t := m.cfg.Store, m.txt
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		created, err := st.CreateWorkplace(ctx, w)
		if err != nil {
			return researchSavedMsg{kind: formWorkplace, err: err}
		}
		return researchSavedMsg{kind: formWorkplace, status: fmt.Sprintf(t.WorkplaceCreated, created.Code)}
	}
}

func (m *research) createSchool(s survey.School) tea.Cmd {
	st, t := m.cfg.Store, m.txt
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		created, err := st.CreateSchool(ctx, s)
		if err != nil {
			return researchSavedMsg{kind: formSchool, err: err}
		}
		return researchSavedMsg{kind: formSchool, status: fmt.Sprintf(t.SchoolCreated, created.Code)}
	}
}

// createRound stores the instrument version the round uses, then the
// round itself, open.
func (m *research) createRound(in *survey.Instrument, r survey.Round) tea.Cmd {
	st, t := m.cfg.Store, m.txt
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		if err := st.SaveInstrument(ctx, in); err != nil {
			return researchSavedMsg{kind: formRound, err: err}
		}
		r.InstrumentID, r.InstrumentVersion, r.Open = in.ID, in.Version, true
		created, err := st.CreateRound(ctx, r)
		if err != nil {
			return researchSavedMsg{kind: formRound, err: err}
		}
		return researchSavedMsg{kind: formRound, status: fmt.Sprintf(t.RoundCreated, created.Name)}
	}
}

func (m *research) setRoundOpen(r survey.Round, open bool) tea.Cmd {
	st, t := m.cfg.Store, m.txt
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		if err := st.SetRoundOpen(ctx, r.ID, open); err != nil {
			return researchSavedMsg{err: err}
		}
		status := t.RoundClosed
		if open {
			status = t.RoundOpened
		}
		return researchSavedMsg{status: fmt.Sprintf(status, r.Name)}
	}
}

func (m *research) checkPIN() tea.Cmd {
	st := m.cfg.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		hash, ok, err := st.Setting(ctx, SettingPINHash)
		return researchPINMsg{has: ok && hash != "", err: err}
	}
}

// savePIN hashes the new PIN (slow on purpose) and stores the hash.
func (m *research) savePIN(p string) tea.Cmd {
	st, t := m.cfg.Store, m.txt
	return func() tea.Msg {
		hash, err := pin.Hash(p)
		if err != nil {
			return researchSavedMsg{kind: formPIN, err: err}
		}
		ctx, cancel := context.WithTimeout(context.Background(), researchTimeout)
		defer cancel()
		if err := st.SetSetting(ctx, SettingPINHash, hash); err != nil {
			return researchSavedMsg{kind: formPIN, err: err}
		}
		return researchSavedMsg{kind: formPIN, status: t.PINSaved}
	}
}

func startKioskCmd(r survey.Round, s survey.School) tea.Cmd {
	return func() tea.Msg { return startKioskMsg{Round: r, School: s} }
}
