package dta

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// reserved lists Stata's reserved names.
func reserved(name string) bool {
	switch name {
	case "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
		"_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with":
		return true
	}
	if strings.HasPrefix(name, "str") {
		if rest := name[3:]; rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// ValidName reports why name is not a valid Stata variable name, or nil.
func ValidName(name string) error {
	if name == "" {
		return errors.New("name is empty")
	}
	if len(name) > MaxNameLength {
		return fmt.Errorf("name %q is %d characters long, the most is %d", name, len(name), MaxNameLength)
	}
	for i, r := range name {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return fmt.Errorf("name %q: %q is not allowed here; use ASCII letters, digits and _, not starting with a digit", name, r)
		}
	}
	if reserved(name) {
		return fmt.Errorf("name %q is reserved in Stata", name)
	}
	return nil
}

// Shorten cuts s to at most max characters, ending in "…" when cut.
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max-1]), " ") + "…"
}

// shortenBytes cuts s to at most max bytes on a character boundary, ending
// in "…" when cut.
func shortenBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
