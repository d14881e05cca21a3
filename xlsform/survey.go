package xlsform

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"peil/survey"
)

// metadataTypes are XLSForm fields that record facts about the session,
// not answers; peil records start, end and laptop itself.
var metadataTypes = []string{"start", "end", "today", "deviceid", "username", "audit", "simserial", "subscriberid",
	"phonenumber", "email", "start-geopoint", "background-audio", "imei", "uri:deviceid", "uri:username", "uri:email"}

// unsupportedTypes are question types peil cannot ask, with what to do.
var unsupportedTypes = map[string]string{
	"time":        "ask for the time as text",
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
	case slices.Contains([]string{"select_one", "select_multiple", "integer", "decimal", "text", "note", "range", "date", "phone_number"}, kind):
		sr.item(r, kind, args, name, nameLoc, typLoc, dup)
	case presetInts[kind] != [2]int{}:
		sr.item(r, kind, args, name, nameLoc, typLoc, dup)
	default:
		if hint, ok := unsupportedTypes[kind]; ok {
			sr.problem(typLoc, "the question type %s is not supported; %s", kind, hint)
		} else {
			sr.problem(typLoc, "unknown question type %q; peil reads select_one, select_multiple, integer, decimal, range, date, text, note, begin_group and end_group", typ)
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

func (sr *surveyReader) item(r int, kind string, args []string, name string, nameLoc, typLoc Location, dup bool) {
	t := sr.t
	p := &pending{row: r, section: sr.section(r), name: name}
	it := &p.item
	it.ID = name
	if name == "" {
		sr.problem(nameLoc, "this question has no name; give it one such as q7 (peil uses it in conditions and exports)")
	} else if !dup {
		it.ID = sr.mapName(nameLoc, name, "question")
		sr.checkID(nameLoc, "the name", it.ID)
	}
	text, loc := t.text(r, "label")
	switch {
	case text == nil && len(sr.langs) == 0 && sr.foreign:
		// reported once: the form has labels, in other languages
	case text == nil && hasMedia(t, r) && kind != "note":
		sr.problem(loc, "question %s has only an image, sound or video as its label; peil shows no media: add a label with text", name)
	case text == nil && hasMedia(t, r):
		sr.problem(loc, "note %s shows only an image, sound or video; peil shows no media: add a text, or leave the note out", name)
	case text == nil:
		sr.problem(loc, "question %s has no label; add the text respondents read", name)
	case text[sr.main] == "":
		sr.problem(loc, "question %s: %s", name, sr.noMain("the label", "label"))
	default:
		sr.piping(loc, text)
	}
	it.Text = text
	if help, loc := t.text(r, "hint"); help != nil {
		if help[sr.main] == "" {
			sr.problem(loc, "question %s: %s", name, sr.noMain("the hint", "hint"))
		}
		it.Help = help
		sr.piping(loc, help)
	}
	if v, loc := t.get(r, "required"); v != "" {
		req, ok := yesNo(v)
		switch {
		case !ok:
			sr.problem(loc, "required is %q; peil reads yes or no here (a condition for required is not supported)", v)
		case req && kind == "note":
			sr.warn(loc, "a note asks nothing, so required is left out")
		default:
			it.Required = req
		}
	}
	if v, loc := t.get(r, "required_message"); v != "" || t.has("required_message") && hasLang(t, r, "required_message") {
		sr.warn(loc, "peil shows its own message when a required question is not answered; required_message is left out")
	}
	if v, loc := t.get(r, "choice_filter"); v != "" {
		sr.problem(loc, "choice_filter (choices that depend on earlier answers) is not supported; give each case its own question with a relevant condition")
	}
	constraint, conLoc := t.get(r, "constraint")
	if v, loc := t.get(r, "constraint_message"); (v != "" || hasLang(t, r, "constraint_message")) && constraint != "" {
		sr.warn(loc, "peil shows its own message when an answer is out of bounds; constraint_message is left out")
	}
	ok := true
	switch kind {
	case "text":
		it.Type = survey.OpenText
	case "phone_number":
		it.Type = survey.OpenText
		sr.warn(typLoc, "a phone number question becomes a text question: peil does not check that the answer holds only digits")
	case "note":
		it.Type = survey.Note
	case "date":
		it.Type = survey.Date
		if constraint != "" {
			sr.problem(conLoc, "constraints on a date question are not supported: peil accepts any date; remove the constraint, or ask for the year as an integer with bounds")
			constraint = ""
		}
	case "decimal":
		it.Type = survey.Decimal
		if constraint != "" {
			b, err := parseBounds(constraint, name)
			switch {
			case err != nil:
				sr.problem(conLoc, "%v", err)
			default:
				// peil's bounds include the bound; answers have at
				// most MaxDecimals decimals, so > 10.5 is >= 10.500001.
				step := math.Pow10(-survey.MaxDecimals)
				if b.hasLo {
					lo := b.lo
					if b.loStrict {
						lo = round6(lo + step)
					}
					it.DecimalMin = &lo
				}
				if b.hasHi {
					hi := b.hi
					if b.hiStrict {
						hi = round6(hi - step)
					}
					it.DecimalMax = &hi
				}
			}
		}
		constraint = ""
	case "integer":
		it.Type = survey.Integer
		it.NoMin, it.NoMax = true, true
		if constraint != "" {
			if b, err := parseBounds(constraint, name); err != nil {
				sr.problem(conLoc, "%v", err)
			} else if err := b.integers(constraint, it); err != nil {
				sr.problem(conLoc, "%v", err)
			}
		}
		constraint = ""
	case "percentage", "number of days in last month", "number of days in last six months", "number of days in last year":
		it.Type = survey.Integer
		it.Min, it.Max = presetInts[kind][0], presetInts[kind][1]
		if constraint != "" {
			sr.problem(conLoc, "a %s question has the bounds %d to %d; remove the constraint, or make it an integer question", kind, it.Min, it.Max)
			constraint = ""
		}
	case "range":
		params, loc := t.get(r, "parameters")
		lo, hi, err := parseRange(params)
		if err != nil {
			sr.problem(loc, "%v", err)
		}
		if lo == survey.GradeMin && hi == survey.GradeMax {
			it.Type = survey.Grade
		} else {
			it.Type = survey.Integer
			it.Min, it.Max = lo, hi
		}
		if constraint != "" {
			sr.problem(conLoc, "a range question takes its bounds from parameters (start=0 end=120); remove the constraint")
			constraint = ""
		}
	case "select_one", "select_multiple":
		ok = sr.selectItem(r, p, kind, args, typLoc)
	}
	if constraint != "" {
		sr.problem(conLoc, "constraints are only supported on integer and decimal questions, as bounds such as . >= 0 and . <= 120")
	}
	if v, loc := t.get(r, "peil::role"); v != "" {
		role, okRole := yesNo(v)
		switch {
		case !okRole:
			sr.problem(loc, "peil_role is %q; write yes for the question that asks the respondent's role", v)
		case role && it.Type != survey.SingleChoice:
			sr.problem(loc, "only a select_one question can ask the respondent's role")
		case role && sr.role != "":
			sr.problem(loc, "only one question can ask the role, and %s already does; remove peil_role from one of them", sr.role)
		case role:
			it.SetsRole = true
			sr.role = it.ID
		}
	}
	if v, loc := t.get(r, "peil::scale"); v != "" {
		p.scales = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
		p.scaleLoc = loc
	}
	if v, loc := t.get(r, "peil::reverse"); v != "" {
		p.reverse, p.reverseLoc = v, loc
	}
	if dup {
		return
	}
	if !ok {
		if name != "" {
			sr.skipped[name] = "a question"
		}
		return
	}
	it.ShowIf = sr.showIf(r, p)
	sr.items = append(sr.items, p)
	if name != "" {
		sr.byName[name] = p
		sr.byID[it.ID] = p
	}
	if len(args) > 1 && strings.EqualFold(args[1], "or_other") && name != "" {
		sr.other(r, p)
	}
}

func hasLang(t *table, r int, base string) bool {
	for _, l := range []survey.Lang{survey.Dutch, survey.English} {
		if v, _ := t.get(r, key(base, l)); v != "" {
			return true
		}
	}
	return false
}

// Likert recognition: "don't know" choices by name or label.
var (
	dkNames  = []string{"dk", "weet_niet", "weetniet", "weet_ik_niet", "dont_know", "dontknow", "don_t_know", "do_not_know", "onbekend"}
	dkLabels = []string{"weet ik niet", "weet niet", "don't know", "don’t know", "dont know", "do not know"}
)

func isDontKnow(c choice) bool {
	if slices.Contains(dkNames, strings.ToLower(c.name)) {
		return true
	}
	for _, l := range c.label {
		if slices.Contains(dkLabels, strings.ToLower(strings.TrimSpace(l))) {
			return true
		}
	}
	return false
}

// likertOf recognises an agreement scale: five ordered choices (named 1 to
// 5, or labelled as peil's agreement points), and optionally a "don't
// know" choice. scores maps the names to 1-5, "don't know" to 0.
func likertOf(l *choiceList) (scores map[string]int, dontKnow, ok bool) {
	var points []choice
	dk := ""
	for _, c := range l.choices {
		if dk == "" && isDontKnow(c) {
			dk = c.name
			continue
		}
		points = append(points, c)
	}
	if len(points) != survey.LikertPoints {
		return nil, false, false
	}
	byName, byLabel := true, true
	for i, c := range points {
		if c.name != strconv.Itoa(i+1) {
			byName = false
		}
		want := survey.LikertLabels[i]
		if !strings.EqualFold(c.label[survey.Dutch], want[survey.Dutch]) && !strings.EqualFold(c.label[survey.English], want[survey.English]) {
			byLabel = false
		}
	}
	if !byName && !byLabel {
		return nil, false, false
	}
	scores = map[string]int{}
	for i, c := range points {
		scores[c.name] = i + 1
	}
	if dk != "" {
		scores[dk] = 0
	}
	return scores, dk != "", true
}

func (sr *surveyReader) selectItem(r int, p *pending, kind string, args []string, typLoc Location) bool {
	it := &p.item
	if len(args) == 0 {
		sr.problem(typLoc, "%s needs the name of its choice list, as in %s ja_nee", kind, kind)
		return false
	}
	if len(args) > 2 || len(args) == 2 && !strings.EqualFold(args[1], "or_other") {
		sr.problem(typLoc, "%s takes a list name and optionally or_other, found %q", kind, strings.Join(args, " "))
		return false
	}
	l := sr.lists[args[0]]
	if l == nil || len(l.choices) == 0 {
		sr.problem(typLoc, "the choice list %s is not in the choices sheet; add its choices there with list_name %s", args[0], args[0])
		return false
	}
	it.Type = survey.SingleChoice
	if kind == "select_multiple" {
		it.Type = survey.MultipleChoice
	}
	peilType, loc := sr.t.get(r, "peil::type")
	switch strings.ToLower(peilType) {
	case "", "single", "likert":
	default:
		sr.problem(loc, "peil_type is %q; write likert (an agreement scale) or single (a list of choices)", peilType)
	}
	if kind == "select_one" && !strings.EqualFold(peilType, "single") {
		scores, dk, ok := likertOf(l)
		switch {
		case ok && len(args) == 2:
			sr.problem(typLoc, "or_other cannot be added to the agreement scale %s; remove or_other", l.name)
			return false
		case ok:
			it.Type = survey.Likert
			it.DontKnow = dk
			p.likert = scores
			return true
		case strings.EqualFold(peilType, "likert"):
			sr.problem(loc, "peil_type likert needs five agreement choices named 1 to 5 (and optionally dk for \"don't know\"); list %s has other choices", l.name)
		}
	}
	for _, c := range l.choices {
		it.Options = append(it.Options, survey.Option{Code: c.code, Value: c.name, Label: c.label})
	}
	if len(args) == 2 {
		value := sr.otherValue()
		if _, dup := it.OptionByValue(value); dup {
			sr.problem(typLoc, "list %s already has a choice %s; remove or_other or that choice", l.name, value)
			return false
		}
		code := 0
		for _, o := range it.Options {
			code = max(code, o.Code)
		}
		it.Options = append(it.Options, survey.Option{Code: code + 1, Value: value, Label: sr.inLangs(otherLabel)})
	}
	return true
}

// What or_other adds.
const otherValue = "anders"

var (
	otherLabel  = survey.Text{survey.Dutch: "Anders", survey.English: "Other"}
	otherPrompt = survey.Text{survey.Dutch: "Anders, namelijk:", survey.English: "Other, please specify:"}
)

// otherValue is the choice or_other adds: anders on a Dutch form, other
// (as pyxform names it) on an English one.
func (sr *surveyReader) otherValue() string {
	if sr.main == survey.English {
		return "other"
	}
	return otherValue
}

// inLangs gives a text in the form's languages only.
func (sr *surveyReader) inLangs(t survey.Text) survey.Text {
	out := survey.Text{}
	for _, l := range sr.langs {
		out[l] = t[l]
	}
	if len(out) == 0 {
		out[sr.main] = t[sr.main]
	}
	return out
}

// other adds the open question that or_other asks after "anders".
func (sr *surveyReader) other(r int, p *pending) {
	value := sr.otherValue()
	id := p.item.ID + "_" + value
	loc := sr.t.colLoc(r, "type")
	if row, used := sr.names[id]; used {
		sr.problem(loc, "or_other adds the question %s, but row %d already has that name; rename one", id, row)
		return
	}
	if len(id) > maxIDLength {
		sr.problem(loc, "or_other adds the question %s, whose name is longer than %d characters; choose a shorter name", id, maxIDLength)
		return
	}
	var c cond = cmpCond{p.item.ID, "=", strLit(value)}
	if p.item.Type == survey.MultipleChoice {
		c = selectedCond{p.item.ID, strLit(value)}
	}
	q := &pending{row: r, section: p.section, name: id, item: survey.Item{ID: id, Type: survey.OpenText, Text: sr.inLangs(otherPrompt)}}
	q.item.ShowIf, _ = survey.ParseCondition(peilText(c))
	sr.items = append(sr.items, q)
	sr.byName[id] = q
	sr.byID[id] = q
	sr.names[id] = r
}

// mapName gives the peil id of a name in the form: XLSForm names may hold
// - and ., which peil's ids (used in conditions and as variable names in
// SPSS and Stata) cannot, so they become _. The form keeps its names:
// conditions still refer to ${first-name}.
func (sr *surveyReader) mapName(loc Location, name, what string) string {
	id := strings.Map(func(r rune) rune {
		if r == '-' || r == '.' {
			return '_'
		}
		return r
	}, name)
	if id != name {
		if other, taken := sr.ids[id]; taken {
			sr.problem(loc, "the %s name %s becomes %s in peil (ids have no - or .), but %s already does; rename one", what, name, id, other)
			return id
		}
		if _, taken := sr.names[id]; taken {
			sr.problem(loc, "the %s name %s becomes %s in peil (ids have no - or .), which is also a name in this form; rename one", what, name, id)
			return id
		}
		sr.warn(loc, "the %s name %s is %s in peil (ids have no - or .: they are variable names in SPSS and Stata); conditions in the form may keep ${%s}", what, name, id, name)
	}
	sr.ids[id] = name
	return id
}

var pipeRE = regexp.MustCompile(`\$\{\s*([^}]*?)\s*\}`)

// piping refuses ${name} in a label or hint: XLSForm shows the earlier
// answer there, peil cannot (yet), and respondents would read ${name}.
func (sr *surveyReader) piping(loc Location, t survey.Text) {
	for _, l := range []survey.Lang{survey.Dutch, survey.English} {
		if m := pipeRE.FindStringSubmatch(t[l]); m != nil {
			sr.problem(loc, "the text shows the answer to ${%s} (piping); peil cannot show earlier answers in a text, and respondents would read ${%s}: write the text without it", m[1], m[1])
			return
		}
	}
}

// showIf reads relevant (and peil::show_if, which Export writes when
// XPath cannot say a peil condition exactly) into the item's condition,
// joined with the conditions of its groups.
func (sr *surveyReader) showIf(r int, p *pending) *survey.Condition {
	t := sr.t
	rel, relLoc := t.get(r, "relevant")
	src, srcLoc := t.get(r, "peil::show_if")
	var own cond
	var exact *survey.Condition
	if rel != "" {
		c, errs := translateRelevant(rel, sr.resolver(p.name))
		for _, e := range errs {
			sr.problem(relLoc, "%s", e)
		}
		if len(errs) > 0 {
			return nil
		}
		own = c
	}
	if src != "" {
		pc, err := survey.ParseCondition(src)
		if err != nil {
			sr.problem(srcLoc, "peil_show_if: %v", err)
			return nil
		}
		mine, err := parsePeil(src)
		var x cond
		if err == nil {
			x, err = toXPath(mine, sr.role, sr.lookup)
		}
		if err == nil && sameXPath(xpathText(x), rel) {
			own, exact = mine, pc
		} else {
			sr.warn(srcLoc, "peil_show_if does not match relevant (was relevant changed?); peil follows relevant")
		}
	}
	groups := sr.groupConds()
	final := and(append(groups, own)...)
	if final == nil {
		return nil
	}
	loc := relLoc
	if exact != nil {
		loc = srcLoc
	}
	c := exact
	if c == nil || len(groups) > 0 {
		var err error
		if c, err = survey.ParseCondition(peilText(final)); err != nil {
			sr.problem(loc, "the condition cannot be read as a peil condition (%v); simplify it", err)
			return nil
		}
	}
	if exact != nil {
		for _, ref := range c.Refs() {
			if _, ok := sr.byID[ref]; !ok {
				sr.problem(loc, "peil_show_if refers to %s, which is not a question before this one", ref)
				return nil
			}
		}
	}
	if usesRole(final) && sr.role == "" && len(sr.in.Audience) == 0 {
		sr.problem(loc, "the condition uses role, but no earlier question asks for the role (peil_role) and the form has no peil_audience")
		return nil
	}
	if err := c.Check(sr.lookup); err != nil {
		for _, e := range splitJoined(err) {
			sr.problem(loc, "%v", e)
		}
		return nil
	}
	return c
}

func (sr *surveyReader) lookup(id string) *survey.Item {
	if p, ok := sr.byID[id]; ok {
		return &p.item
	}
	return nil
}

func sameXPath(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// usesRole reports whether a condition refers to the respondent's role.
func usesRole(c cond) bool {
	switch c := c.(type) {
	case orCond:
		return usesRole(c.l) || usesRole(c.r)
	case andCond:
		return usesRole(c.l) || usesRole(c.r)
	case notCond:
		return usesRole(c.x)
	case cmpCond:
		return c.id == survey.RoleRef
	}
	return false
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

// round6 rounds to the decimals a Decimal answer may have.
func round6(f float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', survey.MaxDecimals, 64), 64)
	return r
}

// bounds are what a constraint says about a number question.
type bounds struct {
	lo, hi             float64
	hasLo, hasHi       bool
	loStrict, hiStrict bool
}

var boundTokRE = regexp.MustCompile(`^\s*(\$\{\s*[^}]*\}|\.|-?\d+(?:\.\d+)?|>=|<=|!=|=|>|<|\(|\)|and\b)`)

// parseBounds reads a constraint made of bounds on the question itself,
// written . or ${name}: ". >= 0 and . <= 120", "(${age} > 0)", "0 <= .".
func parseBounds(src, self string) (bounds, error) {
	var b bounds
	bad := fmt.Errorf("the constraint %q is not supported; peil reads bounds on the question itself, such as . >= 0 and . <= 120", src)
	var toks []string
	for rest := src; strings.TrimSpace(rest) != ""; {
		m := boundTokRE.FindStringSubmatch(rest)
		if m == nil {
			return b, bad
		}
		tok := m[1]
		rest = rest[len(m[0]):]
		switch {
		case tok == "(" || tok == ")":
			continue
		case strings.HasPrefix(tok, "${"):
			if strings.TrimSpace(tok[2:len(tok)-1]) != self {
				return b, fmt.Errorf("the constraint %q refers to another question (%s); peil reads bounds on the question itself, such as . >= 0", src, tok)
			}
			tok = "."
		}
		toks = append(toks, tok)
	}
	isNum := func(t string) bool { _, err := strconv.ParseFloat(t, 64); return err == nil }
	for i := 0; i < len(toks); i += 4 {
		if i+3 > len(toks) || i+3 < len(toks) && toks[i+3] != "and" {
			return b, bad
		}
		a, op, c := toks[i], toks[i+1], toks[i+2]
		var n float64
		switch {
		case a == "." && isNum(c):
			n, _ = strconv.ParseFloat(c, 64)
		case isNum(a) && c == ".":
			n, _ = strconv.ParseFloat(a, 64)
			op = flipped[op]
		default:
			return b, bad
		}
		switch op {
		case ">=", ">":
			if !b.hasLo || n > b.lo || n == b.lo && op == ">" {
				b.lo, b.loStrict = n, op == ">"
			}
			b.hasLo = true
		case "<=", "<":
			if !b.hasHi || n < b.hi || n == b.hi && op == "<" {
				b.hi, b.hiStrict = n, op == "<"
			}
			b.hasHi = true
		case "=":
			b.lo, b.hi, b.hasLo, b.hasHi = n, n, true, true
		default:
			return b, bad
		}
	}
	if b.hasLo && b.hasHi && (b.lo > b.hi || b.lo == b.hi && (b.loStrict || b.hiStrict)) {
		return b, fmt.Errorf("the constraint %q allows no number at all", src)
	}
	if math.Abs(b.lo) > survey.Unbounded || math.Abs(b.hi) > survey.Unbounded {
		return b, fmt.Errorf("the constraint %q has a bound of more than 9 digits; leave that bound out", src)
	}
	return b, nil
}

// integers sets the bounds of an integer question: > 0 is >= 1.
func (b bounds) integers(src string, it *survey.Item) error {
	whole := func(f float64) bool { return f == math.Trunc(f) }
	if b.hasLo && !whole(b.lo) || b.hasHi && !whole(b.hi) {
		return fmt.Errorf("the constraint %q bounds a whole number with a fraction; write whole numbers, such as . >= 0 and . <= 120", src)
	}
	if b.hasLo {
		it.Min, it.NoMin = int(b.lo), false
		if b.loStrict {
			it.Min++
		}
	}
	if b.hasHi {
		it.Max, it.NoMax = int(b.hi), false
		if b.hiStrict {
			it.Max--
		}
	}
	if b.hasLo && b.hasHi && it.Min > it.Max {
		return fmt.Errorf("the constraint %q allows no whole number at all", src)
	}
	return nil
}

// parseRange reads the parameters of a range question: start, end and
// step, defaulting (as XLSForm does) to 1, 10 and 1.
func parseRange(src string) (lo, hi int, err error) {
	vals := map[string]int{"start": 1, "end": 10, "step": 1}
	for _, f := range strings.FieldsFunc(src, func(r rune) bool { return r == ' ' || r == ';' || r == ',' }) {
		k, v, ok := strings.Cut(f, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if _, known := vals[k]; !ok || !known {
			return 1, 10, fmt.Errorf("the parameters %q are not supported; write start=0 end=120 step=1", src)
		}
		n, convErr := strconv.Atoi(strings.TrimSpace(v))
		if convErr != nil {
			return 1, 10, fmt.Errorf("the range parameter %s should be a whole number, found %q; peil asks for whole numbers", k, v)
		}
		vals[k] = n
	}
	switch {
	case vals["step"] != 1:
		return 1, 10, fmt.Errorf("the range has step=%d; peil supports step=1 only", vals["step"])
	case vals["start"] > vals["end"]:
		return 1, 10, fmt.Errorf("the range starts at %d and ends at %d; swap start and end", vals["start"], vals["end"])
	}
	return vals["start"], vals["end"], nil
}
