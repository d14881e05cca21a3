package export_test

import (
	"testing"
	"time"

	"peil/export"
	"peil/survey"
)

// TestChoiceFilterMissingCodes: an item whose choice filter leaves no
// option was not shown, as the kiosk and the web form decide
// (survey.Session.Visible), so it exports as "not shown" (7), not as
// "not answered" (9); a stored answer the filter does not allow (data
// merged from an older version, say) is no answer, as the session reads
// it.
func TestChoiceFilterMissingCodes(t *testing.T) {
	nl := func(s string) survey.Text { return survey.Text{survey.Dutch: s} }
	in := &survey.Instrument{ID: "waar", Version: 1, Title: nl("Waar"),
		Sections: []survey.Section{{ID: "s", Title: nl("S"), Items: []survey.Item{
			{ID: "prov", Type: survey.SingleChoice, Text: nl("Provincie?"), Options: []survey.Option{
				{Code: 1, Value: "nh", Label: nl("Noord-Holland")}, {Code: 2, Value: "ut", Label: nl("Utrecht")}, {Code: 3, Value: "fr", Label: nl("Friesland")}}},
			{ID: "plaats", Type: survey.SingleChoice, Text: nl("Plaats?"), ChoiceFilter: survey.MustParseCondition("option.p = prov"), Options: []survey.Option{
				{Code: 1, Value: "haarlem", Label: nl("Haarlem"), Attrs: map[string]string{"p": "nh"}},
				{Code: 2, Value: "zeist", Label: nl("Zeist"), Attrs: map[string]string{"p": "ut"}}}},
		}}}}
	st, resp := oneRoundStudy(in)
	m := &memScanner{schoolsWP: map[string]string{"sc1": "w1"}, records: []survey.ResponseRecord{
		{Response: resp("a"), Answers: []survey.Answer{ans("prov", survey.Num(1)), ans("plaats", survey.Num(1))}}, // answered
		{Response: resp("b"), Answers: []survey.Answer{ans("prov", survey.Num(1))}},                               // shown, not answered
		{Response: resp("c"), Answers: []survey.Answer{ans("prov", survey.Num(3))}},                               // Friesland: no town to offer
		{Response: resp("d"), Answers: []survey.Answer{ans("prov", survey.Num(2)), ans("plaats", survey.Num(1))}}, // Haarlem is not in Utrecht
	}}
	path := writeExport(t, "f.csv", m, st, []*survey.Instrument{in}, export.Options{Format: export.CSV, Now: func() time.Time { return exportTime }})
	rows := readCSV(t, path)
	col := -1
	for i, n := range rows[0] {
		if n == "plaats" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no column plaats in %q", rows[0])
	}
	for i, want := range []string{"1", "9", "7", "9"} {
		if got := rows[i+1][col]; got != want {
			t.Errorf("response %c: plaats = %q, want %q", 'a'+i, got, want)
		}
	}
}
