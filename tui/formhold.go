package tui

import (
	"reflect"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// keyHold keeps a huh form's keys in order. huh moves to the next or
// previous field with a message of its own, which arrives after keys the
// user already typed: typed fast, the start of the next field's text
// would land in the field just left (or be lost on a select). So after a
// key that moves the form, keys are held until huh's move message has
// been handled, at most maxHold.
//
// A screen with a form calls hold before giving a key to the form and
// moved after; its Update is updateHolding, which gives the held keys to
// the screen again once the move has happened.
type keyHold struct {
	moving bool
	since  time.Time
	keys   []tea.KeyPressMsg
}

// maxHold is how long keys are held at most for a form's move.
const maxHold = 500 * time.Millisecond

// hold keeps msg, and reports true, when it is a key typed while the form
// moves.
func (h *keyHold) hold(msg tea.Msg) bool {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !h.moving {
		return false
	}
	h.keys = append(h.keys, k)
	return true
}

// moved starts holding when msg, a key the form has just handled (its
// command cmd), moves form to another field; km is the form's key map.
func (h *keyHold) moved(msg tea.Msg, cmd tea.Cmd, form *huh.Form, km *huh.KeyMap) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || cmd == nil || form == nil || form.State != huh.StateNormal || len(form.Errors()) > 0 {
		return
	}
	if key.Matches(k, formMoveKeys(km)...) {
		h.moving, h.since = true, time.Now()
	}
}

// release returns the held keys once msg, handled by the form, ended the
// move (or maxHold has passed); nil otherwise.
func (h *keyHold) release(msg tea.Msg) []tea.KeyPressMsg {
	if _, isKey := msg.(tea.KeyPressMsg); isKey || !h.moving {
		return nil
	}
	if !formMove(msg) && time.Since(h.since) < maxHold {
		return nil
	}
	keys := h.keys
	h.moving, h.keys = false, nil
	return keys
}

// formMove reports whether msg is huh's message that moves a form to the
// next or previous field.
func formMove(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return t == reflect.TypeOf(huh.NextField()) || t == reflect.TypeOf(huh.PrevField())
}

// formMoveKeys are the keys with which km's fields move to another field.
func formMoveKeys(km *huh.KeyMap) []key.Binding {
	return []key.Binding{
		km.Input.Next, km.Input.Prev, km.Input.Submit,
		km.Select.Next, km.Select.Prev, km.Select.Submit,
		km.Confirm.Next, km.Confirm.Prev, km.Confirm.Submit,
	}
}

// updateHolding is the Update of a screen with a form: update handles msg,
// then the keys that msg released from the screen's hold go through
// updateHolding in turn, in the order they were typed.
func updateHolding(msg tea.Msg, update func(tea.Msg) tea.Cmd, hold *keyHold) tea.Cmd {
	cmd := update(msg)
	held := hold.release(msg)
	if len(held) == 0 {
		return cmd
	}
	cmds := []tea.Cmd{cmd}
	for _, k := range held {
		cmds = append(cmds, updateHolding(k, update, hold))
	}
	return tea.Batch(cmds...)
}
