package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"peil/survey"
)

// The keys tests: every screen handles only keys that a binding in its key
// map declares (so the help, made from the same bindings, lists them), and
// the help names only keys the screen has bindings for.

// probeKey returns the key press a terminal sends for name: "enter",
// "shift+tab", "ctrl+a", "alt+enter", "f1", or one printable character.
func probeKey(name string) tea.KeyPressMsg {
	special := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"backspace": {Code: tea.KeyBackspace}, "delete": {Code: tea.KeyDelete}, "insert": {Code: tea.KeyInsert},
		"f1": {Code: tea.KeyF1}, "f2": {Code: tea.KeyF2}, "f3": {Code: tea.KeyF3}, "f10": {Code: tea.KeyF10},
		"alt+enter": {Code: tea.KeyEnter, Mod: tea.ModAlt},
	}
	if k, ok := special[name]; ok {
		return tea.KeyPressMsg(k)
	}
	if c, ok := strings.CutPrefix(name, "ctrl+"); ok && len(c) == 1 {
		return tea.KeyPressMsg{Code: rune(c[0]), Mod: tea.ModCtrl}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("probeKey: unknown key " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// probeNames are the keys pressed on every screen: the named keys, some
// control keys, and every printable ASCII character.
var probeNames = func() []string {
	names := []string{"enter", "esc", "tab", "shift+tab", "space", "up", "down", "left", "right", "pgup", "pgdown",
		"home", "end", "backspace", "delete", "insert", "f1", "f2", "f3", "f10", "alt+enter"}
	for _, c := range "abcdefhjklnopqrsuvwxyz" {
		names = append(names, "ctrl+"+string(c))
	}
	for c := '!'; c <= '~'; c++ {
		names = append(names, string(c))
	}
	return names
}()

// printable reports whether a probe types text in a text field.
func printable(name string) bool { return name == "space" || len([]rune(name)) == 1 }

// bindingsIn collects every key.Binding in v, a key map struct (or a
// pointer to one), through nested structs.
func bindingsIn(v any) []key.Binding {
	var out []key.Binding
	var walk func(reflect.Value)
	walk = func(rv reflect.Value) {
		switch {
		case rv.Kind() == reflect.Pointer:
			if !rv.IsNil() {
				walk(rv.Elem())
			}
		case rv.Type() == reflect.TypeFor[key.Binding]():
			out = append(out, rv.Interface().(key.Binding))
		case rv.Kind() == reflect.Struct:
			for i := range rv.NumField() {
				if rv.Type().Field(i).IsExported() {
					walk(rv.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

// fieldKeys are the keys a focused text field (Bubbles' text input and
// text area, and huh's fields built on them) handles itself.
func fieldKeys() []key.Binding {
	return append(append(bindingsIn(textinput.DefaultKeyMap()), bindingsIn(textarea.DefaultKeyMap())...), bindingsIn(huh.NewDefaultKeyMap())...)
}

// flat lists a key map's bindings.
func flat(km help.KeyMap) []key.Binding {
	var out []key.Binding
	for _, col := range km.FullHelp() {
		out = append(out, col...)
	}
	return out
}

// keyScreen is one screen state to probe: its key map, whether a text
// field has the focus, how to press a key, and what the screen shows
// (changed by any key that has an effect).
type keyScreen struct {
	name   string
	keys   []key.Binding
	typing bool
	press  func(tea.KeyPressMsg)
	state  func() string
}

// undeclaredKeys presses, on s, every probe key that no binding of s
// declares, and returns the first one that changed the screen ("" when
// none did). In a typing state printable keys and the text field's own
// keys are text, not commands, and are not pressed.
func undeclaredKeys(s keyScreen) string {
	for _, name := range probeNames {
		msg := probeKey(name)
		if key.Matches(msg, s.keys...) {
			continue
		}
		if s.typing && (printable(name) || key.Matches(msg, fieldKeys()...)) {
			continue
		}
		before := s.state()
		s.press(msg)
		if s.state() != before {
			return name
		}
	}
	return ""
}

// helpKeyNames maps the key names help shows to the keys they stand for.
var helpKeyNames = map[string]string{
	"←": "left", "→": "right", "↑": "up", "↓": "down", "pgdn": "pgdown", "F2": "f2",
	"spatie": "space", "1-9": "1",
}

// helpProblems checks the help of s: every binding it shows has keys and
// a help key and text, and every key the help names is one a binding of
// s declares (a help text naming a key the screen does not handle is
// drift too).
func helpProblems(s keyScreen, shown []key.Binding) []string {
	var out []string
	for _, b := range shown {
		if !b.Enabled() {
			continue // help does not show it
		}
		h := b.Help()
		if len(b.Keys()) == 0 || strings.TrimSpace(h.Key) == "" || strings.TrimSpace(h.Desc) == "" {
			out = append(out, "binding with keys "+strings.Join(b.Keys(), ",")+" and help "+h.Key+" "+h.Desc+" lacks keys or help")
			continue
		}
		for _, part := range strings.FieldsFunc(strings.TrimSuffix(h.Key, ":"), func(r rune) bool { return r == '/' }) {
			for _, word := range strings.Fields(part) {
				if word == "of" || word == "or" {
					continue
				}
				name := word
				if n, ok := helpKeyNames[word]; ok {
					name = n
				}
				if !key.Matches(probeKey(name), s.keys...) {
					out = append(out, "help "+h.Key+" "+h.Desc+" names "+word+", which no binding of the screen has")
				}
			}
		}
	}
	return out
}

// checkKeys runs both checks on a screen state.
func checkKeys(t *testing.T, s keyScreen, shown []key.Binding) {
	t.Helper()
	for _, p := range helpProblems(s, shown) {
		t.Errorf("%s: %s", s.name, p)
	}
	if k := undeclaredKeys(s); k != "" {
		t.Errorf("%s: key %q did something, but no binding of the screen has it (so the help cannot show it)", s.name, k)
	}
}

// screenState is what a page shows plus the messages it has sent, so that
// a key that only sends a message (closing a screen) counts as an effect.
func screenState[T interface {
	updater
	View() string
}](d *screenDriver[T]) func() string {
	return func() string {
		sent := 0
		for _, m := range d.msgs {
			if _, isKey := m.(tea.KeyPressMsg); !isKey {
				sent++
			}
		}
		return d.m.View() + "\x00" + strings.Repeat("m", sent)
	}
}

func pageScreen[T interface {
	updater
	page
}](name string, d *screenDriver[T], typing bool) keyScreen {
	return keyScreen{name: name, keys: flat(d.m), typing: typing, press: func(k tea.KeyPressMsg) { d.send(k) }, state: screenState(d)}
}

func TestResearchPagesHandleOnlyTheirKeys(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	screen := func(name string, typing bool) {
		t.Helper()
		checkKeys(t, pageScreen(name, &d.screenDriver, typing), d.m.ShortHelp())
	}
	screen("empty study list", false)
	d.press("n")
	screen("new study form", true)
	d.press("esc")
	d.setUpStudy()
	screen("study page", false)
	d.press("esc")
	screen("study list", false)
	d.press("enter")
	d.press("i")
	screen("import screen", true)
	d.press("esc")
	d.press("k")
	screen("kiosk form", true)
}

func TestImportScreenDoneHandlesOnlyItsKeys(t *testing.T) {
	cfg := Config{Backend: importFunc(func(ctx context.Context, paths []string, identity string, progress func(done, total int)) (ImportSummary, error) {
		return ImportSummary{Files: []ImportFile{{File: "a.peil"}}}, nil
	})}
	d := &screenDriver[*importScreen]{t: t, m: newImportScreen(context.Background(), cfg, NewStyles(true), 80)}
	d.send(tea.KeyPressMsg{Code: 'a', Text: "a"})
	d.press("enter")
	if d.m.stage != importDone {
		t.Fatalf("the import did not finish: stage %d", d.m.stage)
	}
	checkKeys(t, keyScreen{name: "import summary", keys: flat(d.m), press: func(k tea.KeyPressMsg) { d.send(k) }, state: screenState(d)}, d.m.ShortHelp())
}

func TestStudyScreensHandleOnlyTheirKeys(t *testing.T) {
	for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
		tr := newTrendsDriver(t, lang, demoDataset(t), 100, 30)
		checkKeys(t, pageScreen("trends "+string(lang), tr, false), tr.m.ShortHelp())
		tr.press("enter")
		if !tr.m.drill {
			t.Fatal("enter did not open the items")
		}
		checkKeys(t, pageScreen("trends items "+string(lang), tr, false), tr.m.ShortHelp())

		mon := &screenDriver[*monitor]{t: t, m: newMonitor(context.Background(), Config{Lang: lang, Now: func() time.Time { return testNow }}, NewStyles(true), survey.Study{ID: "s1", Code: "DEMO"})}
		mon.m.SetSize(80, 23)
		mon.run(mon.m.Init())
		checkKeys(t, pageScreen("monitor "+string(lang), mon, false), mon.m.ShortHelp())

		cfg := Config{Lang: lang, Backend: exportFunc(func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
			return "ok", nil
		})}
		ex := &screenDriver[*exportScreen]{t: t, m: newExportScreen(context.Background(), cfg, NewStyles(true), survey.Study{ID: "s1", Code: "DEMO"}, []survey.Round{{ID: "r1", Name: "nulmeting", InstrumentID: "cultuur"}})}
		ex.m.SetSize(80, 23)
		ex.run(ex.m.Init())
		checkKeys(t, pageScreen("export form "+string(lang), ex, true), ex.m.ShortHelp())
		ex.press("enter", "enter", "enter", "enter")
		if ex.m.phase != exportDone {
			t.Fatalf("the export did not finish: phase %d\n%s", ex.m.phase, plain(ex.m.View()))
		}
		checkKeys(t, pageScreen("export done "+string(lang), ex, false), ex.m.ShortHelp())
	}
}

// The help under the study page is the import screen's while it is open,
// not the study page's.
func TestResearchHelpFollowsTheImportScreen(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.setUpStudy()
	descs := func() string {
		var out []string
		for _, b := range d.m.ShortHelp() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
		return strings.Join(out, " · ")
	}
	if h := descs(); !strings.Contains(h, "k kiosk starten") {
		t.Errorf("study page help %q, want its keys", h)
	}
	d.press("i")
	if h := descs(); h != "enter importeren · tab volgend veld · esc terug" {
		t.Errorf("import screen help %q, want its keys only", h)
	}
	d.press("esc")
	if h := descs(); !strings.Contains(h, "k kiosk starten") {
		t.Errorf("help after closing the import %q, want the study page's keys", h)
	}
}
