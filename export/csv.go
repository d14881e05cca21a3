package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

type csvSink struct {
	w      *csv.Writer
	cols   []column
	rec    []string
	excel  bool
	closed bool
}

// small holds the common whole numbers as text, to spare allocations.
var small = func() [128]string {
	var s [128]string
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

// csvTime is how dates are written in CSV: ISO 8601 with a space, which
// R, pandas and Excel (also Dutch Excel) read as a date and time.
const csvTime = "2006-01-02 15:04:05"

// csvDate is how a date without its time is written in CSV.
const csvDate = "2006-01-02"

func newCSVSink(out io.Writer, p *plan, opt Options) (sink, error) {
	if opt.ExcelNL {
		if _, err := io.WriteString(out, "\ufeff"); err != nil {
			return nil, fmt.Errorf("writing CSV: %w", err)
		}
	}
	w := csv.NewWriter(out)
	w.UseCRLF = true
	if opt.ExcelNL {
		w.Comma = ';'
	}
	s := &csvSink{w: w, cols: p.cols, rec: make([]string, len(p.cols)), excel: opt.ExcelNL}
	for i, c := range p.cols {
		s.rec[i] = c.name
	}
	if err := w.Write(s.rec); err != nil {
		return nil, fmt.Errorf("writing CSV: %w", err)
	}
	return s, nil
}

func (s *csvSink) number(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		if f >= 0 && f < float64(len(small)) {
			return small[int(f)]
		}
		return strconv.FormatInt(int64(f), 10)
	}
	t := strconv.FormatFloat(f, 'f', -1, 64)
	if s.excel {
		t = strings.Replace(t, ".", ",", 1)
	}
	return t
}

func (s *csvSink) row(cells []cell) error {
	for i, c := range cells {
		switch c.kind {
		case cellNum:
			s.rec[i] = s.number(c.num)
		case cellMissing:
			s.rec[i] = strconv.Itoa(s.cols[i].codes[c.miss])
		case cellText:
			s.rec[i] = c.text
		case cellTime:
			s.rec[i] = c.t.Format(csvTime)
		case cellDay:
			s.rec[i] = c.t.Format(csvDate)
		case cellClock:
			s.rec[i] = clockText(c.num)
		default:
			s.rec[i] = ""
		}
	}
	if err := s.w.Write(s.rec); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

func (s *csvSink) close() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

func (s *csvSink) abort() { s.w.Flush() }

// clockText writes minutes since midnight as a time of day, "09:30".
func clockText(minutes float64) string {
	m := int(minutes)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}
