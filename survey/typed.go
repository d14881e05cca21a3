package survey

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Typed reports whether items of type t are answered by typing (a whole
// number, grade, decimal number, date, time or open text), so that
// ReadTyped reads their answers.
func (t ItemType) Typed() bool {
	switch t {
	case Integer, Grade, Decimal, Date, Time, OpenText:
		return true
	}
	return false
}

// typedText are the respondent messages of ReadTyped and TypedHint.
var typedText = struct {
	Digits, Bounds, Whole, AtLeast, AtMost                     Text
	Number, NumberFrom, NumberAtLeast, NumberAtMost, NotNumber Text
	TooPrecise, Date, NoSuchDate, Time, NotTime                Text
}{
	Digits:        Text{Dutch: "Vul alleen cijfers in.", English: "Please use digits only."},
	Bounds:        Text{Dutch: "Een heel getal van %s tot en met %s.", English: "A whole number from %s to %s."},
	Whole:         Text{Dutch: "Een heel getal.", English: "A whole number."},
	AtLeast:       Text{Dutch: "Een heel getal van ten minste %s.", English: "A whole number of at least %s."},
	AtMost:        Text{Dutch: "Een heel getal van hoogstens %s.", English: "A whole number of at most %s."},
	Number:        Text{Dutch: "Een getal, zoals 3,25.", English: "A number, such as 3.25."},
	NumberFrom:    Text{Dutch: "Een getal van %s tot en met %s.", English: "A number from %s to %s."},
	NumberAtLeast: Text{Dutch: "Een getal van ten minste %s.", English: "A number of at least %s."},
	NumberAtMost:  Text{Dutch: "Een getal van hoogstens %s.", English: "A number of at most %s."},
	NotNumber:     Text{Dutch: "Vul een getal in, zoals 3,25.", English: "Enter a number, such as 3.25."},
	TooPrecise: Text{Dutch: fmt.Sprintf("Vul hoogstens %d cijfers achter de komma in.", MaxDecimals),
		English: fmt.Sprintf("Enter at most %d digits after the decimal point.", MaxDecimals)},
	Date:       Text{Dutch: "Een datum: dag-maand-jaar, zoals 1-3-2026.", English: "A date: year-month-day, such as 2026-03-01."},
	NoSuchDate: Text{Dutch: "Die datum bestaat niet: kijk de dag en de maand na.", English: "There is no such date: check the day and the month."},
	Time:       Text{Dutch: "Een tijd: uren en minuten, zoals 9.30 of 14.05.", English: "A time: hours and minutes (24-hour), such as 09:30 or 14:05."},
	NotTime:    Text{Dutch: "Vul een tijd in van 00:00 tot en met 23:59, zoals 09:30.", English: "Enter a time from 00:00 to 23:59, such as 09:30."},
}

// dateShapeRE matches what is written as a date in one of the forms
// ParseDate reads (day-month-year or year-month-day), whether or not the
// calendar has that day.
var dateShapeRE = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^\d{4}-\d{1,2}-\d{1,2}$`)

// format fills a two-language text's %s verbs with a value per language.
func (t Text) format(nl, en []any) Text {
	return Text{Dutch: fmt.Sprintf(t[Dutch], nl...), English: fmt.Sprintf(t[English], en...)}
}

// DutchDecimal writes a number as Dutch readers write it: a decimal
// comma ("3,25"), otherwise as CanonicalDecimal.
func DutchDecimal(f float64) string {
	return strings.Replace(CanonicalDecimal(f), ".", ",", 1)
}

// TypedHint says what a typed item takes, for the text under its field:
// the bounds of a whole or decimal number (a side without a bound left
// out), the writing of a date or a time. It is empty for an open text and
// for items that are not typed.
func TypedHint(it *Item) Text {
	switch it.Type {
	case Integer, Grade:
		lo, hi, _ := it.Bounds()
		l, h := strconv.Itoa(lo), strconv.Itoa(hi)
		if it.Type == Integer {
			switch {
			case it.NoMin && it.NoMax:
				return typedText.Whole
			case it.NoMax:
				return typedText.AtLeast.format([]any{l}, []any{l})
			case it.NoMin:
				return typedText.AtMost.format([]any{h}, []any{h})
			}
		}
		return typedText.Bounds.format([]any{l, h}, []any{l, h})
	case Decimal:
		lo, hi := it.DecimalBounds()
		nl := []any{DutchDecimal(lo), DutchDecimal(hi)}
		en := []any{CanonicalDecimal(lo), CanonicalDecimal(hi)}
		switch {
		case it.DecimalMin != nil && it.DecimalMax != nil:
			return typedText.NumberFrom.format(nl, en)
		case it.DecimalMin != nil:
			return typedText.NumberAtLeast.format(nl[:1], en[:1])
		case it.DecimalMax != nil:
			return typedText.NumberAtMost.format(nl[1:], en[1:])
		}
		return typedText.Number
	case Date:
		return typedText.Date
	case Time:
		return typedText.Time
	}
	return nil
}

// ReadTyped reads what a respondent typed as the answer to a typed item
// (see ItemType.Typed): the one rule by which the kiosk and the web form
// accept and refuse typed answers.
//
// Blank input (spaces only) is no answer: empty is true. Otherwise the
// answer is v, in the form in which it is stored (a decimal number as
// "3.25", a date as "2026-03-01", a time as "09:30"), unless problem, a
// message for the respondent in Dutch and English, says why it is refused:
// not a number, date or time, 0 where the bounds leave it out (0 would
// read as no answer, so the hint with the bounds is given), out of bounds
// or too long (Item.Validate's message). A whole number may be written
// with a sign; a decimal number with a point or the Dutch comma; a date as
// 2026-03-01 or day-month-year 1-3-2026 (also with / or .); a time as
// 09:30, 9.30 or 0930. An open text is kept as typed, with CR LF line
// ends made LF. ReadTyped refuses items that are not typed.
func ReadTyped(it *Item, s string) (v Value, empty bool, problem Text) {
	if it.Type == OpenText {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		if strings.TrimSpace(s) == "" {
			return Value{}, true, nil
		}
		return checked(it, TextValue(s))
	}
	s = strings.TrimSpace(s)
	if s == "" && it.Type.Typed() {
		return Value{}, true, nil
	}
	switch it.Type {
	case Integer, Grade:
		n, err := strconv.Atoi(s)
		if err != nil {
			return Value{}, false, typedText.Digits
		}
		if it.IsEmpty(Num(n)) {
			return Value{}, false, TypedHint(it)
		}
		return checked(it, Num(n))
	case Decimal:
		_, canon, err := ParseDecimal(s)
		if err != nil {
			if errors.Is(err, errTooPrecise) {
				return Value{}, false, typedText.TooPrecise
			}
			return Value{}, false, typedText.NotNumber
		}
		return checked(it, TextValue(canon))
	case Date:
		_, canon, err := ParseDate(s)
		if err != nil {
			if dateShapeRE.MatchString(s) && !errors.Is(err, errBefore1583) {
				// 31-11-2026: written as a date, but no day of the calendar
				return Value{}, false, typedText.NoSuchDate
			}
			return Value{}, false, typedText.Date
		}
		return checked(it, TextValue(canon))
	case Time:
		_, canon, err := ParseTime(s)
		if err != nil {
			return Value{}, false, typedText.NotTime
		}
		return checked(it, TextValue(canon))
	}
	return Value{}, false, Text{Dutch: "Hier hoeft u niets te typen.", English: "Nothing to type here."}
}

// checked returns v, or Item.Validate's message when it refuses v.
func checked(it *Item, v Value) (Value, bool, Text) {
	if err := it.Validate(v); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return Value{}, false, ve.Msg
		}
		return Value{}, false, Text{Dutch: "Dit antwoord kan niet worden bewaard.", English: "This answer cannot be kept."}
	}
	return v, false, nil
}
