package analysis

import (
	"math"

	"peil/survey"
)

// Codes of a Dataset value that are not answers. Every other int8 is the
// answer itself: the agreement point (1-5), the grade (1-10), the whole
// number of an integer item, or the option code of a single choice item.
const (
	// Missing marks an item that was skipped, hidden or not asked.
	Missing int8 = math.MinInt8
	// DontKnow marks the "don't know" answer: an answer, but not a score.
	DontKnow int8 = math.MinInt8 + 1
)

// Code encodes a respondent's value for item it as a Dataset value. Item
// types that the analysis does not use (open text, multiple choice, dates,
// times, notes) and empty values encode as Missing, as does a number that
// does not fit in an int8 above DontKnow and every decimal answer: the
// numbers of integer and decimal items go in Response.Numbers (see
// Number), and Code gives them only DontKnow.
func Code(it *survey.Item, v survey.Value) int8 {
	if !analysable(it) {
		return Missing
	}
	if it.Type == survey.Decimal {
		// Its "don't know" has no text, which IsEmpty calls empty.
		if v.DontKnow && it.DontKnow {
			return DontKnow
		}
		return Missing
	}
	if it.IsEmpty(v) {
		return Missing
	}
	if v.DontKnow {
		return DontKnow
	}
	if v.Number <= int(DontKnow) || v.Number > math.MaxInt8 {
		return Missing
	}
	return int8(v.Number)
}

// Number returns the number a respondent gave to an integer or decimal
// item (a decimal's Value.Text parsed by survey.ParseDecimal), for
// Response.Numbers; ok is false for other items, empty values, "don't
// know" and text that is not a number.
func Number(it *survey.Item, v survey.Value) (x float64, ok bool) {
	if !numeric(it.Type) || it.IsEmpty(v) || v.DontKnow {
		return 0, false
	}
	if it.Type == survey.Integer {
		return float64(v.Number), true
	}
	f, _, err := survey.ParseDecimal(v.Text)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// analysable reports whether the analysis reports on items of it's type.
// Dates and times are left out: a mean date is no trend.
func analysable(it *survey.Item) bool {
	switch it.Type {
	case survey.Likert, survey.Grade, survey.Integer, survey.Decimal:
		return true
	case survey.SingleChoice:
		return !it.SetsRole
	}
	return false
}

// numeric reports whether items of type t are analysed as numbers (a
// Dataset keeps them in its numbers column, and their measures have a
// mean but no distribution).
func numeric(t survey.ItemType) bool { return t == survey.Integer || t == survey.Decimal }

// numberFits reports whether x is an answer to the numeric item it: within
// its bounds, and whole for an integer item.
func numberFits(it *survey.Item, x float64) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return false
	}
	if it.Type == survey.Integer {
		lo, hi, _ := it.Bounds()
		return x == math.Trunc(x) && x >= float64(lo) && x <= float64(hi)
	}
	lo, hi := it.DecimalBounds()
	return x >= lo && x <= hi
}

// decimalsOf returns the digits after the decimal point x is written
// with, up to survey.MaxDecimals.
func decimalsOf(x float64) int8 {
	x = math.Abs(x)
	scale := 1.0
	for k := range int8(survey.MaxDecimals) {
		y := x * scale
		if math.Abs(y-math.Round(y)) <= 1e-9*max(1, y) {
			return k
		}
		scale *= 10
	}
	return survey.MaxDecimals
}
