package xlsform

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

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

// formName is the name of an item or section in an XLSForm: the name it
// had in the form it came from, else its id.
func formName(id, original string) string {
	if original != "" {
		return original
	}
	return id
}

// refs are the items before the current one, by peil id and by their
// name in the form.
type refs struct {
	byID, byName map[string]*refInfo
}

// relevant writes an item's show_if as XPath, and as peil::show_if when
// the XPath does not read back as the same peil condition. The XPath refers
// to questions by their names in the form, peil::show_if by id.
func (ex *exporter) relevant(row map[string]string, it *survey.Item, role string, earlier refs) error {
	src := it.ShowIf.String()
	c, err := parsePeil(src)
	if err != nil {
		return fmt.Errorf("show_if %q: %w", src, err)
	}
	lookup := func(id string) *survey.Item {
		if r, ok := earlier.byID[id]; ok {
			return r.item
		}
		return nil
	}
	x, err := toXPath(c, role, lookup)
	if err != nil {
		return fmt.Errorf("show_if %q: %w", src, err)
	}
	xpath := xpathText(renameRefs(x, func(id string) string {
		if r, ok := earlier.byID[id]; ok {
			return formName(r.item.ID, r.item.OriginalName)
		}
		return id
	}))
	row["relevant"] = xpath
	back, errs := translateRelevant(xpath, func(name string) (*refInfo, string) {
		if r, ok := earlier.byName[name]; ok {
			return r, ""
		}
		return nil, "unknown"
	})
	if len(errs) > 0 || peilText(back) != src {
		row["peil_show_if"] = src
	}
	return nil
}

// toXPath rewrites a peil condition in terms XLSForm knows: role becomes
// the role question, option codes become choice names, and order
// comparisons of a single choice's codes become a list of choices.
func toXPath(c cond, role string, item func(id string) *survey.Item) (cond, error) {
	switch c := c.(type) {
	case orCond:
		l, err := toXPath(c.l, role, item)
		if err != nil {
			return nil, err
		}
		r, err := toXPath(c.r, role, item)
		return orCond{l, r}, err
	case andCond:
		l, err := toXPath(c.l, role, item)
		if err != nil {
			return nil, err
		}
		r, err := toXPath(c.r, role, item)
		return andCond{l, r}, err
	case notCond:
		x, err := toXPath(c.x, role, item)
		return notCond{x}, err
	case answeredCond:
		return c, nil
	case selectedCond:
		it := item(c.id)
		if it == nil {
			return nil, fmt.Errorf("%s is not an earlier item", c.id)
		}
		if c.lit.isNum {
			o, ok := it.Option(c.lit.num)
			if !ok {
				return nil, fmt.Errorf("item %s has no option with code %d", c.id, c.lit.num)
			}
			return selectedCond{c.id, strLit(o.Value)}, nil
		}
		return c, nil
	case cmpCond:
		if c.id == survey.RoleRef {
			if role == "" {
				return nil, errors.New("the condition uses role, but no earlier item asks for the role; XLSForm can only refer to questions")
			}
			c.id = role
			return c, nil
		}
		it := item(c.id)
		if it == nil {
			return nil, fmt.Errorf("%s is not an earlier item", c.id)
		}
		if it.Type != survey.SingleChoice || !c.lit.isNum {
			return c, nil
		}
		var out cond
		for _, o := range it.Options {
			if survey.Compare(o.Code, c.op, c.lit.num) {
				var e cond = cmpCond{c.id, "=", strLit(o.Value)}
				if out == nil {
					out = e
				} else {
					out = orCond{out, e}
				}
			}
		}
		if c.op == "!=" {
			if o, ok := it.Option(c.lit.num); ok {
				return cmpCond{c.id, "!=", strLit(o.Value)}, nil
			}
		}
		if out == nil {
			return nil, fmt.Errorf("no option of item %s has a code %s %d", c.id, c.op, c.lit.num)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown condition %T", c)
}

// boundsXPath writes the bounds of a number question as a constraint.
func boundsXPath(lo, hi string) string {
	switch {
	case lo != "" && hi != "":
		return fmt.Sprintf(". >= %s and . <= %s", lo, hi)
	case lo != "":
		return ". >= " + lo
	case hi != "":
		return ". <= " + hi
	}
	return ""
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

var choicesHeader = []string{"list_name", "name", "label" + colNL, "label" + colEN, "peil_code"}

func (ex *exporter) agree(list string) {
	if ex.usedAgree == nil {
		ex.usedAgree = map[string]bool{}
	}
	if ex.usedAgree[list] {
		return
	}
	ex.usedAgree[list] = true
	ex.listNames = append(ex.listNames, list)
	for p, l := range survey.LikertLabels {
		ex.listRows = append(ex.listRows, []any{list, strconv.Itoa(p + 1), l[survey.Dutch], l[survey.English]})
	}
	if list == agreeDKList {
		ex.listRows = append(ex.listRows, []any{list, dkName, survey.DontKnowLabel[survey.Dutch], survey.DontKnowLabel[survey.English]})
	}
}

// list returns the name of the choice list of a single or multiple choice
// item, sharing one list between items with the same options.
func (ex *exporter) list(it *survey.Item) string {
	var sig strings.Builder
	for _, o := range it.Options {
		fmt.Fprintf(&sig, "%d\x00%s\x00%s\x00%s", o.Code, o.Value, o.Label[survey.Dutch], o.Label[survey.English])
		for _, k := range slices.Sorted(maps.Keys(o.Attrs)) {
			fmt.Fprintf(&sig, "\x00%s=%s", k, o.Attrs[k])
		}
		sig.WriteString("\x01")
	}
	if name, ok := ex.lists[sig.String()]; ok {
		return name
	}
	name := it.ID
	for n := 2; slices.Contains(ex.listNames, name) || name == agreeList || name == agreeDKList; n++ {
		name = fmt.Sprintf("%s_%d", it.ID, n)
	}
	ex.lists[sig.String()] = name
	ex.listNames = append(ex.listNames, name)
	seen := map[string]bool{}
	for _, o := range it.Options {
		ex.listRows = append(ex.listRows, []any{name, o.Value, o.Label[survey.Dutch], orNil(o.Label[survey.English]), o.Code})
		for len(ex.listAttrs) < len(ex.listRows)-1 {
			ex.listAttrs = append(ex.listAttrs, nil)
		}
		ex.listAttrs = append(ex.listAttrs, o.Attrs)
		ex.dupNames = ex.dupNames || seen[o.Value]
		seen[o.Value] = true
	}
	return name
}

// exportedList is the choice list of an item as Import would see it.
func exportedList(it *survey.Item) *choiceList {
	l := &choiceList{name: it.ID}
	for _, o := range it.Options {
		l.choices = append(l.choices, choice{name: o.Value, label: o.Label, code: o.Code})
	}
	return l
}

// choiceRows are the choices sheet: the lists, and after peil_code the
// further columns that choice filters test.
func (ex *exporter) choiceRows() [][]any {
	cols := map[string]bool{}
	for _, a := range ex.listAttrs {
		for k := range a {
			cols[k] = true
		}
	}
	extra := slices.Sorted(maps.Keys(cols))
	out := [][]any{append(toAny(choicesHeader), toAny(extra)...)}
	for i, row := range ex.listRows {
		if len(extra) > 0 {
			row = append(append(row, make([]any, len(choicesHeader)-len(row))...), make([]any, len(extra))...)
			if i < len(ex.listAttrs) {
				for j, k := range extra {
					if v, ok := ex.listAttrs[i][k]; ok {
						row[len(choicesHeader)+j] = v
					}
				}
			}
		}
		out = append(out, row)
	}
	return out
}

func (ex *exporter) settingsRows() [][]any {
	in := ex.in
	main, other := survey.Dutch, survey.English
	if in.MainLanguage() == survey.English {
		main, other = survey.English, survey.Dutch
	}
	header := []any{"form_id", "form_title", "version", "default_language"}
	row := []any{in.ID, in.Title[main], in.Version, langName(main)}
	add := func(h string, v any) {
		header = append(header, h)
		row = append(row, v)
	}
	if v := in.Title[other]; v != "" {
		add("peil_title::"+langName(other), v)
	}
	if v := in.Description[survey.Dutch]; v != "" {
		add("peil_description"+colNL, v)
	}
	if v := in.Description[survey.English]; v != "" {
		add("peil_description"+colEN, v)
	}
	if len(in.Audience) > 0 {
		add("peil_audience", strings.Join(in.Audience, " "))
	}
	if ex.dupNames {
		add("allow_choice_duplicates", "yes")
	}
	return [][]any{header, row}
}

func (ex *exporter) scaleRows() [][]any {
	out := [][]any{{"name", "label" + colNL, "label" + colEN, "min_answered"}}
	for _, s := range ex.in.Scales {
		var share any
		if s.MinAnswered != 0 {
			share = s.MinAnswered
		}
		out = append(out, []any{s.ID, s.Name[survey.Dutch], orNil(s.Name[survey.English]), share})
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
