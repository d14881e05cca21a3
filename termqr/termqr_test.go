package termqr_test

import (
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"peil/termqr"
)

// TestTerminalQR reads the half blocks back into modules: they are the QR
// code's, light and dark swapped, two rows a line.
func TestTerminalQR(t *testing.T) {
	const url = "http://192.168.137.1:8080/s/3bTtguFgw-TLhKU1P9sHJA/"
	text, err := termqr.Draw(url, termqr.Inverted)
	if err != nil {
		t.Fatal(err)
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	want := q.Bitmap()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != (len(want)+1)/2 {
		t.Fatalf("%d lines for %d rows of modules", len(lines), len(want))
	}
	for i, line := range lines {
		rs := []rune(line)
		if len(rs) != len(want[0]) {
			t.Fatalf("line %d has %d characters, want %d", i, len(rs), len(want[0]))
		}
		for x, r := range rs {
			top := r == '█' || r == '▀'
			bottom := r == '█' || r == '▄'
			if top == want[2*i][x] || 2*i+1 < len(want) && bottom == want[2*i+1][x] {
				t.Fatalf("module (%d, %d) is wrong: %q", x, 2*i, r)
			}
		}
	}
	// The quiet zone is light: the first line is all full blocks.
	if strings.Trim(lines[0], "█") != "" {
		t.Errorf("first line %q is not the light quiet zone", lines[0])
	}
}
