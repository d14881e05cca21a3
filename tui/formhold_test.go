package tui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// deliverMoveLast sends the messages cmd makes with huh's move message
// last, after another message, as a real program may deliver them (its
// commands run concurrently, and a cancelled cursor blink came first in a
// real terminal).
func deliverMoveLast(t *testing.T, cmd tea.Cmd, send func(tea.Msg)) {
	t.Helper()
	var msgs, moves []tea.Msg
	var collect func(tea.Cmd)
	collect = func(c tea.Cmd) {
		if c == nil || waits(c) {
			return
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				collect(c)
			}
		default:
			if formMove(msg) {
				moves = append(moves, msg)
			} else {
				msgs = append(msgs, msg)
			}
		}
	}
	collect(cmd)
	if len(moves) != 1 {
		t.Fatalf("the key made %d moves, want 1", len(moves))
	}
	type unrelated struct{}
	for _, msg := range append(append(msgs, unrelated{}), moves...) {
		send(msg)
	}
}

// typeDuringMove sends key (which moves the form), then keys before the
// move's message arrives, then the move.
func typeDuringMove[T updater](t *testing.T, d *screenDriver[T], key string, keys ...string) {
	t.Helper()
	var moved tea.Cmd
	moved = d.m.Update(keyPress(key))
	for _, k := range keys {
		var cmd tea.Cmd
		cmd = d.m.Update(keyPress(k))
		if cmd != nil && !waits(cmd) {
			t.Fatalf("key %q typed during the move did something: %v", k, cmd())
		}
	}
	deliverMoveLast(t, moved, d.send)
}

// Typed fast after Enter on the export form's second choice, the file
// name's keys reach the file name field (a select would swallow them).
func TestExportFormFastTyping(t *testing.T) {
	rounds := []survey.Round{{ID: "r1", Name: "Meting 2025", InstrumentID: "cultuursurvey"}}
	var got ExportRequest
	d := openExportScreen(t, survey.Dutch, rounds, func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
		got = req
		return "ok", nil
	})
	d.press("enter") // SPSS
	typeDuringMove(t, d, "enter", "backspace", "backspace", "backspace", "c", "s", "v")
	d.press("enter", "enter") // the file, no pseudonyms
	if got.Out != "monitor-po.csv" {
		t.Errorf("file = %q, want monitor-po.csv (the keys typed during the move went elsewhere)\n%s", got.Out, strings.TrimSpace(plain(d.m.View())))
	}
}
