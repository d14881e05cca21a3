// Package termqr draws QR codes in a terminal: two modules per character
// cell with the half blocks ▀ ▄ █ and space, quiet zone included. The web
// form's address (peil kiosk --web) and a hub's enrolment token (peil hub
// enrol) are shown this way.
package termqr

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Style says how modules are drawn.
type Style int

const (
	// Inverted draws the light modules in the terminal's text colour and
	// leaves the dark ones blank: right on the usual dark terminal, and
	// phone cameras read it inverted too.
	Inverted Style = iota
	// BlackOnWhite draws every line black on white with ANSI colours, so
	// that it scans the right way round on any terminal, at the cost of
	// escape codes.
	BlackOnWhite
)

// Draw returns a QR code of text for a terminal in the given style.
func Draw(text string, style Style) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("making a QR code: %w", err)
	}
	bm := q.Bitmap()               // true = dark, quiet zone included
	drawn := func(y, x int) bool { // is the module drawn (not blank)?
		return y < len(bm) && bm[y][x] == (style == BlackOnWhite)
	}
	var b strings.Builder
	for y := 0; y < len(bm); y += 2 {
		if style == BlackOnWhite {
			b.WriteString("\x1b[30;107m")
		}
		for x := range bm[y] {
			switch top, bottom := drawn(y, x), drawn(y+1, x); {
			case top && bottom:
				b.WriteRune('█')
			case top:
				b.WriteRune('▀')
			case bottom:
				b.WriteRune('▄')
			default:
				b.WriteRune(' ')
			}
		}
		if style == BlackOnWhite {
			b.WriteString("\x1b[0m")
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}
