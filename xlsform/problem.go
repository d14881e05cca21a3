package xlsform

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Location is where in a workbook something was found. Empty fields are
// unknown.
type Location struct {
	// File is the name the workbook was imported under.
	File string
	// Sheet is the sheet's name as written in the workbook (survey,
	// choices, settings, ...).
	Sheet string
	// Cell is the cell's reference, such as F12.
	Cell string
	// Column is the column's header, such as relevant or label::English (en).
	Column string
}

func (l Location) String() string {
	var b strings.Builder
	b.WriteString(l.File)
	if l.Sheet != "" {
		b.WriteString(": ")
		b.WriteString(l.Sheet)
		if l.Cell != "" {
			b.WriteString("!")
			b.WriteString(l.Cell)
		}
		if l.Column != "" {
			fmt.Fprintf(&b, " (%s)", l.Column)
		}
	}
	return b.String()
}

// at returns the location of the cell in column col (0-based) and row row
// (1-based) of a sheet.
func at(file, sheet string, col, row int, header string) Location {
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		cell = ""
	}
	return Location{File: file, Sheet: sheet, Cell: cell, Column: header}
}

// Problem is one reason a form cannot become an instrument.
type Problem struct {
	Location
	// Msg says what is wrong and what to do about it.
	Msg string
}

// String formats the problem as "form.xlsx: survey!F12 (relevant): message".
func (p Problem) String() string { return p.Location.String() + ": " + p.Msg }

// Problems is every problem found in a form, in sheet and row order. It
// is the error Import returns for a form that cannot become an instrument.
type Problems []Problem

// Error returns the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Warning is something in a form that peil leaves out or does its own
// way; the instrument is usable all the same.
type Warning struct {
	Location
	Msg string
}

// String formats the warning like a Problem.
func (w Warning) String() string { return w.Location.String() + ": " + w.Msg }

// sheetOrder puts the survey sheet first, then choices, settings and the
// rest, as a researcher reads a form.
func sheetOrder(s string) int {
	switch strings.ToLower(s) {
	case "survey":
		return 0
	case "choices":
		return 1
	case "settings":
		return 2
	}
	return 3
}

// cellOrder compares cell references such as B7 and AA12 by row, then
// column.
func cellOrder(a, b string) int {
	ca, ra, errA := excelize.CellNameToCoordinates(a)
	cb, rb, errB := excelize.CellNameToCoordinates(b)
	if errA != nil || errB != nil {
		return cmp.Compare(a, b)
	}
	return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(ca, cb))
}

func sortLocated[T any](xs []T, loc func(T) Location) {
	slices.SortStableFunc(xs, func(a, b T) int {
		la, lb := loc(a), loc(b)
		return cmp.Or(cmp.Compare(sheetOrder(la.Sheet), sheetOrder(lb.Sheet)),
			cmp.Compare(la.Sheet, lb.Sheet), cellOrder(la.Cell, lb.Cell))
	})
}
