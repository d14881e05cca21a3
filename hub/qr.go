package hub

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QR renders text as a QR code for a terminal, two modules per character
// cell with the half-block characters (▀ ▄ █ and space), with the quiet
// zone that scanners need. Each line is drawn black on white (ANSI
// colours), so that it scans the right way round on a dark terminal as
// well as a light one. (The web form's TerminalQR draws light modules in
// the text colour instead; a token is scanned once, in good light, so
// this one spends the escape codes.)
func QR(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("making a QR code: %w", err)
	}
	bm := q.Bitmap() // true = dark, quiet zone included
	var b strings.Builder
	for y := 0; y < len(bm); y += 2 {
		b.WriteString("\x1b[30;107m")
		for x := range bm[y] {
			top, bottom := bm[y][x], y+1 < len(bm) && bm[y+1][x]
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
