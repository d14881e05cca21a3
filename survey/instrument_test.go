package survey_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"peil/survey"
)

func TestInstrumentLookups(t *testing.T) {
	in := colleagueInstrument()
	if in.Key() != "collega@1" {
		t.Errorf("Key = %q", in.Key())
	}
	want := []string{"intro", "kent", "weet", "vraag", "uitvoering", "vertelt", "bruikbaar", "opmerking"}
	if got := ids(in.Items()); !slices.Equal(got, want) {
		t.Errorf("Items = %q", got)
	}
	// Items points into the instrument, not at copies.
	in.Items()[1].Required = false
	if in.Item("kent").Required {
		t.Error("Items returned copies")
	}
	if in.Item("vertelt") == nil || in.Item("vertelt").Type != survey.Likert || in.Item("nergens") != nil {
		t.Error("Item lookup is wrong")
	}
	if s := in.SectionOf("vertelt"); s == nil || s.ID != "betrokkenheid" {
		t.Errorf("SectionOf(vertelt) = %v", s)
	}
	if in.SectionOf("nergens") != nil {
		t.Error("SectionOf an unknown item is not nil")
	}
	if in.RoleItem() != nil {
		t.Error("the colleague questionnaire has a role item")
	}
	if ri := roleInstrument().RoleItem(); ri == nil || ri.ID != "functie" {
		t.Errorf("RoleItem = %v", ri)
	}
	in.Scales = []survey.Scale{{ID: "betrokken", Items: []string{"vertelt", "bruikbaar"}}}
	if s, ok := in.Scale("betrokken"); !ok || len(s.Items) != 2 {
		t.Errorf("Scale(betrokken) = %v, %v", s, ok)
	}
	if _, ok := in.Scale("nergens"); ok {
		t.Error("Scale of an unknown id found")
	}
	if o, ok := in.Item("kent").OptionByValue("weet-niet"); !ok || o.Code != 3 {
		t.Errorf("OptionByValue(weet-niet) = %v, %v", o, ok)
	}
	if _, ok := in.Item("kent").OptionByValue("misschien"); ok {
		t.Error("OptionByValue of an unknown value found")
	}
}

func TestTextGet(t *testing.T) {
	tests := []struct {
		text  survey.Text
		lang  survey.Lang
		want  string
		empty bool
	}{
		{survey.Text{survey.Dutch: "Ja", survey.English: "Yes"}, survey.English, "Yes", false},
		{survey.Text{survey.Dutch: "Ja", survey.English: "Yes"}, survey.Dutch, "Ja", false},
		{survey.Text{survey.Dutch: "Ja"}, survey.English, "Ja", false},
		{survey.Text{survey.Dutch: "Ja", survey.English: ""}, survey.English, "Ja", false},
		{survey.Text{survey.English: "Yes"}, survey.Dutch, "Yes", false},
		{survey.Text{"de": "Ja"}, survey.English, "Ja", false},
		{survey.Text{}, survey.Dutch, "", true},
		{nil, survey.English, "", true},
	}
	for _, tt := range tests {
		if got := tt.text.Get(tt.lang); got != tt.want {
			t.Errorf("%v.Get(%s) = %q, want %q", tt.text, tt.lang, got, tt.want)
		}
		if tt.text.Empty() != tt.empty {
			t.Errorf("%v.Empty() = %v", tt.text, tt.text.Empty())
		}
	}
}

func TestDomainErrors(t *testing.T) {
	err := fmt.Errorf("loading round 7: %w", survey.Errorf(survey.ENOTFOUND, "round %d does not exist", 7))
	if survey.ErrorCode(err) != survey.ENOTFOUND || !survey.IsNotFound(err) {
		t.Errorf("code of a wrapped not-found error: %q", survey.ErrorCode(err))
	}
	var e *survey.Error
	if !errors.As(err, &e) || e.Error() != "round 7 does not exist" {
		t.Errorf("message: %v", e)
	}
	plain := errors.New("disk full")
	if survey.ErrorCode(plain) != "" || survey.IsNotFound(plain) || survey.IsNotFound(nil) {
		t.Error("a plain error has a domain code")
	}
}
