package survey_test

import (
	"strings"
	"testing"

	"peil/survey"
)

func TestCheckID(t *testing.T) {
	tests := []struct {
		id   string
		want survey.IDProblem
	}{
		{"q7", survey.IDOK},
		{"kent_deelnemer", survey.IDOK},
		{"_intern", survey.IDOK},
		{"Q7", survey.IDOK},
		{strings.Repeat("a", survey.MaxIDLength), survey.IDOK},
		{"", survey.IDCharacters},
		{"7q", survey.IDCharacters},
		{"first-name", survey.IDCharacters},
		{"weight.kg", survey.IDCharacters},
		{"met spatie", survey.IDCharacters},
		{"één", survey.IDCharacters},
		{"q7!", survey.IDCharacters},
		{strings.Repeat("a", survey.MaxIDLength+1), survey.IDTooLong},
		{"7" + strings.Repeat("a", survey.MaxIDLength), survey.IDCharacters},
		{"role", survey.IDReserved},
		{"AND", survey.IDReserved},
		{"Selected", survey.IDReserved},
		{"answered", survey.IDReserved},
		{"not", survey.IDReserved},
		{"or", survey.IDReserved},
		{"roles", survey.IDOK},
	}
	for _, tt := range tests {
		if got := survey.CheckID(tt.id); got != tt.want {
			t.Errorf("CheckID(%q) = %d, want %d", tt.id, got, tt.want)
		}
		if got := survey.ValidID(tt.id); got != (tt.want == survey.IDOK) {
			t.Errorf("ValidID(%q) = %v", tt.id, got)
		}
	}
}

func TestIDFromName(t *testing.T) {
	tests := []struct {
		name, id string
		valid    bool
	}{
		{"first-name", "first_name", true},
		{"weight.kg", "weight_kg", true},
		{"a-b.c", "a_b_c", true},
		{"q7", "q7", true},
		{"-x", "_x", true},
		{"7-a", "7_a", false},
		{"naam school", "naam school", false},
		{"", "", false},
	}
	for _, tt := range tests {
		id := survey.IDFromName(tt.name)
		if id != tt.id || survey.ValidID(id) != tt.valid {
			t.Errorf("IDFromName(%q) = %q (valid %v), want %q (valid %v)", tt.name, id, survey.ValidID(id), tt.id, tt.valid)
		}
	}
}

func TestValidInstrumentID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"cultuursurvey", true},
		{"leerkracht-onderzoeker", true},
		{"werkplaats_kort", true},
		{"2024-meting", true},
		{"", false},
		{"-x", false},
		{"_x", false},
		{"bad id!", false},
		{"a.b", false},
		{"één", false},
	}
	for _, tt := range tests {
		if got := survey.ValidInstrumentID(tt.id); got != tt.ok {
			t.Errorf("ValidInstrumentID(%q) = %v, want %v", tt.id, got, tt.ok)
		}
	}
}
