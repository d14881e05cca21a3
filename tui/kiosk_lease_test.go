package tui_test

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"peil/survey"
	"peil/tui"
)

// A kiosk restarted while a response was open must not show that
// response's answers to whoever stands there now: only the respondent's
// own code brings them back.
func TestStrangerCannotResume(t *testing.T) {
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	newRespondent(t, d)
	d.Press("1", "enter", "1", "enter", "2", "enter")
	requireItem(t, d, "betrokken_uitvoering")

	// The laptop restarts; a stranger presses Enter, then Back.
	cfg := f.config(f.store)
	cfg.Rand = bytes.NewReader(bytes.Repeat([]byte{19, 5, 230, 64, 101, 33, 8, 140}, 64)) // another code
	s := tui.NewDriver(t, cfg, 80, 24)
	requirePhase(t, s, "resume")
	s.Press("enter")
	requirePhase(t, s, "code")
	refuteScreen(t, s, "Vraag", "(●)")
	s.Press("left", "pgup", "shift+tab")
	if s.CurrentItem() != "" || s.Phase() == "review" {
		t.Fatalf("a stranger reached a question of the open response:\n%s", s.Screen())
	}
	// A new code is a new response, with no earlier answer.
	s.ClickText("Terug")
	requirePhase(t, s, "welcome")
	newRespondent(t, s)
	requireItem(t, s, "kent_deelnemer")
	refuteScreen(t, s, "(●)")
	s.Press("left")
	requireItem(t, s, "kent_deelnemer")
}

// Two kiosks on one database (two laptops' worth of models): the kiosk
// given the respondent's code takes the response over, and the other can
// no longer write to it; it says so calmly and goes back to welcome.
func TestTwoKiosksOneResponse(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	a := f.kiosk(t, 80, 24)
	code := newRespondent(t, a)
	a.Press("1", "enter", "1", "enter")
	requireItem(t, a, "betrokken_vraag")

	// Kiosk b on the same database finds the open response; the code
	// takes it over.
	b := tui.NewDriver(t, f.config(f.store), 80, 24)
	b.StartKiosk(f.round.ID, f.school.ID)
	requirePhase(t, b, "resume")
	b.Press("enter")
	requirePhase(t, b, "code")
	b.Type(code)
	b.Press("enter")
	requireItem(t, b, "betrokken_vraag")

	// Kiosk a still shows the question; its answer is refused.
	a.Press("2", "enter")
	requirePhase(t, a, "notice")
	requireScreen(t, a, "Deze vragenlijst wordt nu op een andere plek ingevuld")
	a.Press("enter")
	requirePhase(t, a, "welcome")

	r, err := f.store.ResponseFor(ctx, f.round.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	answers := func() map[string]survey.Value {
		got, err := f.store.Answers(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]survey.Value{}
		for _, x := range got {
			m[x.ItemID] = x.Value
		}
		return m
	}
	if _, ok := answers()["betrokken_vraag"]; ok {
		t.Fatalf("the kiosk that lost the response saved an answer: %v", answers())
	}

	// Kiosk b goes on and finishes.
	b.Press("1", "enter")
	requireItem(t, b, "betrokken_uitvoering")
	if v := answers()["betrokken_vraag"]; v.Number != 1 {
		t.Errorf("betrokken_vraag = %+v, want 1 from kiosk b", v)
	}
}

// A 100 KB paste into the code field or an open answer leaves the field
// at its limit, and costs what the limit costs: the bytes allocated are
// bounded by a multiple of the field's size, not of the paste's.
func TestHugePaste(t *testing.T) {
	big := strings.Repeat("K7MQ-4XA\n", 100*1024/9)
	allocated := func(d *tui.Driver, msg tea.Msg) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d.Send(msg)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)

	d.Press("enter")
	requirePhase(t, d, "code")
	if n := allocated(d, tea.PasteMsg{Content: big}); n > 32<<10 {
		t.Errorf("pasting 100 KB into the code field allocated %d bytes, want at most 32 KB", n)
	}
	requireScreen(t, d, "> K7MQ-4XA K7M ") // 12 characters, the newline a space
	d.ClickText("Terug")

	newRespondent(t, d)
	for _, k := range []string{"1", "1", "1", "1", "4", "4", "4", "4", "4"} {
		d.Press(k, "enter")
	}
	requireItem(t, d, "opmerking")
	// The limit: 4000 characters, 90 rows; a field of 4000 characters
	// takes some 16 KB as runes, each line copied a few times.
	if n := allocated(d, tea.PasteMsg{Content: big}); n > 1<<20 {
		t.Errorf("pasting 100 KB into an open answer allocated %d bytes, want at most 1 MB", n)
	}
	d.Press("enter")
	r, err := f.store.Answers(context.Background(), responseID(t, f, d))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, a := range r {
		if a.ItemID == "opmerking" {
			text = a.Value.Text
		}
	}
	if lines := strings.Count(text, "\n") + 1; lines != 89 || !strings.HasPrefix(text, "K7MQ-4XA\nK7MQ-4XA\n") {
		t.Errorf("the stored answer has %d lines (want 89: 90 rows, one kept for the cursor): %.40q…", lines, text)
	}
}

// responseID returns the id of the response open on the kiosk.
func responseID(t *testing.T, f *fixture, _ *tui.Driver) string {
	t.Helper()
	id, _, err := f.store.Setting(context.Background(), tui.SettingKioskResponse)
	if err != nil || id == "" {
		t.Fatalf("no open response on the kiosk (%v)", err)
	}
	return id
}
