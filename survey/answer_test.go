package survey_test

import (
	"errors"
	"strings"
	"testing"

	"peil/survey"
)

func TestItemValidate(t *testing.T) {
	likert := &survey.Item{ID: "l", Type: survey.Likert}
	likertDK := &survey.Item{ID: "ldk", Type: survey.Likert, DontKnow: true}
	single := &survey.Item{ID: "s", Type: survey.SingleChoice, Options: []survey.Option{{Code: 1, Value: "ja"}, {Code: 2, Value: "nee"}}}
	single0 := &survey.Item{ID: "s0", Type: survey.SingleChoice, Options: []survey.Option{{Code: 0, Value: "nee"}, {Code: 1, Value: "ja"}}}
	multi := &survey.Item{ID: "m", Type: survey.MultipleChoice, Options: []survey.Option{{Code: 1, Value: "a"}, {Code: 5, Value: "b"}}}
	integer := &survey.Item{ID: "i", Type: survey.Integer, Min: 5, Max: 40}
	integer0 := &survey.Item{ID: "i0", Type: survey.Integer, Min: -10, Max: 10}
	grade := &survey.Item{ID: "g", Type: survey.Grade}
	text := &survey.Item{ID: "t", Type: survey.OpenText}
	note := &survey.Item{ID: "n", Type: survey.Note}

	const (
		choose   = "Choose one of the answers."
		fromList = "Choose from the answers given."
		tooLong  = "Your answer is too long (at most 4000 characters)."
		nothing  = "Nothing to answer here."
	)
	tests := []struct {
		name  string
		item  *survey.Item
		v     survey.Value
		empty bool
		err   string // English message; "" means valid
	}{
		{"likert zero is empty", likert, survey.Value{}, true, choose},
		{"likert 1", likert, survey.Num(1), false, ""},
		{"likert 5", likert, survey.Num(5), false, ""},
		{"likert 6", likert, survey.Num(6), false, choose},
		{"likert -1", likert, survey.Num(-1), false, choose},
		{"likert don't know not offered", likert, survey.DontKnowValue(), false, choose},
		{"likert don't know offered", likertDK, survey.DontKnowValue(), false, ""},
		{"likert with don't know, 3", likertDK, survey.Num(3), false, ""},
		{"likert with don't know, 0", likertDK, survey.Num(0), true, choose},
		{"likert with don't know, 6", likertDK, survey.Num(6), false, choose},
		{"single known code", single, survey.Num(2), false, ""},
		{"single unknown code", single, survey.Num(3), false, choose},
		{"single negative code", single, survey.Num(-1), false, choose},
		{"single nothing chosen", single, survey.Value{}, true, choose},
		{"single don't know", single, survey.Value{Number: 1, DontKnow: true}, false, choose},
		{"single code 0 is an answer", single0, survey.Num(0), false, ""},
		{"multiple known codes", multi, survey.ChoicesValue(1, 5), false, ""},
		{"multiple one unknown code", multi, survey.ChoicesValue(1, 2), false, fromList},
		{"multiple nothing chosen", multi, survey.ChoicesValue(), true, ""},
		{"multiple nil choices", multi, survey.Value{Number: 1}, true, ""},
		{"integer at min", integer, survey.Num(5), false, ""},
		{"integer at max", integer, survey.Num(40), false, ""},
		{"integer below min", integer, survey.Num(4), false, "Enter a whole number from 5 to 40."},
		{"integer above max", integer, survey.Num(41), false, "Enter a whole number from 5 to 40."},
		{"integer zero outside range is empty", integer, survey.Num(0), true, "Enter a whole number from 5 to 40."},
		{"integer zero inside range is an answer", integer0, survey.Num(0), false, ""},
		{"integer negative min", integer0, survey.Num(-10), false, ""},
		{"integer below negative min", integer0, survey.Num(-11), false, "Enter a whole number from -10 to 10."},
		{"integer don't know", integer, survey.Value{Number: 7, DontKnow: true}, false, choose},
		{"grade 1", grade, survey.Num(1), false, ""},
		{"grade 10", grade, survey.Num(10), false, ""},
		{"grade 11", grade, survey.Num(11), false, "Enter a whole number from 1 to 10."},
		{"grade -1", grade, survey.Num(-1), false, "Enter a whole number from 1 to 10."},
		{"grade 0 is empty", grade, survey.Num(0), true, "Enter a whole number from 1 to 10."},
		{"text", text, survey.TextValue("Goed"), false, ""},
		{"text empty", text, survey.TextValue(""), true, ""},
		{"text blank", text, survey.TextValue(" \n\t "), true, ""},
		{"text at the limit, in characters", text, survey.TextValue(strings.Repeat("é", survey.MaxTextLength)), false, ""},
		{"text one character too long", text, survey.TextValue(strings.Repeat("a", survey.MaxTextLength+1)), false, tooLong},
		{"note", note, survey.Value{}, true, nothing},
		{"note with a value", note, survey.Num(1), true, nothing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.item.IsEmpty(tt.v); got != tt.empty {
				t.Errorf("IsEmpty = %v, want %v", got, tt.empty)
			}
			err := tt.item.Validate(tt.v)
			want := tt.err
			if want == "" {
				if err != nil {
					t.Errorf("Validate: %v", err)
				}
				return
			}
			var ve *survey.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want a *ValidationError %q", err, want)
			}
			if ve.Item != tt.item.ID || ve.Msg.Get(survey.English) != want {
				t.Errorf("Validate = item %s %q, want item %s %q", ve.Item, ve.Msg.Get(survey.English), tt.item.ID, want)
			}
			if nlMsg := ve.Msg.Get(survey.Dutch); nlMsg == "" || nlMsg == want {
				t.Errorf("no Dutch message: %q", nlMsg)
			}
			if err.Error() != "item "+tt.item.ID+": "+want {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

func TestItemValidateUnknownType(t *testing.T) {
	it := &survey.Item{ID: "q", Type: "likret"}
	err := it.Validate(survey.Num(1))
	var ve *survey.ValidationError
	if err == nil || errors.As(err, &ve) || !strings.Contains(err.Error(), `unknown type "likret"`) {
		t.Errorf("Validate on an unknown type: %v", err)
	}
}

func TestItemTypes(t *testing.T) {
	for _, typ := range survey.ItemTypes {
		if !typ.Valid() {
			t.Errorf("%s is not Valid", typ)
		}
		if typ.Answerable() == (typ == survey.Note) {
			t.Errorf("%s: Answerable = %v", typ, typ.Answerable())
		}
	}
	if survey.ItemType("likret").Valid() {
		t.Error("likret is Valid")
	}
}

func TestItemBounds(t *testing.T) {
	tests := []struct {
		item   survey.Item
		lo, hi int
		ok     bool
	}{
		{survey.Item{Type: survey.Likert}, 1, 5, true},
		{survey.Item{Type: survey.Grade}, 1, 10, true},
		{survey.Item{Type: survey.Integer, Min: -3, Max: 99}, -3, 99, true},
		{survey.Item{Type: survey.SingleChoice}, 0, 0, false},
		{survey.Item{Type: survey.OpenText}, 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := tt.item.Bounds()
		if lo != tt.lo || hi != tt.hi || ok != tt.ok {
			t.Errorf("%s: Bounds = %d, %d, %v", tt.item.Type, lo, hi, ok)
		}
	}
}

func TestValueEqualAndChoices(t *testing.T) {
	if v := survey.ChoicesValue(3, 1, 3, 2); !v.Equal(survey.Value{Choices: []int{1, 2, 3}}) {
		t.Errorf("ChoicesValue(3, 1, 3, 2) = %v", v)
	}
	if !survey.Num(3).Equal(survey.Num(3)) || survey.Num(3).Equal(survey.Num(4)) ||
		survey.DontKnowValue().Equal(survey.Value{}) || survey.TextValue("a").Equal(survey.TextValue("b")) {
		t.Error("Equal is wrong on simple values")
	}
	v := survey.ChoicesValue(2, 4)
	if !v.Selected(4) || v.Selected(3) {
		t.Errorf("Selected on %v", v)
	}
	// ChoicesValue does not keep the caller's slice.
	in := []int{2, 1}
	v = survey.ChoicesValue(in...)
	in[0] = 9
	if v.Selected(9) {
		t.Error("ChoicesValue aliases its argument")
	}
}
