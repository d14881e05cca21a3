package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// pinPrompt asks for the researcher's PIN, over whatever the kiosk shows,
// before the kiosk closes. The slow check runs in a command (check, a
// pin.Guard: kiosk_pin.go); a wrong PIN says so, with the wait before the
// next try after too many, and empties the field.
type pinPrompt struct {
	open     bool
	input    textinput.Model
	wrong    bool // the last PIN typed was not right
	checking bool
	check    func(hash, typed string) tea.Cmd
	// After a wrong PIN: the wait before the next try, whether the PIN
	// came too soon to be checked, the store's error; gen counts the
	// outcomes, so that only the last wait's end clears the message.
	wait    time.Duration
	tooSoon bool
	err     error
	gen     int
}

func newPINPrompt(check func(hash, typed string) tea.Cmd) pinPrompt {
	in := calmInput()
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 8
	in.Prompt = "> "
	return pinPrompt{input: in, check: check}
}

// show opens the prompt, empty.
func (p *pinPrompt) show() tea.Cmd {
	p.open, p.wrong = true, false
	p.input.SetValue("")
	return p.input.Focus()
}

// key handles a key while the prompt is open: Confirm checks the PIN
// against hash, Close closes the prompt (reporting true), anything else
// is typed.
func (p *pinPrompt) key(msg tea.KeyPressMsg, keys pinKeys, hash string) (cmd tea.Cmd, closed bool) {
	switch {
	case key.Matches(msg, keys.Close):
		p.open = false
		p.input.Blur()
		return nil, true
	case key.Matches(msg, keys.Confirm):
		if p.checking {
			return nil, false
		}
		p.checking, p.wrong = true, false
		return p.check(hash, p.input.Value()), false
	}
	return p.update(msg), false
}

// update gives other messages (typing, pastes) to the field.
func (p *pinPrompt) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return cmd
}

// checked takes the check's result; it reports whether the PIN was right
// (the prompt is then closed). After a wrong PIN that makes the next try
// wait, cmd ends the wait (through after) to clear the message.
func (p *pinPrompt) checked(msg pinCheckedMsg, after func(time.Duration, tea.Msg) tea.Cmd) (ok bool, cmd tea.Cmd) {
	p.checking = false
	if msg.res.OK {
		p.open = false
		return true, nil
	}
	p.wrong = true
	p.input.SetValue("")
	p.wait, p.tooSoon, p.err = msg.res.Wait, msg.res.TooSoon, msg.err
	p.gen++
	if p.wait > 0 && p.err == nil {
		return false, after(p.wait, pinWaitOverMsg{gen: p.gen})
	}
	return false, nil
}

// waitOver clears the message of a wait that is over, unless a try came
// since.
func (p *pinPrompt) waitOver(msg pinWaitOverMsg) {
	if msg.gen == p.gen {
		p.wrong = false
	}
}

// render draws the prompt in the body of a kiosk screen.
func (p *pinPrompt) render(body *layout, st *Styles, tx *kioskText, lang survey.Lang, w int) {
	body.blank()
	body.add(st.Title.Render(tx.PINTitle.Get(lang)), 0, 0)
	body.blank()
	body.wrapped(tx.PINBody.Get(lang), w, st.Text)
	body.blank()
	body.add(p.input.View(), targetInput, 0)
	switch {
	case p.checking:
		body.add(st.Muted.Render(tx.PINChecking.Get(lang)), 0, 0)
	case p.wrong:
		body.add(st.Error.Render(p.message(tx, lang)), 0, 0)
	}
}
