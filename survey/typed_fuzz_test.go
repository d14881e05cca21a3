package survey_test

import (
	"testing"

	"peil/survey"
)

// FuzzReadTyped checks the one rule by which the kiosk and the web form
// read typed answers: no input makes it panic; an answer it accepts passes
// the item's own validation and reads back as itself (what is stored is
// canonical); a refusal always says why, in Dutch and English. Run it with
//
//	go test -run '^$' -fuzz FuzzReadTyped -fuzztime 60s ./survey
func FuzzReadTyped(f *testing.F) {
	lo, hi := 0.5, 250.0
	items := []*survey.Item{
		{ID: "n", Type: survey.Integer, Min: 1, Max: 50},
		{ID: "n", Type: survey.Integer, NoMin: true, NoMax: true},
		{ID: "g", Type: survey.Grade},
		{ID: "d", Type: survey.Decimal, DecimalMin: &lo, DecimalMax: &hi},
		{ID: "d", Type: survey.Decimal},
		{ID: "dt", Type: survey.Date},
		{ID: "t", Type: survey.Time},
		{ID: "o", Type: survey.OpenText},
	}
	for _, s := range []string{"", " ", "0", "-0", "12", "3,25", "1.000,5", "1e3", "1-3-2026", "2026-02-29", "31/12/1999",
		"9.30", "09:30", "0930", "24:00", "+7", "0x10", "٣", "１２", "\r\n", "9999999999999999999999"} {
		for i := range items {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		it := items[int(which)%len(items)]
		v, empty, problem := survey.ReadTyped(it, s)
		switch {
		case empty:
			if problem != nil {
				t.Fatalf("%s %q: empty and refused (%v)", it.Type, s, problem)
			}
		case problem != nil:
			if problem.Get(survey.Dutch) == "" || problem.Get(survey.English) == "" {
				t.Fatalf("%s %q: a refusal without a message in both languages: %v", it.Type, s, problem)
			}
		default:
			if err := it.Validate(v); err != nil {
				t.Fatalf("%s %q: accepted as %+v, which Validate refuses: %v", it.Type, s, v, err)
			}
			if it.Type == survey.OpenText {
				return
			}
			// what the review screen shows, in either language, is
			// what a respondent may type to give the same answer
			for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
				shown := survey.AnswerText(it, v, lang)
				back, empty, problem := survey.ReadTyped(it, shown)
				if empty || problem != nil || !back.Equal(v) {
					t.Fatalf("%s %q: stored as %+v, whose review text %q (%s) reads back as %+v (empty %v, %v)",
						it.Type, s, v, shown, lang, back, empty, problem)
				}
			}
		}
	})
}
