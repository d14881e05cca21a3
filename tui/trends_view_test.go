package tui

import (
	"slices"
	"testing"
)

func TestRoundLabels(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		width int
		want  []string
	}{
		{"all fit", []string{"Meting 2024", "Meting 2025"}, 11, []string{"Meting 2024", "Meting 2025"}},
		{"shared first part dropped", []string{"Leerkracht-onderzoekers 2024", "Leerkracht-onderzoekers 2025", "Leerkracht-onderzoekers 2026"}, 11,
			[]string{"2024", "2025", "2026"}},
		{"cut at a hyphen", []string{"Collega-najaar", "Collega-voorjaar"}, 8, []string{"najaar", "voorjaar"}},
		{"no word split; the starts differ", []string{"Nulmeting", "Nameting"}, 5, []string{"Nulm…", "Name…"}},
		{"ends kept", []string{"Cultuur 2024", "Collega 2025"}, 6, []string{"… 2024", "… 2025"}},
		{"the ends alike, the starts not", []string{"Cultuur 2024 najaar", "Kennis 2025 najaar"}, 8, []string{"Cultuur…", "Kennis …"}},
		{"one round", []string{"Leerkracht-onderzoekers 2024"}, 6, []string{"… 2024"}},
		{"width 1", []string{"ab", "cd"}, 1, []string{"b", "d"}},
		{"non-ASCII", []string{"Ĳsselmeting één", "Ĳsselmeting twee"}, 6, []string{"één", "twee"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := roundLabels(tt.names, tt.width)
			if !slices.Equal(got, tt.want) {
				t.Errorf("roundLabels(%q, %d) = %q, want %q", tt.names, tt.width, got, tt.want)
			}
			for _, l := range got {
				if n := len([]rune(l)); n > tt.width {
					t.Errorf("label %q is %d runes, more than %d", l, n, tt.width)
				}
			}
		})
	}
}

func TestAxisRange(t *testing.T) {
	tests := []struct {
		vals   []float64
		lo, hi float64
	}{
		{nil, 1, 5},
		{[]float64{3.2, 3.4}, 2.5, 3.5},
		{[]float64{2.91, 3.72, 3.5}, 2.5, 4},
		{[]float64{1, 1.2}, 1, 2},
		{[]float64{4.9, 5}, 4, 5},
		{[]float64{1, 5}, 1, 5},
		{[]float64{3}, 2.5, 3.5},
	}
	for _, tt := range tests {
		lo, hi := axisRange(tt.vals)
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("axisRange(%v) = %v-%v, want %v-%v", tt.vals, lo, hi, tt.lo, tt.hi)
		}
	}
}
