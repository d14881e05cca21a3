package tui

import "charm.land/bubbles/v2/key"

// researchKeys are the researcher pages' key bindings. They are built per
// page (newResearchKeys) so that their help text follows the language.
type researchKeys struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Open             key.Binding // open the selected study
	NewStudy         key.Binding
	Back             key.Binding // back to the study list
	AddWorkplace     key.Binding
	AddSchool        key.Binding
	NewRound         key.Binding
	ToggleRound      key.Binding
	Kiosk            key.Binding
	Trends           key.Binding // the study's trends screen
	Monitor          key.Binding // the study's live response monitor
	Export           key.Binding // export the study's responses
	Import           key.Binding // import data packages from other laptops
	Cancel           key.Binding // leave a form without saving
}

func newResearchKeys(t researchText) researchKeys {
	return researchKeys{
		Up:           key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", t.HelpUp)),
		Down:         key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", t.HelpDown)),
		PageUp:       key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", t.HelpScroll)),
		PageDown:     key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", t.HelpScroll)),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.HelpOpenStudy)),
		NewStudy:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t.HelpNewStudy)),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpBack)),
		AddWorkplace: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", t.HelpAddWorkplace)),
		AddSchool:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t.HelpAddSchool)),
		NewRound:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.HelpNewRound)),
		ToggleRound:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t.HelpToggleRound)),
		Kiosk:        key.NewBinding(key.WithKeys("k"), key.WithHelp("k", t.HelpKiosk)),
		Trends:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t.HelpTrends)),
		Monitor:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t.HelpMonitor)),
		Export:       key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.HelpExport)),
		Import:       key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t.HelpImport)),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpCancel)),
	}
}
