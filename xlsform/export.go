package xlsform

import (
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/xuri/excelize/v2"

	"peil/survey"
)

// Names of the agreement lists Export writes for Likert items.
const (
	agreeList   = "agree5"
	agreeDKList = "agree5_dk"
	dkName      = "dk"
)

var (
	colNL = "::" + langName(survey.Dutch)
	colEN = "::" + langName(survey.English)
)

// Export writes an instrument as an XLSForm workbook (.xlsx) with the
// sheets survey, choices, settings and, when the instrument has scales,
// peil-scales. Likert items become select_one questions on the shared
// lists agree5 and agree5_dk, grades range questions from 1 to 10, and
// show_if conditions relevant expressions. What XLSForm has no place for
// (option codes, the role question, scales, the exact peil condition when
// XPath says it differently) goes into peil:: columns, which XLSForm
// tools ignore and Import reads back.
func Export(w io.Writer, in *survey.Instrument) error {
	if in == nil {
		return errors.New("exporting to XLSForm: no instrument")
	}
	ex := &exporter{in: in, lists: map[string]string{}}
	rows, err := ex.surveyRows()
	if err != nil {
		return fmt.Errorf("exporting %s to XLSForm: %w", in.Key(), err)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		return fmt.Errorf("exporting %s to XLSForm: %w", in.Key(), err)
	}
	sheets := []struct {
		name string
		rows [][]any
	}{
		{"survey", rows},
		{"choices", ex.choiceRows()},
		{"settings", ex.settingsRows()},
	}
	if len(in.Scales) > 0 {
		sheets = append(sheets, struct {
			name string
			rows [][]any
		}{"peil-scales", ex.scaleRows()})
	}
	for i, s := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return fmt.Errorf("exporting %s to XLSForm: %w", in.Key(), err)
			}
		}
		for r, row := range s.rows {
			for i, v := range row {
				if str, ok := v.(string); ok {
					row[i] = escapeCell(str)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				return fmt.Errorf("exporting %s to XLSForm: sheet %s: %w", in.Key(), s.name, err)
			}
		}
		// excelize leaves the dimension at A1, and readers that trust it
		// (openpyxl in read-only mode, and so pyxform) would see one cell.
		if err := f.SetSheetDimension(s.name, dimension(s.rows)); err != nil {
			return fmt.Errorf("exporting %s to XLSForm: sheet %s: %w", in.Key(), s.name, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("writing XLSForm of %s: %w", in.Key(), err)
	}
	return nil
}

// dimension is the range a sheet of these rows uses, as in A1:O42.
func dimension(rows [][]any) string {
	cols := 1
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	ref, _ := excelize.CoordinatesToCellName(cols, max(1, len(rows)))
	return "A1:" + ref
}

type exporter struct {
	in *survey.Instrument
	// lists by signature, and their rows in order
	lists     map[string]string
	listNames []string
	listRows  [][]any
	// listAttrs are the further columns of listRows (choice filters
	// test them), row by row; nil for a row without.
	listAttrs []map[string]string
	usedAgree map[string]bool
	// dupNames is set when a list holds a choice name twice.
	dupNames bool
}

// formName is the name of an item or section in an XLSForm: the name it
// had in the form it came from, else its id.
func formName(id, original string) string {
	if original != "" {
		return original
	}
	return id
}

func putText(row map[string]string, base string, t survey.Text) {
	if v := t[survey.Dutch]; v != "" {
		row[base+colNL] = v
	}
	if v := t[survey.English]; v != "" {
		row[base+colEN] = v
	}
}

// sheetRows turns rows keyed by column into a header and rows, leaving out
// columns no row uses (pyxform would take an empty label::English (en)
// column for a language the form lacks).
func sheetRows(header []string, rows []map[string]string) [][]any {
	var cols []string
	for _, h := range header {
		used := h == "type" || h == "name"
		for _, r := range rows {
			if r[h] != "" {
				used = true
				break
			}
		}
		if used {
			cols = append(cols, h)
		}
	}
	out := [][]any{toAny(cols)}
	for _, r := range rows {
		line := make([]any, len(cols))
		for i, c := range cols {
			if v := r[c]; v != "" {
				line[i] = v
			}
		}
		out = append(out, line)
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// orNil leaves a cell empty rather than holding an empty text.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var escapeRE = regexp.MustCompile(`_(x[0-9A-Fa-f]{4}_)`)

// escapeCell protects text that looks like an Excel character escape
// (_x0041_), which spreadsheet readers would otherwise decode.
func escapeCell(s string) string { return escapeRE.ReplaceAllString(s, "_x005F_$1") }
