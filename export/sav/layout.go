package sav

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// segmentData is how many bytes of a very long string each 255-byte
// segment holds, and segmentWidth how many bytes of width each segment
// accounts for (the format's own odd arithmetic: 255 vs 252).
const (
	segmentData  = 255
	segmentWidth = 252
)

// segment is one variable as the file sees it: a numeric variable, a string
// of up to 255 bytes, or one piece of a very long string.
type segment struct {
	shortName string
	width     int // 0 for numeric, else the string width of this segment (≤ 255)
	slots     int // number of 8-byte case elements
	from, to  int // bytes [from, to) of the variable's value held here
}

// column is a validated variable with its place in the file.
type column struct {
	v         Variable
	shortName string
	segs      []segment
	index     int // 1-based dictionary index of the first element
}

// segments splits a variable of type t into the file's segments.
func segments(t Type) []segment {
	w := t.Width()
	switch {
	case w == 0:
		return []segment{{slots: 1}}
	case w <= 255:
		return []segment{{width: w, slots: (w + 7) / 8, to: w}}
	}
	n := (w + segmentWidth - 1) / segmentWidth
	segs := make([]segment, n)
	for i := range segs {
		sw := 255
		if i == n-1 {
			sw = w - (n-1)*segmentWidth
		}
		from := min(i*segmentData, w)
		segs[i] = segment{width: sw, slots: (sw + 7) / 8, from: from, to: min(from+segmentData, w)}
	}
	return segs
}

// layout validates vars and assigns short names, segments and dictionary
// indexes. It returns the columns and the number of 8-byte elements a case
// takes.
func layout(vars []Variable) ([]column, int, error) {
	if len(vars) == 0 {
		return nil, 0, errors.New("sav: no variables; a system file needs at least one")
	}
	var errs []error
	cols := make([]column, len(vars))
	byUpper := make(map[string]int, len(vars))
	for i, v := range vars {
		if err := v.validate(); err != nil {
			errs = append(errs, fmt.Errorf("sav: variable %d (%q): %w", i+1, v.Name, err))
			continue
		}
		key := foldName(v.Name)
		if j, dup := byUpper[key]; dup {
			errs = append(errs, fmt.Errorf("sav: variable %d (%q): name already used by variable %d (%q); SPSS names must differ regardless of case (and ĳ counts as ij)", i+1, v.Name, j+1, vars[j].Name))
			continue
		}
		byUpper[key] = i
		cols[i] = column{v: v, segs: segments(v.Type)}
	}
	if len(errs) > 0 {
		return nil, 0, errors.Join(errs...)
	}

	// Short names (8 bytes, upper-case ASCII) must be unique. Names that are
	// short ASCII already keep their own, so that no short name can collide
	// with another variable's long name; the rest are cut and numbered.
	used := make(map[string]bool, len(vars))
	for i := range cols {
		up := strings.ToUpper(cols[i].v.Name)
		if len(up) <= 8 && asciiName(up) == up {
			cols[i].shortName = up
			used[up] = true
		}
	}
	for i := range cols {
		if cols[i].shortName == "" {
			cols[i].shortName = uniqueShortName(asciiName(strings.ToUpper(cols[i].v.Name)), used)
		}
	}
	for i := range cols {
		c := &cols[i]
		c.segs[0].shortName = c.shortName
		for j := 1; j < len(c.segs); j++ {
			c.segs[j].shortName = uniqueShortName(c.shortName, used)
		}
	}

	slots := 0
	for i := range cols {
		cols[i].index = slots + 1
		for _, s := range cols[i].segs {
			slots += s.slots
		}
	}
	if slots > 1<<28 {
		return nil, 0, fmt.Errorf("sav: %d variables take %d case elements, too many for one file", len(vars), slots)
	}
	return cols, slots, nil
}

// uniqueShortName returns base cut to a free 8-byte name ending in _<n>,
// and marks it used.
func uniqueShortName(base string, used map[string]bool) string {
	for n := 1; ; n++ {
		suffix := "_" + strconv.Itoa(n)
		name := truncate(base, 8-len(suffix)) + suffix
		if !used[name] {
			used[name] = true
			return name
		}
	}
}

// truncate cuts s to at most n bytes without splitting a UTF-8 character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// asciiName keeps the ASCII characters of an upper-cased name that may
// appear in a short name, starting with a letter (V if there is none).
func asciiName(up string) string {
	b := make([]byte, 0, len(up))
	for i := 0; i < len(up); i++ {
		c := up[i]
		switch {
		case c >= 'A' && c <= 'Z', c == '@':
		case len(b) > 0 && (c >= '0' && c <= '9' || c == '.' || c == '_' || c == '$' || c == '#'):
		default:
			continue
		}
		b = append(b, c)
	}
	if len(b) == 0 {
		return "V"
	}
	return string(b)
}

// foldName returns the key under which SPSS and PSPP consider two names the
// same: upper case after compatibility decomposition, so that the Dutch
// ligature ĳ equals ij. The decompositions that matter for names (Latin
// ligatures, long s, fullwidth forms) are spelled out here.
func foldName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == 'ĳ' || r == 'Ĳ':
			b.WriteString("IJ")
		case r == 'ǆ' || r == 'ǅ' || r == 'Ǆ':
			b.WriteString("DŽ")
		case r == 'ǉ' || r == 'ǈ' || r == 'Ǉ':
			b.WriteString("LJ")
		case r == 'ǌ' || r == 'ǋ' || r == 'Ǌ':
			b.WriteString("NJ")
		case r == 'ǳ' || r == 'ǲ' || r == 'Ǳ':
			b.WriteString("DZ")
		case r == 'ŀ' || r == 'Ŀ':
			b.WriteString("L·")
		case r == 'ŉ':
			b.WriteString("ʼN")
		case r == 'ſ':
			b.WriteString("S")
		case r == 'ª':
			b.WriteString("A")
		case r == 'º':
			b.WriteString("O")
		case r >= 'ﬀ' && r <= 'ﬆ':
			b.WriteString([...]string{"FF", "FI", "FL", "FFI", "FFL", "ST", "ST"}[r-'ﬀ'])
		case r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９':
			b.WriteString(strings.ToUpper(string(r - 'Ａ' + 'A')))
		default:
			b.WriteString(strings.ToUpper(string(r)))
		}
	}
	return b.String()
}
