package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"peil/pin"
	"peil/survey"
)

// pinCheckedMsg is the outcome of a typed PIN (checkPINCmd).
type pinCheckedMsg struct {
	res pin.Result
	err error
}

// pinWaitOverMsg says the wait after wrong PINs is over; gen tells an old
// wait's end from the current one.
type pinWaitOverMsg struct{ gen int }

// checkPINCmd runs the slow hash off the update loop, through a Guard
// that makes wrong PINs in a row wait longer and longer, also across
// restarts (the count is a setting).
func checkPINCmd(ctx context.Context, st pin.Settings, now func() time.Time, hash, typed string) tea.Cmd {
	return func() tea.Msg {
		res, err := pin.NewGuard(st, now).Check(ctx, hash, typed)
		return pinCheckedMsg{res: res, err: err}
	}
}

// guardedCheck is the PIN check of a kiosk on cfg's store and clock.
func guardedCheck(ctx context.Context, cfg Config) func(hash, typed string) tea.Cmd {
	return func(hash, typed string) tea.Cmd { return checkPINCmd(ctx, cfg.Store, cfg.Now, hash, typed) }
}

// message is what the prompt says under the field after a PIN that was
// not right: wrong, wrong and wait, or too soon; "" when nothing.
func (p *pinPrompt) message(tx *kioskText, lang survey.Lang) string {
	switch {
	case !p.wrong:
		return ""
	case p.err != nil:
		return fmt.Sprintf("%s (%v)", tx.PINWrong.Get(lang), p.err)
	case p.tooSoon && p.wait > 0:
		return fmt.Sprintf(tx.PINTooSoon.Get(lang), waitText(p.wait))
	case p.wait > 0:
		return fmt.Sprintf(tx.PINWait.Get(lang), waitText(p.wait))
	}
	return tx.PINWrong.Get(lang)
}

// waitText writes a wait in whole seconds, rounded up: "8 s", "4:16 min".
func waitText(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%d s", s)
	}
	return fmt.Sprintf("%d:%02d min", s/60, s%60)
}
