package instruments

import (
	"strings"
	"testing"

	"peil/survey"
)

func TestBounds(t *testing.T) {
	half, ten := 0.5, 10.0
	for _, tc := range []struct {
		it   survey.Item
		want string
	}{
		{survey.Item{Type: survey.Integer, Min: 0, Max: 40}, "0-40"},
		{survey.Item{Type: survey.Integer, Min: 1, NoMax: true}, "from 1"},
		{survey.Item{Type: survey.Integer, NoMin: true, Max: 40}, "at most 40"},
		{survey.Item{Type: survey.Integer, NoMin: true, NoMax: true}, "any number"},
		{survey.Item{Type: survey.Decimal, DecimalMin: &half, DecimalMax: &ten}, "0.5-10"},
		{survey.Item{Type: survey.Decimal}, "any number"},
	} {
		if got := bounds(tc.it); got != tc.want {
			t.Errorf("bounds(%+v) = %q, want %q", tc.it, got, tc.want)
		}
	}
}

func TestWriteOutline(t *testing.T) {
	in, err := Builtin("collega")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteOutline(&b, in, survey.English); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"collega — Questionnaire for colleagues (version 1)", "shown if: kent_deelnemer = 'ja'", "1 = Yes (ja)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the outline lacks %q:\n%s", want, b.String())
		}
	}
}

// TestWriteOutlineTime: a time item is listed with its type.
func TestWriteOutlineTime(t *testing.T) {
	in, err := Load("testdata/good/english.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if it := in.Item("arrived"); it == nil || it.Type != survey.Time {
		t.Fatalf("arrived = %+v, want a time item", it)
	}
	var b strings.Builder
	if err := WriteOutline(&b, in, survey.English); err != nil {
		t.Fatal(err)
	}
	want := "  6. arrived [time]\n     At what time did we arrive?\n     shown if: answered(visit)\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("the outline lacks\n%s\nin\n%s", want, b.String())
	}
}
