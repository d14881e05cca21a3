package survey

import (
	"fmt"
	"io"
	"strings"
)

// Respondent codes are pseudonymous: six characters from an alphabet
// without look-alikes (no 0/O, 1/I/L), and a check character computed with
// the Luhn mod N algorithm, which catches every single mistyped character
// and every swap of two neighbouring characters. Codes are shown as
// "K7MQ-4XA"; case, spaces and dashes do not matter when typing one.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength is the number of characters in a code, check character
// included.
const CodeLength = 7

// NewRespondentCode returns a new random code with its check character,
// drawing randomness from rnd (crypto/rand.Reader in production).
func NewRespondentCode(rnd io.Reader) (string, error) {
	buf := make([]byte, CodeLength-1)
	n := len(codeAlphabet)
	out := make([]byte, 0, CodeLength)
	for len(out) < CodeLength-1 {
		if _, err := io.ReadFull(rnd, buf); err != nil {
			return "", fmt.Errorf("making a respondent code: %w", err)
		}
		for _, b := range buf {
			// Reject bytes that would bias the choice.
			if int(b) >= 256-(256%n) {
				continue
			}
			out = append(out, codeAlphabet[int(b)%n])
			if len(out) == CodeLength-1 {
				break
			}
		}
	}
	out = append(out, checkChar(string(out)))
	return FormatCode(string(out)), nil
}

func checkChar(s string) byte {
	n := len(codeAlphabet)
	factor := 2
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		a := strings.IndexByte(codeAlphabet, s[i]) * factor
		sum += a/n + a%n
		if factor == 2 {
			factor = 1
		} else {
			factor = 2
		}
	}
	return codeAlphabet[(n-sum%n)%n]
}

// FormatCode writes a normalised code in its display form, "K7MQ-4XA".
func FormatCode(norm string) string {
	if len(norm) != CodeLength {
		return norm
	}
	return norm[:4] + "-" + norm[4:]
}

// ParseRespondentCode checks a typed code and returns it in display form.
// The error, in the respondent's language, says what to do.
func ParseRespondentCode(typed string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '.':
			continue
		case r < 128 && strings.IndexByte(codeAlphabet, byte(r)) >= 0:
			b.WriteRune(r)
		default:
			return "", &ValidationError{Item: "code", Msg: Text{
				Dutch:   fmt.Sprintf("Een code bevat geen %q. Kijk de code nog eens goed na.", r),
				English: fmt.Sprintf("A code never contains %q. Please check the code.", r),
			}}
		}
	}
	norm := b.String()
	if len(norm) != CodeLength {
		return "", &ValidationError{Item: "code", Msg: Text{
			Dutch:   fmt.Sprintf("Een code heeft %d tekens, bijvoorbeeld K7MQ-4XA.", CodeLength),
			English: fmt.Sprintf("A code has %d characters, for example K7MQ-4XA.", CodeLength),
		}}
	}
	if checkChar(norm[:CodeLength-1]) != norm[CodeLength-1] {
		return "", &ValidationError{Item: "code", Msg: Text{
			Dutch:   "Deze code klopt niet; waarschijnlijk is er een teken verkeerd getypt. Probeer het nog eens.",
			English: "This code is not valid; a character was probably mistyped. Please try again.",
		}}
	}
	return FormatCode(norm), nil
}
