package sav

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Type is a variable's type: Numeric, or a string of a fixed width in bytes
// made with String.
type Type int

// Numeric is the type of numeric variables (float64 values).
const Numeric Type = 0

// MaxStringWidth is the widest string variable SPSS supports, in bytes.
const MaxStringWidth = 32767

// String returns the type of string variables width bytes wide (1 to
// MaxStringWidth). Values are UTF-8; width counts bytes, not characters, so
// "ĳ" takes 2 of them.
func String(width int) Type { return Type(width) }

// IsString reports whether t is a string type.
func (t Type) IsString() bool { return t != Numeric }

// Width returns the width of a string type in bytes, or 0 for Numeric.
func (t Type) Width() int { return int(t) }

// Measure is a variable's measurement level.
type Measure int

// Measurement levels. MeasureDefault picks Nominal for strings and for
// numeric variables with value labels, and Scale for other numeric variables.
const (
	MeasureDefault Measure = iota
	Nominal
	Ordinal
	Scale
)

// Alignment is how SPSS aligns a variable's values in its data view.
// AlignDefault is right for numeric variables and left for strings.
type Alignment int

// Alignments.
const (
	AlignDefault Alignment = iota
	AlignLeft
	AlignRight
	AlignCenter
)

// ValueLabel labels one value of a variable, such as 8 = "weet ik niet".
type ValueLabel struct {
	Value Value
	Label string // UTF-8; cut to 255 bytes, the most the format holds
}

// Range is an inclusive range of user-missing numeric values. Use
// math.Inf(-1) for LOWEST and math.Inf(1) for HIGHEST.
type Range struct {
	Low, High float64
}

// Variable describes one column of the data file.
type Variable struct {
	// Name must be a valid SPSS name: 1 to 64 bytes, starting with a letter
	// or @, followed by letters, digits and . _ $ # @, not ending in a period,
	// not a reserved word (ALL AND BY EQ GE GT LE LT NE NOT OR TO WITH), and
	// unique regardless of case.
	Name string
	// Label is the variable label (UTF-8), written whole.
	Label string
	// Type is Numeric or String(width).
	Type Type
	// Format is the print and write format; the zero Format is F8.2 for
	// numbers and A<width> for strings.
	Format Format
	// Measure is the measurement level.
	Measure Measure
	// ValueLabels label single values: numbers for numeric variables,
	// strings for string variables.
	ValueLabels []ValueLabel
	// Missing holds up to 3 discrete user-missing values (only 1 when
	// MissingRange is set). Strings may be at most 8 bytes.
	Missing []Value
	// MissingRange, for numeric variables only, marks a range as missing.
	MissingRange *Range
	// Align and DisplayWidth (columns, 0 for the default) control the data
	// view in SPSS.
	Align        Alignment
	DisplayWidth int
}

// isReserved reports whether upper (an upper-cased name) is a reserved word,
// which may not be used as a variable name.
func isReserved(upper string) bool {
	switch upper {
	case "ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH":
		return true
	}
	return false
}

// validateName checks that name is a valid SPSS variable name.
func validateName(name string) error {
	if name == "" {
		return errors.New("name is empty")
	}
	if len(name) > 64 {
		return fmt.Errorf("name is %d bytes long, the most is 64", len(name))
	}
	if !utf8.ValidString(name) {
		return errors.New("name is not valid UTF-8")
	}
	if isReserved(strings.ToUpper(name)) {
		return fmt.Errorf("%s is a reserved word in SPSS", strings.ToUpper(name))
	}
	for i, r := range name {
		switch {
		case unicode.IsLetter(r), r == '@':
		case i == 0 && (r == '#' || r == '$'):
			return fmt.Errorf("name starts with %q, which SPSS keeps for scratch and system variables", r)
		case i == 0:
			return fmt.Errorf("name starts with %q; it must start with a letter or @", r)
		case unicode.IsDigit(r), r == '.', r == '_', r == '$', r == '#':
		default:
			return fmt.Errorf("name contains %q; only letters, digits and . _ $ # @ are allowed", r)
		}
	}
	if strings.HasSuffix(name, ".") {
		return errors.New("name ends with a period")
	}
	return nil
}

// validate checks v on its own (uniqueness of names is checked by the caller).
func (v *Variable) validate() error {
	var errs []error
	if err := validateName(v.Name); err != nil {
		errs = append(errs, err)
	}
	if v.Type < 0 || v.Type > MaxStringWidth {
		errs = append(errs, fmt.Errorf("string width %d is outside 1..%d", int(v.Type), MaxStringWidth))
		return errors.Join(errs...) // everything below depends on the type
	}
	if v.Format != (Format{}) {
		if err := v.Format.validate(v.Type); err != nil {
			errs = append(errs, err)
		}
	}
	if v.Measure < MeasureDefault || v.Measure > Scale {
		errs = append(errs, fmt.Errorf("unknown measurement level %d", int(v.Measure)))
	}
	if v.Align < AlignDefault || v.Align > AlignCenter {
		errs = append(errs, fmt.Errorf("unknown alignment %d", int(v.Align)))
	}
	if v.DisplayWidth < 0 {
		errs = append(errs, fmt.Errorf("negative display width %d", v.DisplayWidth))
	}
	seen := make(map[Value]bool, len(v.ValueLabels))
	for _, vl := range v.ValueLabels {
		if err := v.checkValue(vl.Value); err != nil {
			errs = append(errs, fmt.Errorf("value label %q: %w", vl.Label, err))
			continue
		}
		key := v.canonical(vl.Value)
		if seen[key] {
			errs = append(errs, fmt.Errorf("value %s has more than one label", vl.Value))
		}
		seen[key] = true
	}
	limit := 3
	if v.MissingRange != nil {
		limit = 1
		switch r := v.MissingRange; {
		case v.Type.IsString():
			errs = append(errs, errors.New("a missing-value range needs a numeric variable"))
		case math.IsNaN(r.Low) || math.IsNaN(r.High) || r.Low > r.High:
			errs = append(errs, fmt.Errorf("missing-value range %g THRU %g is empty", r.Low, r.High))
		}
	}
	if len(v.Missing) > limit {
		errs = append(errs, fmt.Errorf("%d missing values given, the most is %d", len(v.Missing), limit))
	}
	for _, m := range v.Missing {
		if err := v.checkValue(m); err != nil {
			errs = append(errs, fmt.Errorf("missing value: %w", err))
			continue
		}
		if m.kind == kindNumber && math.IsNaN(m.num) {
			errs = append(errs, errors.New("missing value: system-missing is always missing and cannot be a user-missing value"))
		}
		if m.kind == kindString && len(m.str) > 8 {
			errs = append(errs, fmt.Errorf("missing value %q is %d bytes long; SPSS keeps at most 8", m.str, len(m.str)))
		}
	}
	return errors.Join(errs...)
}

// checkValue checks that x is a non-empty value of v's type.
func (v *Variable) checkValue(x Value) error {
	switch {
	case x.kind == kindNone:
		return errors.New("no value given (use Num or Str)")
	case v.Type.IsString() && x.kind != kindString:
		return fmt.Errorf("numeric value %s for a string variable", x)
	case !v.Type.IsString() && x.kind != kindNumber:
		return fmt.Errorf("string value %s for a numeric variable", x)
	case x.kind == kindString && len(x.str) > v.Type.Width():
		return fmt.Errorf("string %q is %d bytes long, wider than the variable (%d)", x.str, len(x.str), v.Type.Width())
	}
	return nil
}

// canonical returns x in the form SPSS compares values: strings without
// trailing spaces.
func (v *Variable) canonical(x Value) Value {
	if x.kind == kindString {
		x.str = strings.TrimRight(x.str, " ")
	}
	return x
}

// measureCode returns the 7.11 measurement level code.
func (v *Variable) measureCode() int32 {
	switch v.Measure {
	case Nominal:
		return 1
	case Ordinal:
		return 2
	case Scale:
		return 3
	}
	if v.Type.IsString() || len(v.ValueLabels) > 0 {
		return 1
	}
	return 3
}

// alignCode returns the 7.11 alignment code.
func (v *Variable) alignCode() int32 {
	switch v.Align {
	case AlignLeft:
		return 0
	case AlignRight:
		return 1
	case AlignCenter:
		return 2
	}
	if v.Type.IsString() {
		return 0
	}
	return 1
}

// format returns the effective format.
func (v *Variable) format() Format {
	if v.Format != (Format{}) {
		return v.Format
	}
	if v.Type.IsString() {
		return Format{Type: FormatA, Width: v.Type.Width()}
	}
	return Format{Type: FormatF, Width: 8, Decimals: 2}
}

// displayWidth returns the effective display width in columns.
func (v *Variable) displayWidth() int32 {
	if v.DisplayWidth > 0 {
		return int32(v.DisplayWidth)
	}
	if v.Type.IsString() {
		return int32(min(v.Type.Width(), 40))
	}
	return int32(max(v.format().Width, 1))
}
