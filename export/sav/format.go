package sav

import (
	"fmt"
	"strconv"
	"strings"
)

// FormatType is an SPSS print/write format type, such as F (plain numbers),
// A (strings) or DATE. The values are the codes stored in the file.
type FormatType int

// Format types supported by the writer.
const (
	FormatA        FormatType = 1  // string
	FormatAHEX     FormatType = 2  // string in hexadecimal
	FormatCOMMA    FormatType = 3  // 1,234.56
	FormatDOLLAR   FormatType = 4  // $1,234.56
	FormatF        FormatType = 5  // 1234.56
	FormatN        FormatType = 16 // 001234 (leading zeros)
	FormatE        FormatType = 17 // 1.23E+003
	FormatDATE     FormatType = 20 // 14-OCT-1582
	FormatTIME     FormatType = 21 // 13:45:10
	FormatDATETIME FormatType = 22 // 14-OCT-1582 13:45:10
	FormatADATE    FormatType = 23 // 10/14/1582
	FormatJDATE    FormatType = 24 // 1582287
	FormatDTIME    FormatType = 25 // 3 13:45:10 (days and time)
	FormatWKDAY    FormatType = 26 // MONDAY
	FormatMONTH    FormatType = 27 // OCTOBER
	FormatMOYR     FormatType = 28 // OCT 1582
	FormatQYR      FormatType = 29 // 4 Q 1582
	FormatWKYR     FormatType = 30 // 42 WK 1582
	FormatPCT      FormatType = 31 // 12.5%
	FormatDOT      FormatType = 32 // 1.234,56
	FormatEDATE    FormatType = 38 // 14.10.1582
	FormatSDATE    FormatType = 39 // 1582/10/14
	FormatMTIME    FormatType = 40 // 45:10 (minutes and seconds)
	FormatYMDHMS   FormatType = 41 // 1582-10-14 13:45:10
)

// formatInfo describes what widths and decimals a format type accepts.
type formatInfo struct {
	name     string
	minWidth int
	decimals bool // may have decimals
}

// infoOf returns what a format type accepts, and false for unknown types.
func infoOf(t FormatType) (formatInfo, bool) {
	switch t {
	case FormatA:
		return formatInfo{"A", 1, false}, true
	case FormatAHEX:
		return formatInfo{"AHEX", 2, false}, true
	case FormatCOMMA:
		return formatInfo{"COMMA", 1, true}, true
	case FormatDOLLAR:
		return formatInfo{"DOLLAR", 2, true}, true
	case FormatF:
		return formatInfo{"F", 1, true}, true
	case FormatN:
		return formatInfo{"N", 1, false}, true
	case FormatE:
		return formatInfo{"E", 6, true}, true
	case FormatDATE:
		return formatInfo{"DATE", 9, false}, true
	case FormatTIME:
		return formatInfo{"TIME", 5, true}, true
	case FormatDATETIME:
		return formatInfo{"DATETIME", 17, true}, true
	case FormatADATE:
		return formatInfo{"ADATE", 8, false}, true
	case FormatJDATE:
		return formatInfo{"JDATE", 5, false}, true
	case FormatDTIME:
		return formatInfo{"DTIME", 8, true}, true
	case FormatWKDAY:
		return formatInfo{"WKDAY", 2, false}, true
	case FormatMONTH:
		return formatInfo{"MONTH", 3, false}, true
	case FormatMOYR:
		return formatInfo{"MOYR", 6, false}, true
	case FormatQYR:
		return formatInfo{"QYR", 6, false}, true
	case FormatWKYR:
		return formatInfo{"WKYR", 8, false}, true
	case FormatPCT:
		return formatInfo{"PCT", 2, true}, true
	case FormatDOT:
		return formatInfo{"DOT", 1, true}, true
	case FormatEDATE:
		return formatInfo{"EDATE", 8, false}, true
	case FormatSDATE:
		return formatInfo{"SDATE", 8, false}, true
	case FormatMTIME:
		return formatInfo{"MTIME", 5, true}, true
	case FormatYMDHMS:
		return formatInfo{"YMDHMS", 16, true}, true
	}
	return formatInfo{}, false
}

// Format is an SPSS display format: type, total width in characters and
// number of decimals, written like F8.2, A255 or DATETIME20.
//
// The zero Format means "the default": F8.2 for numeric variables and
// A<width> for string variables.
type Format struct {
	Type     FormatType
	Width    int
	Decimals int
}

// String returns the format as SPSS writes it, e.g. "F8.2" or "DATE11".
func (f Format) String() string {
	info, ok := infoOf(f.Type)
	name := info.name
	if !ok {
		name = fmt.Sprintf("format%d", int(f.Type))
	}
	if f.Decimals > 0 {
		return fmt.Sprintf("%s%d.%d", name, f.Width, f.Decimals)
	}
	return fmt.Sprintf("%s%d", name, f.Width)
}

// ParseFormat parses a format written as SPSS syntax writes it, such as
// "F8.2", "f3", "A255", "DATETIME20" or "EDATE10".
func ParseFormat(s string) (Format, error) {
	src := strings.ToUpper(strings.TrimSpace(s))
	i := strings.IndexFunc(src, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return Format{}, fmt.Errorf("sav: format %q: want a format name followed by a width, like F8.2 or A20", s)
	}
	name, rest := src[:i], src[i:]
	var typ FormatType
	for t := FormatA; t <= FormatYMDHMS; t++ {
		if info, ok := infoOf(t); ok && info.name == name {
			typ = t
			break
		}
	}
	if typ == 0 {
		return Format{}, fmt.Errorf("sav: format %q: unknown format type %q", s, name)
	}
	width, decimals := rest, ""
	if j := strings.IndexByte(rest, '.'); j >= 0 {
		width, decimals = rest[:j], rest[j+1:]
	}
	f := Format{Type: typ}
	var err error
	if f.Width, err = strconv.Atoi(width); err != nil {
		return Format{}, fmt.Errorf("sav: format %q: bad width %q", s, width)
	}
	if decimals != "" {
		if f.Decimals, err = strconv.Atoi(decimals); err != nil {
			return Format{}, fmt.Errorf("sav: format %q: bad number of decimals %q", s, decimals)
		}
	}
	return f, nil
}

// validate checks f as the format of a variable of the given type.
func (f Format) validate(t Type) error {
	info, ok := infoOf(f.Type)
	if !ok {
		return fmt.Errorf("unknown format type %d", int(f.Type))
	}
	if t.IsString() {
		switch f.Type {
		case FormatA:
			if f.Width != t.Width() {
				return fmt.Errorf("format %s does not match string width %d (use A%d)", f, t.Width(), t.Width())
			}
		case FormatAHEX:
			if f.Width != 2*t.Width() {
				return fmt.Errorf("format %s does not match string width %d (use AHEX%d)", f, t.Width(), 2*t.Width())
			}
		default:
			return fmt.Errorf("format %s is numeric, but the variable is a string", f)
		}
		return nil
	}
	if f.Type == FormatA || f.Type == FormatAHEX {
		return fmt.Errorf("format %s is for strings, but the variable is numeric", f)
	}
	if f.Width < info.minWidth || f.Width > 40 {
		return fmt.Errorf("format %s: width must be between %d and 40", f, info.minWidth)
	}
	if f.Decimals < 0 || f.Decimals > 16 {
		return fmt.Errorf("format %s: decimals must be between 0 and 16", f)
	}
	if f.Decimals > 0 && !info.decimals {
		return fmt.Errorf("format %s: %s formats have no decimals", f, info.name)
	}
	if f.Decimals > 0 {
		// Room for the decimal point and the digits before it.
		need := f.Decimals + 2
		switch f.Type {
		case FormatE:
			need = f.Decimals + 7
		case FormatMTIME: // mm:ss.d
			need = info.minWidth + 1 + f.Decimals
		case FormatTIME, FormatDATETIME, FormatDTIME, FormatYMDHMS: // ...hh:mm:ss.d
			need = info.minWidth + 4 + f.Decimals
		}
		if f.Width < need {
			return fmt.Errorf("format %s: %d decimals need a width of at least %d", f, f.Decimals, need)
		}
	}
	return nil
}

// code is the packed int32 form stored in variable records.
func (f Format) code() uint32 {
	return uint32(f.Type)<<16 | uint32(f.Width)<<8 | uint32(f.Decimals)
}
