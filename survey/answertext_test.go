package survey_test

import (
	"testing"

	"peil/survey"
)

func TestAnswerText(t *testing.T) {
	opts := []survey.Option{
		{Code: 1, Value: "ja", Label: survey.Text{survey.Dutch: "Ja", survey.English: "Yes"}},
		{Code: 2, Value: "nee", Label: survey.Text{survey.Dutch: "Nee", survey.English: "No"}},
		{Code: 3, Value: "soms", Label: nl("Soms")},
	}
	likert := &survey.Item{ID: "l", Type: survey.Likert}
	single := &survey.Item{ID: "s", Type: survey.SingleChoice, Options: opts}
	multi := &survey.Item{ID: "m", Type: survey.MultipleChoice, Options: opts}
	integer := &survey.Item{ID: "i", Type: survey.Integer}
	grade := &survey.Item{ID: "g", Type: survey.Grade}
	dec := &survey.Item{ID: "d", Type: survey.Decimal}
	date := &survey.Item{ID: "t", Type: survey.Date}
	clock := &survey.Item{ID: "c", Type: survey.Time}
	open := &survey.Item{ID: "o", Type: survey.OpenText}
	note := &survey.Item{ID: "n", Type: survey.Note}
	nlEn := survey.LikertLabels[3]
	for _, tt := range []struct {
		name string
		it   *survey.Item
		v    survey.Value
		lang survey.Lang
		want string
	}{
		{"likert", likert, survey.Num(4), survey.Dutch, nlEn.Get(survey.Dutch)},
		{"likert in English", likert, survey.Num(4), survey.English, nlEn.Get(survey.English)},
		{"don't know", likert, survey.DontKnowValue(), survey.English, survey.DontKnowLabel.Get(survey.English)},
		{"likert off the scale", likert, survey.Num(survey.LikertPoints + 1), survey.Dutch, ""},
		{"single", single, survey.Num(2), survey.English, "No"},
		{"single, Dutch only", single, survey.Num(3), survey.English, "Soms"},
		{"single, unknown code", single, survey.Num(9), survey.Dutch, ""},
		{"multiple", multi, survey.ChoicesValue(1, 3), survey.Dutch, "Ja, Soms"},
		{"multiple, an unknown code left out", multi, survey.ChoicesValue(9, 2), survey.Dutch, "Nee"},
		{"integer", integer, survey.Num(-12), survey.Dutch, "-12"},
		{"grade", grade, survey.Num(8), survey.English, "8"},
		{"decimal", dec, survey.TextValue("3.25"), survey.Dutch, "3,25"},
		{"decimal in English", dec, survey.TextValue("3.25"), survey.English, "3.25"},
		{"date", date, survey.TextValue("2026-03-01"), survey.Dutch, "1-3-2026"},
		{"date in English", date, survey.TextValue("2026-03-01"), survey.English, "2026-03-01"},
		{"date not a date", date, survey.TextValue("morgen"), survey.Dutch, "morgen"},
		{"time", clock, survey.TextValue("09:05"), survey.Dutch, "9.05"},
		{"time in English", clock, survey.TextValue("09:05"), survey.English, "09:05"},
		{"time not a time", clock, survey.TextValue("straks"), survey.Dutch, "straks"},
		{"open text as given", open, survey.TextValue("twee\nregels  hier"), survey.Dutch, "twee\nregels  hier"},
		{"note", note, survey.Num(1), survey.Dutch, ""},
	} {
		if got := survey.AnswerText(tt.it, tt.v, tt.lang); got != tt.want {
			t.Errorf("%s: AnswerText = %q, want %q", tt.name, got, tt.want)
		}
	}
}
