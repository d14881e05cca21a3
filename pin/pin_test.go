package pin_test

import (
	"errors"
	"strings"
	"testing"

	"peil/pin"
)

func TestValid(t *testing.T) {
	tests := []struct {
		pin string
		ok  bool
	}{
		{"1243", true},
		{"12345687", true},
		{"0000", false}, // weak: one digit repeated
		{"77777777", false},
		{"1234", false}, // weak: counts up
		{"0123", false},
		{"4321", false}, // weak: counts down
		{"98765", false},
		{"3456789", false},
		{"4821", true},
		{"1235", true},
		{"2211", true},
		{"13579", true},
		{"9012", true}, // no wrapping round: 9, 0 is not counting up
		{"123", false},
		{"123456789", false},
		{"12a4", false},
		{"12 34", false},
		{"", false},
		{"١٢٣٤", false}, // Arabic-Indic digits are not 0-9
	}
	for _, tt := range tests {
		t.Run(tt.pin, func(t *testing.T) {
			err := pin.Valid(tt.pin)
			if (err == nil) != tt.ok {
				t.Fatalf("Valid(%q) = %v, want ok=%v", tt.pin, err, tt.ok)
			}
			if err != nil && !errors.Is(err, pin.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if err != nil && len(tt.pin) >= 4 && len(tt.pin) <= 8 && strings.Trim(tt.pin, "0123456789") == "" &&
				(!errors.Is(err, pin.ErrWeak) || !strings.Contains(err.Error(), "choose another")) {
				t.Errorf("error %v for a weak PIN does not wrap ErrWeak and say so", err)
			}
		})
	}
}

func TestHashVerify(t *testing.T) {
	h, err := pin.Hash("4821")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Errorf("hash %q is not in the expected PHC form", h)
	}
	if strings.Contains(h, "4821") {
		t.Errorf("hash %q contains the PIN", h)
	}
	h2, err := pin.Hash("4821")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Error("two hashes of the same PIN are equal: the salt is not random")
	}
	tests := []struct {
		hash, pin string
		want      bool
	}{
		{h, "4821", true},
		{h2, "4821", true},
		{h, "4822", false},
		{h, "48210", false},
		{h, "", false},
		{"", "4821", false},
		{"$argon2i$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "4821", false},
		{strings.Replace(h, "m=65536", "m=99999999", 1), "4821", false},
		{strings.Replace(h, "t=2", "t=0", 1), "4821", false},
		{h[:len(h)-4], "4821", false},
		{strings.Replace(h, "v=19", "v=16", 1), "4821", false},
	}
	for i, tt := range tests {
		if got := pin.Verify(tt.hash, tt.pin); got != tt.want {
			t.Errorf("case %d: Verify(%.40q..., %q) = %v, want %v", i, tt.hash, tt.pin, got, tt.want)
		}
	}
}

func TestHashRejectsInvalid(t *testing.T) {
	if _, err := pin.Hash("12"); !errors.Is(err, pin.ErrInvalid) {
		t.Fatalf("Hash(\"12\") = %v, want ErrInvalid", err)
	}
	if _, err := pin.Hash("0000"); !errors.Is(err, pin.ErrWeak) {
		t.Fatalf("Hash(\"0000\") = %v, want ErrWeak", err)
	}
}

func BenchmarkVerify(b *testing.B) {
	h, err := pin.Hash("4821")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		pin.Verify(h, "4821")
	}
}
