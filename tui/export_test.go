package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

// Driver drives a root model the way a terminal would, synchronously:
// every command runs at once and its message is fed back before Send
// returns. Timers are recorded instead of waited for (FireTimers delivers
// them), so tests never sleep.
type Driver struct {
	t      testing.TB
	M      *Model
	timers []tea.Msg
	Quit   bool
}

// NewDriver starts a root model on cfg at the given terminal size.
func NewDriver(t testing.TB, cfg Config, w, h int) *Driver {
	t.Helper()
	d := &Driver{t: t, M: New(cfg)}
	d.M.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		d.timers = append(d.timers, msg)
		return nil
	}
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.M.Init())
	return d
}

// Send delivers msg and everything its commands produce.
func (d *Driver) Send(msg tea.Msg) {
	d.t.Helper()
	queue := []tea.Msg{msg}
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			d.t.Fatal("driver: more than 1000 messages from one input; a command loops")
		}
		m := queue[0]
		queue = queue[1:]
		switch m := m.(type) {
		case nil:
			continue
		case tea.BatchMsg:
			for _, c := range m {
				if c != nil {
					queue = append(queue, c())
				}
			}
			continue
		case tea.QuitMsg:
			d.Quit = true
			continue
		}
		_, cmd := d.M.Update(m)
		if cmd != nil {
			queue = append(queue, cmd())
		}
	}
}

func (d *Driver) run(cmd tea.Cmd) {
	if cmd != nil {
		d.Send(cmd())
	}
}

// FireTimers delivers the messages of the timers started so far.
func (d *Driver) FireTimers() {
	ts := d.timers
	d.timers = nil
	for _, m := range ts {
		d.Send(m)
	}
}

// keyMsg turns a key name ("enter", "ctrl+c", "f2", "a") into a key press.
func keyMsg(name string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "f2": {Code: tea.KeyF2},
		"backspace": {Code: tea.KeyBackspace}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
	}
	if k, ok := special[name]; ok {
		return tea.KeyPressMsg(k)
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("keyMsg: unknown key " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// Press presses keys by name, one after another.
func (d *Driver) Press(names ...string) {
	d.t.Helper()
	for _, n := range names {
		d.Send(keyMsg(n))
	}
}

// Type types text one character at a time.
func (d *Driver) Type(s string) {
	d.t.Helper()
	for _, r := range s {
		d.Send(keyMsg(string(r)))
	}
}

// Click clicks the left mouse button at (x, y).
func (d *Driver) Click(x, y int) {
	d.t.Helper()
	d.Send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

// ClickText clicks the first place where s shows on the kiosk screen and
// something responds to a click (so words in running text are passed by).
func (d *Driver) ClickText(s string) {
	d.t.Helper()
	if d.M.kiosk == nil {
		d.t.Fatalf("ClickText(%q): not in kiosk mode", s)
	}
	l := d.M.kiosk.layout()
	for y, line := range strings.Split(d.Screen(), "\n") {
		from := 0
		for {
			i := strings.Index(line[from:], s)
			if i < 0 {
				break
			}
			i += from
			x := ansi.StringWidth(line[:i]) + ansi.StringWidth(s)/2
			if _, ok := l.hit(x, y); ok {
				d.Click(x, y)
				return
			}
			from = i + len(s)
		}
	}
	d.t.Fatalf("ClickText: no clickable %q on the screen:\n%s", s, d.Screen())
}

// Screen returns the screen as plain text.
func (d *Driver) Screen() string { return ansi.Strip(d.M.View().Content) }

// State is the root model's state; Phase the kiosk's screen.
func (d *Driver) State() string { return d.M.state.String() }

// Phase returns the kiosk's screen ("" outside the kiosk).
func (d *Driver) Phase() string {
	if d.M.kiosk == nil {
		return ""
	}
	return d.M.kiosk.phase.String()
}

// CurrentItem returns the id of the item on screen ("" when none).
func (d *Driver) CurrentItem() string {
	k := d.M.kiosk
	if k == nil || k.sess == nil || k.phase != phaseQuestion {
		return ""
	}
	return k.sess.Current().ID
}

// StartKiosk sends the message the research pages send to start a kiosk.
func (d *Driver) StartKiosk(roundID, schoolID string) {
	d.t.Helper()
	d.Send(startKioskMsg{Round: survey.Round{ID: roundID}, School: survey.School{ID: schoolID}})
}

// CheckKeys checks the keys of the page on show (keys_test.go): every key
// it handles has a binding in its key map, and its help names only keys
// that have one.
func (d *Driver) CheckKeys(t *testing.T, name string) {
	t.Helper()
	p := d.M.active()
	if p == nil {
		t.Fatalf("%s: no page on show", name)
	}
	keys, shown, typing := flat(p), d.M.helpKeys(p), false
	if d.M.state == stateKiosk {
		shown, typing = p.ShortHelp(), d.M.kiosk.typing()
	} else {
		keys = append(keys, d.M.keys.Quit)
	}
	checkKeys(t, keyScreen{name: name, keys: keys, typing: typing, press: func(k tea.KeyPressMsg) { d.Send(k) },
		state: func() string { return fmt.Sprint(d.Screen(), d.State(), d.Quit) }}, shown)
}
