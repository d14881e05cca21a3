package tui

import (
	"charm.land/bubbles/v2/key"

	"peil/survey"
)

// Every key a screen handles is a key.Binding declared in its key map, and
// screens match keys with key.Matches only: the help a screen shows comes
// from the same bindings, so help and behaviour cannot drift apart
// (keys_test.go presses every key on every screen to check this).

// globalKeys are handled by the root model before any page sees a key.
type globalKeys struct {
	// Quit leaves peil from the researcher pages. In kiosk mode the same
	// keys open the PIN prompt instead.
	Quit key.Binding
}

func newGlobalKeys(lang survey.Lang) globalKeys {
	t := localize[rootText](rootTexts(), lang)
	return globalKeys{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t.HelpQuit)),
	}
}

// kioskKeys are the respondent's keys. Help texts follow the language, so
// the map is rebuilt (newKioskKeys) when the language changes; it is never
// changed in place. Which bindings are active depends on the screen (see
// kiosk.FullHelp); a binding with "Typing" in its name is the variant for
// a screen where a text field has the focus, without the keys that are
// text there.
type kioskKeys struct {
	// On every screen.
	Lang       key.Binding
	Stop       key.Binding
	StopTyping key.Binding

	// The welcome screen.
	Begin   key.Binding
	English key.Binding
	Dutch   key.Binding

	// A row of buttons (resume, new code, and the code screen's buttons).
	PrevButton key.Binding
	NextButton key.Binding
	Press      key.Binding

	// The code screen's field, and Enter on the code screen, notices and
	// the thank-you screen.
	Focus     key.Binding
	FocusBack key.Binding
	Confirm   key.Binding

	// A question.
	Next       key.Binding
	Back       key.Binding
	NextTyping key.Binding
	BackTyping key.Binding
	Up         key.Binding
	Down       key.Binding
	Toggle     key.Binding
	Choose     key.Binding

	// The review screen.
	ReviewUp   key.Binding
	ReviewDown key.Binding
	Change     key.Binding

	// The PIN prompt.
	PIN pinKeys
}

// pinKeys are the PIN prompt's keys.
type pinKeys struct {
	Confirm key.Binding
	Close   key.Binding
}

func newKioskKeys(tx *kioskText, lang survey.Lang) kioskKeys {
	h := func(t survey.Text) string { return t.Get(lang) }
	return kioskKeys{
		Lang:       key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", h(tx.HelpLang))),
		Stop:       key.NewBinding(key.WithKeys("ctrl+c", "esc", "q"), key.WithHelp("esc", h(tx.HelpStop))),
		StopTyping: key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", h(tx.HelpStop))),

		Begin:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h(tx.Begin))),
		English: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", h(tx.HelpEnglish))),
		Dutch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", h(tx.HelpDutch))),

		PrevButton: key.NewBinding(key.WithKeys("left", "up", "shift+tab"), key.WithHelp("←", h(tx.HelpPrevButton))),
		NextButton: key.NewBinding(key.WithKeys("right", "down", "tab"), key.WithHelp("→/tab", h(tx.HelpFocus))),
		Press:      key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", h(tx.HelpConfirmPrompt))),

		Focus:     key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", h(tx.HelpFocus))),
		FocusBack: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", h(tx.HelpPrevButton))),
		Confirm:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h(tx.HelpConfirmPrompt))),

		Next:       key.NewBinding(key.WithKeys("enter", "right", "pgdown"), key.WithHelp("enter/→", h(tx.HelpNext))),
		Back:       key.NewBinding(key.WithKeys("left", "shift+tab", "pgup"), key.WithHelp("←/pgup", h(tx.HelpBack))),
		NextTyping: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h(tx.HelpNext))),
		BackTyping: key.NewBinding(key.WithKeys("shift+tab", "pgup"), key.WithHelp("pgup", h(tx.HelpBack))),
		Up:         key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", h(tx.HelpChoose))),
		Down:       key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", h(tx.HelpChoose))),
		Toggle:     key.NewBinding(key.WithKeys("space"), key.WithHelp(h(tx.SpaceKey), h(tx.HelpToggle))),
		Choose:     key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"), key.WithHelp("1-9", h(tx.HelpChoose))),

		ReviewUp:   key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", h(tx.HelpChoose))),
		ReviewDown: key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓", h(tx.HelpChoose))),
		Change:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h(tx.HelpChange))),

		PIN: pinKeys{
			Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", h(tx.HelpConfirmPrompt))),
			Close:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", h(tx.HelpClosePrompt))),
		},
	}
}
