package tui

import (
	"charm.land/bubbles/v2/key"

	"peil/survey"
)

// globalKeys are handled by the root model before any page sees a key.
type globalKeys struct {
	// Quit leaves peil from the researcher pages. In kiosk mode the same
	// keys open the PIN prompt instead.
	Quit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// kioskKeys are the respondent's keys. Help texts follow the language, so
// the map is rebuilt (newKioskKeys) when the language changes; it is never
// changed in place except to enable or disable bindings.
type kioskKeys struct {
	Next    key.Binding
	Back    key.Binding
	Up      key.Binding
	Down    key.Binding
	Toggle  key.Binding
	Focus   key.Binding
	Lang    key.Binding
	Stop    key.Binding
	Confirm key.Binding
	Close   key.Binding
}

func newKioskKeys(tx *kioskText, lang survey.Lang) kioskKeys {
	return kioskKeys{
		Next:    key.NewBinding(key.WithKeys("enter", "right"), key.WithHelp("enter/→", tx.HelpNext.Get(lang))),
		Back:    key.NewBinding(key.WithKeys("left", "shift+tab", "pgup"), key.WithHelp("←/pgup", tx.HelpBack.Get(lang))),
		Up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", tx.HelpChoose.Get(lang))),
		Down:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", tx.HelpChoose.Get(lang))),
		Toggle:  key.NewBinding(key.WithKeys("space"), key.WithHelp(tx.SpaceKey.Get(lang), tx.HelpToggle.Get(lang))),
		Focus:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", tx.HelpFocus.Get(lang))),
		Lang:    key.NewBinding(key.WithKeys("f2"), key.WithHelp("F2", tx.HelpLang.Get(lang))),
		Stop:    key.NewBinding(key.WithKeys("ctrl+c", "esc", "q"), key.WithHelp("esc", tx.HelpStop.Get(lang))),
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", tx.HelpConfirmPrompt.Get(lang))),
		Close:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", tx.HelpClosePrompt.Get(lang))),
	}
}
