package tui

import (
	"testing"

	"charm.land/lipgloss/v2"
)

func TestBraille(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		draw  func(b *braille, s *lipgloss.Style)
		lines []string
	}{
		{"one dot in each corner of a cell", 1, 1, func(b *braille, s *lipgloss.Style) {
			b.dot(0, 0, s)
			b.dot(1, 3, s)
		}, []string{"⢁"}},
		{"a full cell", 1, 1, func(b *braille, s *lipgloss.Style) {
			for x := range 2 {
				for y := range 4 {
					b.dot(x, y, s)
				}
			}
		}, []string{"⣿"}},
		{"a flat line across three cells", 3, 1, func(b *braille, s *lipgloss.Style) {
			b.line(point{0, 3}, point{5, 3}, s)
		}, []string{"⣀⣀⣀"}},
		{"a rising line: four rows of dots a cell", 2, 2, func(b *braille, s *lipgloss.Style) {
			b.line(point{0, 7}, point{3, 0}, s)
		}, []string{" ⡜", "⡜ "}},
		{"dots outside are ignored", 1, 1, func(b *braille, s *lipgloss.Style) {
			b.dot(-1, 0, s)
			b.dot(2, 0, s)
			b.dot(0, 4, s)
		}, []string{" "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBraille(tt.w, tt.h)
			tt.draw(b, nil)
			g := newGrid(tt.w, tt.h)
			b.drawOn(g, 0, 0)
			got := g.lines()
			for i := range tt.lines {
				if got[i] != tt.lines[i] {
					t.Errorf("line %d = %q, want %q", i, got[i], tt.lines[i])
				}
			}
		})
	}
}
