package survey_test

import (
	"errors"
	"fmt"

	"peil/survey"
)

// A front end (the kiosk, a web form) answers an item in three steps: plan
// the change, commit it to the store, and only then apply it to the
// session. A failed commit leaves nothing to undo.
func ExampleSession_Plan() {
	inst := &survey.Instrument{ID: "voorbeeld", Sections: []survey.Section{{Items: []survey.Item{
		{ID: "kent", Type: survey.SingleChoice, Options: []survey.Option{{Code: 1, Value: "ja"}, {Code: 2, Value: "nee"}}},
		{ID: "hoe", Type: survey.OpenText, ShowIf: survey.MustParseCondition("kent = 'ja'")},
	}}}}
	sess := survey.NewSession(inst, "", []survey.Answer{
		{ItemID: "kent", Value: survey.Num(1)},
		{ItemID: "hoe", Value: survey.TextValue("via de nieuwsbrief")},
	})
	commit := func(ch survey.Change) error { return errors.New("disk full") } // the store

	ch, err := sess.Plan("kent", survey.Num(2)) // nee hides "hoe"
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("planned:", ch.ItemID, "clears", ch.Cleared)
	if err := commit(ch); err != nil {
		_, kept := sess.Answer("hoe")
		fmt.Println("not stored:", err, "- session unchanged:", kept)
	}
	commit = func(survey.Change) error { return nil }
	if err := commit(ch); err == nil {
		if err := sess.Apply(ch); err != nil {
			fmt.Println(err)
			return
		}
	}
	_, kept := sess.Answer("hoe")
	fmt.Println("stored and applied; hoe still answered:", kept)
	// Output:
	// planned: kent clears [hoe]
	// not stored: disk full - session unchanged: true
	// stored and applied; hoe still answered: false
}
