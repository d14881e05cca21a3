package hub

import (
	"fmt"
	"strings"

	"rsc.io/qr"
)

// QR renders text as a QR code for a terminal, two modules per character
// cell with the half-block characters (▀ ▄ █ and space), with the quiet
// zone of four modules that scanners need. Each line is drawn black on
// white (ANSI colours), so that it scans on a dark terminal as well.
func QR(text string) (string, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("making a QR code: %w", err)
	}
	const quiet = 4
	n := code.Size + 2*quiet
	dark := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x >= 0 && y >= 0 && x < code.Size && y < code.Size && code.Black(x, y)
	}
	var b strings.Builder
	for y := 0; y < n; y += 2 {
		b.WriteString("\x1b[30;107m")
		for x := range n {
			top, bottom := dark(x, y), y+1 < n && dark(x, y+1)
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString("\x1b[0m\n")
	}
	return b.String(), nil
}
