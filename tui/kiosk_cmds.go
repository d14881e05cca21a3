package tui

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// Messages the kiosk's commands send back.
type (
	kioskLoadedMsg struct {
		round   survey.Round
		school  survey.School
		inst    *survey.Instrument
		pinHash string
		// open says a response was left in progress on this kiosk.
		open bool
		err  error
	}
	newCodeMsg struct {
		code string
		err  error
	}
	responseReadyMsg struct {
		resp    survey.Response
		answers []survey.Answer
		done    bool // the respondent already completed this round
		err     error
	}
	// answerSavedMsg reports the commit of a planned change; the kiosk
	// applies the change to its session only when err is nil.
	answerSavedMsg struct {
		change survey.Change
		lost   bool // the response is answered elsewhere now; nothing was saved
		err    error
	}
	submittedMsg struct {
		lost bool // as in answerSavedMsg
		err  error
	}
	thanksDoneMsg  struct{ gen int }
	kioskStoredMsg struct{ err error }
)

// thanksDelay is how long the thank-you screen stays before the kiosk is
// ready for the next person.
const thanksDelay = 15 * time.Second

func loadKioskCmd(ctx context.Context, st survey.Store, roundID, schoolID string) tea.Cmd {
	return func() tea.Msg {
		var m kioskLoadedMsg
		var err error
		if m.round, err = st.Round(ctx, roundID); err != nil {
			return kioskLoadedMsg{err: fmt.Errorf("loading round %s: %w", roundID, err)}
		}
		if m.school, err = st.School(ctx, schoolID); err != nil {
			return kioskLoadedMsg{err: fmt.Errorf("loading school %s: %w", schoolID, err)}
		}
		if m.inst, err = st.Instrument(ctx, m.round.InstrumentID, m.round.InstrumentVersion); err != nil {
			return kioskLoadedMsg{err: fmt.Errorf("loading instrument %s@%d: %w", m.round.InstrumentID, m.round.InstrumentVersion, err)}
		}
		if m.pinHash, _, err = st.Setting(ctx, SettingPINHash); err != nil {
			return kioskLoadedMsg{err: fmt.Errorf("reading the PIN setting: %w", err)}
		}
		id, _, err := st.Setting(ctx, SettingKioskResponse)
		if err != nil {
			return kioskLoadedMsg{err: fmt.Errorf("reading the kiosk response setting: %w", err)}
		}
		if id == "" {
			return m
		}
		r, err := st.Response(ctx, id)
		if err == nil && r.Status == survey.InProgress && r.RoundID == roundID {
			m.open = true
			return m
		}
		if err != nil && !survey.IsNotFound(err) {
			return kioskLoadedMsg{err: fmt.Errorf("loading response %s: %w", id, err)}
		}
		// A finished or unknown response: nothing to resume.
		if err := st.SetSetting(ctx, SettingKioskResponse, ""); err != nil {
			return kioskLoadedMsg{err: fmt.Errorf("clearing the kiosk response setting: %w", err)}
		}
		return m
	}
}

func newCodeCmd(cfg Config) tea.Cmd {
	return func() tea.Msg {
		rnd := cfg.Rand
		if rnd == nil {
			rnd = rand.Reader
		}
		code, err := survey.NewRespondentCode(rnd)
		return newCodeMsg{code: code, err: err}
	}
}

// openResponseCmd finds the respondent's response in the round or starts
// one, and records it as this kiosk's open response.
//
// The code is the respondent's: this kiosk takes the response's lease over
// from wherever it was answered before (a kiosk that crashed, or that the
// respondent walked away from).
func openResponseCmd(ctx context.Context, cfg Config, round survey.Round, schoolID string, inst *survey.Instrument, code, holder string) tea.Cmd {
	st := cfg.Store
	return func() tea.Msg {
		r, err := st.ResponseFor(ctx, round.ID, code)
		switch {
		case err == nil && r.Status == survey.Complete:
			return responseReadyMsg{resp: r, done: true}
		case err == nil:
		case survey.IsNotFound(err):
			role := ""
			if len(inst.Audience) == 1 {
				role = inst.Audience[0]
			}
			r, err = st.StartResponse(ctx, survey.Response{
				RoundID: round.ID, SchoolID: schoolID, RespondentCode: code, Role: role,
				Status: survey.InProgress, InstrumentID: round.InstrumentID, InstrumentVersion: round.InstrumentVersion,
				StartedAt: kioskNow(cfg), DeviceID: cfg.DeviceID,
			})
			if err != nil {
				return responseReadyMsg{err: fmt.Errorf("starting a response: %w", err)}
			}
		default:
			return responseReadyMsg{err: fmt.Errorf("looking up the respondent's response: %w", err)}
		}
		if err := st.LeaseResponse(ctx, r.ID, holder, leaseUntil(cfg), true); err != nil {
			return responseReadyMsg{err: fmt.Errorf("taking the response over: %w", err)}
		}
		answers, err := st.Answers(ctx, r.ID)
		if err != nil {
			return responseReadyMsg{err: fmt.Errorf("loading answers: %w", err)}
		}
		if err := st.SetSetting(ctx, SettingKioskResponse, r.ID); err != nil {
			return responseReadyMsg{err: fmt.Errorf("remembering the open response: %w", err)}
		}
		return responseReadyMsg{resp: r, answers: answers}
	}
}

// saveAnswerCmd commits a change the session planned (survey.Session.Plan):
// the answer, or its removal, with the answers it hides, in one
// transaction. It first renews the kiosk's lease on the response; when
// another kiosk took the response over, nothing is saved (lost).
func saveAnswerCmd(ctx context.Context, cfg Config, responseID, holder string, ch survey.Change) tea.Cmd {
	return func() tea.Msg {
		lost, err := renewLease(ctx, cfg, responseID, holder)
		if lost || err != nil {
			return answerSavedMsg{change: ch, lost: lost, err: err}
		}
		if ch.Empty {
			err = cfg.Store.DeleteAnswer(ctx, responseID, ch.ItemID, ch.Cleared)
		} else {
			err = cfg.Store.SaveAnswer(ctx, responseID, survey.Answer{ItemID: ch.ItemID, Value: ch.Value, AnsweredAt: kioskNow(cfg)}, ch.Cleared, ch.Role)
		}
		return answerSavedMsg{change: ch, err: err}
	}
}

// submitCmd completes the response (after renewing the lease, as
// saveAnswerCmd does) and gives the lease up.
func submitCmd(ctx context.Context, cfg Config, responseID, holder string) tea.Cmd {
	return func() tea.Msg {
		lost, err := renewLease(ctx, cfg, responseID, holder)
		if lost || err != nil {
			return submittedMsg{lost: lost, err: err}
		}
		if err := cfg.Store.CompleteResponse(ctx, responseID, kioskNow(cfg)); err != nil {
			return submittedMsg{err: err}
		}
		if err := cfg.Store.ReleaseResponse(ctx, responseID, holder); err != nil {
			return submittedMsg{err: err}
		}
		return submittedMsg{err: cfg.Store.SetSetting(ctx, SettingKioskResponse, "")}
	}
}

// leaseTime is how long a kiosk's lease on a response lasts without a
// renewal; each saved answer renews it. Another kiosk takes a response
// over with the respondent's code whether or not it expired.
const leaseTime = 2 * time.Hour

func leaseUntil(cfg Config) time.Time { return kioskNow(cfg).Add(leaseTime) }

// renewLease renews holder's lease on the response; lost reports that
// another kiosk holds it now.
func renewLease(ctx context.Context, cfg Config, responseID, holder string) (lost bool, err error) {
	err = cfg.Store.LeaseResponse(ctx, responseID, holder, leaseUntil(cfg), false)
	if survey.ErrorCode(err) == survey.ECONFLICT {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("renewing the kiosk's hold on the response: %w", err)
	}
	return false, nil
}

// leaseHolder names one kiosk run: the device and a random part, so that
// two kiosks on one database (or one restarted) are different holders.
func leaseHolder(cfg Config) string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return fmt.Sprintf("%s/%x", cfg.DeviceID, b)
}

func clearOpenResponseCmd(ctx context.Context, st survey.Store) tea.Cmd {
	return func() tea.Msg {
		return kioskStoredMsg{err: st.SetSetting(ctx, SettingKioskResponse, "")}
	}
}

// tickAfter delivers msg after d.
func tickAfter(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// errNoPIN is why a kiosk without a PIN does not start.
var errNoPIN = errors.New("no kiosk PIN is set")

// kioskNow returns the configured time (time.Now when none is set).
func kioskNow(cfg Config) time.Time {
	if cfg.Now != nil {
		return cfg.Now()
	}
	return time.Now()
}
