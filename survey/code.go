package survey

import (
	"fmt"
	"io"
	"strings"
)

// Respondent codes are pseudonymous: six characters from an alphabet
// without look-alikes (no 0/O, 1/I/L), and a check character (a weighted
// sum modulo 31, see checkChar) that catches every single mistyped
// character and every swap of two characters. Codes are shown as
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

// checkOffset fixes which check character is the right one; 8 keeps the
// documented example code K7MQ-4XA valid.
const checkOffset = 8

// checkChar returns the check character of six code characters: with the
// characters' alphabet indexes a1..a6 weighted 2..7 and the check character
// weighted 1, the weighted sum is checkOffset modulo 31. Because 31 (the
// alphabet's size) is prime and the weights 1..7 are distinct and nonzero,
// changing one character always changes the sum, and so does swapping any
// two different characters, neighbours or not. (Luhn mod N, used before,
// needs an even alphabet size: with 31 characters it let '3' for 'J' and a
// swapped "2Z" through.)
func checkChar(s string) byte {
	n := len(codeAlphabet)
	sum := 0
	for i := range len(s) {
		sum += (i + 2) * strings.IndexByte(codeAlphabet, s[i])
	}
	return codeAlphabet[((checkOffset-sum)%n+n)%n]
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
			Dutch:   fmt.Sprintf("Een code heeft %d tekens en een streepje, bijvoorbeeld K7MQ-4XA.", CodeLength),
			English: fmt.Sprintf("A code has %d characters and a dash, for example K7MQ-4XA.", CodeLength),
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
