package survey

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxDecimals is the most digits after the decimal point a Decimal answer
// may have.
const MaxDecimals = 6

var decimalRE = regexp.MustCompile(`^[+-]?(\d+([.,]\d*)?|[.,]\d+)$`)

// errTooPrecise is why ParseDecimal refuses a number with more digits
// after the decimal point than MaxDecimals.
var errTooPrecise = fmt.Errorf("more than %d digits after the decimal point", MaxDecimals)

// ParseDecimal reads a number as a respondent types it: 3.25, 3,25 (the
// Dutch decimal comma), -0.5, 12. It returns the number and its canonical
// text ("3.25"), the form in which a Decimal answer is stored.
func ParseDecimal(s string) (float64, string, error) {
	s = strings.TrimSpace(s)
	if !decimalRE.MatchString(s) {
		return 0, "", fmt.Errorf("%q is not a number", s)
	}
	s = strings.Replace(s, ",", ".", 1)
	if _, frac, ok := strings.Cut(s, "."); ok && len(strings.TrimRight(frac, "0")) > MaxDecimals {
		return 0, "", fmt.Errorf("%q has %w", s, errTooPrecise)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > Unbounded {
		return 0, "", fmt.Errorf("%q is not a number peil can keep", s)
	}
	return f, CanonicalDecimal(f), nil
}

// CanonicalDecimal formats a number as Decimal answers are stored: a
// point, no exponent, no trailing zeros ("3.25", "-0.5", "12").
func CanonicalDecimal(f float64) string {
	if f == 0 {
		f = 0 // no "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// DateLayout is the form in which a Date answer is stored.
const DateLayout = "2006-01-02"

var dutchDateRE = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$`)

// errBefore1583 is why ParseDate refuses a date before the Gregorian
// calendar.
var errBefore1583 = errors.New("before 1583")

// ParseDate reads a date as a respondent types it: 2026-03-01, or the
// Dutch day-month-year 1-3-2026 (also with / or .). It returns the date
// and its canonical text ("2026-03-01"). Years before 1583 (SPSS counts
// from the Gregorian calendar) and after 9999 are refused.
func ParseDate(s string) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	if m := dutchDateRE.FindStringSubmatch(s); m != nil {
		s = fmt.Sprintf("%s-%02s-%02s", m[3], m[2], m[1])
	}
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("%q is not a date such as 2026-03-01 or 1-3-2026", s)
	}
	if d.Year() < 1583 {
		return time.Time{}, "", fmt.Errorf("%q is %w", s, errBefore1583)
	}
	return d, d.Format(DateLayout), nil
}

var timeRE = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})$|^(\d{2})(\d{2})$`)

// ParseTime reads a time of day as a respondent types it: 09:30, 9:30,
// the Dutch 9.30, or four digits 0930. It returns the minutes since
// midnight and the canonical text ("09:30"). Hours go from 0 to 23 and
// minutes from 0 to 59: 24:00 is refused (midnight is 0:00).
func ParseTime(s string) (int, string, error) {
	s = strings.TrimSpace(s)
	m := timeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, "", fmt.Errorf("%q is not a time such as 09:30 or 9.30 (hours and minutes)", s)
	}
	hs, ms := m[1], m[2]
	if hs == "" {
		hs, ms = m[3], m[4]
	}
	h, _ := strconv.Atoi(hs)
	mi, _ := strconv.Atoi(ms)
	if h > 23 {
		return 0, "", fmt.Errorf("%q: the hour must be 0 to 23 (midnight is 00:00)", s)
	}
	if mi > 59 {
		return 0, "", fmt.Errorf("%q: the minutes must be 00 to 59", s)
	}
	return h*60 + mi, fmt.Sprintf("%02d:%02d", h, mi), nil
}
