package survey

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Value is a respondent's answer to one item. Which field carries it depends
// on the item type: Number for Likert (1-5), single choice (the option code),
// integer and grade; Choices for multiple choice (option codes, ascending);
// Text for open text. DontKnow is the "don't know" answer to a Likert item:
// an answer, but not a score.
type Value struct {
	Number   int
	Choices  []int
	Text     string
	DontKnow bool
}

// Num returns a numeric value.
func Num(n int) Value { return Value{Number: n} }

// DontKnowValue returns the "don't know" answer.
func DontKnowValue() Value { return Value{DontKnow: true} }

// ChoicesValue returns a multiple choice answer with the given codes.
func ChoicesValue(codes ...int) Value {
	c := slices.Clone(codes)
	slices.Sort(c)
	return Value{Choices: slices.Compact(c)}
}

// TextValue returns an open text answer.
func TextValue(s string) Value { return Value{Text: s} }

// Equal reports whether two values are the same answer.
func (v Value) Equal(w Value) bool {
	return v.Number == w.Number && v.Text == w.Text && v.DontKnow == w.DontKnow && slices.Equal(v.Choices, w.Choices)
}

// Selected reports whether a multiple choice value includes code.
func (v Value) Selected(code int) bool { return slices.Contains(v.Choices, code) }

// MaxTextLength is the longest open text answer accepted, in characters.
const MaxTextLength = 4000

// Validate checks v as an answer to it. An error names what is wrong in
// words a respondent understands (in Dutch and English, see ValidationError).
func (it *Item) Validate(v Value) error {
	switch it.Type {
	case Note:
		return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Hier hoeft u niets in te vullen.", English: "Nothing to answer here."}}
	}
	if v.DontKnow && it.Type != Likert {
		// Only Likert items offer "don't know"; elsewhere it would be
		// stored as an answer that every condition treats as missing.
		return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Kies een van de antwoorden.", English: "Choose one of the answers."}}
	}
	switch it.Type {
	case Likert:
		if v.DontKnow {
			if !it.DontKnow {
				return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Kies een van de antwoorden.", English: "Choose one of the answers."}}
			}
			return nil
		}
		if v.Number < 1 || v.Number > LikertPoints {
			return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Kies een van de antwoorden.", English: "Choose one of the answers."}}
		}
	case SingleChoice:
		if _, ok := it.Option(v.Number); !ok {
			return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Kies een van de antwoorden.", English: "Choose one of the answers."}}
		}
	case MultipleChoice:
		for _, c := range v.Choices {
			if _, ok := it.Option(c); !ok {
				return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Kies uit de gegeven antwoorden.", English: "Choose from the answers given."}}
			}
		}
	case Integer, Grade:
		lo, hi, _ := it.Bounds()
		if v.Number < lo || v.Number > hi {
			return &ValidationError{Item: it.ID, Msg: Text{
				Dutch:   fmt.Sprintf("Vul een heel getal in van %d tot en met %d.", lo, hi),
				English: fmt.Sprintf("Enter a whole number from %d to %d.", lo, hi),
			}}
		}
	case OpenText:
		if utf8.RuneCountInString(v.Text) > MaxTextLength {
			return &ValidationError{Item: it.ID, Msg: Text{
				Dutch:   fmt.Sprintf("Uw antwoord is te lang (hoogstens %d tekens).", MaxTextLength),
				English: fmt.Sprintf("Your answer is too long (at most %d characters).", MaxTextLength),
			}}
		}
	default:
		return fmt.Errorf("item %s: unknown type %q", it.ID, it.Type)
	}
	return nil
}

// IsEmpty reports whether v, as an answer to it, says nothing: no option
// chosen, no text typed. An empty value is stored as no answer.
//
// A zero Number is empty only where zero is not an answer: it is an answer
// to an integer item whose range includes 0 and to a single choice item
// with an option coded 0. Remove an answer to such an item with
// Session.Clear.
func (it *Item) IsEmpty(v Value) bool {
	switch it.Type {
	case MultipleChoice:
		return len(v.Choices) == 0
	case OpenText:
		return strings.TrimSpace(v.Text) == ""
	case Note:
		return true
	case Integer:
		return !v.DontKnow && v.Number == 0 && (it.Min > 0 || it.Max < 0)
	case SingleChoice:
		if _, zero := it.Option(0); zero {
			return false
		}
	}
	return !v.DontKnow && v.Number == 0
}

// ValidationError says why an answer is not accepted, in the respondent's
// language.
type ValidationError struct {
	Item string
	Msg  Text
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("item %s: %s", e.Item, e.Msg.Get(English))
}

// Answer is a stored answer: the value and when it was given.
type Answer struct {
	ItemID     string
	Value      Value
	AnsweredAt time.Time
}
