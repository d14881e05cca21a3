package sav_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"peil/export/sav"
)

func TestFitLabel(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"fits", "Monitor werkplaatsen: Cultuursurvey", 64, "Monitor werkplaatsen: Cultuursurvey"},
		{"exactly n", strings.Repeat("a", 64), 64, strings.Repeat("a", 64)},
		{"cut at a word boundary",
			"Voorbeeldstudie werkplaatsen onderwijsonderzoek: Cultuursurvey (cultuursurvey)", 64,
			"Voorbeeldstudie werkplaatsen onderwijsonderzoek…"},
		{"no dangling separator", "Monitor werkplaatsen onderwijsonderzoek Nederland: Vragenlijst voor collega's", 52,
			"Monitor werkplaatsen onderwijsonderzoek Nederland…"},
		{"one long word cut on a character boundary", strings.Repeat("ĳ", 40), 64, strings.Repeat("ĳ", 30) + "…"},
		{"the next character starts a word", "Een twee drie vier", 12, "Een twee…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sav.FitLabel(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("FitLabel(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if len(got) > tt.n || !utf8.ValidString(got) {
				t.Errorf("FitLabel(%q, %d) = %q: %d bytes or not UTF-8", tt.in, tt.n, got, len(got))
			}
		})
	}
}

// TestFileLabelShortened: a long label is written shortened at a word
// boundary, padded to the header's 64 bytes.
func TestFileLabelShortened(t *testing.T) {
	var b bytes.Buffer
	label := "Voorbeeldstudie werkplaatsen onderwijsonderzoek: Cultuursurvey (cultuursurvey)"
	w, err := sav.NewWriter(&b, sav.Header{Label: label, Created: time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)},
		[]sav.Variable{{Name: "n", Format: sav.Format{Type: sav.FormatF, Width: 4}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The label follows "$FL2", the product (60), five int32s, the
	// bias (8), the date (9) and the time (8).
	const at = 4 + 60 + 5*4 + 8 + 9 + 8
	got := strings.TrimRight(string(b.Bytes()[at:at+64]), " ")
	if want := "Voorbeeldstudie werkplaatsen onderwijsonderzoek…"; got != want {
		t.Errorf("file label %q, want %q", got, want)
	}
}
