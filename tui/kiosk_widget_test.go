package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

func TestAnswerWidgets(t *testing.T) {
	tx := newKioskText()
	opts := []survey.Option{
		{Code: 1, Value: "a", Label: survey.Text{survey.Dutch: "Alfa"}},
		{Code: 2, Value: "b", Label: survey.Text{survey.Dutch: "Bravo"}},
		{Code: 5, Value: "c", Label: survey.Text{survey.Dutch: "Charlie"}},
	}
	tests := []struct {
		name    string
		item    survey.Item
		keys    []string
		want    survey.Value
		problem string
		screen  []string
	}{
		{"likert number", survey.Item{Type: survey.Likert}, []string{"4"}, survey.Num(4), "", []string{"(●) Mee eens"}},
		{"likert arrows", survey.Item{Type: survey.Likert}, []string{"down", "down", "up", "down", "down"}, survey.Num(3), "", []string{"› 3 (●) Neutraal"}},
		{"likert don't know", survey.Item{Type: survey.Likert, DontKnow: true}, []string{"0"}, survey.DontKnowValue(), "", []string{"0 (●) Weet ik niet"}},
		{"likert no don't know", survey.Item{Type: survey.Likert}, []string{"0"}, survey.Value{}, "", nil},
		{"single code", survey.Item{Type: survey.SingleChoice, Options: opts}, []string{"3"}, survey.Num(5), "", []string{"(●) Charlie"}},
		{"multiple toggles", survey.Item{Type: survey.MultipleChoice, Options: opts}, []string{"1", "3", "up", "space", "1"}, survey.ChoicesValue(2, 5), "", []string{"[ ] Alfa", "[x] Bravo", "[x] Charlie"}},
		{"grade digits only", survey.Item{Type: survey.Grade}, []string{"a", "8", "x"}, survey.Num(8), "", []string{"> 8", "van 1 tot en met 10"}},
		{"grade zero", survey.Item{Type: survey.Grade}, []string{"0"}, survey.Value{}, "Een heel getal van 1 tot en met 10.", nil},
		{"integer negative", survey.Item{Type: survey.Integer, Min: -5, Max: 5}, []string{"-", "3"}, survey.Num(-3), "", nil},
		{"integer no minus", survey.Item{Type: survey.Integer, Min: 0, Max: 40}, []string{"-", "3"}, survey.Num(3), "", nil},
		{"open text", survey.Item{Type: survey.OpenText}, []string{"h", "o", "i", "space", "q"}, survey.TextValue("hoi q"), "", []string{"hoi q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.item
			it.ID = "x"
			w := newAnswerWidget(&it, it.Options, survey.Value{}, false, 70)
			for _, k := range tt.keys {
				msg := keyMsg(k)
				switch k {
				case "up", "down":
					if !w.typing() {
						d := 1
						if k == "up" {
							d = -1
						}
						w.move(d, survey.Dutch)
						continue
					}
				}
				w.key(msg, survey.Dutch)
			}
			got, _, problem := w.value(survey.Dutch)
			if !got.Equal(tt.want) || problem != tt.problem {
				t.Errorf("value = %+v, %q; want %+v, %q", got, problem, tt.want, tt.problem)
			}
			var l layout
			w.render(&l, NewStyles(true), tx, survey.Dutch, 70)
			screen := ansi.Strip(l.String())
			for _, s := range tt.screen {
				if !strings.Contains(screen, s) {
					t.Errorf("widget lacks %q:\n%s", s, screen)
				}
			}
		})
	}
}

func TestComposeKeepsFooterAndFocus(t *testing.T) {
	var header, body, footer layout
	header.add("title", 0, 0)
	for i := range 30 {
		body.add("option "+string(rune('A'+i)), targetOption, i)
	}
	footer.add("[buttons]", targetButton, int(btnNext))
	l := compose(header, body, footer, 40, 10, 25, 25, 1, "more above", "more below")
	if len(l.lines) != 10 {
		t.Fatalf("%d lines, want 10", len(l.lines))
	}
	s := l.String()
	if !strings.Contains(s, "option Z") || !strings.Contains(s, "[buttons]") || !strings.Contains(s, "title") {
		t.Fatalf("focused option, footer or header missing:\n%s", s)
	}
	if !strings.Contains(s, "more above") || !strings.Contains(s, "more below") {
		t.Errorf("a scrolled body does not say there is more:\n%s", s)
	}
	if l := compose(header, body, footer, 40, 10, 0, 0, 1, "more above", "more below"); strings.Contains(l.String(), "more above") || !strings.Contains(l.String(), "more below") {
		t.Errorf("at the top: want only the hint below:\n%s", l.String())
	}
	// The zones moved with the scroll: the row showing option Z is option 25.
	for y, line := range l.lines {
		if strings.Contains(line, "option Z") {
			z, ok := l.hit(3, y)
			if !ok || z.kind != targetOption || z.index != 25 {
				t.Errorf("click on %q hits %+v, %v", line, z, ok)
			}
		}
	}
	if z, ok := l.hit(3, 9); !ok || z.kind != targetButton {
		t.Errorf("click on the last row hits %+v, %v; want the buttons", z, ok)
	}
}
