package survey_test

import (
	"strings"
	"testing"

	"peil/survey"
)

// TestReadTyped: every typed type, read as the kiosk and the web form
// read it, with the exact message (Dutch and English) for each refusal.
func TestReadTyped(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	integer := &survey.Item{ID: "n", Type: survey.Integer, Min: 1, Max: 50}
	withZero := &survey.Item{ID: "n", Type: survey.Integer, Min: -5, Max: 5}
	atLeast := &survey.Item{ID: "n", Type: survey.Integer, Min: 1, NoMax: true}
	open := &survey.Item{ID: "n", Type: survey.Integer, NoMin: true, NoMax: true}
	grade := &survey.Item{ID: "g", Type: survey.Grade}
	decimal := &survey.Item{ID: "d", Type: survey.Decimal}
	bounded := &survey.Item{ID: "d", Type: survey.Decimal, DecimalMin: f(0.5), DecimalMax: f(10)}
	positive := &survey.Item{ID: "d", Type: survey.Decimal, DecimalMin: f(0.5)}
	date := &survey.Item{ID: "dt", Type: survey.Date}
	tm := &survey.Item{ID: "t", Type: survey.Time}
	text := &survey.Item{ID: "o", Type: survey.OpenText}
	choice := &survey.Item{ID: "c", Type: survey.SingleChoice}

	const (
		digits     = "Vul alleen cijfers in. | Please use digits only."
		notNum     = "Vul een getal in, zoals 3,25. | Enter a number, such as 3.25."
		noSuchDate = "Die datum bestaat niet: kijk de dag en de maand na. | There is no such date: check the day and the month."
		notDate    = "Een datum: dag-maand-jaar, zoals 1-3-2026. | A date: year-month-day, such as 2026-03-01."
		notTime    = "Vul een tijd in van 00:00 tot en met 23:59, zoals 09:30. | Enter a time from 00:00 to 23:59, such as 09:30."
		tooLong    = "Uw antwoord is te lang (hoogstens 4000 tekens). | Your answer is too long (at most 4000 characters)."
		precise    = "Vul hoogstens 6 cijfers achter de komma in. | Enter at most 6 digits after the decimal point."
		in1to50    = "Vul een heel getal in van 1 tot en met 50. | Enter a whole number from 1 to 50."
		hint1to50  = "Een heel getal van 1 tot en met 50. | A whole number from 1 to 50."
	)
	for _, c := range []struct {
		name    string
		it      *survey.Item
		in      string
		want    survey.Value
		empty   bool
		problem string // Dutch | English
	}{
		{"integer", integer, "42", survey.Num(42), false, ""},
		{"integer spaces", integer, "  7 ", survey.Num(7), false, ""},
		{"integer plus", integer, "+7", survey.Num(7), false, ""},
		{"integer blank", integer, "   ", survey.Value{}, true, ""},
		{"integer letters", integer, "abc", survey.Value{}, false, digits},
		{"integer decimal", integer, "4,5", survey.Value{}, false, digits},
		{"integer 0 outside the bounds", integer, "0", survey.Value{}, false, hint1to50},
		{"integer -0 outside the bounds", integer, "-0", survey.Value{}, false, hint1to50},
		{"integer above", integer, "51", survey.Value{}, false, in1to50},
		{"integer below", integer, "-3", survey.Value{}, false, in1to50},
		{"integer 0 inside the bounds", withZero, "0", survey.Num(0), false, ""},
		{"integer blank with 0 inside", withZero, "", survey.Value{}, true, ""},
		{"integer negative", withZero, "-5", survey.Num(-5), false, ""},
		{"integer 0, at least 1", atLeast, "0", survey.Value{}, false, "Een heel getal van ten minste 1. | A whole number of at least 1."},
		{"integer unbounded", open, "-999999999", survey.Num(-999999999), false, ""},
		{"integer too big", open, "1000000000", survey.Value{}, false, "Vul een heel getal in. | Enter a whole number."},
		{"integer overflow", open, "99999999999999999999", survey.Value{}, false, digits},
		{"grade", grade, "8", survey.Num(8), false, ""},
		{"grade 0", grade, "0", survey.Value{}, false, "Een heel getal van 1 tot en met 10. | A whole number from 1 to 10."},
		{"grade 11", grade, "11", survey.Value{}, false, "Vul een heel getal in van 1 tot en met 10. | Enter a whole number from 1 to 10."},
		{"decimal comma", decimal, "3,25", survey.TextValue("3.25"), false, ""},
		{"decimal point", decimal, "3.25", survey.TextValue("3.25"), false, ""},
		{"decimal trailing zeros", decimal, "3,250", survey.TextValue("3.25"), false, ""},
		{"decimal whole", decimal, "12", survey.TextValue("12"), false, ""},
		{"decimal leading comma", decimal, ",5", survey.TextValue("0.5"), false, ""},
		{"decimal minus zero", decimal, "-0", survey.TextValue("0"), false, ""},
		{"decimal zero", decimal, "0", survey.TextValue("0"), false, ""},
		{"decimal blank", decimal, " ", survey.Value{}, true, ""},
		{"decimal two commas", decimal, "1,,2", survey.Value{}, false, notNum},
		{"decimal thousands", decimal, "1.000,5", survey.Value{}, false, notNum},
		{"decimal exponent", decimal, "1e3", survey.Value{}, false, notNum},
		{"decimal words", decimal, "drie", survey.Value{}, false, notNum},
		{"decimal six places", decimal, "0,123456", survey.TextValue("0.123456"), false, ""},
		{"decimal seven places", decimal, "0,1234567", survey.Value{}, false, precise},
		{"decimal too big", decimal, "1000000000", survey.Value{}, false, notNum},
		{"decimal in bounds", bounded, "7,5", survey.TextValue("7.5"), false, ""},
		{"decimal at the bound", bounded, "0,5", survey.TextValue("0.5"), false, ""},
		{"decimal 0 outside the bounds", bounded, "0", survey.Value{}, false, "Vul een getal in van 0,5 tot en met 10. | Enter a number from 0.5 to 10."},
		{"decimal above", bounded, "10,01", survey.Value{}, false, "Vul een getal in van 0,5 tot en met 10. | Enter a number from 0.5 to 10."},
		{"decimal below, at least", positive, "0,25", survey.Value{}, false, "Vul een getal in van ten minste 0,5. | Enter a number of at least 0.5."},
		{"date canonical", date, "2026-03-01", survey.TextValue("2026-03-01"), false, ""},
		{"date dutch", date, "1-3-2026", survey.TextValue("2026-03-01"), false, ""},
		{"date slashes", date, "01/03/2026", survey.TextValue("2026-03-01"), false, ""},
		{"date dots", date, "1.3.2026", survey.TextValue("2026-03-01"), false, ""},
		{"date blank", date, "", survey.Value{}, true, ""},
		{"date 31 february", date, "31-2-2026", survey.Value{}, false, noSuchDate},
		{"date 31 november", date, "2026-11-31", survey.Value{}, false, noSuchDate},
		{"date month 13", date, "1-13-2026", survey.Value{}, false, noSuchDate},
		{"date leap day", date, "29-2-2024", survey.TextValue("2024-02-29"), false, ""},
		{"date short year", date, "1-3-26", survey.Value{}, false, notDate},
		{"date before 1583", date, "1-1-1500", survey.Value{}, false, notDate},
		{"date words", date, "gisteren", survey.Value{}, false, notDate},
		{"time dutch", tm, "9.30", survey.TextValue("09:30"), false, ""},
		{"time colon", tm, "9:30", survey.TextValue("09:30"), false, ""},
		{"time four digits", tm, "1405", survey.TextValue("14:05"), false, ""},
		{"time midnight", tm, "0:00", survey.TextValue("00:00"), false, ""},
		{"time blank", tm, "  ", survey.Value{}, true, ""},
		{"time 24:00", tm, "24:00", survey.Value{}, false, notTime},
		{"time 60 minutes", tm, "9.60", survey.Value{}, false, notTime},
		{"time hours only", tm, "9", survey.Value{}, false, notTime},
		{"time words", tm, "half tien", survey.Value{}, false, notTime},
		{"text", text, "  Goed.\r\nHeel goed. ", survey.TextValue("  Goed.\nHeel goed. "), false, ""},
		{"text blank", text, " \r\n\t", survey.Value{}, true, ""},
		{"text longest", text, strings.Repeat("é", survey.MaxTextLength), survey.TextValue(strings.Repeat("é", survey.MaxTextLength)), false, ""},
		{"text too long", text, strings.Repeat("é", survey.MaxTextLength+1), survey.Value{}, false, tooLong},
		{"not typed", choice, "1", survey.Value{}, false, "Hier hoeft u niets te typen. | Nothing to type here."},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, empty, problem := survey.ReadTyped(c.it, c.in)
			got := ""
			if problem != nil {
				got = problem.Get(survey.Dutch) + " | " + problem.Get(survey.English)
			}
			if !v.Equal(c.want) || empty != c.empty || got != c.problem {
				t.Errorf("ReadTyped(%s, %.40q) = %v, %v, %q; want %v, %v, %q", c.it.Type, c.in, v, empty, got, c.want, c.empty, c.problem)
			}
			if got == "" && !empty {
				if err := c.it.Validate(v); err != nil {
					t.Errorf("ReadTyped(%.40q) = %v, which Validate refuses: %v", c.in, v, err)
				}
			}
		})
	}
}

// TestTypedHint: the text under a typed field, the bounds of a decimal
// number written with a decimal comma in Dutch.
func TestTypedHint(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, c := range []struct {
		it   survey.Item
		want string
	}{
		{survey.Item{Type: survey.Integer, Min: 1, Max: 50}, "Een heel getal van 1 tot en met 50. | A whole number from 1 to 50."},
		{survey.Item{Type: survey.Integer, NoMin: true, NoMax: true}, "Een heel getal. | A whole number."},
		{survey.Item{Type: survey.Integer, Min: 1, NoMax: true}, "Een heel getal van ten minste 1. | A whole number of at least 1."},
		{survey.Item{Type: survey.Integer, NoMin: true, Max: -1}, "Een heel getal van hoogstens -1. | A whole number of at most -1."},
		{survey.Item{Type: survey.Grade}, "Een heel getal van 1 tot en met 10. | A whole number from 1 to 10."},
		{survey.Item{Type: survey.Decimal}, "Een getal, zoals 3,25. | A number, such as 3.25."},
		{survey.Item{Type: survey.Decimal, DecimalMin: f(0.5), DecimalMax: f(10)}, "Een getal van 0,5 tot en met 10. | A number from 0.5 to 10."},
		{survey.Item{Type: survey.Decimal, DecimalMin: f(-1.25)}, "Een getal van ten minste -1,25. | A number of at least -1.25."},
		{survey.Item{Type: survey.Decimal, DecimalMax: f(2.5)}, "Een getal van hoogstens 2,5. | A number of at most 2.5."},
		{survey.Item{Type: survey.Date}, "Een datum: dag-maand-jaar, zoals 1-3-2026. | A date: year-month-day, such as 2026-03-01."},
		{survey.Item{Type: survey.Time}, "Een tijd: uren en minuten, zoals 9.30 of 14.05. | A time: hours and minutes (24-hour), such as 09:30 or 14:05."},
		{survey.Item{Type: survey.OpenText}, " | "},
	} {
		h := survey.TypedHint(&c.it)
		if got := h.Get(survey.Dutch) + " | " + h.Get(survey.English); got != c.want {
			t.Errorf("TypedHint(%s) = %q, want %q", c.it.Type, got, c.want)
		}
	}
}
