package sav

import (
	"math"
	"strconv"
	"time"
)

type valueKind uint8

const (
	kindNone valueKind = iota
	kindNumber
	kindString
)

// Value is one cell of a row: a number (Num), a string (Str) or
// system-missing (SysMis). The zero Value is system-missing for numeric
// variables and an empty (blank) string for string variables.
type Value struct {
	num  float64
	str  string
	kind valueKind
}

// Num returns a numeric value. NaN is written as system-missing.
func Num(f float64) Value { return Value{num: f, kind: kindNumber} }

// Str returns a string value (UTF-8). It may not be wider, in bytes, than
// its variable; shorter strings are padded with spaces.
func Str(s string) Value { return Value{str: s, kind: kindString} }

// SysMis returns the system-missing value, for numeric variables.
func SysMis() Value { return Value{} }

// String returns the value as it would be written in SPSS syntax.
func (v Value) String() string {
	switch v.kind {
	case kindNumber:
		if math.IsNaN(v.num) {
			return "SYSMIS"
		}
		return strconv.FormatFloat(v.num, 'g', -1, 64)
	case kindString:
		return strconv.Quote(v.str)
	}
	return "SYSMIS"
}

// spssEpoch is the start of the SPSS calendar, 14 October 1582, as seconds
// since the Unix epoch.
const spssEpoch = -12219379200

// ToSPSSDate converts t to an SPSS date-time value: seconds since
// 14 October 1582 00:00:00. SPSS dates carry no time zone, so the clock
// reading of t in its own location is used: 2026-03-04 09:30 in
// Europe/Amsterdam is written as 4 March 2026 09:30. Convert t with In
// first to write another zone's clock.
func ToSPSSDate(t time.Time) float64 {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	wall := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	return float64(wall.Unix()-spssEpoch) + float64(t.Nanosecond())/1e9
}
