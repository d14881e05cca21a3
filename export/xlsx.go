package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

type xlsxSink struct {
	out   io.Writer
	f     *excelize.File
	sw    *excelize.StreamWriter
	p     *plan
	vals  []any
	n     int
	date  int // style id of date and time cells
	day   int // style id of date cells
	xcell []excelize.Cell
}

const (
	dataSheet     = "data"
	codebookSheet = "codebook"
)

func newXLSXSink(out io.Writer, p *plan, opt Options) (sink, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", dataSheet); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	if _, err := f.NewSheet(codebookSheet); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	fmtCode := "yyyy-mm-dd hh:mm:ss"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtCode})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	dayCode := "yyyy-mm-dd"
	day, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dayCode})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(dataSheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	s := &xlsxSink{out: out, f: f, sw: sw, p: p, vals: make([]any, len(p.cols)), date: date, day: day, xcell: make([]excelize.Cell, len(p.cols))}
	for i, c := range p.cols {
		s.vals[i] = c.name
	}
	if err := sw.SetRow("A1", s.vals, excelize.RowOpts{}); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	s.n = 1
	return s, nil
}

func (s *xlsxSink) row(cells []cell) error {
	for i, c := range cells {
		switch c.kind {
		case cellNum:
			s.vals[i] = c.num
		case cellMissing:
			s.vals[i] = s.p.cols[i].codes[c.miss]
		case cellText:
			s.vals[i] = c.text
			if c.text == "" {
				s.vals[i] = nil
			}
		case cellTime:
			s.xcell[i] = excelize.Cell{StyleID: s.date, Value: wall(c.t)}
			s.vals[i] = s.xcell[i]
		case cellDate:
			s.xcell[i] = excelize.Cell{StyleID: s.day, Value: c.t}
			s.vals[i] = s.xcell[i]
		default:
			s.vals[i] = nil
		}
	}
	s.n++
	cellName, _ := excelize.CoordinatesToCellName(1, s.n)
	if err := s.sw.SetRow(cellName, s.vals); err != nil {
		return fmt.Errorf("writing xlsx row %d: %w", s.n, err)
	}
	return nil
}

func (s *xlsxSink) close() error {
	defer s.f.Close()
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("writing xlsx: %w", err)
	}
	cb, err := s.f.NewStreamWriter(codebookSheet)
	if err != nil {
		return fmt.Errorf("writing xlsx: %w", err)
	}
	header := []any{"variable", "label", "type", "measure", "values", "missing", "scales", "versions"}
	if err := cb.SetRow("A1", header); err != nil {
		return fmt.Errorf("writing xlsx: %w", err)
	}
	for i := range s.p.cols {
		e := s.p.entry(&s.p.cols[i])
		cellName, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := cb.SetRow(cellName, []any{e.Name, e.Label, e.Type, e.Measure, e.Values, e.Missing, e.Scales, e.Versions}); err != nil {
			return fmt.Errorf("writing xlsx: %w", err)
		}
	}
	if err := cb.Flush(); err != nil {
		return fmt.Errorf("writing xlsx: %w", err)
	}
	if _, err := s.f.WriteTo(s.out); err != nil {
		return fmt.Errorf("writing xlsx: %w", err)
	}
	return nil
}

func (s *xlsxSink) abort() { s.f.Close() }
