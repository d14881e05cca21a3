package export

import (
	"io"

	"peil/export/sav"
)

type savSink struct {
	w    *sav.Writer
	cols []column
	vals []sav.Value
}

func newSavSink(out io.Writer, p *plan, opt Options) (sink, error) {
	vars := make([]sav.Variable, len(p.cols))
	for i := range p.cols {
		c := &p.cols[i]
		v := sav.Variable{Name: c.name, Label: c.label}
		switch {
		case c.isString:
			v.Type = sav.String(min(c.width, sav.MaxStringWidth))
			v.Measure = sav.Nominal
		case c.isDate && c.dateOnly:
			v.Format = sav.Format{Type: sav.FormatDATE, Width: 11}
			v.Measure = sav.Scale
		case c.isDate:
			v.Format = sav.Format{Type: sav.FormatDATETIME, Width: 20}
			v.Measure = sav.Scale
		case c.isDay:
			v.Format = sav.Format{Type: sav.FormatDATE, Width: 11}
			v.Measure = sav.Scale
		case c.isClock:
			v.Format = sav.Format{Type: sav.FormatTIME, Width: 5}
			v.Measure = sav.Scale
		case c.kind == kValue:
			v.Format = sav.Format{Type: sav.FormatF, Width: 11}
			if c.decimals {
				v.Format = sav.Format{Type: sav.FormatF, Width: 14, Decimals: 2}
			}
			v.Measure = sav.Scale
		case c.decimals:
			// F8.2, wider when the bounds or missing codes need it.
			w := 8
			if c.kind == kItem {
				w = max(w, digits(c.hi)+3, digits(c.lo)+3)
				for _, k := range c.usedMissing() {
					w = max(w, digits(c.codes[k])+3)
				}
			}
			v.Format = sav.Format{Type: sav.FormatF, Width: w, Decimals: 2}
			v.Measure = sav.Scale
		default:
			w := max(digits(c.hi), digits(c.lo))
			for _, k := range c.usedMissing() {
				w = max(w, digits(c.codes[k]))
			}
			v.Format = sav.Format{Type: sav.FormatF, Width: w}
			v.Measure = [...]sav.Measure{sav.Nominal, sav.Ordinal, sav.Scale}[c.measure]
		}
		for _, l := range c.values {
			v.ValueLabels = append(v.ValueLabels, sav.ValueLabel{Value: sav.Num(float64(l.code)), Label: l.label})
		}
		for _, k := range c.usedMissing() {
			v.ValueLabels = append(v.ValueLabels, sav.ValueLabel{Value: sav.Num(float64(c.codes[k])), Label: p.missingLabel(k)})
			v.Missing = append(v.Missing, sav.Num(float64(c.codes[k])))
		}
		vars[i] = v
	}
	docs := append(p.missingNote(), privacyNotes(p.pseudo, p.exactTimes)...)
	h := sav.Header{Label: p.fileLabel(savLabelBytes), Created: opt.Now(), Compression: opt.Compress, Documents: docs}
	w, err := sav.NewWriter(out, h, vars)
	if err != nil {
		return nil, err
	}
	return &savSink{w: w, cols: p.cols, vals: make([]sav.Value, len(p.cols))}, nil
}

func (s *savSink) row(cells []cell) error {
	for i, c := range cells {
		col := &s.cols[i]
		switch c.kind {
		case cellNum:
			s.vals[i] = sav.Num(c.num)
		case cellMissing:
			s.vals[i] = sav.Num(float64(col.codes[c.miss]))
		case cellText:
			s.vals[i] = sav.Str(c.text)
		case cellTime, cellDay:
			s.vals[i] = sav.Num(sav.ToSPSSDate(c.t))
		case cellClock:
			s.vals[i] = sav.Num(c.num * 60) // TIME5: seconds since midnight
		default:
			if col.isString {
				s.vals[i] = sav.Str("")
			} else {
				s.vals[i] = sav.SysMis()
			}
		}
	}
	return s.w.WriteRow(s.vals)
}

func (s *savSink) close() error { return s.w.Close() }
func (s *savSink) abort()       { s.w.Close() }

// savLabelBytes is the room for a .sav file label.
const savLabelBytes = 64

// fileLabel is the export's title in at most n bytes: the whole title
// when it fits ("Study: Instrument (id)"), else the first shorter form
// that fits, dropping first the instrument id, then the study title for
// its code; the last form is shortened at a word boundary
// (sav.FitLabel). The full title is in the codebook.
func (p *plan) fileLabel(n int) string {
	inst := p.inst.Title.Get(p.lang)
	if inst == "" {
		inst = p.inst.ID
	}
	st := p.study.Study
	forms := []string{
		p.title(),
		st.Title + ": " + inst,
		st.Code + ": " + inst + " (" + p.inst.ID + ")",
		st.Code + ": " + inst,
	}
	for _, f := range forms {
		if len(f) <= n {
			return f
		}
	}
	return sav.FitLabel(forms[len(forms)-1], n)
}
