package survey

import "strings"

// MaxIDLength is the longest item, section or scale id: exports add
// suffixes to item ids (q7_2, sc_ for a scale) and SPSS allows 64
// characters in a variable name.
const MaxIDLength = 40

// IDProblem says why a text cannot be an item, section or scale id; the
// instrument file and the XLSForm importer each say it in their own words.
type IDProblem int

// The reasons a text is not an id.
const (
	// IDOK: the text is a valid id.
	IDOK IDProblem = iota
	// IDCharacters: the text is empty, holds other characters than the
	// letters a-z and A-Z, digits and _, or starts with a digit.
	IDCharacters
	// IDTooLong: the text is longer than MaxIDLength.
	IDTooLong
	// IDReserved: the text is a word of the condition language, in any
	// case (see ReservedIDs).
	IDReserved
)

// ReservedIDs returns the words of the condition language, which cannot be
// ids: a condition could not tell the id from the word.
func ReservedIDs() []string {
	return []string{RoleRef, "and", "or", "not", "selected", "answered"}
}

// CheckID says whether id can be an item, section or scale id: ids are
// variable names in SPSS and Stata and words in conditions, so they hold
// only ASCII letters, digits and _, do not start with a digit, are at most
// MaxIDLength long and are no word of the condition language.
func CheckID(id string) IDProblem {
	if id == "" || asciiDigit(id[0]) {
		return IDCharacters
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !asciiLetter(c) && !asciiDigit(c) && c != '_' {
			return IDCharacters
		}
	}
	if len(id) > MaxIDLength {
		return IDTooLong
	}
	lower := strings.ToLower(id)
	for _, w := range ReservedIDs() {
		if lower == w {
			return IDReserved
		}
	}
	return IDOK
}

// ValidID reports whether id can be an item, section or scale id (see
// CheckID).
func ValidID(id string) bool { return CheckID(id) == IDOK }

// IDFromName gives the id for a name from another survey format: XLSForm
// names may hold - and . (first-name, weight.kg), which ids cannot, so they
// become _ (first_name, weight_kg). Other names are returned as they are;
// whether the result is a valid id is for CheckID to say. The item or
// section keeps the name as its OriginalName when the two differ.
func IDFromName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '.' {
			return '_'
		}
		return r
	}, name)
}

// ValidInstrumentID reports whether id can be an instrument id: ASCII
// letters, digits, - and _, starting with a letter or digit. (An
// instrument id names files and packages, not variables, so it may hold -.)
func ValidInstrumentID(id string) bool {
	if id == "" || id[0] == '-' || id[0] == '_' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !asciiLetter(c) && !asciiDigit(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func asciiLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func asciiDigit(c byte) bool  { return c >= '0' && c <= '9' }
