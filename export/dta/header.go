package dta

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

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
