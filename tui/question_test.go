package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

// TestNumberAndDateWidgets types into decimal, date and unbounded integer
// fields and checks the value, the problem shown and the hint.
func TestNumberAndDateWidgets(t *testing.T) {
	tx := newKioskText()
	half, ten := 0.5, 10.0
	tests := []struct {
		name    string
		item    survey.Item
		keys    []string
		want    survey.Value
		problem string
		hint    string
	}{
		{"decimal comma", survey.Item{Type: survey.Decimal}, []string{"3", ",", "2", "5", "x"}, survey.TextValue("3.25"), "", "Een getal, zoals 3,25."},
		{"decimal bounds", survey.Item{Type: survey.Decimal, DecimalMin: &half, DecimalMax: &ten}, []string{"7", ",", "5"}, survey.TextValue("7.5"), "", "Een getal van 0,5 tot en met 10."},
		{"decimal at least", survey.Item{Type: survey.Decimal, DecimalMin: &half}, []string{"7"}, survey.TextValue("7"), "", "Een getal van ten minste 0,5."},
		{"decimal garbage", survey.Item{Type: survey.Decimal}, []string{"1", ".", ".", "2"}, survey.Value{}, "Vul een getal in, zoals 3,25.", ""},
		{"date dutch", survey.Item{Type: survey.Date}, strings.Split("1-3-2026", ""), survey.TextValue("2026-03-01"), "", "Een datum: dag-maand-jaar, zoals 1-3-2026."},
		{"date iso", survey.Item{Type: survey.Date}, strings.Split("2026-03-01", ""), survey.TextValue("2026-03-01"), "", ""},
		{"date wrong", survey.Item{Type: survey.Date}, strings.Split("31-2-2026", ""), survey.Value{}, "Een datum: dag-maand-jaar, zoals 1-3-2026.", ""},
		{"integer any", survey.Item{Type: survey.Integer, NoMin: true, NoMax: true}, []string{"-", "1", "2", "0", "0", "0"}, survey.Num(-12000), "", "Een heel getal."},
		{"integer at least", survey.Item{Type: survey.Integer, Min: 1, NoMax: true}, []string{"0"}, survey.Value{}, "Een heel getal van ten minste 1.", "Een heel getal van ten minste 1."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.item
			it.ID = "x"
			w := newAnswerWidget(&it, it.Options, survey.Value{}, false, 70)
			if !w.typing() {
				t.Fatal("the field does not take typed text")
			}
			for _, k := range tt.keys {
				w.key(keyMsg(k), survey.Dutch)
			}
			got, problem := w.value(tx, survey.Dutch)
			if !got.Equal(tt.want) || problem != tt.problem {
				t.Errorf("value = %+v, %q; want %+v, %q", got, problem, tt.want, tt.problem)
			}
			if !got.Equal(survey.Value{}) {
				if err := it.Validate(got); err != nil {
					t.Errorf("the widget's value is not valid: %v", err)
				}
			}
			if tt.hint != "" {
				var l layout
				w.render(&l, NewStyles(true), tx, survey.Dutch, 70)
				screen := ansi.Strip(l.String())
				if !strings.Contains(screen, tt.hint) {
					t.Errorf("screen lacks %q:\n%s", tt.hint, screen)
				}
			}
		})
	}
}

// TestShortAnswerDecimalDate shows stored answers the Dutch way on the
// review screen.
func TestShortAnswerDecimalDate(t *testing.T) {
	dec := &survey.Item{ID: "d", Type: survey.Decimal}
	date := &survey.Item{ID: "t", Type: survey.Date}
	for _, tt := range []struct {
		it   *survey.Item
		v    survey.Value
		lang survey.Lang
		want string
	}{
		{dec, survey.TextValue("3.25"), survey.Dutch, "3,25"},
		{dec, survey.TextValue("3.25"), survey.English, "3.25"},
		{date, survey.TextValue("2026-03-01"), survey.Dutch, "1-3-2026"},
		{date, survey.TextValue("2026-03-01"), survey.English, "2026-03-01"},
	} {
		if got := shortAnswer(tt.it, tt.v, tt.lang); got != tt.want {
			t.Errorf("shortAnswer(%s, %q, %s) = %q, want %q", tt.it.Type, tt.v.Text, tt.lang, got, tt.want)
		}
	}
}
