package xlsform_test

import (
	"bytes"
	"reflect"
	"testing"

	"peil/instruments"
	"peil/survey"
	"peil/xlsform"
)

// TestRoundTripBuiltins: every built-in instrument exported to XLSForm and
// imported again is the same Go value, conditions, codes and scales
// included, and Import warns about nothing in a form Export wrote.
func TestRoundTripBuiltins(t *testing.T) {
	builtins, err := instruments.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	if len(builtins) == 0 {
		t.Fatal("no built-in instruments")
	}
	for _, want := range builtins {
		t.Run(want.ID, func(t *testing.T) {
			var buf bytes.Buffer
			if err := xlsform.Export(&buf, want); err != nil {
				t.Fatalf("Export: %v", err)
			}
			got, warns, err := xlsform.Import(want.ID+".xlsx", &buf)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			for _, w := range warns {
				t.Errorf("warning: %s", w)
			}
			compareInstruments(t, got, want)
		})
	}
}

// compareInstruments reports the first differences between two
// instruments, item by item, then compares them whole.
func compareInstruments(t *testing.T, got, want *survey.Instrument) {
	t.Helper()
	if len(got.Sections) == len(want.Sections) {
		for s := range want.Sections {
			gs, ws := got.Sections[s], want.Sections[s]
			if len(gs.Items) != len(ws.Items) {
				t.Errorf("section %s: %d items, want %d", ws.ID, len(gs.Items), len(ws.Items))
				continue
			}
			for i := range ws.Items {
				if !reflect.DeepEqual(gs.Items[i], ws.Items[i]) {
					t.Errorf("item %s:\n got %#v\nwant %#v", ws.Items[i].ID, gs.Items[i], ws.Items[i])
				}
			}
			gs.Items, ws.Items = nil, nil
			if !reflect.DeepEqual(gs, ws) {
				t.Errorf("section %d:\n got %#v\nwant %#v", s, gs, ws)
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		g, w := *got, *want
		g.Sections, w.Sections = nil, nil
		t.Errorf("instruments differ; without sections:\n got %#v\nwant %#v", g, w)
	}
}
