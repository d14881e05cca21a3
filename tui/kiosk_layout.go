package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// targetKind says what a screen region does when it is clicked.
type targetKind int

const (
	targetOption     targetKind = iota + 1 // an answer option (index)
	targetButton                           // a button (kioskButton)
	targetReviewItem                       // a row of the review list (index)
	targetLang                             // the language label in the header
	targetInput                            // a text field
)

// kioskButton names the kiosk's buttons.
type kioskButton int

const (
	btnBegin kioskButton = iota + 1
	btnContinue
	btnNewCode
	btnCancel
	btnResumeYes
	btnResumeNo
	btnBack
	btnNext
	btnSubmit
	btnDone
)

// zone is a clickable region of the screen, in screen cells (inclusive
// rows y0..y1, columns x0..x1).
type zone struct {
	y0, y1, x0, x1 int
	kind           targetKind
	index          int
}

// layout is a rendered screen (or part of one) together with the regions
// that respond to clicks. The same code renders the screen and answers
// "what is at (x, y)", so the two cannot drift apart.
type layout struct {
	lines []string
	zones []zone
}

// add appends s (one or more lines) and, when kind is not zero, records it
// as a target spanning the full width.
func (l *layout) add(s string, kind targetKind, index int) {
	y0 := len(l.lines)
	l.lines = append(l.lines, strings.Split(s, "\n")...)
	if kind != 0 {
		l.zones = append(l.zones, zone{y0: y0, y1: len(l.lines) - 1, x0: 0, x1: 1 << 20, kind: kind, index: index})
	}
}

// blank appends an empty line.
func (l *layout) blank() { l.lines = append(l.lines, "") }

// wrapped appends text wrapped to width, rendered with style.
func (l *layout) wrapped(text string, width int, style lipgloss.Style) {
	if text == "" {
		return
	}
	l.add(style.Render(ansi.Wrap(text, max(width, 10), "")), 0, 0)
}

// buttonSpec is one button in a row of buttons.
type buttonSpec struct {
	id    kioskButton
	label string
	on    bool // highlighted: the one Enter activates
}

// buttons appends a row of bordered buttons and records each one's region.
func (l *layout) buttons(st *Styles, bs ...buttonSpec) {
	y0 := len(l.lines)
	var parts []string
	x := 0
	for i, b := range bs {
		style := st.Button
		if b.on {
			style = st.ButtonOn
		}
		r := style.Render(b.label)
		w := lipgloss.Width(r)
		if i > 0 {
			parts = append(parts, "  ")
			x += 2
		}
		parts = append(parts, r)
		l.zones = append(l.zones, zone{y0: y0, y1: y0 + lipgloss.Height(r) - 1, x0: x, x1: x + w - 1, kind: targetButton, index: int(b.id)})
		x += w
	}
	l.add(lipgloss.JoinHorizontal(lipgloss.Top, parts...), 0, 0)
}

// append adds another layout below this one.
func (l *layout) append(o layout) {
	off := len(l.lines)
	l.lines = append(l.lines, o.lines...)
	for _, z := range o.zones {
		z.y0 += off
		z.y1 += off
		l.zones = append(l.zones, z)
	}
}

// hit returns the target at screen cell (x, y).
func (l *layout) hit(x, y int) (zone, bool) {
	for _, z := range l.zones {
		if y >= z.y0 && y <= z.y1 && x >= z.x0 && x <= z.x1 {
			return z, true
		}
	}
	return zone{}, false
}

// compose builds a full screen of the given height: the header at the top,
// the footer at the bottom (so buttons are never cut off), and as much of
// the body as fits in between, scrolled so that body rows focusY0..focusY1
// are visible. A body that does not fit gets a line above and below it
// that says there is more (above, below: rendered hints). Every line is
// indented by margin columns and cut to width.
func compose(header, body, footer layout, width, height, focusY0, focusY1, margin int, above, below string) layout {
	avail := height - len(header.lines) - len(footer.lines)
	if avail < 1 {
		avail = 1
	}
	scrolled := len(body.lines) > avail && avail >= 3
	if scrolled {
		avail -= 2
	}
	off := 0
	if len(body.lines) > avail {
		if focusY1 >= avail {
			off = focusY1 - avail + 1
		}
		if focusY0 < off {
			off = focusY0
		}
		off = max(0, min(off, len(body.lines)-avail))
	}
	var win layout
	end := min(len(body.lines), off+avail)
	top := 0
	if scrolled {
		win.lines = append(win.lines, hint(off > 0, above))
		top = 1
	}
	win.lines = append(win.lines, body.lines[off:end]...)
	for _, z := range body.zones {
		if z.y0 >= off && z.y1 < end {
			z.y0 += top - off
			z.y1 += top - off
			win.zones = append(win.zones, z)
		}
	}
	for len(win.lines) < avail+top {
		win.lines = append(win.lines, "")
	}
	if scrolled {
		win.lines = append(win.lines, hint(end < len(body.lines), below))
	}
	var out layout
	out.append(header)
	out.append(win)
	out.append(footer)
	if height > 0 && len(out.lines) > height {
		out.lines = out.lines[:height]
	}
	pad := strings.Repeat(" ", margin)
	for i, s := range out.lines {
		if width > 0 && ansi.StringWidth(s) > width-margin {
			s = ansi.Truncate(s, width-margin, "…")
		}
		out.lines[i] = pad + s
	}
	for i := range out.zones {
		out.zones[i].x0 += margin
		if out.zones[i].x1 < 1<<20 {
			out.zones[i].x1 += margin
		}
	}
	return out
}

// hint is s when there is more to see, else an empty line.
func hint(more bool, s string) string {
	if more {
		return s
	}
	return ""
}

func (l layout) String() string { return strings.Join(l.lines, "\n") }
