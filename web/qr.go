package web

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// TerminalQR draws a QR code of s for a terminal, two modules per
// character with half blocks, quiet zone included. Light modules are drawn
// (the terminal's text colour) and dark ones left blank, which reads
// right on the usual dark terminal; phone cameras also read it inverted.
func TerminalQR(s string) (string, error) {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("making a QR code of %q: %w", s, err)
	}
	bm := q.Bitmap() // true = dark
	var b strings.Builder
	for y := 0; y < len(bm); y += 2 {
		for x := range bm[y] {
			top := !bm[y][x]
			bottom := y+1 < len(bm) && !bm[y+1][x]
			switch {
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
		b.WriteByte('\n')
	}
	return b.String(), nil
}
