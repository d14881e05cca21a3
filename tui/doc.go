// Package tui is peil's terminal user interface, built with Bubble Tea.
//
// One root model routes messages to two pages: the researcher's pages
// (studies, workplaces, schools, rounds, response counts) and the kiosk, the
// respondent's side (welcome, code, questions, review, thank you) that only
// the researcher's PIN can leave. All styles live in Styles; keys are
// declared with bubbles/key and shown with bubbles/help.
//
// Update does no I/O: storage calls run in tea.Cmds and report back with
// typed messages.
package tui
