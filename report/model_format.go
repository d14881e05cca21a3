// Number and date formatting in the report's language: decimal comma or
// point, the minus sign, p-values, percentages and month names.

package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"peil/survey"
)

// formatter writes numbers with a decimal comma (Dutch) or point.
type formatter struct{ comma bool }

func (f formatter) num(x float64, dec int) string {
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if s == "-0" || strings.TrimLeft(s, "-0.") == "" && strings.HasPrefix(s, "-") {
		s = s[1:] // no "-0.00"
	}
	if f.comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	// A real minus sign (U+2212), as wide as the plus beside it.
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		s = minus + rest
	}
	return s
}

// minus is the minus sign of negative numbers.
const minus = "\u2212"

func (f formatter) signed(x float64, dec int) string {
	s := f.num(x, dec)
	if !strings.HasPrefix(s, minus) && strings.Trim(s, "0,.") != "" {
		s = "+" + s
	}
	return s
}

func (f formatter) p(p float64) string {
	if p < 0.001 {
		return "< " + f.num(0.001, 3)
	}
	return f.num(p, 3)
}

func (f formatter) percent(share float64) string {
	return strconv.Itoa(int(math.Round(share*100))) + "%"
}

var months = map[survey.Lang][12]string{
	survey.Dutch:   {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	survey.English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

func formatDate(d time.Time, lang survey.Lang) string {
	if lang == survey.English {
		return fmt.Sprintf("%d %s %d", d.Day(), months[survey.English][d.Month()-1], d.Year())
	}
	return fmt.Sprintf("%d %s %d", d.Day(), months[survey.Dutch][d.Month()-1], d.Year())
}
