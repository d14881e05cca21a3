package answerpack

import (
	"fmt"
	"strconv"
	"strings"
)

// FormatChoices returns the stored text of a multiple choice value's
// codes: "1,3", or "" for none (a store keeps NULL then).
func FormatChoices(choices []int) string {
	if len(choices) == 0 {
		return ""
	}
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ",")
}

// ParseChoices reads the codes FormatChoices wrote; "" is no codes.
func ParseChoices(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("bad choices %q in database", s)
		}
		out[i] = n
	}
	return out, nil
}
