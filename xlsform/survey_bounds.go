// Constraint columns read as numeric bounds: parseBounds, their
// application to integer items, and range parsing.

package xlsform

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"peil/survey"
)

// round6 rounds to the decimals a Decimal answer may have.
func round6(f float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', survey.MaxDecimals, 64), 64)
	return r
}

// bounds are what a constraint says about a number question.
type bounds struct {
	lo, hi             float64
	hasLo, hasHi       bool
	loStrict, hiStrict bool
}

var boundTokRE = regexp.MustCompile(`^\s*(\$\{\s*[^}]*\}|\.|-?\d+(?:\.\d+)?|>=|<=|!=|=|>|<|\(|\)|and\b)`)

// parseBounds reads a constraint made of bounds on the question itself,
// written . or ${name}: ". >= 0 and . <= 120", "(${age} > 0)", "0 <= .".
func parseBounds(src, self string) (bounds, error) {
	var b bounds
	bad := fmt.Errorf("the constraint %q is not supported; peil reads bounds on the question itself, such as . >= 0 and . <= 120", src)
	var toks []string
	for rest := src; strings.TrimSpace(rest) != ""; {
		m := boundTokRE.FindStringSubmatch(rest)
		if m == nil {
			return b, bad
		}
		tok := m[1]
		rest = rest[len(m[0]):]
		switch {
		case tok == "(" || tok == ")":
			continue
		case strings.HasPrefix(tok, "${"):
			if strings.TrimSpace(tok[2:len(tok)-1]) != self {
				return b, fmt.Errorf("the constraint %q refers to another question (%s); peil reads bounds on the question itself, such as . >= 0", src, tok)
			}
			tok = "."
		}
		toks = append(toks, tok)
	}
	isNum := func(t string) bool { _, err := strconv.ParseFloat(t, 64); return err == nil }
	for i := 0; i < len(toks); i += 4 {
		if i+3 > len(toks) || i+3 < len(toks) && toks[i+3] != "and" {
			return b, bad
		}
		a, op, c := toks[i], toks[i+1], toks[i+2]
		var n float64
		switch {
		case a == "." && isNum(c):
			n, _ = strconv.ParseFloat(c, 64)
		case isNum(a) && c == ".":
			n, _ = strconv.ParseFloat(a, 64)
			op = flipped[op]
		default:
			return b, bad
		}
		switch op {
		case ">=", ">":
			if !b.hasLo || n > b.lo || n == b.lo && op == ">" {
				b.lo, b.loStrict = n, op == ">"
			}
			b.hasLo = true
		case "<=", "<":
			if !b.hasHi || n < b.hi || n == b.hi && op == "<" {
				b.hi, b.hiStrict = n, op == "<"
			}
			b.hasHi = true
		case "=":
			b.lo, b.hi, b.hasLo, b.hasHi = n, n, true, true
		default:
			return b, bad
		}
	}
	if b.hasLo && b.hasHi && (b.lo > b.hi || b.lo == b.hi && (b.loStrict || b.hiStrict)) {
		return b, fmt.Errorf("the constraint %q allows no number at all", src)
	}
	if math.Abs(b.lo) > survey.Unbounded || math.Abs(b.hi) > survey.Unbounded {
		return b, fmt.Errorf("the constraint %q has a bound of more than 9 digits; leave that bound out", src)
	}
	return b, nil
}

// integers sets the bounds of an integer question: > 0 is >= 1.
func (b bounds) integers(src string, it *survey.Item) error {
	whole := func(f float64) bool { return f == math.Trunc(f) }
	if b.hasLo && !whole(b.lo) || b.hasHi && !whole(b.hi) {
		return fmt.Errorf("the constraint %q bounds a whole number with a fraction; write whole numbers, such as . >= 0 and . <= 120", src)
	}
	if b.hasLo {
		it.Min, it.NoMin = int(b.lo), false
		if b.loStrict {
			it.Min++
		}
	}
	if b.hasHi {
		it.Max, it.NoMax = int(b.hi), false
		if b.hiStrict {
			it.Max--
		}
	}
	if b.hasLo && b.hasHi && it.Min > it.Max {
		return fmt.Errorf("the constraint %q allows no whole number at all", src)
	}
	return nil
}

// parseRange reads the parameters of a range question: start, end and
// step, defaulting (as XLSForm does) to 1, 10 and 1.
func parseRange(src string) (lo, hi int, err error) {
	vals := map[string]int{"start": 1, "end": 10, "step": 1}
	for _, f := range strings.FieldsFunc(src, func(r rune) bool { return r == ' ' || r == ';' || r == ',' }) {
		k, v, ok := strings.Cut(f, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if _, known := vals[k]; !ok || !known {
			return 1, 10, fmt.Errorf("the parameters %q are not supported; write start=0 end=120 step=1", src)
		}
		n, convErr := strconv.Atoi(strings.TrimSpace(v))
		if convErr != nil {
			return 1, 10, fmt.Errorf("the range parameter %s should be a whole number, found %q; peil asks for whole numbers", k, v)
		}
		vals[k] = n
	}
	switch {
	case vals["step"] != 1:
		return 1, 10, fmt.Errorf("the range has step=%d; peil supports step=1 only", vals["step"])
	case vals["start"] > vals["end"]:
		return 1, 10, fmt.Errorf("the range starts at %d and ends at %d; swap start and end", vals["start"], vals["end"])
	}
	return vals["start"], vals["end"], nil
}
