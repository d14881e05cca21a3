package dta

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Type is a variable's storage type.
type Type uint16

// Storage types, with the codes the format uses.
const (
	Double Type = 65526
	Float  Type = 65527
	Long   Type = 65528
	Int    Type = 65529
	Byte   Type = 65530
	// StrL holds strings of any length.
	StrL Type = 32768
)

// MaxStrWidth is the widest fixed-width string type, str2045.
const MaxStrWidth = 2045

// StrN returns the type strN: strings of at most n bytes (1 to MaxStrWidth).
func StrN(n int) Type { return Type(n) }

// IsStr reports whether t is a fixed-width string type (str1 to str2045).
func (t Type) IsStr() bool { return t >= 1 && t <= MaxStrWidth }

// IsString reports whether t holds strings (strN or strL).
func (t Type) IsString() bool { return t.IsStr() || t == StrL }

// size returns the bytes one value takes in an observation.
func (t Type) size() int {
	switch {
	case t.IsStr():
		return int(t)
	case t == StrL, t == Double:
		return 8
	case t == Float, t == Long:
		return 4
	case t == Int:
		return 2
	case t == Byte:
		return 1
	}
	return 0
}

func (t Type) String() string {
	switch {
	case t.IsStr():
		return fmt.Sprintf("str%d", int(t))
	case t == StrL:
		return "strL"
	case t == Double:
		return "double"
	case t == Float:
		return "float"
	case t == Long:
		return "long"
	case t == Int:
		return "int"
	case t == Byte:
		return "byte"
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// Ranges of whole numbers each integer type holds (beyond them are the
// missing values).
const (
	maxByte = 100
	minByte = -127
	maxInt  = 32740
	minInt  = -32767
	maxLong = 2147483620
	minLong = -2147483647
)

// SmallestInt returns the smallest integer type that holds every whole
// number from lo to hi, or Double when none does.
func SmallestInt(lo, hi int64) Type {
	switch {
	case lo >= minByte && hi <= maxByte:
		return Byte
	case lo >= minInt && hi <= maxInt:
		return Int
	case lo >= minLong && hi <= maxLong:
		return Long
	}
	return Double
}

type valueKind uint8

const (
	kindMissing valueKind = iota // . or .a-.z
	kindNumber
	kindString
)

// Value is one cell of an observation: a number (Num), a string (Str) or a
// missing value (Missing). The zero Value is the system missing value ".",
// or the empty string for string variables.
type Value struct {
	num  float64
	str  string
	tag  byte // 0 for ".", 'a'..'z' for extended missing values
	kind valueKind
}

// Num returns a numeric value. NaN is written as ".".
func Num(f float64) Value {
	if math.IsNaN(f) {
		return Value{}
	}
	return Value{num: f, kind: kindNumber}
}

// Str returns a string value (UTF-8).
func Str(s string) Value { return Value{str: s, kind: kindString} }

// Missing returns the missing value "." for tag 0 and the extended missing
// value .a to .z for tag 'a' to 'z'.
func Missing(tag byte) Value { return Value{tag: tag} }

// IsMissing reports whether v is a missing value, and which (0 for ".").
func (v Value) IsMissing() (tag byte, ok bool) { return v.tag, v.kind == kindMissing }

func (v Value) String() string {
	switch v.kind {
	case kindNumber:
		return fmt.Sprint(v.num)
	case kindString:
		return fmt.Sprintf("%q", v.str)
	}
	if v.tag == 0 {
		return "."
	}
	return "." + string(v.tag)
}

// missingIndex returns 0 for "." and 1 to 26 for .a to .z.
func missingIndex(tag byte) int {
	if tag == 0 {
		return 0
	}
	return int(tag-'a') + 1
}

func validTag(tag byte) bool { return tag == 0 || (tag >= 'a' && tag <= 'z') }

// labelCode returns the whole number a value label table uses for v: the
// number itself, or for missing values the long encoding (. is 2147483621,
// .a 2147483622, ...).
func labelCode(v Value) (int32, error) {
	switch v.kind {
	case kindMissing:
		if !validTag(v.tag) {
			return 0, fmt.Errorf("missing value tag %q is not a to z", v.tag)
		}
		return int32(maxLong + 1 + missingIndex(v.tag)), nil
	case kindNumber:
		if v.num != math.Trunc(v.num) || v.num < minLong || v.num > maxLong {
			return 0, fmt.Errorf("value labels need whole numbers from %d to %d, not %v", minLong, maxLong, v.num)
		}
		return int32(v.num), nil
	}
	return 0, fmt.Errorf("value labels label numbers, not the string %q", v.str)
}

// putNumber encodes a number or missing value of numeric type t into b.
func putNumber(b []byte, t Type, v Value) error {
	if v.kind == kindMissing {
		if !validTag(v.tag) {
			return fmt.Errorf("missing value tag %q is not a to z", v.tag)
		}
		k := missingIndex(v.tag)
		switch t {
		case Byte:
			b[0] = byte(maxByte + 1 + k)
		case Int:
			binary.LittleEndian.PutUint16(b, uint16(maxInt+1+k))
		case Long:
			binary.LittleEndian.PutUint32(b, uint32(maxLong+1+k))
		case Float:
			binary.LittleEndian.PutUint32(b, 0x7f000000+uint32(k)<<11)
		case Double:
			binary.LittleEndian.PutUint64(b, 0x7fe0000000000000+uint64(k)<<40)
		}
		return nil
	}
	f := v.num
	switch t {
	case Byte, Int, Long:
		lo, hi := int64(minByte), int64(maxByte)
		if t == Int {
			lo, hi = minInt, maxInt
		} else if t == Long {
			lo, hi = minLong, maxLong
		}
		if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
			return fmt.Errorf("%v does not fit a %s (whole numbers %d to %d)", f, t, lo, hi)
		}
		switch t {
		case Byte:
			b[0] = byte(int8(f))
		case Int:
			binary.LittleEndian.PutUint16(b, uint16(int16(f)))
		default:
			binary.LittleEndian.PutUint32(b, uint32(int32(f)))
		}
	case Float:
		if math.Abs(f) > 1.701e38 {
			return fmt.Errorf("%v does not fit a float", f)
		}
		binary.LittleEndian.PutUint32(b, math.Float32bits(float32(f)))
	case Double:
		if f > 8.988e307 || math.IsInf(f, 0) {
			return fmt.Errorf("%v does not fit a double", f)
		}
		binary.LittleEndian.PutUint64(b, math.Float64bits(f))
	}
	return nil
}
