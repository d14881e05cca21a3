package export

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxNameLength is the longest variable name: Stata's 32 characters, the
// tightest of SPSS (64 bytes), Stata and R.
const maxNameLength = 32

// reservedNames are words SPSS, Stata or R will not take as a variable
// name (compared in lower case).
var reservedNames = map[string]bool{
	// SPSS
	"all": true, "and": true, "by": true, "eq": true, "ge": true, "gt": true, "le": true,
	"lt": true, "ne": true, "not": true, "or": true, "to": true, "with": true,
	// Stata (those not starting with _)
	"byte": true, "double": true, "float": true, "if": true, "in": true, "int": true,
	"long": true, "strl": true, "using": true,
	// R
	"else": true, "repeat": true, "while": true, "function": true, "for": true, "next": true,
	"break": true, "true": true, "false": true, "null": true, "inf": true, "nan": true, "na": true,
}

// reserved reports whether name (lower case) is reserved anywhere.
func reserved(name string) bool {
	if reservedNames[name] {
		return true
	}
	// Stata's str1 ... str2045.
	if rest, ok := strings.CutPrefix(name, "str"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
		return true
	}
	return false
}

// sanitize turns s into a name every package accepts: ASCII lower-case
// letters, digits and _, starting with a letter. Accents are dropped (é →
// e) and ligatures spelled out (the Dutch ĳ → ij).
func sanitize(s string) string {
	var b strings.Builder
	under := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			under = false
		default:
			if !under && b.Len() > 0 {
				b.WriteByte('_')
				under = true
			}
		}
	}
	name := strings.TrimRight(b.String(), "_")
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		name = "v" + name
	}
	if reserved(name) {
		name += "_"
	}
	return name
}

// namer hands out unique variable names (unique regardless of case).
type namer struct {
	used map[string]bool
}

func newNamer() *namer { return &namer{used: map[string]bool{}} }

// name returns a unique, valid name for the wanted one. A name longer than
// 32 characters is cut to 27 and given "_" and four hex digits of a hash of
// the whole name, so the same long id always gets the same short name; a
// name still taken gets _2, _3, ... (cut to fit).
func (n *namer) name(want string) string {
	base := sanitize(want)
	if len(base) > maxNameLength {
		h := fnv.New32a()
		h.Write([]byte(base))
		base = fmt.Sprintf("%s_%04x", strings.TrimRight(base[:maxNameLength-5], "_"), h.Sum32()&0xffff)
	}
	name := base
	for i := 2; n.used[name]; i++ {
		suffix := fmt.Sprintf("_%d", i)
		name = strings.TrimRight(base[:min(len(base), maxNameLength-len(suffix))], "_") + suffix
	}
	n.used[name] = true
	return name
}
