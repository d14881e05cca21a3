package tui

import "peil/survey"

// monitorText is the monitor's own text in one language (the rest it
// shares with the trends screen, trendsText).
type monitorText = monitorTextOf[string]

// monitorTextOf lists the monitor's own texts: as Dutch and English pairs
// (monitorTable) or in one language (monitorText).
type monitorTextOf[T any] struct {
	HelpPage, HelpTop, HelpBottom T
	MoreAbove, MoreBelow          T // %d rows
}

// monitorTable is every text of the monitor's own in Dutch and English.
func monitorTable() monitorTextOf[survey.Text] {
	return monitorTextOf[survey.Text]{
		HelpPage:   nlEn("pagina", "page"),
		HelpTop:    nlEn("bovenaan", "top"),
		HelpBottom: nlEn("onderaan", "bottom"),
		MoreAbove:  nlEn("▲ %d rijen hierboven (pgup, home)", "▲ %d rows above (pgup, home)"),
		MoreBelow:  nlEn("▼ nog %d rijen (pgdn, end)", "▼ %d more rows (pgdn, end)"),
	}
}
