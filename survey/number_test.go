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

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, canon string
		minutes   int
		err       string
	}{
		{"09:30", "09:30", 570, ""},
		{"9:30", "09:30", 570, ""},
		{"9.30", "09:30", 570, ""},
		{" 14.05 ", "14:05", 845, ""},
		{"0930", "09:30", 570, ""},
		{"0:00", "00:00", 0, ""},
		{"23:59", "23:59", 1439, ""},
		{"24:00", "", 0, `"24:00": the hour must be 0 to 23 (midnight is 00:00)`},
		{"2400", "", 0, `"2400": the hour must be 0 to 23 (midnight is 00:00)`},
		{"9:60", "", 0, `"9:60": the minutes must be 00 to 59`},
		{"12.75", "", 0, `"12.75": the minutes must be 00 to 59`},
		{"930", "", 0, `"930" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"9:5", "", 0, `"9:5" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"9", "", 0, `"9" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"9,30", "", 0, `"9,30" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"09:30:00", "", 0, `"09:30:00" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"9:30 pm", "", 0, `"9:30 pm" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"-1:30", "", 0, `"-1:30" is not a time such as 09:30 or 9.30 (hours and minutes)`},
		{"", "", 0, `"" is not a time such as 09:30 or 9.30 (hours and minutes)`},
	}
	for _, tt := range tests {
		m, canon, err := survey.ParseTime(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || canon != tt.canon || m != tt.minutes {
			t.Errorf("ParseTime(%q) = %d, %q, %q; want %d, %q, %q", tt.in, m, canon, got, tt.minutes, tt.canon, tt.err)
		}
	}
}

func TestValidateDecimalDateOpenInteger(t *testing.T) {
	lo, hi := 0.5, 10.0
	dec := &survey.Item{ID: "d", Type: survey.Decimal, DecimalMin: &lo, DecimalMax: &hi}
	free := &survey.Item{ID: "f", Type: survey.Decimal}
	date := &survey.Item{ID: "dt", Type: survey.Date}
	clock := &survey.Item{ID: "tm", Type: survey.Time}
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
		{clock, survey.TextValue("09:30"), false, ""},
		{clock, survey.TextValue("00:00"), false, ""},
		{clock, survey.TextValue("9.30"), false, "Enter a time, such as 09:30 or 14:05 (hours and minutes, 00:00 to 23:59)."}, // not canonical
		{clock, survey.TextValue("24:00"), false, "Enter a time, such as 09:30 or 14:05 (hours and minutes, 00:00 to 23:59)."},
		{clock, survey.TextValue(""), true, "Enter a time, such as 09:30 or 14:05 (hours and minutes, 00:00 to 23:59)."},
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
		{ID: "c", Type: survey.Time, Text: survey.Text{survey.English: "C"}, ShowIf: survey.MustParseCondition("answered(t)")},
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
	if !s.Visible("c") {
		t.Error("c is not shown after t is answered")
	}
	for _, bad := range []string{"24:00", "9.30", "9:30", "12:60"} {
		if _, err := s.Set("c", survey.TextValue(bad)); err == nil {
			t.Errorf("Set accepted time %q; only the canonical 09:30 is stored", bad)
		}
	}
	if _, ok := s.Answer("c"); ok {
		t.Error("a refused time was kept")
	}
	if _, err := s.Set("c", survey.TextValue("09:30")); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Answer("c"); v.Text != "09:30" {
		t.Errorf("time answer = %q, want 09:30", v.Text)
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
