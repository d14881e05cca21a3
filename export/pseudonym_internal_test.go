package export

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestPseudonymIsTruncatedHMAC checks every pseudonym against HMAC-SHA256
// made afresh, in one sequence of calls: the pseudonymizer reuses its MAC
// and buffers, and a pseudonym must not depend on the one before it.
func TestPseudonymIsTruncatedHMAC(t *testing.T) {
	key := []byte("the pseudonym key of the monitor")
	p := &pseudonymizer{key: key, keyed: true}
	tests := []struct{ domain, s string }{
		{"respondent", "K7X2-9QPA"},
		{"response", "0f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"},
		{"respondent", "K7X2-9QPA"},
		{"respondent", "a much longer respondent code than the one before it, longer than a SHA-256 block of sixty-four bytes"},
		{"response", "x"},
		{"respondent", ""},
	}
	for _, tt := range tests {
		want := ""
		if tt.s != "" {
			m := hmac.New(sha256.New, key)
			m.Write([]byte(tt.domain + "\x00" + tt.s))
			want = hex.EncodeToString(m.Sum(nil)[:8])
		}
		if got := p.hash(tt.domain, tt.s); got != want {
			t.Errorf("hash(%q, %q) = %q, want %q", tt.domain, tt.s, got, want)
		}
	}
}
