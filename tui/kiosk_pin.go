package tui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"peil/pin"
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

// pinChecked shows the outcome of a typed PIN: the kiosk closes on the
// right one; after a wrong one, or one typed too soon, the prompt says how
// long to wait, and a timer clears that when the wait is over.
func (k *kiosk) pinChecked(msg pinCheckedMsg) tea.Cmd {
	k.pinChecking = false
	if msg.res.OK {
		k.pinOpen = false
		return func() tea.Msg { return kioskExitedMsg{} }
	}
	k.pinInput.SetValue("")
	k.pinGen++
	switch {
	case msg.err != nil:
		k.pinMessage = fmt.Sprintf("%s (%v)", k.tx.PINWrong.Get(k.lang), msg.err)
		return nil
	case msg.res.TooSoon:
		k.pinMessage = fmt.Sprintf(k.tx.PINTooSoon.Get(k.lang), waitText(msg.res.Wait))
	case msg.res.Wait > 0:
		k.pinMessage = fmt.Sprintf(k.tx.PINWait.Get(k.lang), waitText(msg.res.Wait))
	default:
		k.pinMessage = k.tx.PINWrong.Get(k.lang)
		return nil
	}
	return k.after(msg.res.Wait, pinWaitOverMsg{gen: k.pinGen})
}

// pinWaitOver clears the wait message when no try came since.
func (k *kiosk) pinWaitOver(msg pinWaitOverMsg) {
	if msg.gen == k.pinGen {
		k.pinMessage = ""
	}
}

// waitText writes a wait in whole seconds, rounded up: "8 s", "4:16 min".
func waitText(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%d s", s)
	}
	return fmt.Sprintf("%d:%02d min", s/60, s%60)
}
