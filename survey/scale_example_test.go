package survey_test

import (
	"fmt"

	"peil/survey"
)

func ExampleScale_Score() {
	// Four statements on the school leader's inquiring attitude; l3 is
	// worded the other way round, so agreeing (5) with it scores 1.
	leadership := survey.Scale{
		ID:       "onderzoekend-leiderschap",
		Items:    []string{"l1", "l2", "l3", "l4"},
		Reversed: []string{"l3"},
	}
	answers := map[string]survey.Value{
		"l1": survey.Num(4),
		"l2": survey.DontKnowValue(), // missing, not a score
		"l3": survey.Num(2),          // counts as 4
		// l4 not answered
	}
	score, n, ok := leadership.Score(answers)
	fmt.Printf("%.2f from %d items, ok=%v\n", score, n, ok)

	// One answered item of four is below the default threshold of half.
	delete(answers, "l3")
	score, n, ok = leadership.Score(answers)
	fmt.Printf("%.2f from %d items, ok=%v\n", score, n, ok)
	// Output:
	// 4.00 from 2 items, ok=true
	// 0.00 from 1 items, ok=false
}
