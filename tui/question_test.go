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
		{"date wrong", survey.Item{Type: survey.Date}, strings.Split("31-2-2026", ""), survey.Value{}, "Die datum bestaat niet: kijk de dag en de maand na.", ""},
		{"date short year", survey.Item{Type: survey.Date}, strings.Split("1-3-26", ""), survey.Value{}, "Een datum: dag-maand-jaar, zoals 1-3-2026.", ""},
		{"time dutch", survey.Item{Type: survey.Time}, strings.Split("9.30", ""), survey.TextValue("09:30"), "", "Een tijd: uren en minuten, zoals 9.30 of 14.05."},
		{"time colon", survey.Item{Type: survey.Time}, strings.Split("14:05", ""), survey.TextValue("14:05"), "", ""},
		{"time four digits, letters ignored", survey.Item{Type: survey.Time}, []string{"0", "u", "7", "1", "5", "x"}, survey.TextValue("07:15"), "", ""},
		{"time at most five characters", survey.Item{Type: survey.Time}, strings.Split("12:300", ""), survey.TextValue("12:30"), "", ""},
		{"time midnight refused", survey.Item{Type: survey.Time}, strings.Split("24:00", ""), survey.Value{}, "Vul een tijd in van 00:00 tot en met 23:59, zoals 09:30.", ""},
		{"time 60 minutes refused", survey.Item{Type: survey.Time}, strings.Split("9.60", ""), survey.Value{}, "Vul een tijd in van 00:00 tot en met 23:59, zoals 09:30.", ""},
		{"integer any", survey.Item{Type: survey.Integer, NoMin: true, NoMax: true}, []string{"-", "1", "2", "0", "0", "0"}, survey.Num(-12000), "", "Een heel getal."},
		{"decimal bounds refused", survey.Item{Type: survey.Decimal, DecimalMin: &half, DecimalMax: &ten}, []string{"0"}, survey.Value{}, "Vul een getal in van 0,5 tot en met 10.", ""},
		{"decimal too precise", survey.Item{Type: survey.Decimal}, strings.Split("0,1234567", ""), survey.Value{}, "Vul hoogstens 6 cijfers achter de komma in.", ""},
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
			got, _, problem := w.value(survey.Dutch)
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
	clock := &survey.Item{ID: "c", Type: survey.Time}
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
		{clock, survey.TextValue("09:30"), survey.Dutch, "9.30"},
		{clock, survey.TextValue("09:30"), survey.English, "09:30"},
	} {
		if got := shortAnswer(tt.it, tt.v, tt.lang); got != tt.want {
			t.Errorf("shortAnswer(%s, %q, %s) = %q, want %q", tt.it.Type, tt.v.Text, tt.lang, got, tt.want)
		}
	}
}

// TestBlankFieldIsNoAnswer: a blank number field is no answer, also where
// 0 is one (it was read as 0 and stored).
func TestBlankFieldIsNoAnswer(t *testing.T) {
	for _, it := range []survey.Item{
		{ID: "x", Type: survey.Integer, Min: -5, Max: 5},
		{ID: "x", Type: survey.Integer, NoMin: true, NoMax: true},
		{ID: "x", Type: survey.Decimal},
		{ID: "x", Type: survey.OpenText},
	} {
		w := newAnswerWidget(&it, nil, survey.Value{}, false, 70)
		w.key(keyMsg(" "), survey.Dutch)
		if v, empty, problem := w.value(survey.Dutch); !empty || problem != "" {
			t.Errorf("%s: a blank field reads as %+v, empty %v, %q; want no answer", it.Type, v, empty, problem)
		}
	}
}
