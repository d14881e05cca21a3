package sav

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// Header holds the file-level information.
type Header struct {
	// Label is the file label; one longer than 64 bytes is shortened at
	// a word boundary, with an ellipsis (FitLabel).
	Label string
	// Created is the creation time written in the header; the zero time
	// means now.
	Created time.Time
	// Compression turns on SPSS bytecode compression, which stores small
	// whole numbers, blanks and system-missing in one byte each.
	Compression bool
	// Documents are free-text lines kept with the file (SPSS DOCUMENT),
	// wrapped at 80 bytes.
	Documents []string
}

// Writer writes one system file. Create it with NewWriter, add rows with
// WriteRow and finish with Close. A Writer is not safe for concurrent use.
type Writer struct {
	bw         *bufio.Writer
	patch      io.WriterAt // for the number of cases at Close, or nil
	start      int64       // offset of the file in patch
	cols       []column
	row        []byte // one case, uncompressed, reused
	numeric    []bool // per case element: numeric or string
	compressed bool
	cmp        compressor
	rows       int64
	err        error // first write error; sticky
	closed     bool
}

// compressor collects bytecode compression: a block of 8 command bytes
// followed by the 8-byte values of the commands that need them.
type compressor struct {
	cmds  [8]byte
	n     int
	data  [64]byte
	ndata int
}

// Bytecodes of compressed data.
const (
	codeRaw    = 253 // an uncompressed 8-byte value follows the block
	codeBlank  = 254 // eight spaces
	codeSysmis = 255 // system-missing
)

// NewWriter validates the variables, writes the dictionary to out and
// returns a Writer for the rows. All problems with the variables are
// reported together. The number of cases is filled in at Close when out is
// also an io.WriterAt and io.Seeker (such as *os.File); otherwise it is
// left "unknown", which readers accept. NewWriter does not close out.
func NewWriter(out io.Writer, h Header, vars []Variable) (*Writer, error) {
	cols, slots, err := layout(vars)
	if err != nil {
		return nil, err
	}
	w := &Writer{
		bw:         bufio.NewWriterSize(out, 64<<10),
		cols:       cols,
		row:        make([]byte, slots*8),
		numeric:    make([]bool, slots),
		compressed: h.Compression,
	}
	if wa, ok := out.(io.WriterAt); ok {
		if s, ok := out.(io.Seeker); ok {
			if pos, err := s.Seek(0, io.SeekCurrent); err == nil {
				w.patch, w.start = wa, pos
			}
		}
	}
	for _, c := range cols {
		if !c.v.Type.IsString() {
			w.numeric[c.index-1] = true
		}
	}

	e := &enc{b: make([]byte, 0, 4096)}
	e.header(h, slots, h.Compression)
	e.variables(cols)
	e.valueLabels(cols)
	e.documents(h.Documents)
	e.machineInfo(h.Compression)
	e.displayParameters(cols)
	e.longNames(cols)
	e.veryLongStrings(cols)
	e.encoding()
	e.longStringLabels(cols)
	e.longStringMissing(cols)
	e.end()
	if _, err := w.bw.Write(e.b); err != nil {
		return nil, fmt.Errorf("sav: write dictionary: %w", err)
	}
	return w, nil
}

// WriteRow appends one case. vals holds one Value per variable, in the
// order of the variables given to NewWriter. A row with a wrong value (a
// string for a numeric variable, a string wider than its variable) is
// rejected whole, and the writer stays usable.
func (w *Writer) WriteRow(vals []Value) error {
	if w.closed {
		return errors.New("sav: WriteRow after Close")
	}
	if w.err != nil {
		return w.err
	}
	if len(vals) != len(w.cols) {
		return fmt.Errorf("sav: row %d has %d values, want one for each of the %d variables", w.rows+1, len(vals), len(w.cols))
	}
	for i := range w.cols {
		if err := w.put(&w.cols[i], vals[i]); err != nil {
			return fmt.Errorf("sav: row %d, variable %q: %w", w.rows+1, w.cols[i].v.Name, err)
		}
	}
	if w.compressed {
		w.compressRow()
	} else if _, err := w.bw.Write(w.row); err != nil {
		w.err = fmt.Errorf("sav: write row %d: %w", w.rows+1, err)
		return w.err
	}
	w.rows++
	return nil
}

// put stores x, a value of column c, in the row buffer.
func (w *Writer) put(c *column, x Value) error {
	off := (c.index - 1) * 8
	if !c.v.Type.IsString() {
		switch x.kind {
		case kindString:
			return fmt.Errorf("string %q for a numeric variable", x.str)
		case kindNone:
			binary.LittleEndian.PutUint64(w.row[off:], sysmisBits)
		default:
			binary.LittleEndian.PutUint64(w.row[off:], numberBits(x.num))
		}
		return nil
	}
	if x.kind == kindNumber {
		return fmt.Errorf("number %s for a string variable", x)
	}
	if len(x.str) > c.v.Type.Width() {
		return fmt.Errorf("text of %d bytes does not fit the variable's width of %d bytes", len(x.str), c.v.Type.Width())
	}
	for _, s := range c.segs {
		end := off + s.slots*8
		n := 0
		if s.from < len(x.str) {
			n = copy(w.row[off:end], x.str[s.from:min(s.to, len(x.str))])
		}
		fill(w.row[off+n : end])
		off = end
	}
	return nil
}

// fill sets b to spaces.
func fill(b []byte) {
	for i := range b {
		b[i] = ' '
	}
}

// compressRow adds the row buffer to the compressed stream.
func (w *Writer) compressRow() {
	for i, numeric := range w.numeric {
		v := w.row[i*8 : i*8+8]
		if numeric {
			bits := binary.LittleEndian.Uint64(v)
			if bits == sysmisBits {
				w.code(codeSysmis, nil)
				continue
			}
			f := math.Float64frombits(bits)
			if f >= 1-compressionBias && f <= 251-compressionBias && f == math.Trunc(f) {
				w.code(byte(f+compressionBias), nil)
				continue
			}
			w.code(codeRaw, v)
			continue
		}
		if string(v) == "        " {
			w.code(codeBlank, nil)
			continue
		}
		w.code(codeRaw, v)
	}
}

// code adds one command (and its raw value) to the current block, writing
// the block when it is full.
func (w *Writer) code(c byte, raw []byte) {
	z := &w.cmp
	z.cmds[z.n] = c
	z.n++
	if raw != nil {
		z.ndata += copy(z.data[z.ndata:], raw)
	}
	if z.n == len(z.cmds) {
		w.flushBlock()
	}
}

// flushBlock writes the current block; unused commands are 0 (padding).
func (w *Writer) flushBlock() {
	z := &w.cmp
	if _, err := w.bw.Write(z.cmds[:]); err != nil && w.err == nil {
		w.err = fmt.Errorf("sav: write row %d: %w", w.rows+1, err)
	}
	if _, err := w.bw.Write(z.data[:z.ndata]); err != nil && w.err == nil {
		w.err = fmt.Errorf("sav: write row %d: %w", w.rows+1, err)
	}
	*z = compressor{}
}

// Rows returns the number of rows written so far.
func (w *Writer) Rows() int64 { return w.rows }

// Close writes what is buffered and, when possible, the number of cases
// into the header. It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return errors.New("sav: Close called twice")
	}
	w.closed = true
	if w.compressed && w.cmp.n > 0 {
		w.flushBlock()
	}
	if w.err != nil {
		return w.err
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("sav: write: %w", err)
	}
	if w.patch != nil && w.rows <= math.MaxInt32 {
		var n [4]byte
		binary.LittleEndian.PutUint32(n[:], uint32(w.rows))
		if _, err := w.patch.WriteAt(n[:], w.start+ncasesOffset); err != nil {
			return fmt.Errorf("sav: write number of cases into the header: %w", err)
		}
	}
	return nil
}
