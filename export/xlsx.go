package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

type xlsxSink struct {
	out io.Writer
	// rows is the number of data rows the sheet's dimension declares.
	rows  int64
	f     *excelize.File
	sw    *excelize.StreamWriter
	p     *plan
	vals  []any
	n     int
	date  int // style id of date-and-time cells
	day   int // style id of date cells
	clock int // style id of time-of-day cells
	xcell []excelize.Cell
}

const (
	dataSheet     = "data"
	codebookSheet = "codebook"
)

// newXLSXSink writes a workbook whose data sheet has n rows under its
// header. The sheet's dimension (A1:X101) says so before the rows are
// streamed: excelize's stream writer would leave it at A1, and readers
// that trust it (openpyxl in read-only mode, so pyxform and pandas) would
// see one cell.
func newXLSXSink(out io.Writer, p *plan, n int64, opt Options) (sink, error) {
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
	clockCode := "hh:mm"
	clock, err := f.NewStyle(&excelize.Style{CustomNumFmt: &clockCode})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	for _, d := range []struct {
		sheet      string
		cols, rows int
	}{{dataSheet, len(p.cols), int(n) + 1}, {codebookSheet, len(p.codebookHeader()), len(p.cols) + 1}} {
		if err := f.SetSheetDimension(d.sheet, dimensionRef(d.cols, d.rows)); err != nil {
			f.Close()
			return nil, fmt.Errorf("writing xlsx: %w", err)
		}
	}
	sw, err := f.NewStreamWriter(dataSheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("writing xlsx: %w", err)
	}
	s := &xlsxSink{out: out, rows: n, f: f, sw: sw, p: p, vals: make([]any, len(p.cols)), date: date, day: day, clock: clock, xcell: make([]excelize.Cell, len(p.cols))}
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
		case cellDay:
			s.xcell[i] = excelize.Cell{StyleID: s.day, Value: c.t}
			s.vals[i] = s.xcell[i]
		case cellClock:
			// Excel keeps a time of day as the fraction of a day.
			s.xcell[i] = excelize.Cell{StyleID: s.clock, Value: c.num / (24 * 60)}
			s.vals[i] = s.xcell[i]
		default:
			s.vals[i] = nil
		}
	}
	s.n++
	if int64(s.n-1) > s.rows {
		return fmt.Errorf("writing xlsx: the responses changed while they were exported (more than the %d rows counted); export again", s.rows)
	}
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
	header := s.p.codebookHeader()
	if err := cb.SetRow("A1", header); err != nil {
		return fmt.Errorf("writing xlsx: %w", err)
	}
	for i := range s.p.cols {
		e := s.p.entry(&s.p.cols[i])
		cellName, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{e.Name, e.Label, e.Type, e.Measure, e.Values, e.Missing, e.Scales, e.Versions}
		if len(header) > len(row) {
			row = append(row, e.Original)
		}
		if err := cb.SetRow(cellName, row); err != nil {
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

// codebookHeader is the first row of the xlsx codebook sheet; the column
// original name is there when an item has one.
func (p *plan) codebookHeader() []any {
	h := []any{"variable", "label", "type", "measure", "values", "missing", "scales", "versions"}
	if p.hasOriginalNames() {
		h = append(h, "original name")
	}
	return h
}

// dimensionRef is the range of a sheet of cols columns and rows rows.
func dimensionRef(cols, rows int) string {
	ref, _ := excelize.CoordinatesToCellName(max(cols, 1), max(rows, 1))
	return "A1:" + ref
}
