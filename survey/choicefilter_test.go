package survey_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"peil/survey"
)

func opt(code int, value string, attrs ...string) survey.Option {
	o := survey.Option{Code: code, Value: value, Label: nl(strings.ToUpper(value))}
	for i := 0; i+1 < len(attrs); i += 2 {
		if o.Attrs == nil {
			o.Attrs = map[string]string{}
		}
		o.Attrs[attrs[i]] = attrs[i+1]
	}
	return o
}

// filterInstrument has a cascading select (provincie, then a plaats of
// that provincie), a static filter (kleur: only the pastel colours), a
// filter on a multiple choice item (favoriet: one of the vakken chosen)
// and a filter that can leave nothing (extra).
func filterInstrument() *survey.Instrument {
	return &survey.Instrument{ID: "filter", Version: 1, Title: nl("Filters"), Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "provincie", Type: survey.SingleChoice, Text: nl("Provincie?"), Options: []survey.Option{opt(1, "nh"), opt(2, "zh"), opt(3, "fl")}},
		{ID: "plaats", Type: survey.SingleChoice, Text: nl("Plaats?"), Required: true,
			Options:      []survey.Option{opt(1, "haarlem", "prov", "nh"), opt(2, "leiden", "prov", "zh"), opt(3, "delft", "prov", "zh"), opt(4, "elders")},
			ChoiceFilter: survey.MustParseCondition("option.prov = provincie or option.value = 'elders'")},
		{ID: "kleur", Type: survey.SingleChoice, Text: nl("Kleur?"),
			Options:      []survey.Option{opt(1, "rood", "pastel", "no"), opt(2, "roze", "pastel", "yes"), opt(3, "lila", "pastel", "yes")},
			ChoiceFilter: survey.MustParseCondition("option.pastel = 'yes'")},
		{ID: "vakken", Type: survey.MultipleChoice, Text: nl("Vakken?"), Options: []survey.Option{opt(1, "taal"), opt(2, "rekenen"), opt(3, "muziek")}},
		{ID: "favoriet", Type: survey.SingleChoice, Text: nl("Favoriet?"), Options: []survey.Option{opt(1, "taal"), opt(2, "rekenen"), opt(3, "muziek")},
			ChoiceFilter: survey.MustParseCondition("selected(vakken, option.value)")},
		{ID: "slot", Type: survey.OpenText, Text: nl("Nog iets?")},
	}}}}
}

func values(os []survey.Option) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Value)
	}
	return out
}

func TestSessionOptions(t *testing.T) {
	inst := filterInstrument()
	tests := []struct {
		name    string
		answers []survey.Answer
		item    string
		want    []string
		visible bool
	}{
		{"no province yet", nil, "plaats", []string{"elders"}, true},
		{"noord-holland", []survey.Answer{{ItemID: "provincie", Value: survey.Num(1)}}, "plaats", []string{"haarlem", "elders"}, true},
		{"zuid-holland", []survey.Answer{{ItemID: "provincie", Value: survey.Num(2)}}, "plaats", []string{"leiden", "delft", "elders"}, true},
		{"static filter", nil, "kleur", []string{"roze", "lila"}, true},
		{"nothing selected leaves nothing: hidden", nil, "favoriet", nil, false},
		{"two selected", []survey.Answer{{ItemID: "vakken", Value: survey.ChoicesValue(1, 3)}}, "favoriet", []string{"taal", "muziek"}, true},
		{"no filter", nil, "provincie", []string{"nh", "zh", "fl"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := survey.NewSession(inst, "", tc.answers)
			if got := values(s.Options(inst.Item(tc.item))); !slices.Equal(got, tc.want) {
				t.Errorf("Options(%s) = %v, want %v", tc.item, got, tc.want)
			}
			if got := s.Visible(tc.item); got != tc.visible {
				t.Errorf("Visible(%s) = %v, want %v", tc.item, got, tc.visible)
			}
		})
	}
}

func TestSessionRefusesOptionOutsideFilter(t *testing.T) {
	s := survey.NewSession(filterInstrument(), "", nil)
	must(t, s, "provincie", survey.Num(1))
	for _, tc := range []struct {
		item string
		v    survey.Value
	}{{"plaats", survey.Num(2)}, {"kleur", survey.Num(1)}} {
		_, err := s.Plan(tc.item, tc.v)
		var ve *survey.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("Plan(%s, %v) = %v, want a ValidationError", tc.item, tc.v, err)
		}
		if got, want := ve.Msg[survey.English], "This answer does not fit an earlier answer; choose from the answers given."; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
		if got, want := ve.Msg[survey.Dutch], "Dit antwoord past niet bij een eerder antwoord; kies uit de gegeven antwoorden."; got != want {
			t.Errorf("message = %q, want %q", got, want)
		}
	}
	if _, ok := s.Answer("plaats"); ok {
		t.Error("a refused answer was kept")
	}
	must(t, s, "vakken", survey.ChoicesValue(1))
	if _, err := s.Plan("favoriet", survey.Num(3)); err == nil {
		t.Error("favoriet = muziek accepted, but muziek was not selected")
	}
}

func must(t *testing.T, s *survey.Session, id string, v survey.Value) survey.Change {
	t.Helper()
	ch, err := s.Set(id, v)
	if err != nil {
		t.Fatalf("Set(%s): %v", id, err)
	}
	return ch
}

// An earlier answer that no longer allows a later one clears it, as an
// answer whose item became hidden is cleared.
func TestSessionChangeClearsAnswerFilterNoLongerAllows(t *testing.T) {
	s := survey.NewSession(filterInstrument(), "", nil)
	must(t, s, "provincie", survey.Num(2))
	must(t, s, "plaats", survey.Num(3)) // delft
	if ch := must(t, s, "provincie", survey.Num(2)); len(ch.Cleared) != 0 {
		t.Errorf("the same province cleared %v", ch.Cleared)
	}
	ch := must(t, s, "provincie", survey.Num(1))
	if !slices.Equal(ch.Cleared, []string{"plaats"}) {
		t.Errorf("Cleared = %v, want [plaats]", ch.Cleared)
	}
	if _, ok := s.Answer("plaats"); ok {
		t.Error("delft is still the answer in noord-holland")
	}
	must(t, s, "plaats", survey.Num(4)) // elders: allowed in every province
	if ch := must(t, s, "provincie", survey.Num(3)); len(ch.Cleared) != 0 {
		t.Errorf("elders was cleared: %v", ch.Cleared)
	}

	// a filter that comes to leave nothing hides the item: its answer goes
	must(t, s, "vakken", survey.ChoicesValue(1, 2))
	must(t, s, "favoriet", survey.Num(2))
	if ch := must(t, s, "vakken", survey.ChoicesValue(1)); !slices.Equal(ch.Cleared, []string{"favoriet"}) {
		t.Errorf("dropping rekenen cleared %v, want [favoriet]", ch.Cleared)
	}
	must(t, s, "favoriet", survey.Num(1))
	if ch, _ := s.Clear("vakken"); !slices.Equal(ch.Cleared, []string{"favoriet"}) {
		t.Errorf("clearing vakken cleared %v, want [favoriet]", ch.Cleared)
	}
	if s.Visible("favoriet") {
		t.Error("favoriet is visible without options")
	}
}

// A resumed response whose stored answer the filter does not allow sees
// no answer there, as for a hidden item.
func TestSessionStoredAnswerOutsideFilter(t *testing.T) {
	s := survey.NewSession(filterInstrument(), "", []survey.Answer{
		{ItemID: "provincie", Value: survey.Num(1)}, {ItemID: "plaats", Value: survey.Num(2)}})
	if _, ok := s.Value("plaats"); ok {
		t.Error("Value(plaats) holds leiden in noord-holland")
	}
	if got := s.FirstMissing(); got != "plaats" {
		t.Errorf("FirstMissing = %q, want plaats", got)
	}
}

func TestChoiceFilterParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"option.cf < q1", `condition "option.cf < q1", at character 11: option.cf can only be compared with = or !=`},
		{"option.cf = option.x", `condition "option.cf = option.x", at character 13: option.cf is compared with option.x; compare an option's column with an item or a quoted text`},
		{"option.cf =", `condition "option.cf =", at character 12: expected an item id or a quoted text after =, found end of condition`},
		{"q1 > option.cf", `condition "q1 > option.cf", at character 4: option.cf can only be compared with = or !=`},
	}
	for _, tc := range tests {
		_, err := survey.ParseCondition(tc.src)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseCondition(%q) = %v, want %s", tc.src, err, tc.want)
		}
	}
}

func TestChoiceFilterCheck(t *testing.T) {
	inst := filterInstrument()
	plaats := inst.Item("plaats")
	tests := []struct{ src, want string }{
		{"option.prov = provincie", ""},
		{"provincie = option.prov", ""},
		{"option.regio = provincie", "no option of item plaats has a value in the column regio; give its options one, or correct the filter"},
		{"option.prov = gemeente", `the condition refers to "gemeente", which is not an item of this instrument`},
		{"option.prov = vakken", "item vakken is multiple choice: use selected(vakken, option.prov) instead of ="},
		{"selected(slot, option.value)", "selected() needs a choice item; slot is text"},
		{"provincie = 'nh' and option.value != 'elders'", ""},
	}
	for _, tc := range tests {
		err := survey.MustParseCondition(tc.src).CheckFilter(inst.Item, plaats)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("CheckFilter(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
	if err := survey.MustParseCondition("option.prov = 'nh'").Check(inst.Item); err == nil || err.Error() != "option.prov can only be used in a choice filter, not in show_if" {
		t.Errorf("Check of a show_if with option.prov = %v", err)
	}
	if err := survey.MustParseCondition("option.value = 'x'").CheckFilter(inst.Item, inst.Item("slot")); err == nil || err.Error() != "item slot is a text item; only single and multiple choice items can have a choice filter" {
		t.Errorf("CheckFilter on a text item = %v", err)
	}
}

// Instruments without filters encode (and so hash) as before: no Attrs,
// no ChoiceFilter in their JSON. Filters and attrs survive JSON.
func TestChoiceFilterJSON(t *testing.T) {
	plain := survey.Item{ID: "q", Type: survey.SingleChoice, Options: []survey.Option{{Code: 1, Value: "a"}}}
	b, err := json.Marshal(plain)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "Attrs") || strings.Contains(s, "ChoiceFilter") {
		t.Errorf("an item without a filter encodes as %s", s)
	}
	inst := filterInstrument()
	b, err = json.Marshal(inst)
	if err != nil {
		t.Fatal(err)
	}
	var back survey.Instrument
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, inst) {
		t.Errorf("JSON round trip differs:\n%s", b)
	}
}
