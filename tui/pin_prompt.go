package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// pinPrompt asks for the researcher's PIN, over whatever the kiosk shows,
// before the kiosk closes. The slow check runs in a command (checkPINCmd);
// a wrong PIN says so and empties the field.
type pinPrompt struct {
	open     bool
	input    textinput.Model
	wrong    bool // the last PIN typed was not right
	checking bool
}

func newPINPrompt() pinPrompt {
	in := calmInput()
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = 8
	in.Prompt = "> "
	return pinPrompt{input: in}
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
		return checkPINCmd(hash, p.input.Value()), false
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
// (the prompt is then closed).
func (p *pinPrompt) checked(msg pinCheckedMsg) bool {
	p.checking = false
	if msg.ok {
		p.open = false
		return true
	}
	p.wrong = true
	p.input.SetValue("")
	return false
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
		body.add(st.Error.Render(tx.PINWrong.Get(lang)), 0, 0)
	}
}
