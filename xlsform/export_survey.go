package xlsform

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"peil/survey"
)

// peil's own columns are named peil_x: pyxform splits a header at :: into
// a group and a language (pyxform issue #815), and would crash on
// peil::code. Import reads both spellings.
var surveyHeader = []string{"type", "name", "label" + colNL, "label" + colEN, "hint" + colNL, "hint" + colEN,
	"required", "relevant", "choice_filter", "constraint", "parameters",
	"peil_type", "peil_role", "peil_scale", "peil_reverse", "peil_show_if"}

func (ex *exporter) surveyRows() ([][]any, error) {
	// scales of each item
	scaleOf := map[string][]string{}
	revOf := map[string][]string{}
	for _, s := range ex.in.Scales {
		for _, id := range s.Items {
			scaleOf[id] = append(scaleOf[id], s.ID)
		}
		for _, id := range s.Reversed {
			revOf[id] = append(revOf[id], s.ID)
		}
	}
	var rows []map[string]string
	var errs []error
	earlier := refs{byID: map[string]*refInfo{}, byName: map[string]*refInfo{}}
	role := ""
	for _, s := range ex.in.Sections {
		g := map[string]string{"type": "begin_group", "name": formName(s.ID, s.OriginalName)}
		putText(g, "label", s.Title)
		putText(g, "hint", s.Intro)
		rows = append(rows, g)
		for i := range s.Items {
			it := &s.Items[i]
			row := map[string]string{"name": formName(it.ID, it.OriginalName)}
			putText(row, "label", it.Text)
			putText(row, "hint", it.Help)
			if it.Required {
				row["required"] = "yes"
			}
			info := &refInfo{item: it}
			switch it.Type {
			case survey.Likert:
				list := agreeList
				info.likert = map[string]int{}
				for p := 1; p <= survey.LikertPoints; p++ {
					info.likert[strconv.Itoa(p)] = p
				}
				if it.DontKnow {
					list = agreeDKList
					info.likert[dkName] = 0
				}
				ex.agree(list)
				row["type"] = "select_one " + list
			case survey.SingleChoice, survey.MultipleChoice:
				kind := "select_one "
				if it.Type == survey.MultipleChoice {
					kind = "select_multiple "
				}
				list := ex.list(it)
				row["type"] = kind + list
				if it.Type == survey.SingleChoice {
					if _, _, likert := likertOf(exportedList(it)); likert {
						row["peil_type"] = "single"
					}
				}
			case survey.Integer:
				row["type"] = "integer"
				var lo, hi string
				if !it.NoMin {
					lo = strconv.Itoa(it.Min)
				}
				if !it.NoMax {
					hi = strconv.Itoa(it.Max)
				}
				row["constraint"] = boundsXPath(lo, hi)
			case survey.Decimal:
				row["type"] = "decimal"
				var lo, hi string
				if it.DecimalMin != nil {
					lo = survey.CanonicalDecimal(*it.DecimalMin)
				}
				if it.DecimalMax != nil {
					hi = survey.CanonicalDecimal(*it.DecimalMax)
				}
				row["constraint"] = boundsXPath(lo, hi)
			case survey.Date:
				row["type"] = "date"
			case survey.Time:
				row["type"] = "time"
			case survey.Grade:
				row["type"] = "range"
				row["parameters"] = fmt.Sprintf("start=%d end=%d step=1", survey.GradeMin, survey.GradeMax)
			case survey.OpenText:
				row["type"] = "text"
			case survey.Note:
				row["type"] = "note"
			default:
				errs = append(errs, fmt.Errorf("item %s has the unknown type %q", it.ID, it.Type))
			}
			if it.SetsRole {
				row["peil_role"] = "yes"
				role = it.ID
			}
			if ids := scaleOf[it.ID]; len(ids) > 0 {
				row["peil_scale"] = strings.Join(ids, " ")
				if rev := revOf[it.ID]; len(rev) > 0 {
					if slices.Equal(rev, ids) {
						row["peil_reverse"] = "yes"
					} else {
						row["peil_reverse"] = strings.Join(rev, " ")
					}
				}
			}
			if it.ShowIf != nil {
				if err := ex.relevant(row, it, role, earlier); err != nil {
					errs = append(errs, fmt.Errorf("item %s: %w", it.ID, err))
				}
			}
			if it.ChoiceFilter != nil {
				x, err := filterXPath(it.ChoiceFilter, role, earlier)
				if err != nil {
					errs = append(errs, fmt.Errorf("item %s: choice filter %q: %w", it.ID, it.ChoiceFilter, err))
				}
				row["choice_filter"] = x
			}
			earlier.byID[it.ID] = info
			earlier.byName[formName(it.ID, it.OriginalName)] = info
			rows = append(rows, row)
		}
		rows = append(rows, map[string]string{"type": "end_group"})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return sheetRows(surveyHeader, rows), nil
}
