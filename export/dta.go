package export

import (
	"io"
	"math"
	"time"

	"peil/export/dta"
)

type dtaSink struct {
	w    *dta.Writer
	cols []column
	vals []dta.Value
}

// dtaTag maps the missing kinds to Stata's extended missing values: .a
// don't know, .b not shown, .c not answered.
var dtaTag = [nMissKinds]byte{missDontKnow: 'a', missNotShown: 'b', missNotAnswered: 'c'}

// stataEpoch is 1 January 1960, the zero of Stata's %tc clock.
var stataEpoch = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)

func newDtaSink(out io.Writer, p *plan, n int64, opt Options) (sink, error) {
	vars := make([]dta.Variable, len(p.cols))
	var sets []dta.LabelSet
	for i := range p.cols {
		c := &p.cols[i]
		v := dta.Variable{Name: c.name, Label: c.label}
		switch {
		case c.isString && c.width > dta.MaxStrWidth:
			v.Type = dta.StrL
		case c.isString:
			v.Type = dta.StrN(c.width)
		case c.isDate && c.dateOnly:
			v.Type, v.Format = dta.Long, "%tdCCYY-NN-DD"
		case c.isDate:
			v.Type, v.Format = dta.Double, "%tcCCYY-NN-DD_HH:MM:SS"
		case c.isDay:
			v.Type, v.Format = dta.Double, "%td"
		case c.isClock:
			v.Type, v.Format = dta.Double, "%tcHH:MM"
		case c.decimals:
			v.Type, v.Format = dta.Double, "%9.2f"
		case c.kind == kValue:
			v.Type = dta.Long
		default:
			v.Type = dta.SmallestInt(int64(c.lo), int64(c.hi))
		}
		var labels []dta.ValueLabel
		for _, l := range c.values {
			labels = append(labels, dta.ValueLabel{Value: dta.Num(float64(l.code)), Label: l.label})
		}
		for _, k := range c.usedMissing() {
			labels = append(labels, dta.ValueLabel{Value: dta.Missing(dtaTag[k]), Label: p.missingLabel(k)})
		}
		if len(labels) > 0 {
			v.ValueLabel = c.name
			sets = append(sets, dta.LabelSet{Name: c.name, Labels: labels})
		}
		vars[i] = v
	}
	w, err := dta.NewWriter(out, dta.Header{Label: p.title(), Timestamp: opt.Now(), N: n}, vars, sets)
	if err != nil {
		return nil, err
	}
	return &dtaSink{w: w, cols: p.cols, vals: make([]dta.Value, len(p.cols))}, nil
}

func (s *dtaSink) row(cells []cell) error {
	for i, c := range cells {
		switch c.kind {
		case cellNum:
			s.vals[i] = dta.Num(c.num)
		case cellMissing:
			s.vals[i] = dta.Missing(dtaTag[c.miss])
		case cellText:
			s.vals[i] = dta.Str(c.text)
		case cellTime:
			s.vals[i] = dta.Num(float64(wall(c.t).Sub(stataEpoch).Milliseconds()))
		case cellDay:
			s.vals[i] = dta.Num(math.Round(c.t.Sub(stataEpoch).Hours() / 24)) // %td: days since 1960-01-01
		case cellClock:
			s.vals[i] = dta.Num(c.num * 60000) // %tcHH:MM: milliseconds since midnight (of 1 January 1960)
		default:
			if s.cols[i].isString {
				s.vals[i] = dta.Str("")
			} else {
				s.vals[i] = dta.Missing(0)
			}
		}
	}
	return s.w.WriteRow(s.vals)
}

func (s *dtaSink) close() error { return s.w.Close() }
func (s *dtaSink) abort()       { s.w.Close() }
