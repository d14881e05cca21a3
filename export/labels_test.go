package export_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"peil/export"
)

// TestSavFileLabel: the .sav file label (64 bytes) is the export's title
// when it fits, else a shorter form of it, never one cut mid-word.
func TestSavFileLabel(t *testing.T) {
	tests := []struct {
		study, code, want string
	}{
		{"Monitor ĳsselmonde", "monitor", "Monitor ĳsselmonde: Cultuursurvey (cultuur)"},
		{"Voorbeeldstudie werkplaatsen onderwijsonderzoek", "voorbeeld", "Voorbeeldstudie werkplaatsen onderwijsonderzoek: Cultuursurvey"},
		{"Monitor van de werkplaatsen onderwijsonderzoek in het primair onderwijs", "monitor-po", "monitor-po: Cultuursurvey (cultuur)"},
		{"Monitor van de werkplaatsen onderwijsonderzoek in het primair onderwijs", "monitor-van-de-werkplaatsen-onderwijsonderzoek-po-2026", "monitor-van-de-werkplaatsen-onderwijsonderzoek-po-2026…"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			st, ins, m := fixture()
			st.Study.Title, st.Study.Code = tt.study, tt.code
			var b bytes.Buffer
			if _, err := export.Export(t.Context(), &b, m, st, ins, export.Options{Format: export.SAV, PseudonymKey: testKey, Now: func() time.Time { return exportTime }}); err != nil {
				t.Fatal(err)
			}
			const at = 4 + 60 + 5*4 + 8 + 9 + 8
			got := strings.TrimRight(string(b.Bytes()[at:at+64]), " ")
			if got != tt.want {
				t.Errorf("file label %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWorkplaceAndSchoolValueLabels: the workplace and school variables
// are labelled with names (and codes); the code alone where there is no
// name.
func TestWorkplaceAndSchoolValueLabels(t *testing.T) {
	cb := string(exportBytes(t, export.Options{Format: export.Codebook, PseudonymKey: testKey}))
	for _, want := range []string{
		"- Values: 1 = Werkplaats Onderwijsonderzoek Amsterdam (WOA); 2 = POINT",
		"- Values: 1 = De Regenboog (WOA-01); 2 = WOA-02; 3 = De Wereldboom (POINT-01)",
	} {
		if !strings.Contains(cb, want) {
			t.Errorf("the codebook does not say %q", want)
		}
	}
}
