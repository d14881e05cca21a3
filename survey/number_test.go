package survey_test

import (
	"encoding/json"
	"testing"

	"peil/survey"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in, canon string
		ok        bool
	}{
		{"3.25", "3.25", true},
		{"3,25", "3.25", true},
		{" -0.50 ", "-0.5", true},
		{"12", "12", true},
		{"+7.", "7", true},
		{",5", "0.5", true},
		{"-0", "0", true},
		{"1.1234567", "", false},
		{"1e3", "", false},
		{"1.000.000", "", false},
		{"abc", "", false},
		{"", "", false},
		{"1000000000", "", false},
	}
	for _, tt := range tests {
		_, canon, err := survey.ParseDecimal(tt.in)
		if (err == nil) != tt.ok || canon != tt.canon {
			t.Errorf("ParseDecimal(%q) = %q, %v; want %q, ok %v", tt.in, canon, err, tt.canon, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, canon string
		ok        bool
	}{
		{"2026-03-01", "2026-03-01", true},
		{"1-3-2026", "2026-03-01", true},
		{"01/03/2026", "2026-03-01", true},
		{"1.3.2026", "2026-03-01", true},
		{"2026-02-30", "", false},
		{"31-4-2026", "", false},
		{"1500-01-01", "", false},
		{"2026-3-1", "", false},
		{"gisteren", "", false},
	}
	for _, tt := range tests {
		_, canon, err := survey.ParseDate(tt.in)
		if (err == nil) != tt.ok || canon != tt.canon {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, ok %v", tt.in, canon, err, tt.canon, tt.ok)
		}
	}
}

func TestValidateDecimalDateOpenInteger(t *testing.T) {
	lo, hi := 0.5, 10.0
	dec := &survey.Item{ID: "d", Type: survey.Decimal, DecimalMin: &lo, DecimalMax: &hi}
	free := &survey.Item{ID: "f", Type: survey.Decimal}
	date := &survey.Item{ID: "dt", Type: survey.Date}
	atLeast := &survey.Item{ID: "i", Type: survey.Integer, Min: 1, NoMax: true}
	any := &survey.Item{ID: "a", Type: survey.Integer, NoMin: true, NoMax: true}
	tests := []struct {
		item  *survey.Item
		v     survey.Value
		empty bool
		err   string
	}{
		{dec, survey.TextValue("3.25"), false, ""},
		{dec, survey.TextValue("3,25"), false, "Enter a number from 0.5 to 10."}, // not canonical: the widget converts
		{dec, survey.TextValue("0.4"), false, "Enter a number from 0.5 to 10."},
		{dec, survey.TextValue(""), true, "Enter a number from 0.5 to 10."},
		{free, survey.TextValue("-1234.5"), false, ""},
		{free, survey.TextValue("x"), false, "Enter a number."},
		{date, survey.TextValue("2026-03-01"), false, ""},
		{date, survey.TextValue("1-3-2026"), false, "Enter a date, such as 2026-03-01 (year-month-day)."},
		{date, survey.TextValue(" "), true, "Enter a date, such as 2026-03-01 (year-month-day)."},
		{atLeast, survey.Num(5000), false, ""},
		{atLeast, survey.Num(0), true, "Enter a whole number of at least 1."},
		{any, survey.Num(-7), false, ""},
		{any, survey.Num(0), false, ""},
		{any, survey.Num(survey.Unbounded + 1), false, "Enter a whole number."},
	}
	for _, tt := range tests {
		err := tt.item.Validate(tt.v)
		got := ""
		if err != nil {
			got = err.(*survey.ValidationError).Msg.Get(survey.English)
		}
		if got != tt.err {
			t.Errorf("%s: Validate(%+v) = %q, want %q", tt.item.ID, tt.v, got, tt.err)
		}
		if e := tt.item.IsEmpty(tt.v); e != tt.empty {
			t.Errorf("%s: IsEmpty(%+v) = %v, want %v", tt.item.ID, tt.v, e, tt.empty)
		}
	}
}

func TestLanguages(t *testing.T) {
	for _, tt := range []struct {
		title survey.Text
		want  []survey.Lang
		main  survey.Lang
	}{
		{survey.Text{survey.Dutch: "a", survey.English: "b"}, []survey.Lang{survey.Dutch, survey.English}, survey.Dutch},
		{survey.Text{survey.English: "b"}, []survey.Lang{survey.English}, survey.English},
		{survey.Text{survey.Dutch: "a"}, []survey.Lang{survey.Dutch}, survey.Dutch},
	} {
		in := &survey.Instrument{Title: tt.title}
		if got := in.Languages(); len(got) != len(tt.want) || got[0] != tt.want[0] || in.MainLanguage() != tt.main {
			t.Errorf("Languages of %v = %v, main %v", tt.title, got, in.MainLanguage())
		}
	}
}

// TestSessionDecimalDate: a session takes canonical decimal and date
// answers and refuses others, changing nothing.
func TestSessionDecimalDate(t *testing.T) {
	in := &survey.Instrument{ID: "x", Version: 1, Title: survey.Text{survey.English: "X"}, Sections: []survey.Section{{ID: "s", Title: survey.Text{survey.English: "S"}, Items: []survey.Item{
		{ID: "d", Type: survey.Decimal, Text: survey.Text{survey.English: "D"}},
		{ID: "t", Type: survey.Date, Text: survey.Text{survey.English: "T"}, ShowIf: survey.MustParseCondition("answered(d)")},
	}}}}
	s := survey.NewSession(in, "", nil)
	if s.Visible("t") {
		t.Fatal("t is shown before d is answered")
	}
	if _, err := s.Set("d", survey.TextValue("3,5")); err == nil {
		t.Error("Set accepted a decimal comma; the widget stores 3.5")
	}
	if _, ok := s.Answer("d"); ok {
		t.Error("a refused answer was kept")
	}
	if _, err := s.Set("d", survey.TextValue("3.5")); err != nil {
		t.Fatal(err)
	}
	if !s.Visible("t") {
		t.Error("t is not shown after d is answered")
	}
	if _, err := s.Set("t", survey.TextValue("2026-02-30")); err == nil {
		t.Error("Set accepted 30 February")
	}
	if _, err := s.Set("t", survey.TextValue("2026-02-28")); err != nil {
		t.Fatal(err)
	}
}

// TestItemJSONUnchanged: an item without the bounds added for issue 15
// encodes as before, so instruments stored earlier keep their hash.
func TestItemJSONUnchanged(t *testing.T) {
	b, err := json.Marshal(survey.Item{ID: "q", Type: survey.Integer, Min: 0, Max: 40})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ID":"q","Type":"integer","Text":null,"Help":null,"Options":null,"DontKnow":false,"Min":0,"Max":40,"Required":false,"SetsRole":false,"ShowIf":null}`
	if string(b) != want {
		t.Errorf("JSON of an item:\n%s\nwant (as before issue 15)\n%s", b, want)
	}
	lo := 0.5
	var back survey.Item
	b, _ = json.Marshal(survey.Item{ID: "d", Type: survey.Decimal, DecimalMin: &lo, NoMax: true})
	if err := json.Unmarshal(b, &back); err != nil || back.DecimalMin == nil || *back.DecimalMin != 0.5 || !back.NoMax {
		t.Errorf("decimal bounds do not survive JSON: %s -> %+v, %v", b, back, err)
	}
}
