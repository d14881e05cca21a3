package answerpack

import (
	"fmt"
	"time"

	"peil/survey"
)

// Columns are the columns of an answer row in both stores' answers
// table, in the order LoadAnswer takes them.
const Columns = "item_id, number, choices, text, dont_know, answered_at"

// StoredValue returns the stored form of a value: number is nil (NULL)
// when another field carries the answer (survey.Value.StoredNumber),
// choices "1,3" (FormatChoices) or nil, text or nil.
func StoredValue(v survey.Value) (number *int64, choices, text *string) {
	if v.StoredNumber() {
		n := int64(v.Number)
		number = &n
	}
	if c := FormatChoices(v.Choices); c != "" {
		choices = &c
	}
	if v.Text != "" {
		t := v.Text
		text = &t
	}
	return number, choices, text
}

// LoadAnswer is the answer of an answer row (Columns), StoredValue's
// inverse: a NULL number, choices or text is passed as 0 or "".
func LoadAnswer(item string, number int64, choices, text string, dontKnow bool, answeredAt time.Time) (survey.Answer, error) {
	a := survey.Answer{ItemID: item, AnsweredAt: answeredAt,
		Value: survey.Value{Number: int(number), Text: text, DontKnow: dontKnow}}
	var err error
	if a.Value.Choices, err = ParseChoices(choices); err != nil {
		return a, fmt.Errorf("answer %s: %w", item, err)
	}
	return a, nil
}
