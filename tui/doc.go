// Package tui is peil's terminal user interface, built with Bubble Tea.
//
// One root model (root.go) shows one page at a time behind a small
// interface (page: Init, Update, View, SetSize and a help.KeyMap): the
// researcher's pages (studies, workplaces, schools, rounds, response
// counts), a study's trends, monitor and export screens, and the kiosk,
// the respondent's side (welcome, code, questions, review, thank you) that
// only the researcher's PIN can leave. The root handles the window size
// and the global keys first, then gives the message to the active page
// only.
//
// Keys are declared with bubbles/key and matched with key.Matches only; the
// help a page shows comes from the same bindings (keys_test.go presses
// every key on every screen to keep it so). Texts are Dutch and English
// pairs, one table per screen (text.go). All styles live in Styles.
//
// Update does no I/O: storage calls run in tea.Cmds and report back with
// typed messages. The kiosk plans an answer (survey.Session.Plan), has a
// command commit it, and applies it to the session only once it is stored.
package tui
