package xlsform

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"peil/survey"
)

// Limits on what Import reads, so that no file can exhaust memory.
const (
	maxUnzipped    = 64 << 20
	maxSheetXML    = 16 << 20
	maxRows        = 20000
	maxCellRunes   = 8000
	defaultSection = "vragen"
)

// Import reads an XLSForm workbook and returns the instrument it
// describes. name is the file name used in messages. Warnings list what
// peil leaves out or does its own way. When the form cannot become an
// instrument, the error is a Problems list with every problem found.
func Import(name string, r io.Reader) (*survey.Instrument, []Warning, error) {
	wb, err := readWorkbook(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return importWorkbook(name, wb)
}

// readWorkbook reads every sheet's cells as text. A panic in the
// spreadsheet library becomes an error: no file may crash peil.
func readWorkbook(r io.Reader) (wb workbook, err error) {
	defer func() {
		if p := recover(); p != nil {
			wb, err = nil, fmt.Errorf("the workbook cannot be read (%v); save it again as .xlsx", p)
		}
	}()
	br := bufio.NewReader(r)
	if head, _ := br.Peek(len(oleMagic)); bytes.Equal(head, oleMagic) {
		return nil, errors.New("this is a legacy Excel 97-2003 workbook (.xls), which peil does not read; open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)")
	}
	f, err := excelize.OpenReader(br, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxSheetXML})
	if err != nil {
		return nil, fmt.Errorf("this is not an Excel workbook (.xlsx) that peil can read; save it as .xlsx: %w", err)
	}
	defer f.Close()
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("reading sheet %s: %w", name, err)
		}
		if len(rows) > maxRows {
			return nil, fmt.Errorf("sheet %s has %d rows; peil reads forms of at most %d rows", name, len(rows), maxRows)
		}
		wb = append(wb, sheet{name: name, rows: rows})
	}
	return wb, nil
}

// oleMagic starts an OLE2 compound file, as a legacy .xls workbook is.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// importer collects the problems and warnings of one form.
type importer struct {
	file  string
	probs Problems
	warns []Warning
	// main is the language every text needs; langs the languages the
	// form has (main first).
	main  survey.Lang
	langs []survey.Lang
	// foreign is set when the form has labels in other languages.
	foreign bool
	// allowDup is the setting allow_choice_duplicates: a list may hold
	// a choice name twice (a choice filter tells them apart).
	allowDup bool
	// columns are the further columns of the choices sheet, which
	// choice filters test.
	columns map[string]bool
}

func (im *importer) problem(loc Location, format string, args ...any) {
	im.probs = append(im.probs, Problem{Location: loc, Msg: fmt.Sprintf(format, args...)})
}

func (im *importer) warn(loc Location, format string, args ...any) {
	im.warns = append(im.warns, Warning{Location: loc, Msg: fmt.Sprintf(format, args...)})
}

// checkID reports a name that peil cannot use as an item, section or
// scale id (the rule is survey.CheckID).
func (im *importer) checkID(loc Location, what, id string) bool {
	switch survey.CheckID(id) {
	case survey.IDCharacters:
		im.problem(loc, "%s %q may contain only letters (a-z), digits and _, and may not start with a digit; peil uses it in conditions and exports", what, id)
	case survey.IDTooLong:
		im.problem(loc, "%s %q is longer than %d characters; choose a shorter name", what, id, survey.MaxIDLength)
	case survey.IDReserved:
		im.problem(loc, "%s %q is a word of peil's condition language (%s); choose another name", what, id, strings.Join(survey.ReservedIDs(), ", "))
	default:
		return true
	}
	return false
}

// importWorkbook turns the sheets of a form into an instrument.
func importWorkbook(name string, wb workbook) (*survey.Instrument, []Warning, error) {
	im := &importer{file: name}
	for _, s := range wb {
		for r, row := range s.rows {
			for c, v := range row {
				switch {
				case !utf8.ValidString(v):
					im.problem(at(name, s.name, c, r+1, ""), "this cell holds text that is not valid UTF-8; retype it, or save the workbook again as .xlsx")
					s.rows[r][c] = ""
				case strings.IndexFunc(v, notXMLChar) >= 0:
					im.problem(at(name, s.name, c, r+1, ""), "this cell holds a control character that a workbook cannot keep; retype the cell")
					s.rows[r][c] = ""
				case len([]rune(v)) > maxCellRunes:
					im.problem(at(name, s.name, c, r+1, ""), "this cell holds %d characters; peil reads at most %d", len([]rune(v)), maxCellRunes)
					s.rows[r][c] = ""
				}
			}
		}
	}
	in := &survey.Instrument{}
	defLang := im.languages(wb)
	im.settings(wb, in, defLang)
	lists := im.choices(wb, defLang)
	sv := wb.find("survey")
	if sv == nil && len(wb) == 1 && wb.find(append([]string{"choices", "settings"}, scaleSheetNames...)...) == nil {
		// As pyxform does, a workbook of one sheet is the survey.
		sv = &wb[0]
		im.warn(Location{File: name, Sheet: sv.name}, "the workbook has no sheet named survey; peil reads its only sheet, %s, as the survey", sv.name)
	}
	if sv == nil {
		im.problem(Location{File: name}, "the workbook has no sheet named survey; an XLSForm has the sheets survey, choices and settings")
	} else {
		items := im.survey(im.newTable(sv, defLang, surveyAliases), in, lists)
		im.scales(wb, defLang, in, items)
	}
	if len(im.probs) > 0 {
		sortLocated(im.probs, func(p Problem) Location { return p.Location })
		sortLocated(im.warns, func(w Warning) Location { return w.Location })
		return nil, im.warns, im.probs
	}
	sortLocated(im.warns, func(w Warning) Location { return w.Location })
	return in, im.warns, nil
}

// knownSettings are settings XLSForm tools use that mean nothing to peil.
var knownSettings = []string{"instance_name", "submission_url", "public_key", "style", "allow_choice_duplicates",
	"namespaces", "clean_text_values", "auto_send", "auto_delete", "name", "omit_instanceid", "client_editable", "entities_version"}

// languages decides the languages of the form from the headers of its
// survey and choices sheets: label::English (en) is in English, a label
// column without a language is in default_language, or else in the form's
// main language. The main language is Dutch when any text is in Dutch,
// else English. It returns the language of columns without one.
func (im *importer) languages(wb workbook) survey.Lang {
	defLang := survey.Lang("")
	if s := wb.find("settings"); s != nil && len(s.rows) > 1 {
		for c, h := range s.rows[0] {
			base, _ := splitHeader(strings.TrimSpace(h), false, settingsAliases)
			if base != "default_language" || c >= len(s.rows[1]) || strings.TrimSpace(s.rows[1][c]) == "" {
				continue
			}
			if l, ok := parseLang(s.rows[1][c]); ok {
				defLang = l
			} else {
				im.warn(at(im.file, s.name, c, 2, h), "peil speaks Dutch and English; the label columns without a language are read as the form's main language")
			}
		}
	}
	tagged := map[survey.Lang]bool{}
	plain, foreign := false, []string{}
	for _, name := range []string{"survey", "choices"} {
		s := wb.find(name)
		if s == nil || len(s.rows) == 0 {
			continue
		}
		aliases := surveyAliases
		if name == "choices" {
			aliases = choicesAliases
		}
		double := doubleColons(s.rows[0])
		for c, h := range s.rows[0] {
			base, lang := splitHeader(strings.TrimSpace(h), double, aliases)
			if base != "label" && base != "hint" || !slices.ContainsFunc(s.rows[1:], func(row []string) bool { return c < len(row) && strings.TrimSpace(row[c]) != "" }) {
				continue
			}
			switch l, ok := parseLang(lang); {
			case lang == "":
				plain = true
			case ok:
				tagged[l] = true
			case !slices.Contains(foreign, lang):
				foreign = append(foreign, lang)
			}
		}
	}
	// English is the main language of a form with English labels and no
	// Dutch ones (or default_language English); labels without a language
	// are then English too, unless default_language says otherwise.
	im.main = survey.Dutch
	if defLang == survey.English || !tagged[survey.Dutch] && tagged[survey.English] && defLang == "" {
		im.main = survey.English
	}
	if plain && defLang == "" {
		defLang = im.main
	}
	if plain {
		tagged[defLang] = true
	}
	for _, l := range []survey.Lang{im.main, survey.Dutch, survey.English} {
		if tagged[l] && !slices.Contains(im.langs, l) {
			im.langs = append(im.langs, l)
		}
	}
	im.foreign = len(foreign) > 0
	if len(im.langs) == 0 && len(foreign) > 0 {
		im.problem(Location{File: im.file, Sheet: "survey"}, "the labels of this form are in %s; peil asks questions in Dutch or English: add label::English (en) or label::Nederlands (nl) columns", strings.Join(foreign, ", "))
	}
	if defLang == "" {
		defLang = im.main
	}
	return defLang
}

// settings reads the settings sheet (optional, as in pyxform) into the
// instrument.
func (im *importer) settings(wb workbook, in *survey.Instrument, defLang survey.Lang) {
	s := wb.find("settings")
	base := strings.TrimSuffix(filepath.Base(im.file), filepath.Ext(im.file))
	if s == nil || len(s.rows) < 2 || blank(s.rows[1]) {
		loc := Location{File: im.file}
		if s != nil {
			loc.Sheet = s.name
		}
		id := formID(base)
		if id == "" {
			im.problem(loc, "the form has no settings, and its file name %s cannot be an instrument id; add a settings sheet with form_id (letters, digits, - and _)", filepath.Base(im.file))
			return
		}
		in.ID, in.Version, in.Title = id, 1, survey.Text{im.main: id}
		im.warn(loc, "the form has no settings sheet; peil names the instrument %s after the file, with that title and version 1 (add a settings sheet with form_id, form_title and version to choose them)", id)
		return
	}
	t := im.newTable(s, defLang, settingsAliases)
	for _, c := range t.cols {
		known := slices.Contains([]string{"form_id", "form_title", "version", "default_language", "peil::title", "peil::description", "peil::audience"}, c.base)
		switch {
		case known || c.foreign:
		case slices.Contains(knownSettings, c.base):
		default:
			im.warn(at(im.file, s.name, c.idx, 1, c.header), "peil does not use the setting %s; it is left out", c.header)
		}
	}
	if v, loc := t.get(2, "allow_choice_duplicates"); v != "" {
		b, ok := yesNo(v)
		if !ok {
			im.problem(loc, "allow_choice_duplicates is %q; write yes or no", v)
		}
		im.allowDup = b
	}
	if v, loc := t.get(2, "form_id"); v != "" {
		if !survey.ValidInstrumentID(v) {
			im.problem(loc, "form_id %q may contain only letters, digits, - and _; for example cultuursurvey", v)
		}
		in.ID = v
	} else if id := formID(base); id != "" {
		in.ID = id
		im.warn(t.colLoc(2, "form_id"), "the form has no form_id; peil names the instrument %s after the file", id)
	} else {
		im.problem(t.colLoc(2, "form_id"), "the form has no form_id; add one such as cultuursurvey (letters, digits, - and _)")
	}
	title, loc := t.text(2, "form_title")
	if en, _ := t.get(2, key("peil::title", survey.English)); en != "" {
		if title == nil {
			title = survey.Text{}
		}
		title[survey.English] = en
	}
	switch {
	case title == nil && in.ID != "":
		in.Title = survey.Text{im.main: in.ID}
		im.warn(loc, "the form has no form_title; respondents see the form_id %s as the title", in.ID)
	case title == nil:
		im.problem(loc, "the form has no form_title; add the title respondents see")
	case title[im.main] == "":
		im.problem(loc, "%s", im.noMain("form_title", "form_title"))
	default:
		in.Title = title
	}

	if v, loc := t.get(2, "version"); v == "" {
		in.Version = 1
		im.warn(t.colLoc(2, "version"), "the form has no version; peil uses version 1 (raise it whenever the form changes)")
	} else if n, err := strconv.Atoi(v); err != nil || n < 1 {
		im.problem(loc, "version %q should be a whole number from 1, such as 3 or 2024031501; peil compares versions as numbers", v)
	} else {
		in.Version = n
	}
	if d, loc := t.text(2, "peil::description"); d != nil {
		if d[im.main] == "" {
			im.problem(loc, "%s", im.noMain("the description", "peil_description"))
		}
		in.Description = d
	}
	if v, loc := t.get(2, "peil::audience"); v != "" {
		for _, r := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			if slices.Contains(in.Audience, r) {
				im.problem(loc, "peil::audience lists %q twice; remove one", r)
				continue
			}
			in.Audience = append(in.Audience, r)
		}
	}
}

// formID makes an instrument id of a file name, as pyxform takes the form
// id from it: other characters than letters, digits, - and _ become _.
func formID(base string) string {
	id := strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return '_'
	}, base)
	id = strings.TrimLeft(id, "_-")
	if !survey.ValidInstrumentID(id) {
		return ""
	}
	return id
}

// choice is one row of the choices sheet.
type choice struct {
	name  string
	label survey.Text
	code  int
	row   int
	loc   Location // of the name cell
	// attrs are the choice's further columns (not empty), by column.
	attrs map[string]string
}

// choiceList is one list_name of the choices sheet.
type choiceList struct {
	name    string
	choices []choice
}

// choiceColumns are the columns of the choices sheet that are not for
// choice filters.
var choiceColumns = []string{"list_name", "name", "label", "image", "big-image", "audio", "video", "peil::code"}

// choices reads the choices sheet.
func (im *importer) choices(wb workbook, defLang survey.Lang) map[string]*choiceList {
	lists := map[string]*choiceList{}
	s := wb.find("choices")
	if s == nil {
		return lists
	}
	t := im.newTable(s, defLang, choicesAliases)
	for _, need := range []string{"list_name", "name"} {
		if len(t.rows) > 1 && !t.has(need) {
			im.problem(Location{File: im.file, Sheet: s.name, Cell: "A1"}, "the choices sheet has no %s column; it needs list_name, name and label", need)
			return lists
		}
	}
	im.columns = map[string]bool{}
	for _, c := range t.cols {
		if c.lang == "" && !c.foreign && !slices.Contains(choiceColumns, c.base) && !strings.HasPrefix(c.base, "media::") {
			im.columns[c.base] = true
		}
	}
	codes := map[string]map[int]Location{}
	for r := 2; r <= len(t.rows); r++ {
		list, _ := t.get(r, "list_name")
		if nm, _ := t.get(r, "name"); list == "" && nm == "" && !hasText(t, r, "label") {
			continue // a comment row, as pyxform skips it
		}
		list, listLoc := t.get(r, "list_name")
		nm, nameLoc := t.get(r, "name")
		if list == "" {
			im.problem(listLoc, "this choice has no list_name; write the name of its list")
			continue
		}
		l := lists[list]
		if l == nil {
			l = &choiceList{name: list}
			lists[list] = l
			codes[list] = map[int]Location{}
		}
		if nm == "" {
			im.problem(nameLoc, "this choice of list %s has no name; the name is what conditions and exports use", list)
			continue
		}
		if strings.ContainsAny(nm, `'"`) {
			im.problem(nameLoc, "the choice name %s cannot contain quotes; use a short name such as ja or niet_van_toepassing", nm)
			continue
		}
		if i := slices.IndexFunc(l.choices, func(c choice) bool { return c.name == nm }); i >= 0 && !im.allowDup {
			im.problem(nameLoc, "list %s has the choice %s twice (first in %s); give each choice its own name (or, when a choice_filter tells them apart, set allow_choice_duplicates: yes in settings)", list, nm, l.choices[i].loc.Cell)
			continue
		}
		c := choice{name: nm, row: r, loc: nameLoc}
		for col := range im.columns {
			if v, _ := t.get(r, col); v != "" {
				if c.attrs == nil {
					c.attrs = map[string]string{}
				}
				c.attrs[col] = v
			}
		}
		label, loc := t.text(r, "label")
		switch {
		case label == nil && hasMedia(t, r):
			label = survey.Text{im.main: nm}
			im.warn(loc, "choice %s of list %s has only an image or sound as its label; peil shows no media, so respondents read its name, %s", nm, list, nm)
		case label == nil:
			im.problem(loc, "choice %s of list %s has no label; add the text respondents read", nm, list)
		case label[im.main] == "":
			im.problem(loc, "choice %s of list %s: %s", nm, list, im.noMain("the label", "label"))
		}
		c.label = label
		if v, loc := t.get(r, "peil::code"); v != "" {
			n, err := strconv.Atoi(v)
			switch {
			case err != nil || n < 1:
				im.problem(loc, "peil_code %q should be a whole number from 1 (exports use it for the choice)", v)
				c.code = -1
			default:
				if first, dup := codes[list][n]; dup {
					im.problem(loc, "list %s uses peil_code %d twice (first in %s); give each choice its own code", list, n, first.Cell)
				}
				codes[list][n] = loc
				c.code = n
			}
		}
		l.choices = append(l.choices, c)
	}
	// codes: peil::code where given; else the names when they are all
	// whole numbers from 1; else the place in the list.
	for _, l := range lists {
		withCode := 0
		for _, c := range l.choices {
			if c.code != 0 {
				withCode++
			}
		}
		if withCode > 0 {
			for _, c := range l.choices {
				if c.code == 0 {
					im.problem(t.colLoc(c.row, "peil::code"), "choice %s of list %s has no peil_code while others in the list have one; give every choice of the list a code", c.name, l.name)
				}
			}
			continue
		}
		numeric := true
		seen := map[int]bool{}
		for _, c := range l.choices {
			n, err := strconv.Atoi(c.name)
			if err != nil || n < 1 || seen[n] || strconv.Itoa(n) != c.name {
				numeric = false
				break
			}
			seen[n] = true
		}
		for i := range l.choices {
			if numeric {
				l.choices[i].code, _ = strconv.Atoi(l.choices[i].name)
			} else {
				l.choices[i].code = i + 1
			}
		}
	}
	return lists
}

// notXMLChar reports a character that XML 1.0, and so an .xlsx cell, cannot
// hold: control characters other than tab and line breaks, and U+FFFE/FFFF.
func notXMLChar(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF
}
