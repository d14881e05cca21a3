package instruments_test

import (
	"bytes"
	"strings"
	"testing"

	"peil/instruments"
	"peil/survey"
)

func TestChoiceFilterFile(t *testing.T) {
	in, err := instruments.Load("testdata/good/filters.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plaats := in.Item("plaats")
	if plaats.ChoiceFilter == nil || plaats.ChoiceFilter.String() != "option.prov = provincie" {
		t.Errorf("plaats choice_filter = %v", plaats.ChoiceFilter)
	}
	var got []string
	for _, o := range plaats.Options {
		got = append(got, o.Value+"/"+o.Attrs["prov"])
	}
	if strings.Join(got, " ") != "haarlem/nh leiden/zh noordwijk/zh noordwijk/nh" {
		t.Errorf("options = %v", got)
	}
	if c := plaats.Options[3].Code; c != 4 {
		t.Errorf("the second noordwijk has code %d, want 4", c)
	}
	s := survey.NewSession(in, "", []survey.Answer{{ItemID: "provincie", Value: survey.Num(1)}})
	var allowed []int
	for _, o := range s.Options(plaats) {
		allowed = append(allowed, o.Code)
	}
	if len(allowed) != 2 || allowed[0] != 1 || allowed[1] != 4 {
		t.Errorf("in noord-holland the options are %v, want [1 4]", allowed)
	}
	var out bytes.Buffer
	if err := instruments.WriteOutline(&out, in, survey.Dutch); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"     options if: option.prov = provincie\n", "       4 = Noordwijk (NH) (noordwijk) [prov=nh]\n", "     options if: selected(vakken, option.value)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("outline lacks %q:\n%s", want, out.String())
		}
	}
}
