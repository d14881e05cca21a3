package backend

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestTrendsDataOtherInstruments: a report covers one instrument, and its
// Meta names the study's other instruments, in round order, for the
// report to point at their own reports.
func TestTrendsDataOtherInstruments(t *testing.T) {
	ctx := context.Background()
	st := exampleStore(t, filepath.Join(t.TempDir(), "peil.db"))
	s, err := st.StudyByCode(ctx, "voorbeeld")
	if err != nil {
		t.Fatal(err)
	}
	b := New(st)
	for _, tc := range []struct {
		instrument string
		others     []string
	}{
		{"cultuursurvey", []string{"leerkracht-onderzoeker", "collega"}},
		{"collega", []string{"cultuursurvey", "leerkracht-onderzoeker"}},
	} {
		td, err := b.TrendsData(ctx, s, tc.instrument, "")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(td.Meta.OtherInstruments, tc.others) {
			t.Errorf("%s: other instruments %v, want %v", tc.instrument, td.Meta.OtherInstruments, tc.others)
		}
	}
}
