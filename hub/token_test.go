package hub_test

import (
	"strings"
	"testing"

	"peil/hub"
	"peil/termqr"
)

func TestTokenRoundTrip(t *testing.T) {
	tok := hub.Token{URL: "https://hub.example:8443", Fingerprint: strings.Repeat("ab", 32), Secret: "s3cr3t"}
	got, err := hub.ParseToken("  " + tok.String() + "\n")
	if err != nil || got != tok {
		t.Errorf("ParseToken(String()) = %+v, %v; want %+v", got, err, tok)
	}
}

func TestParseTokenRefuses(t *testing.T) {
	good := hub.Token{URL: "https://hub.example", Secret: "x"}.String()
	for name, s := range map[string]string{
		"empty":        "",
		"other prefix": "peil2." + good[len("peil1."):],
		"cut short":    good[:len(good)-5],
		"not base64":   "peil1.!!!",
		"no secret":    hub.Token{URL: "https://hub.example"}.String(),
		"ftp address":  hub.Token{URL: "ftp://hub.example", Secret: "x"}.String(),
		"no host":      hub.Token{URL: "https://", Secret: "x"}.String(),
	} {
		if _, err := hub.ParseToken(s); err == nil || !strings.Contains(err.Error(), "not a peil hub token") {
			t.Errorf("%s: ParseToken(%q) error = %v", name, s, err)
		}
	}
}

// TestQR: the code is square with its quiet zone (two modules a line,
// the same width on every line) and shown black on white.
func TestQR(t *testing.T) {
	tok := hub.Token{URL: "https://127.0.0.1:8443", Fingerprint: strings.Repeat("ab", 32), Secret: strings.Repeat("x", 43)}.String()
	out, err := termqr.Draw(tok, termqr.BlackOnWhite)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	width := -1
	for i, l := range lines {
		if !strings.HasPrefix(l, "\x1b[30;107m") || !strings.HasSuffix(l, "\x1b[0m") {
			t.Fatalf("line %d is not black on white: %q", i, l)
		}
		cells := []rune(strings.TrimSuffix(strings.TrimPrefix(l, "\x1b[30;107m"), "\x1b[0m"))
		if width < 0 {
			width = len(cells)
		}
		if len(cells) != width {
			t.Errorf("line %d has %d cells, the first %d", i, len(cells), width)
		}
	}
	// Version v has 17+4v modules, plus 8 of quiet zone; two rows a line.
	if (width-8-17)%4 != 0 || len(lines) != (width+1)/2 {
		t.Errorf("%d lines of %d cells is not a QR code with its quiet zone", len(lines), width)
	}
	if !strings.Contains(out, "█") || !strings.Contains(out, "▀") {
		t.Error("the code has no dark modules")
	}
}

func TestCheckPlain(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:8080": true, "localhost:8080": true, "127.1.2.3:80": true,
		":8080": false, "0.0.0.0:8080": false, "192.168.1.5:8080": false, "hub.example:80": false, "nonsense": false,
	} {
		if err := hub.CheckPlain(addr); (err == nil) != ok {
			t.Errorf("CheckPlain(%q) = %v, want allowed %v", addr, err, ok)
		}
	}
}
