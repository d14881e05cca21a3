package dta

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// Limits of format 118.
const (
	// MaxNameLength is the most characters a variable or value label name has.
	MaxNameLength = 32
	// MaxLabelLength is the most characters a variable or dataset label has;
	// longer labels are shortened with "…".
	MaxLabelLength = 80
	// MaxValueLabelBytes is the longest value label text in bytes; longer
	// labels are shortened with "…".
	MaxValueLabelBytes = 32000
	// MaxVariables is the most variables a 118 file holds (Stata/MP).
	MaxVariables = 32767
)

// Variable describes one column.
type Variable struct {
	// Name is 1 to 32 characters: ASCII letters, digits and _, not starting
	// with a digit, not a Stata reserved word, unique.
	Name string
	// Label is the variable label; more than 80 characters are shortened
	// with "…".
	Label string
	Type  Type
	// Format is the display format, such as %9.0g, %tc or %20s; empty picks
	// one for the type.
	Format string
	// ValueLabel names the LabelSet of this numeric variable, or is empty.
	ValueLabel string
}

// ValueLabel labels one whole number or one missing value (.a, .b, ...).
type ValueLabel struct {
	Value Value
	Label string
}

// LabelSet is a named value label (Stata's "label define").
type LabelSet struct {
	Name   string
	Labels []ValueLabel
}

// Writer writes one .dta file. A Writer is not safe for concurrent use.
type Writer struct {
	bw      *bufio.Writer
	patch   io.WriterAt
	start   int64
	vars    []Variable
	offs    []int // offset of each variable in an observation
	row     []byte
	n       int64 // declared observations
	rows    int64
	written int64 // bytes written so far
	mapAt   int64 // offset of the first map entry
	nAt     int64 // offset of N in the header
	strls   *os.File
	strlBuf *bufio.Writer
	labels  []byte // <value_labels>...</value_labels>
	hasStrL bool
	err     error
	closed  bool
}

// WriteRow appends one observation: one Value per variable, in order. A
// row with a wrong value is rejected whole and the writer stays usable.
func (w *Writer) WriteRow(vals []Value) error {
	if w.closed {
		return errors.New("dta: WriteRow after Close")
	}
	if w.err != nil {
		return w.err
	}
	if len(vals) != len(w.vars) {
		return fmt.Errorf("dta: observation %d has %d values, want one for each of the %d variables", w.rows+1, len(vals), len(w.vars))
	}
	obs := w.rows + 1
	var strls []int
	for i := range w.vars {
		v, x := &w.vars[i], vals[i]
		b := w.row[w.offs[i] : w.offs[i]+v.Type.size()]
		switch {
		case v.Type.IsStr():
			if x.kind == kindNumber || (x.kind == kindMissing && x.tag != 0) {
				return fmt.Errorf("dta: observation %d, variable %q: %s for a string variable", obs, v.Name, x)
			}
			if len(x.str) > len(b) {
				return fmt.Errorf("dta: observation %d, variable %q: text of %d bytes does not fit %s", obs, v.Name, len(x.str), v.Type)
			}
			n := copy(b, x.str)
			clear(b[n:])
		case v.Type == StrL:
			if x.kind == kindNumber || (x.kind == kindMissing && x.tag != 0) {
				return fmt.Errorf("dta: observation %d, variable %q: %s for a string variable", obs, v.Name, x)
			}
			if x.str == "" {
				clear(b)
				continue
			}
			binary.LittleEndian.PutUint16(b, uint16(i+1))
			var o [8]byte
			binary.LittleEndian.PutUint64(o[:], uint64(obs))
			copy(b[2:], o[:6])
			strls = append(strls, i)
		default:
			if x.kind == kindString {
				return fmt.Errorf("dta: observation %d, variable %q: string %q for a numeric variable", obs, v.Name, x.str)
			}
			if err := putNumber(b, v.Type, x); err != nil {
				return fmt.Errorf("dta: observation %d, variable %q: %w", obs, v.Name, err)
			}
		}
	}
	if _, err := w.bw.Write(w.row); err != nil {
		w.err = fmt.Errorf("dta: write observation %d: %w", obs, err)
		return w.err
	}
	w.written += int64(len(w.row))
	for _, i := range strls {
		if err := w.spool(i, obs, vals[i].str); err != nil {
			w.err = err
			return err
		}
	}
	w.rows++
	return nil
}

// spool keeps one strL (a GSO record) in the temporary file until Close.
func (w *Writer) spool(i int, obs int64, s string) error {
	if w.strls == nil {
		f, err := os.CreateTemp("", "peil-dta-strls-*")
		if err != nil {
			return fmt.Errorf("dta: temporary file for long strings: %w", err)
		}
		w.strls, w.strlBuf = f, bufio.NewWriterSize(f, 64<<10)
	}
	le := binary.LittleEndian
	var h [3 + 4 + 8 + 1 + 4]byte
	copy(h[:], "GSO")
	le.PutUint32(h[3:], uint32(i+1))
	le.PutUint64(h[7:], uint64(obs))
	h[15] = 130 // text with a trailing \0
	le.PutUint32(h[16:], uint32(len(s)+1))
	w.strlBuf.Write(h[:])
	w.strlBuf.WriteString(s)
	if err := w.strlBuf.WriteByte(0); err != nil {
		return fmt.Errorf("dta: temporary file for long strings: %w", err)
	}
	return nil
}

// Rows returns the number of observations written so far.
func (w *Writer) Rows() int64 { return w.rows }

// Close writes the strLs, the value labels and the end of the file, and
// corrects the number of observations and the map when out is a file. It
// does not close out.
func (w *Writer) Close() error {
	if w.closed {
		return errors.New("dta: Close called twice")
	}
	w.closed = true
	if w.strls != nil {
		defer os.Remove(w.strls.Name())
		defer w.strls.Close()
	}
	if w.err != nil {
		return w.err
	}
	if w.rows != w.n && w.patch == nil {
		return fmt.Errorf("dta: %d observations written, but %d were announced", w.rows, w.n)
	}
	if _, err := w.bw.WriteString("</data><strls>"); err != nil {
		return fmt.Errorf("dta: write: %w", err)
	}
	strlsAt := w.written + int64(len("</data>"))
	w.written += int64(len("</data><strls>"))
	if w.strls != nil {
		if err := w.strlBuf.Flush(); err != nil {
			return fmt.Errorf("dta: temporary file for long strings: %w", err)
		}
		if _, err := w.strls.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("dta: temporary file for long strings: %w", err)
		}
		n, err := io.Copy(w.bw, w.strls)
		if err != nil {
			return fmt.Errorf("dta: write long strings: %w", err)
		}
		w.written += n
	}
	if _, err := w.bw.WriteString("</strls>"); err != nil {
		return fmt.Errorf("dta: write: %w", err)
	}
	w.written += int64(len("</strls>"))
	labelsAt := w.written
	w.bw.Write(w.labels)
	w.written += int64(len(w.labels))
	endAt := w.written
	if _, err := w.bw.WriteString("</stata_dta>"); err != nil {
		return fmt.Errorf("dta: write: %w", err)
	}
	w.written += int64(len("</stata_dta>"))
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("dta: write: %w", err)
	}
	if w.patch == nil {
		return nil
	}
	le := binary.LittleEndian
	var n [8]byte
	le.PutUint64(n[:], uint64(w.rows))
	if _, err := w.patch.WriteAt(n[:], w.start+w.nAt); err != nil {
		return fmt.Errorf("dta: write the number of observations: %w", err)
	}
	var m [4 * 8]byte
	for i, x := range []int64{strlsAt, labelsAt, endAt, w.written} {
		le.PutUint64(m[i*8:], uint64(x))
	}
	if _, err := w.patch.WriteAt(m[:], w.start+w.mapAt+10*8); err != nil {
		return fmt.Errorf("dta: write the file map: %w", err)
	}
	return nil
}
