package dta

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
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

// Header holds the dataset-level information.
type Header struct {
	// Label is the dataset label; more than 80 characters are shortened.
	Label string
	// Timestamp is written as the time the dataset was saved; the zero time
	// means now.
	Timestamp time.Time
	// N is the number of observations that will be written.
	N int64
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

// reserved lists Stata's reserved names.
func reserved(name string) bool {
	switch name {
	case "_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long",
		"_n", "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with":
		return true
	}
	if strings.HasPrefix(name, "str") {
		if rest := name[3:]; rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// ValidName reports why name is not a valid Stata variable name, or nil.
func ValidName(name string) error {
	if name == "" {
		return errors.New("name is empty")
	}
	if len(name) > MaxNameLength {
		return fmt.Errorf("name %q is %d characters long, the most is %d", name, len(name), MaxNameLength)
	}
	for i, r := range name {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return fmt.Errorf("name %q: %q is not allowed here; use ASCII letters, digits and _, not starting with a digit", name, r)
		}
	}
	if reserved(name) {
		return fmt.Errorf("name %q is reserved in Stata", name)
	}
	return nil
}

// Shorten cuts s to at most max characters, ending in "…" when cut.
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max-1]), " ") + "…"
}

// shortenBytes cuts s to at most max bytes on a character boundary, ending
// in "…" when cut.
func shortenBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func defaultFormat(t Type) string {
	switch {
	case t.IsStr():
		return fmt.Sprintf("%%%ds", min(int(t), 244))
	case t == StrL:
		return "%9s"
	case t == Double:
		return "%10.0g"
	case t == Float:
		return "%9.0g"
	case t == Long:
		return "%12.0g"
	}
	return "%8.0g"
}

// validate checks the variables and label sets; all problems are reported.
func validate(vars []Variable, sets []LabelSet) error {
	var errs []error
	if len(vars) == 0 {
		errs = append(errs, errors.New("no variables"))
	}
	if len(vars) > MaxVariables {
		errs = append(errs, fmt.Errorf("%d variables, the most is %d", len(vars), MaxVariables))
	}
	setNames := map[string]bool{}
	for _, s := range sets {
		if err := ValidName(s.Name); err != nil {
			errs = append(errs, fmt.Errorf("value label %w", err))
		}
		if setNames[s.Name] {
			errs = append(errs, fmt.Errorf("value label %q is defined twice", s.Name))
		}
		setNames[s.Name] = true
		seen := map[int32]bool{}
		for _, l := range s.Labels {
			c, err := labelCode(l.Value)
			if err != nil {
				errs = append(errs, fmt.Errorf("value label %q: %w", s.Name, err))
				continue
			}
			if seen[c] {
				errs = append(errs, fmt.Errorf("value label %q: value %s has more than one label", s.Name, l.Value))
			}
			seen[c] = true
		}
	}
	names := map[string]bool{}
	for i, v := range vars {
		if err := ValidName(v.Name); err != nil {
			errs = append(errs, fmt.Errorf("variable %d: %w", i+1, err))
		}
		if names[v.Name] {
			errs = append(errs, fmt.Errorf("variable %q appears twice", v.Name))
		}
		names[v.Name] = true
		if v.Type.size() == 0 {
			errs = append(errs, fmt.Errorf("variable %q: unknown type %d", v.Name, int(v.Type)))
		}
		if len(v.Format) > 56 {
			errs = append(errs, fmt.Errorf("variable %q: format %q is longer than 56 bytes", v.Name, v.Format))
		}
		if v.ValueLabel != "" {
			if v.Type.IsString() {
				errs = append(errs, fmt.Errorf("variable %q: string variables cannot have value labels", v.Name))
			}
			if !setNames[v.ValueLabel] {
				errs = append(errs, fmt.Errorf("variable %q: value label %q is not defined", v.Name, v.ValueLabel))
			}
		}
	}
	return errors.Join(errs...)
}

// fixed writes s into a zero-filled field of n bytes (s must be shorter).
func fixed(b []byte, s string, n int) []byte {
	field := make([]byte, n)
	copy(field, s)
	return append(b, field...)
}

// NewWriter validates the variables and value labels and writes everything
// that comes before the data. All problems are reported together. out is
// not closed.
func NewWriter(out io.Writer, h Header, vars []Variable, sets []LabelSet) (*Writer, error) {
	if err := validate(vars, sets); err != nil {
		return nil, fmt.Errorf("dta: %w", err)
	}
	if h.N < 0 {
		return nil, fmt.Errorf("dta: negative number of observations %d", h.N)
	}
	w := &Writer{bw: bufio.NewWriterSize(out, 64<<10), vars: slices.Clone(vars), n: h.N}
	if wa, ok := out.(io.WriterAt); ok {
		if s, ok := out.(io.Seeker); ok {
			if pos, err := s.Seek(0, io.SeekCurrent); err == nil {
				w.patch, w.start = wa, pos
			}
		}
	}
	width := 0
	for _, v := range vars {
		w.offs = append(w.offs, width)
		width += v.Type.size()
		if v.Type == StrL {
			w.hasStrL = true
		}
	}
	if w.hasStrL && w.patch == nil {
		return nil, errors.New("dta: long strings (strL) need a file to write to, not a stream")
	}
	w.row = make([]byte, width)
	w.labels = encodeLabels(sets)

	le := binary.LittleEndian
	b := []byte("<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>")
	b = le.AppendUint16(b, uint16(len(vars)))
	b = append(b, "</K><N>"...)
	w.nAt = int64(len(b))
	b = le.AppendUint64(b, uint64(h.N))
	b = append(b, "</N><label>"...)
	label := shortenBytes(Shorten(h.Label, MaxLabelLength), 320)
	b = le.AppendUint16(b, uint16(len(label)))
	b = append(b, label...)
	b = append(b, "</label><timestamp>"...)
	ts := h.Timestamp
	if ts.IsZero() {
		ts = time.Now()
	}
	stamp := ts.Format("02 Jan 2006 15:04")
	b = append(b, byte(len(stamp)))
	b = append(b, stamp...)
	b = append(b, "</timestamp></header>"...)

	var m [14]uint64
	m[1] = uint64(len(b))
	b = append(b, "<map>"...)
	w.mapAt = int64(len(b))
	b = append(b, make([]byte, 14*8)...)
	b = append(b, "</map>"...)

	m[2] = uint64(len(b))
	b = append(b, "<variable_types>"...)
	for _, v := range vars {
		b = le.AppendUint16(b, uint16(v.Type))
	}
	b = append(b, "</variable_types>"...)
	m[3] = uint64(len(b))
	b = append(b, "<varnames>"...)
	for _, v := range vars {
		b = fixed(b, v.Name, 129)
	}
	b = append(b, "</varnames>"...)
	m[4] = uint64(len(b))
	b = append(b, "<sortlist>"...)
	b = append(b, make([]byte, 2*(len(vars)+1))...)
	b = append(b, "</sortlist>"...)
	m[5] = uint64(len(b))
	b = append(b, "<formats>"...)
	for _, v := range vars {
		f := v.Format
		if f == "" {
			f = defaultFormat(v.Type)
		}
		b = fixed(b, f, 57)
	}
	b = append(b, "</formats>"...)
	m[6] = uint64(len(b))
	b = append(b, "<value_label_names>"...)
	for _, v := range vars {
		b = fixed(b, v.ValueLabel, 129)
	}
	b = append(b, "</value_label_names>"...)
	m[7] = uint64(len(b))
	b = append(b, "<variable_labels>"...)
	for _, v := range vars {
		b = fixed(b, shortenBytes(Shorten(v.Label, MaxLabelLength), 320), 321)
	}
	b = append(b, "</variable_labels>"...)
	m[8] = uint64(len(b))
	b = append(b, "<characteristics></characteristics>"...)
	m[9] = uint64(len(b))
	b = append(b, "<data>"...)

	// Without strLs every later offset is known now.
	dataEnd := uint64(len(b)) + uint64(h.N)*uint64(width)
	m[10] = dataEnd + uint64(len("</data>"))
	m[11] = m[10] + uint64(len("<strls></strls>"))
	m[12] = m[11] + uint64(len(w.labels))
	m[13] = m[12] + uint64(len("</stata_dta>"))
	for i, x := range m {
		le.PutUint64(b[w.mapAt+int64(i)*8:], x)
	}
	if _, err := w.bw.Write(b); err != nil {
		return nil, fmt.Errorf("dta: write header: %w", err)
	}
	w.written = int64(len(b))
	return w, nil
}

// encodeLabels builds the <value_labels> section.
func encodeLabels(sets []LabelSet) []byte {
	le := binary.LittleEndian
	b := []byte("<value_labels>")
	for _, s := range sets {
		type entry struct {
			val int32
			txt string
		}
		es := make([]entry, 0, len(s.Labels))
		for _, l := range s.Labels {
			c, _ := labelCode(l.Value) // checked by validate
			es = append(es, entry{c, shortenBytes(l.Label, MaxValueLabelBytes)})
		}
		slices.SortFunc(es, func(a, b entry) int { return int(int64(a.val) - int64(b.val)) })
		var txt []byte
		offs := make([]uint32, len(es))
		for i, e := range es {
			offs[i] = uint32(len(txt))
			txt = append(txt, e.txt...)
			txt = append(txt, 0)
		}
		n := len(es)
		tableLen := 8 + 8*n + len(txt)
		b = append(b, "<lbl>"...)
		b = le.AppendUint32(b, uint32(tableLen))
		b = fixed(b, s.Name, 129)
		b = append(b, 0, 0, 0)
		b = le.AppendUint32(b, uint32(n))
		b = le.AppendUint32(b, uint32(len(txt)))
		for _, o := range offs {
			b = le.AppendUint32(b, o)
		}
		for _, e := range es {
			b = le.AppendUint32(b, uint32(e.val))
		}
		b = append(b, txt...)
		b = append(b, "</lbl>"...)
	}
	return append(b, "</value_labels>"...)
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
