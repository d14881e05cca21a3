package survey

import (
	"fmt"
	"slices"
	"strconv"
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
			return &ValidationError{Item: it.ID, Msg: rangeMsg(it.Type == Integer && it.NoMin, it.Type == Integer && it.NoMax,
				"een heel getal", "a whole number", strconv.Itoa(lo), strconv.Itoa(hi))}
		}
	case Decimal:
		f, canon, err := ParseDecimal(v.Text)
		lo, hi := it.DecimalBounds()
		if err != nil || canon != v.Text || f < lo || f > hi {
			// The Dutch message writes the bounds with a decimal comma.
			nl := rangeMsg(it.DecimalMin == nil, it.DecimalMax == nil, "een getal", "a number", DutchDecimal(lo), DutchDecimal(hi))
			en := rangeMsg(it.DecimalMin == nil, it.DecimalMax == nil, "een getal", "a number", CanonicalDecimal(lo), CanonicalDecimal(hi))
			return &ValidationError{Item: it.ID, Msg: Text{Dutch: nl[Dutch], English: en[English]}}
		}
	case Date:
		if _, canon, err := ParseDate(v.Text); err != nil || canon != v.Text {
			return &ValidationError{Item: it.ID, Msg: Text{
				Dutch:   "Vul een datum in, zoals 1-3-2026 (dag-maand-jaar).",
				English: "Enter a date, such as 2026-03-01 (year-month-day).",
			}}
		}
	case Time:
		if _, canon, err := ParseTime(v.Text); err != nil || canon != v.Text {
			return &ValidationError{Item: it.ID, Msg: Text{
				Dutch:   "Vul een tijd in, zoals 9.30 of 14:05 (uren en minuten, 0.00 tot 23.59).",
				English: "Enter a time, such as 09:30 or 14:05 (hours and minutes, 00:00 to 23:59).",
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
	case OpenText, Decimal, Date, Time:
		return strings.TrimSpace(v.Text) == ""
	case Note:
		return true
	case Integer:
		lo, hi, _ := it.Bounds()
		return !v.DontKnow && v.Number == 0 && (lo > 0 || hi < 0)
	case SingleChoice:
		if _, zero := it.Option(0); zero {
			return false
		}
	}
	return !v.DontKnow && v.Number == 0
}

// rangeMsg asks for a number within bounds, leaving out a side without
// one.
func rangeMsg(noMin, noMax bool, nl, en, lo, hi string) Text {
	switch {
	case noMin && noMax:
		return Text{Dutch: fmt.Sprintf("Vul %s in.", nl), English: fmt.Sprintf("Enter %s.", en)}
	case noMax:
		return Text{Dutch: fmt.Sprintf("Vul %s in van ten minste %s.", nl, lo), English: fmt.Sprintf("Enter %s of at least %s.", en, lo)}
	case noMin:
		return Text{Dutch: fmt.Sprintf("Vul %s in van hoogstens %s.", nl, hi), English: fmt.Sprintf("Enter %s of at most %s.", en, hi)}
	}
	return Text{Dutch: fmt.Sprintf("Vul %s in van %s tot en met %s.", nl, lo, hi), English: fmt.Sprintf("Enter %s from %s to %s.", en, lo, hi)}
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
