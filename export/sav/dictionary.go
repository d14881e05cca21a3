package sav

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"time"
)

// Special numbers of the format (record 7.4): system-missing is -DBL_MAX,
// HIGHEST is DBL_MAX and LOWEST the next number above -DBL_MAX.
const (
	sysmisBits  uint64 = 0xffefffffffffffff
	highestBits uint64 = 0x7fefffffffffffff
	lowestBits  uint64 = 0xffeffffffffffffe
)

// compressionBias is the bias of bytecode compression: code c stands for
// the number c - 100.
const compressionBias = 100

// ncasesOffset is where the header keeps the number of cases.
const ncasesOffset = 80

// enc appends little-endian binary data to a byte slice.
type enc struct{ b []byte }

func (e *enc) i32(v int32)   { e.b = binary.LittleEndian.AppendUint32(e.b, uint32(v)) }
func (e *enc) u64(v uint64)  { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *enc) f64(v float64) { e.u64(math.Float64bits(v)) }
func (e *enc) bytes(s string) {
	e.b = append(e.b, s...)
}

// padded appends s cut or padded with spaces to exactly n bytes.
func (e *enc) padded(s string, n int) {
	s = truncate(s, n)
	e.b = append(e.b, s...)
	for i := len(s); i < n; i++ {
		e.b = append(e.b, ' ')
	}
}

// FitLabel returns s if it has at most n bytes, and otherwise s shortened
// at a word boundary to fit in n bytes with an ellipsis ("…", UTF-8, as
// the file declares): a label cut mid-word or mid-phrase reads as a
// mistake. A first word longer than n is cut on a character boundary.
func FitLabel(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	room := n - len(ellipsis)
	if room <= 0 {
		return truncate(s, n)
	}
	cut := truncate(s, room)
	// Keep whole words: cut at the last space when the next character
	// does not start a word already.
	if len(cut) < len(s) && !strings.ContainsRune(" ,;:.)!?", rune(s[len(cut)])) {
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
	}
	cut = strings.TrimRight(cut, " ,;:-–(")
	return cut + ellipsis
}

// numberBits returns the stored bits of f: NaN becomes system-missing and
// infinities LOWEST and HIGHEST.
func numberBits(f float64) uint64 {
	switch {
	case math.IsNaN(f):
		return sysmisBits
	case math.IsInf(f, 1):
		return highestBits
	case math.IsInf(f, -1):
		return lowestBits
	}
	return math.Float64bits(f)
}

// header appends the file header record.
func (e *enc) header(h Header, slots int, compressed bool) {
	e.bytes("$FL2")
	e.padded("@(#) SPSS DATA FILE peil export/sav", 60)
	e.i32(2) // layout code
	e.i32(int32(slots))
	if compressed {
		e.i32(1)
	} else {
		e.i32(0)
	}
	e.i32(0)  // no weight variable
	e.i32(-1) // number of cases: unknown until Close
	e.f64(compressionBias)
	created := h.Created
	if created.IsZero() {
		created = time.Now()
	}
	e.padded(created.Format("02 Jan 06"), 9)
	e.padded(created.Format("15:04:05"), 8)
	e.padded(FitLabel(h.Label, 64), 64)
	e.b = append(e.b, 0, 0, 0)
}

// variables appends the variable records (type 2) of all columns.
func (e *enc) variables(cols []column) {
	for _, c := range cols {
		for si, s := range c.segs {
			e.i32(2)
			e.i32(int32(s.width))
			label := si == 0 && c.v.Label != ""
			e.i32(b2i(label))
			var missing []Value
			if si == 0 && (c.v.Type.Width() <= 8) {
				missing = c.v.Missing
			}
			nMissing := int32(len(missing))
			if si == 0 && c.v.MissingRange != nil {
				nMissing = -2 - nMissing
			}
			e.i32(nMissing)
			f := c.v.format()
			if s.width > 0 {
				f = Format{Type: FormatA, Width: s.width}
				if c.v.format().Type == FormatAHEX {
					f = Format{Type: FormatAHEX, Width: 2 * s.width}
				}
			}
			e.i32(int32(f.code()))
			e.i32(int32(f.code()))
			e.padded(s.shortName, 8)
			if label {
				e.i32(int32(len(c.v.Label)))
				e.bytes(c.v.Label)
				for n := len(c.v.Label); n%4 != 0; n++ {
					e.b = append(e.b, 0)
				}
			}
			if si == 0 && c.v.MissingRange != nil {
				e.u64(numberBits(c.v.MissingRange.Low))
				e.u64(numberBits(c.v.MissingRange.High))
			}
			for _, m := range missing {
				e.value8(m)
			}
			// Continuation records for the rest of a long string.
			for k := 1; k < s.slots; k++ {
				e.i32(2)
				e.i32(-1)
				e.i32(0)
				e.i32(0)
				e.i32(0)
				e.i32(0)
				e.padded("", 8)
			}
		}
	}
}

// value8 appends a number or a string padded to 8 bytes.
func (e *enc) value8(v Value) {
	if v.kind == kindString {
		e.padded(v.str, 8)
		return
	}
	e.u64(numberBits(v.num))
}

// valueLabels appends records 3 and 4 for numeric and short string
// variables.
func (e *enc) valueLabels(cols []column) {
	for _, c := range cols {
		if len(c.v.ValueLabels) == 0 || c.v.Type.Width() > 8 {
			continue
		}
		e.i32(3)
		e.i32(int32(len(c.v.ValueLabels)))
		for _, vl := range c.v.ValueLabels {
			e.value8(vl.Value)
			label := truncate(vl.Label, 255)
			e.b = append(e.b, byte(len(label)))
			e.bytes(label)
			for n := len(label) + 1; n%8 != 0; n++ {
				e.b = append(e.b, ' ')
			}
		}
		e.i32(4)
		e.i32(1)
		e.i32(int32(c.index))
	}
}

// documents appends the document record (type 6), 80 bytes a line.
func (e *enc) documents(docs []string) {
	var lines []string
	for _, d := range docs {
		for _, line := range strings.Split(d, "\n") {
			for len(line) > 80 {
				cut := truncate(line, 80)
				lines = append(lines, cut)
				line = line[len(cut):]
			}
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return
	}
	e.i32(6)
	e.i32(int32(len(lines)))
	for _, l := range lines {
		e.padded(l, 80)
	}
}

// extension starts an extension record (type 7) and returns a function
// that, called after the body is appended, fills in its element count.
func (e *enc) extension(subtype, size int32) func() {
	e.i32(7)
	e.i32(subtype)
	e.i32(size)
	at := len(e.b)
	e.i32(0)
	return func() {
		n := (len(e.b) - at - 4) / int(size)
		binary.LittleEndian.PutUint32(e.b[at:], uint32(n))
	}
}

// machineInfo appends records 7.3 and 7.4.
func (e *enc) machineInfo(compressed bool) {
	done := e.extension(3, 4)
	e.i32(1) // version 1.0.0 of this writer
	e.i32(0)
	e.i32(0)
	e.i32(-1) // machine code
	e.i32(1)  // IEEE 754 floating point
	e.i32(b2i(compressed))
	e.i32(2)     // little endian
	e.i32(65001) // UTF-8
	done()

	done = e.extension(4, 8)
	e.u64(sysmisBits)
	e.u64(highestBits)
	e.u64(lowestBits)
	done()
}

// displayParameters appends record 7.11, one entry per segment.
func (e *enc) displayParameters(cols []column) {
	done := e.extension(11, 4)
	for _, c := range cols {
		for range c.segs {
			e.i32(c.v.measureCode())
			e.i32(c.v.displayWidth())
			e.i32(c.v.alignCode())
		}
	}
	done()
}

// longNames appends record 7.13: SHORT=LongName pairs separated by tabs.
func (e *enc) longNames(cols []column) {
	done := e.extension(13, 1)
	for i, c := range cols {
		if i > 0 {
			e.b = append(e.b, '\t')
		}
		e.bytes(c.shortName + "=" + c.v.Name)
	}
	done()
}

// veryLongStrings appends record 7.14 if any string is wider than 255.
func (e *enc) veryLongStrings(cols []column) {
	var done func()
	for _, c := range cols {
		if len(c.segs) < 2 {
			continue
		}
		if done == nil {
			done = e.extension(14, 1)
		}
		e.bytes(c.shortName + "=" + leftPad(strconv.Itoa(c.v.Type.Width()), 5))
		e.b = append(e.b, 0, '\t')
	}
	if done != nil {
		done()
	}
}

// encoding appends record 7.20.
func (e *enc) encoding() {
	done := e.extension(20, 1)
	e.bytes("UTF-8")
	done()
}

// longStringLabels appends record 7.21 for strings wider than 8 bytes.
func (e *enc) longStringLabels(cols []column) {
	var done func()
	for _, c := range cols {
		w := c.v.Type.Width()
		if w <= 8 || len(c.v.ValueLabels) == 0 {
			continue
		}
		if done == nil {
			done = e.extension(21, 1)
		}
		e.i32(int32(len(c.v.Name)))
		e.bytes(c.v.Name)
		e.i32(int32(w))
		e.i32(int32(len(c.v.ValueLabels)))
		for _, vl := range c.v.ValueLabels {
			e.i32(int32(w))
			e.padded(vl.Value.str, w)
			label := truncate(vl.Label, 255)
			e.i32(int32(len(label)))
			e.bytes(label)
		}
	}
	if done != nil {
		done()
	}
}

// longStringMissing appends record 7.22 for strings wider than 8 bytes.
func (e *enc) longStringMissing(cols []column) {
	var done func()
	for _, c := range cols {
		if c.v.Type.Width() <= 8 || len(c.v.Missing) == 0 {
			continue
		}
		if done == nil {
			done = e.extension(22, 1)
		}
		e.i32(int32(len(c.v.Name)))
		e.bytes(c.v.Name)
		e.b = append(e.b, byte(len(c.v.Missing)))
		e.i32(8)
		for _, m := range c.v.Missing {
			e.padded(m.str, 8)
		}
	}
	if done != nil {
		done()
	}
}

// end appends the dictionary termination record.
func (e *enc) end() {
	e.i32(999)
	e.i32(0)
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}
