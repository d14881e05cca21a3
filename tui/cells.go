package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Cutting and padding text to the cells of a screen: one cell (cellLeft,
// cellRight) and a whole screen (fitLines), for every page.

// cellLeft truncates s to w cells (with an ellipsis) and pads it to w.
func cellLeft(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

// cellRight is cellLeft aligned right.
func cellRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	return strings.Repeat(" ", w-ansi.StringWidth(s)) + s
}

// fitLines makes lines exactly h lines of at most w cells: longer lines
// are cut (with an ellipsis), lines past h dropped, missing lines empty.
func fitLines(lines []string, w, h int) string {
	out := make([]string, h)
	for i := range min(h, len(lines)) {
		out[i] = ansi.Truncate(lines[i], w, "…")
	}
	return strings.Join(out, "\n")
}

// withBottom is top cut or padded to h-1 lines, then bottom: a screen
// with a status line at its foot.
func withBottom(top []string, bottom string, h int) []string {
	h = max(h-1, 0)
	out := make([]string, h, h+1)
	copy(out, top)
	return append(out, bottom)
}
