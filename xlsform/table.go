package xlsform

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"peil/survey"
)

// sheet is one worksheet's cells as text, row by row.
type sheet struct {
	name string
	rows [][]string
}

// workbook is the sheets of a form, in workbook order.
type workbook []sheet

// find returns the first sheet whose name is one of names, ignoring case
// and surrounding spaces.
func (wb workbook) find(names ...string) *sheet {
	for i := range wb {
		n := strings.ToLower(strings.TrimSpace(wb[i].name))
		if slices.Contains(names, n) {
			return &wb[i]
		}
	}
	return nil
}

// column is one header of a sheet: label::English (en) has base label
// and language en; peil::scale has base peil::scale and no language.
type column struct {
	idx    int
	header string
	base   string
	lang   survey.Lang // "" for a column without a language
	// foreign is set for a language other than Dutch and English.
	foreign bool
}

// table is a sheet with its header row read.
type table struct {
	file  string
	sheet string
	rows  [][]string
	cols  []column
	byKey map[string]column
	// defLng is the language of columns without one; main is the
	// language every text of the form needs.
	defLng survey.Lang
	main   survey.Lang
}

var langCodeRE = regexp.MustCompile(`\(\s*([A-Za-z-]+)\s*\)\s*$`)

// parseLang reads a language as written in a column header or in
// default_language: "Nederlands (nl)", "English (en)", "Dutch", "en".
// ok is false for other languages.
func parseLang(s string) (lang survey.Lang, ok bool) {
	s = strings.TrimSpace(s)
	if m := langCodeRE.FindStringSubmatch(s); m != nil {
		switch strings.ToLower(m[1]) {
		case "nl", "nld", "dut", "nl-nl", "nl-be":
			return survey.Dutch, true
		case "en", "eng", "en-gb", "en-us":
			return survey.English, true
		}
		return "", false
	}
	switch strings.ToLower(s) {
	case "nl", "nederlands", "dutch":
		return survey.Dutch, true
	case "en", "english", "engels":
		return survey.English, true
	}
	return "", false
}

// Header aliases: what pyxform (aliases.py) reads under another name, by
// sheet. Headers are compared in snake_case (List Name is list_name).
var (
	surveyAliases = map[string]string{
		"caption": "label", "relevance": "relevant", "constraining_message": "constraint_message",
		"calculate": "calculation", "command": "type", "tag": "name", "value": "name",
		"requiredmsg": "required_message", "readonly": "read_only", "count": "repeat_count",
		"jr:count": "repeat_count", "noapperrorstring": "no_app_error_string",
		"jr:constraintmsg": "constraint_message", "jr:requiredmsg": "required_message",
	}
	choicesAliases  = map[string]string{"caption": "label", "value": "name"}
	settingsAliases = map[string]string{"id_string": "form_id", "set_form_id": "form_id", "title": "form_title", "set_form_title": "form_title"}
)

// splitHeader splits label::English (en) into label and English (en).
// As pyxform does, a sheet without any :: header splits on a single
// colon (label:English), keeping jr:count whole. peil's own columns are
// written peil_code (or, in older files, peil::code): both give the base
// peil::code. Other bases are put in snake_case and de-aliased.
func splitHeader(h string, double bool, aliases map[string]string) (base, lang string) {
	lower := strings.ToLower(h)
	prefix := ""
	switch {
	case strings.HasPrefix(lower, "peil::"):
		prefix, h = "peil::", h[len("peil::"):]
	case strings.HasPrefix(lower, "peil_"):
		prefix, h = "peil::", h[len("peil_"):]
	}
	var toks []string
	if double || strings.Contains(h, "::") {
		toks = strings.Split(h, "::")
	} else {
		toks = strings.Split(h, ":")
		if len(toks) > 1 && strings.EqualFold(strings.TrimSpace(toks[0]), "jr") {
			toks = append([]string{"jr:" + toks[1]}, toks[2:]...)
		}
	}
	base = strings.Join(strings.Fields(strings.ToLower(toks[0])), "_")
	// pyxform's own groups: bind::relevant is relevant,
	// control::appearance is appearance, media::image::English is a
	// media column.
	if prefix == "" && len(toks) > 1 && slices.Contains([]string{"bind", "control", "instance"}, base) {
		toks = toks[1:]
		base = strings.Join(strings.Fields(strings.ToLower(toks[0])), "_")
	}
	if prefix == "" {
		if a, ok := aliases[base]; ok {
			base = a
		}
	}
	if len(toks) > 1 {
		lang = strings.TrimSpace(toks[1])
	}
	return prefix + base, lang
}

func key(base string, lang survey.Lang) string {
	if lang == "" {
		return base
	}
	return base + "@" + string(lang)
}

// doubleColons reports whether a sheet's headers give languages after
// "::" (label::English) rather than ":" (label:English). peil's own old
// peil::x columns say nothing about that.
func doubleColons(headers []string) bool {
	return slices.ContainsFunc(headers, func(h string) bool {
		return strings.Contains(h, "::") && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), "peil::")
	})
}

// newTable reads the header row of s. Duplicate columns are problems;
// unknown languages are warnings (the column is left out).
func (im *importer) newTable(s *sheet, defLang survey.Lang, aliases map[string]string) *table {
	t := &table{file: im.file, sheet: s.name, rows: s.rows, byKey: map[string]column{}, defLng: defLang, main: im.main}
	if len(s.rows) == 0 {
		return t
	}
	double := doubleColons(s.rows[0])
	for i, h := range s.rows[0] {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		base, lang := splitHeader(h, double, aliases)
		c := column{idx: i, header: h, base: base}
		if base == "media" {
			// media::image::English: a media column, whatever its language
			c.base, lang = "media::"+strings.ToLower(h), ""
		}
		if lang != "" {
			l, ok := parseLang(lang)
			if !ok {
				c.foreign = true
				im.warn(at(im.file, s.name, i, 1, h), "peil speaks Dutch and English; the %s column is left out", lang)
			}
			c.lang = l
		}
		t.cols = append(t.cols, c)
		if c.foreign {
			continue
		}
		k := key(c.base, c.lang)
		if first, dup := t.byKey[k]; dup {
			im.problem(at(im.file, s.name, i, 1, h), "the column %s appears twice (first in %s); keep one", h, at("", "", first.idx, 1, "").Cell)
			continue
		}
		t.byKey[k] = c
	}
	return t
}

// has reports whether the table has a column with this base, in any
// language.
func (t *table) has(base string) bool {
	for _, c := range t.cols {
		if c.base == base && !c.foreign {
			return true
		}
	}
	return false
}

// get returns the trimmed value of a column in a row (1-based, as in the
// workbook) and the cell's location.
func (t *table) get(row int, k string) (string, Location) {
	c, ok := t.byKey[k]
	if !ok {
		return "", Location{File: t.file, Sheet: t.sheet}
	}
	loc := at(t.file, t.sheet, c.idx, row, c.header)
	cells := t.rows[row-1]
	if c.idx >= len(cells) {
		return "", loc
	}
	return strings.TrimSpace(cells[c.idx]), loc
}

// rowLoc is the location of a whole row, at its first cell.
func (t *table) rowLoc(row int) Location { return at(t.file, t.sheet, 0, row, "") }

// colLoc is the location of a column's cell in a row, or of the row when
// the column is missing.
func (t *table) colLoc(row int, k string) Location {
	if _, ok := t.byKey[k]; !ok {
		return t.rowLoc(row)
	}
	_, loc := t.get(row, k)
	return loc
}

// text reads a respondent-facing text from base (in the default
// language), base::Nederlands (nl) and base::English (en). loc is where
// the Dutch text is, or belongs.
func (t *table) text(row int, base string) (survey.Text, Location) {
	out := survey.Text{}
	locs := map[survey.Lang]Location{}
	if v, loc := t.get(row, base); v != "" {
		out[t.defLng], locs[t.defLng] = v, loc
	}
	for _, l := range []survey.Lang{survey.Dutch, survey.English} {
		if v, loc := t.get(row, key(base, l)); v != "" {
			out[l], locs[l] = v, loc
		}
	}
	other := survey.English
	if t.main == survey.English {
		other = survey.Dutch
	}
	loc, ok := locs[t.main]
	switch {
	case ok:
	case len(locs) > 0:
		loc = locs[other]
	default:
		loc = t.colLoc(row, key(base, t.main))
		if _, has := t.byKey[key(base, t.main)]; !has {
			loc = t.colLoc(row, base)
		}
	}
	if len(out) == 0 {
		return nil, loc
	}
	return out, loc
}

// hasText reports whether a row has a text in a column with this base,
// in any language.
func hasText(t *table, row int, base string) bool {
	for _, c := range t.cols {
		if c.base == base && c.idx < len(t.rows[row-1]) && strings.TrimSpace(t.rows[row-1][c.idx]) != "" {
			return true
		}
	}
	return false
}

// hasMedia reports whether a row has an image, sound or video.
func hasMedia(t *table, row int) bool {
	for _, b := range []string{"image", "big-image", "audio", "video"} {
		if hasText(t, row, b) {
			return true
		}
	}
	// media::image::English and the like (newTable keeps the whole header
	// in the base: "media::media::image::english").
	for _, c := range t.cols {
		if strings.HasPrefix(c.base, "media::") && c.idx < len(t.rows[row-1]) && strings.TrimSpace(t.rows[row-1][c.idx]) != "" {
			return true
		}
	}
	return false
}

// blank reports whether a row has no text at all.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// yesNo reads yes/no cells as XLSForm writes them.
func yesNo(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "true()", "1", "ja":
		return true, true
	case "", "no", "false", "false()", "0", "nee":
		return false, true
	}
	return false, false
}

func langName(l survey.Lang) string {
	if l == survey.English {
		return "English (en)"
	}
	return "Nederlands (nl)"
}

// noMain says that a text lacks the form's main language.
func (im *importer) noMain(what string, base string) string {
	if im.main == survey.English {
		return fmt.Sprintf("%s has no English text; add it in the column %s::%s (the form is in English: its labels have no Dutch)", what, base, langName(survey.English))
	}
	return fmt.Sprintf("%s has no Dutch text; add it in the column %s::%s (English is optional)", what, base, langName(survey.Dutch))
}
