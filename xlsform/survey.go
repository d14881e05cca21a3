package xlsform

import (
	"fmt"
	"slices"
	"strings"

	"peil/survey"
)

// metadataTypes are XLSForm fields that record facts about the session,
// not answers; peil records start, end and laptop itself.
var metadataTypes = []string{"start", "end", "today", "deviceid", "username", "audit", "simserial", "subscriberid",
	"phonenumber", "email", "start-geopoint", "background-audio", "imei", "uri:deviceid", "uri:username", "uri:email"}

// unsupportedTypes are question types peil cannot ask, with what to do.
var unsupportedTypes = map[string]string{
	"datetime":    "ask for the date and time as text",
	"geopoint":    "peil does not record locations",
	"geotrace":    "peil does not record locations",
	"geoshape":    "peil does not record locations",
	"image":       "peil records no media",
	"audio":       "peil records no media",
	"video":       "peil records no media",
	"file":        "peil records no files",
	"barcode":     "ask for the code as text",
	"rank":        "ask a select_one question per place, or a select_multiple question",
	"acknowledge": "use a select_one question with the choice ja",
	"trigger":     "use a select_one question with the choice ja",
	"osm":         "peil records no media",
}

// usedColumns are the survey columns peil reads (or knowingly ignores).
var usedColumns = []string{"type", "name", "label", "hint", "required", "required_message", "relevant",
	"constraint", "constraint_message", "choice_filter", "appearance", "parameters", "calculation",
	"peil::scale", "peil::reverse", "peil::role", "peil::show_if", "peil::type"}

// pending is an item read from a row, with what is needed after the last
// row: its section and its scales.
type pending struct {
	item survey.Item
	// name is the question's name in the form (the item id is the name
	// with - and . made _).
	name    string
	section int
	row     int
	likert  map[string]int
	// scale columns, read once all items are known
	scales     []string
	scaleLoc   Location
	reverse    string
	reverseLoc Location
}

// group is an open begin_group (or begin_repeat).
type group struct {
	name   string
	row    int
	cond   cond
	repeat bool
}

// surveyReader reads the survey sheet.
type surveyReader struct {
	*importer
	t        *table
	in       *survey.Instrument
	lists    map[string]*choiceList
	names    map[string]int    // every name in the sheet: its first row
	skipped  map[string]string // names peil leaves out: what they are
	items    []*pending
	byName   map[string]*pending // by the name in the form
	byID     map[string]*pending // by peil id
	ids      map[string]string   // peil ids given: the name they came from
	sections []survey.Section
	secRows  []int
	stack    []group
	cur      int // section of ungrouped items, or -1
	role     string
}

func (im *importer) survey(t *table, in *survey.Instrument, lists map[string]*choiceList) []*pending {
	sr := &surveyReader{importer: im, t: t, in: in, lists: lists, names: map[string]int{}, skipped: map[string]string{},
		byName: map[string]*pending{}, byID: map[string]*pending{}, ids: map[string]string{}, cur: -1}
	if len(t.rows) == 0 || !t.has("type") {
		im.problem(Location{File: im.file, Sheet: t.sheet, Cell: "A1"}, "the survey sheet has no type column; its first row names the columns: type, name, label, ...")
		return nil
	}
	for _, c := range t.cols {
		if c.foreign || slices.Contains(usedColumns, c.base) {
			continue
		}
		for r := 2; r <= len(t.rows); r++ {
			if v, _ := t.get(r, key(c.base, c.lang)); v != "" {
				im.warn(at(im.file, t.sheet, c.idx, 1, c.header), "peil does not use the column %s; it is left out", c.header)
				break
			}
		}
	}
	for r := 2; r <= len(t.rows); r++ {
		if n, _ := t.get(r, "name"); n != "" {
			if _, dup := sr.names[n]; !dup {
				sr.names[n] = r
			}
		}
	}
	for r := 2; r <= len(t.rows); r++ {
		typ, _ := t.get(r, "type")
		name, _ := t.get(r, "name")
		if typ != "" || name != "" || hasText(t, r, "label") {
			sr.row(r) // else a comment row, which pyxform skips too
		}
	}
	for i := len(sr.stack) - 1; i >= 0; i-- {
		g := sr.stack[i]
		what, end := "begin_group", "end_group"
		if g.repeat {
			what, end = "begin_repeat", "end_repeat"
		}
		im.problem(sr.t.colLoc(g.row, "type"), "the %s %s is never closed; add a row with type %s", what, g.name, end)
	}
	sr.finish()
	return sr.items
}

// typeAliases maps the names pyxform reads for a question type (its
// aliases.py and question type dictionary), lower case with spaces for _,
// to the type peil reads.
var typeAliases = map[string]string{}

func init() {
	for canon, names := range map[string][]string{
		"select_one": {"select one", "select1", "q select1", "select one from", "add select one prompt using", "select one using"},
		"select_multiple": {"select multiple", "select all that apply", "select all that apply from", "select multiple from",
			"add select multiple prompt using", "select multiple using", "q select"},
		"select_one_from_file":      {"select one from file"},
		"select_multiple_from_file": {"select multiple from file"},
		"select_one_external":       {"select one external"},
		"integer":                   {"int", "q int", "add integer prompt"},
		"decimal":                   {"q decimal", "add decimal prompt"},
		"text":                      {"string", "q string", "add text prompt"},
		"phone_number":              {},
		"note":                      {"q note", "add note prompt"},
		"date":                      {"q date", "add date prompt"},
		"time":                      {}, // pyxform has no other name for it
		"range":                     {},
		"calculate":                 {"q calculate", "add calculate prompt"},
		"begin_group":               {"begin group"},
		"end_group":                 {"end group"},
		"begin_repeat":              {"begin repeat", "begin lgroup", "begin looped group", "begin loop"},
		"end_repeat":                {"end repeat", "end lgroup", "end looped group", "end loop"},
		"start":                     {"start time", "get start time"},
		"end":                       {"end time", "get end time"},
		"today":                     {"get today"},
		"deviceid":                  {"device id", "get device id"},
		"simserial":                 {"sim id", "get sim id", "uri:simserial"},
		"subscriberid":              {"subscriber id", "get subscriber id", "uri:subscriberid"},
		"phonenumber":               {"get phone number", "uri:phonenumber"},
		"image":                     {"photo", "q picture", "q image", "add image prompt", "add photo prompt"},
		"audio":                     {"q audio", "add audio prompt"},
		"video":                     {"q video", "add video prompt"},
		"file":                      {"add file prompt"},
		"geopoint":                  {"gps", "location", "q location", "q geopoint", "add location prompt", "background-geopoint"},
		"geoshape":                  {"q geoshape"},
		"geotrace":                  {"q geotrace"},
		"barcode":                   {"q barcode", "add barcode prompt"},
		"datetime":                  {"date time", "q date time", "q datetime", "add date time prompt", "add datetime prompt"},
		"acknowledge":               {"q acknowledge", "add acknowledge prompt"},
		"csv-external":              {"xml-external", "include"},
		"cascading_select":          {"cascading select"},
	} {
		typeAliases[strings.ReplaceAll(canon, "_", " ")] = canon
		for _, n := range names {
			typeAliases[n] = canon
		}
	}
}

// presetInts are pyxform's integer types with built-in bounds.
var presetInts = map[string][2]int{
	"percentage":                        {0, 100},
	"number of days in last month":      {0, 31},
	"number of days in last six months": {0, 183},
	"number of days in last year":       {0, 365},
}

// typeWords splits a type cell into the type and its arguments, reading
// pyxform's aliases: "select one from yes_no or_other" gives select_one,
// [yes_no or_other]; "begin group" gives begin_group; "percentage" gives
// percentage (an integer from 0 to 100).
func typeWords(s string) (string, []string) {
	f := strings.Fields(s)
	for n := min(len(f), 6); n >= 1; n-- {
		k := strings.ReplaceAll(strings.ToLower(strings.Join(f[:n], " ")), "_", " ")
		if c, ok := typeAliases[k]; ok {
			return c, f[n:]
		}
		if _, ok := presetInts[k]; ok {
			return k, f[n:]
		}
	}
	return strings.ToLower(f[0]), f[1:]
}

func (sr *surveyReader) row(r int) {
	t := sr.t
	typ, typLoc := t.get(r, "type")
	name, nameLoc := t.get(r, "name")
	if typ == "" {
		sr.problem(typLoc, "this row has no type; write a type such as select_one, integer or text, or delete the row")
		return
	}
	kind, args := typeWords(typ)
	if len(args) == 4 && strings.EqualFold(strings.Join(args[1:], " "), "or specify other") {
		args = []string{args[0], "or_other"} // the old spelling of or_other
	}
	dup := name != "" && sr.names[name] != r
	if dup {
		sr.problem(nameLoc, "the name %s is already used in row %d; every row needs its own name", name, sr.names[name])
	}
	switch {
	case kind == "begin_group":
		if dup {
			name = ""
		}
		sr.beginGroup(r, name, nameLoc, dup)
	case kind == "end_group" || kind == "end_repeat":
		if len(sr.stack) == 0 || sr.stack[len(sr.stack)-1].repeat != (kind == "end_repeat") {
			sr.problem(typLoc, "%s without a matching %s above it", kind, strings.Replace(kind, "end", "begin", 1))
			return
		}
		sr.stack = sr.stack[:len(sr.stack)-1]
		if len(sr.stack) == 0 {
			sr.cur = -1
		}
	case kind == "begin_repeat":
		sr.problem(typLoc, "repeats (%s) are not supported: peil asks every question once; ask a fixed number of questions instead", strings.ToLower(strings.Join(strings.Fields(typ), " ")))
		sr.stack = append(sr.stack, group{name: name, row: r, repeat: true})
	case slices.Contains(metadataTypes, kind):
		sr.warn(typLoc, "the %s field is left out: peil records when each respondent starts and ends, and on which laptop, itself", kind)
		if name != "" {
			sr.skipped[name] = "a " + kind + " field"
		}
	case kind == "hidden":
		sr.warn(typLoc, "the hidden field is left out: it asks nothing")
		if name != "" {
			sr.skipped[name] = "a hidden field"
		}
	case kind == "calculate":
		sr.warn(typLoc, "calculations are left out: peil computes scale scores itself (see peil_scale)")
		if name != "" {
			sr.skipped[name] = "a calculation"
		}
	case kind == "select_one_from_file" || kind == "select_multiple_from_file":
		sr.problem(typLoc, "%s (choices from an external file) is not supported; put the choices in the choices sheet and use %s", kind, strings.TrimSuffix(kind, "_from_file"))
	case kind == "select_one_external" || kind == "csv-external" || kind == "cascading_select":
		sr.problem(typLoc, "%s (choices from an external file) is not supported; put the choices in the choices sheet and use select_one", kind)
	case slices.Contains([]string{"select_one", "select_multiple", "integer", "decimal", "text", "note", "range", "date", "time", "phone_number"}, kind):
		sr.item(r, kind, args, name, nameLoc, typLoc, dup)
	case presetInts[kind] != [2]int{}:
		sr.item(r, kind, args, name, nameLoc, typLoc, dup)
	default:
		if hint, ok := unsupportedTypes[kind]; ok {
			sr.problem(typLoc, "the question type %s is not supported; %s", kind, hint)
		} else {
			sr.problem(typLoc, "unknown question type %q; peil reads select_one, select_multiple, integer, decimal, range, date, time, text, note, begin_group and end_group", typ)
		}
	}
}

func (sr *surveyReader) groupConds() []cond {
	var out []cond
	for _, g := range sr.stack {
		if g.cond != nil {
			out = append(out, g.cond)
		}
	}
	return out
}

func (sr *surveyReader) beginGroup(r int, name string, nameLoc Location, dup bool) {
	t := sr.t
	if name == "" && !dup {
		sr.problem(nameLoc, "this group has no name; give it one such as deel1 (peil uses it as the section id)")
	}
	var c cond
	if rel, loc := t.get(r, "relevant"); rel != "" {
		var errs []string
		c, errs = translateRelevant(rel, sr.resolver(name))
		for _, e := range errs {
			sr.problem(loc, "%s", e)
		}
	}
	if len(sr.stack) > 0 {
		outer := sr.stack[0]
		sr.warn(t.colLoc(r, "type"), "group %s is inside group %s; peil has no sections within sections, so its questions become part of section %s", name, outer.name, outer.name)
		sr.stack = append(sr.stack, group{name: name, row: r, cond: c})
		return
	}
	sr.stack = append(sr.stack, group{name: name, row: r, cond: c})
	id := name
	if name != "" {
		id = sr.mapName(nameLoc, name, "group")
		sr.checkID(nameLoc, "the group name", id)
	}
	s := survey.Section{ID: id}
	if id != name {
		s.OriginalName = name
	}
	title, loc := t.text(r, "label")
	switch {
	case title == nil:
		s.Title = sr.in.Title
		sr.warn(loc, "group %s has no label; peil shows the form title above its questions", name)
	case title[sr.main] == "":
		sr.problem(loc, "group %s: %s", name, sr.noMain("the label", "label"))
	default:
		s.Title = title
		sr.piping(loc, title)
	}
	if intro, loc := t.text(r, "hint"); intro != nil {
		if intro[sr.main] == "" {
			sr.problem(loc, "group %s: %s", name, sr.noMain("the hint", "hint"))
		}
		s.Intro = intro
		sr.piping(loc, intro)
	}
	sr.sections = append(sr.sections, s)
	sr.secRows = append(sr.secRows, r)
	sr.cur = len(sr.sections) - 1
}

// section returns the section for an item in the current row, opening a
// section for questions outside groups when needed.
func (sr *surveyReader) section(r int) int {
	if sr.cur >= 0 {
		return sr.cur
	}
	id := defaultSection
	for n := 2; ; n++ {
		_, used := sr.names[id]
		if !used && !slices.ContainsFunc(sr.sections, func(s survey.Section) bool { return s.ID == id }) {
			break
		}
		id = fmt.Sprintf("%s_%d", defaultSection, n)
	}
	sr.sections = append(sr.sections, survey.Section{ID: id, Title: sr.in.Title})
	sr.secRows = append(sr.secRows, r)
	sr.cur = len(sr.sections) - 1
	return sr.cur
}

// resolver looks up the questions before the current row.
func (sr *surveyReader) resolver(self string) resolver {
	return func(name string) (*refInfo, string) {
		if p, ok := sr.byName[name]; ok {
			return &refInfo{item: &p.item, likert: p.likert}, ""
		}
		if name == self {
			return nil, fmt.Sprintf("the condition refers to ${%s}, the question itself; a condition can only refer to questions asked before it", name)
		}
		if what, ok := sr.skipped[name]; ok {
			return nil, fmt.Sprintf("the condition refers to ${%s}, %s that peil leaves out", name, what)
		}
		if row, ok := sr.names[name]; ok {
			if row > sr.currentRow(self) {
				return nil, fmt.Sprintf("the condition refers to ${%s}, which comes later (row %d); a condition can only refer to questions asked before it", name, row)
			}
			return nil, fmt.Sprintf("the condition refers to ${%s} (row %d), which is not a question peil can use", name, row)
		}
		return nil, fmt.Sprintf("the condition refers to ${%s}, which is not a question of this form", name)
	}
}

func (sr *surveyReader) currentRow(self string) int {
	if r, ok := sr.names[self]; ok {
		return r
	}
	return 0
}

// splitJoined undoes errors.Join.
func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// finish puts the items into their sections and drops empty sections.
func (sr *surveyReader) finish() {
	for _, p := range sr.items {
		s := &sr.sections[p.section]
		s.Items = append(s.Items, p.item)
	}
	var kept []survey.Section
	for i, s := range sr.sections {
		if len(s.Items) == 0 {
			what := "this group"
			if s.ID != "" {
				what = "group " + s.ID
			}
			sr.warn(sr.t.colLoc(sr.secRows[i], "type"), "%s has no questions peil can ask; it is left out", what)
			continue
		}
		kept = append(kept, s)
	}
	sr.in.Sections = kept
	if len(sr.items) == 0 {
		sr.problem(Location{File: sr.file, Sheet: sr.t.sheet}, "the survey sheet has no questions")
	}
}
