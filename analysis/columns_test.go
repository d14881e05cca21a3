package analysis_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"peil/analysis"
)

// emptyLike returns a dataset with the rounds of the synthetic one.
func emptyLike(t *testing.T, cfg analysis.SyntheticConfig) *analysis.Dataset {
	t.Helper()
	v1, v2 := analysis.SyntheticInstruments(cfg)
	d := analysis.NewDataset(0)
	for r := range cfg.Rounds {
		in := v1
		if r == cfg.Rounds-1 && r > 0 {
			in = v2
		}
		if _, err := d.AddRound(fmt.Sprintf("ronde %d", r+1), in); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func reportJSON(t *testing.T, d *analysis.Dataset, split analysis.Split) string {
	t.Helper()
	rep, err := analysis.Trends(d, analysis.WithSplit(split))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A dataset read back from its columns gives the same reports, to the
// last bit, in every split.
func TestColumnsRoundTrip(t *testing.T) {
	cfg := analysis.SyntheticConfig{Seed: 7, Workplaces: 3, SchoolsPerWorkplace: 4, Rounds: 3, StaffPerSchool: 12, Scales: 3, ItemsPerScale: 4}
	d, err := analysis.Synthetic(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := d.AppendColumns(nil)
	back := emptyLike(t, cfg)
	if err := back.ReadColumns(b); err != nil {
		t.Fatal(err)
	}
	if back.Len() != d.Len() || d.Len() == 0 {
		t.Fatalf("read back %d responses, wrote %d", back.Len(), d.Len())
	}
	for _, split := range []analysis.Split{analysis.ByWorkplace, analysis.ByRole, analysis.BySchool} {
		if got, want := reportJSON(t, back, split), reportJSON(t, d, split); got != want {
			t.Errorf("split %v: the report from the columns differs", split)
		}
	}
	if again := back.AppendColumns(nil); string(again) != string(b) {
		t.Error("the columns read back are written differently")
	}
	t.Logf("%d responses in %d bytes", d.Len(), len(b))
}

// Columns that do not fit the dataset, or are damaged, are refused and
// leave the dataset without responses.
func TestColumnsRefused(t *testing.T) {
	cfg := analysis.SyntheticConfig{Seed: 7, Workplaces: 2, SchoolsPerWorkplace: 2, Rounds: 2, StaffPerSchool: 6, Scales: 2, ItemsPerScale: 3}
	d, err := analysis.Synthetic(cfg)
	if err != nil {
		t.Fatal(err)
	}
	good := d.AppendColumns(nil)
	other := cfg
	other.Rounds = 3
	tests := []struct {
		name string
		into *analysis.Dataset
		b    []byte
		want string
	}{
		{"other rounds", emptyLike(t, other), good, "rounds"},
		{"not columns", emptyLike(t, cfg), []byte("hello"), "not a dataset"},
		{"cut short", emptyLike(t, cfg), good[:len(good)-1], "damaged"},
		{"one byte more", emptyLike(t, cfg), append(append([]byte{}, good...), 0), "damaged"},
		{"a value out of range", emptyLike(t, cfg), func() []byte {
			b := append([]byte{}, good...)
			b[len(b)-1] = 99
			return b
		}(), "not an answer"},
		{"already filled", d, good, "already has responses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.into.Len()
			err := tt.into.ReadColumns(tt.b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ReadColumns = %v, want an error saying %q", err, tt.want)
			}
			if tt.into.Len() != n {
				t.Errorf("the dataset has %d responses after the error, had %d", tt.into.Len(), n)
			}
		})
	}
}

// FuzzReadColumns: any bytes are read or refused, never a panic.
func FuzzReadColumns(f *testing.F) {
	cfg := analysis.SyntheticConfig{Seed: 7, Workplaces: 2, SchoolsPerWorkplace: 2, Rounds: 2, StaffPerSchool: 3, Scales: 2, ItemsPerScale: 2}
	d, err := analysis.Synthetic(cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(d.AppendColumns(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		into := emptyLike(t, cfg)
		if err := into.ReadColumns(b); err == nil {
			if _, err := analysis.Trends(into); err != nil {
				t.Fatalf("columns read without error give no report: %v", err)
			}
		}
	})
}
