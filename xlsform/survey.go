package xlsform

import (
	"fmt"
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
	"date":        "ask for the date as text, or for the year as an integer",
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
	"hidden":      "leave it out",
	"trigger":     "use a select_one question with the choice ja",
}

// usedColumns are the survey columns peil reads (or knowingly ignores).
var usedColumns = []string{"type", "name", "label", "hint", "required", "required_message", "relevant",
	"constraint", "constraint_message", "choice_filter", "appearance", "parameters", "calculation",
	"peil::scale", "peil::reverse", "peil::role", "peil::show_if", "peil::type"}

// pending is an item read from a row, with what is needed after the last
// row: its section and its scales.
type pending struct {
	item    survey.Item
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
	byName   map[string]*pending
	sections []survey.Section
	secRows  []int
	stack    []group
	cur      int // section of ungrouped items, or -1
	role     string
}

func (im *importer) survey(t *table, in *survey.Instrument, lists map[string]*choiceList) []*pending {
	sr := &surveyReader{importer: im, t: t, in: in, lists: lists, names: map[string]int{}, skipped: map[string]string{},
		byName: map[string]*pending{}, cur: -1}
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
		if !blank(t.rows[r-1]) {
			sr.row(r)
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

// typeWords splits a type cell: "select_one yes_no or_other" gives
// select_one, [yes_no or_other]; "begin group" gives begin_group.
func typeWords(s string) (string, []string) {
	f := strings.Fields(s)
	kind := strings.ToLower(f[0])
	rest := f[1:]
	if len(rest) > 0 {
		next := strings.ToLower(rest[0])
		switch {
		case (kind == "begin" || kind == "end") && (next == "group" || next == "repeat"),
			kind == "select" && (next == "one" || next == "multiple"):
			kind += "_" + next
			rest = rest[1:]
		}
	}
	return kind, rest
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
		sr.problem(typLoc, "repeats (begin_repeat) are not supported: peil asks every question once; ask a fixed number of questions instead")
		sr.stack = append(sr.stack, group{name: name, row: r, repeat: true})
	case slices.Contains(metadataTypes, kind):
		sr.warn(typLoc, "the %s field is left out: peil records when each respondent starts and ends, and on which laptop, itself", kind)
		if name != "" {
			sr.skipped[name] = "a " + kind + " field"
		}
	case kind == "calculate":
		sr.warn(typLoc, "calculations are left out: peil computes scale scores itself (see peil::scale)")
		if name != "" {
			sr.skipped[name] = "a calculation"
		}
	case kind == "select_one_from_file" || kind == "select_multiple_from_file":
		sr.problem(typLoc, "%s is not supported; put the choices in the choices sheet and use %s", kind, strings.TrimSuffix(kind, "_from_file"))
	case slices.Contains([]string{"select_one", "select_multiple", "integer", "decimal", "text", "note", "range"}, kind):
		sr.item(r, kind, args, name, nameLoc, typLoc, dup)
	default:
		if hint, ok := unsupportedTypes[kind]; ok {
			sr.problem(typLoc, "the question type %s is not supported; %s", kind, hint)
		} else {
			sr.problem(typLoc, "unknown question type %q; peil reads select_one, select_multiple, integer, range, text, note, begin_group and end_group", typ)
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
	if name != "" {
		sr.checkID(nameLoc, "the group name", name)
	}
	s := survey.Section{ID: name}
	title, loc := t.text(r, "label")
	switch {
	case title == nil:
		s.Title = sr.in.Title
		sr.warn(loc, "group %s has no label; peil shows the form title above its questions", name)
	case title[survey.Dutch] == "":
		sr.problem(loc, "group %s: %s", name, noDutch("the label", "label"))
	default:
		s.Title = title
	}
	if intro, loc := t.text(r, "hint"); intro != nil {
		if intro[survey.Dutch] == "" {
			sr.problem(loc, "group %s: %s", name, noDutch("the hint", "hint"))
		}
		s.Intro = intro
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
	p := &pending{row: r, section: sr.section(r)}
	it := &p.item
	it.ID = name
	if name == "" {
		sr.problem(nameLoc, "this question has no name; give it one such as q7 (peil uses it in conditions and exports)")
	} else {
		sr.checkID(nameLoc, "the name", name)
	}
	text, loc := t.text(r, "label")
	switch {
	case text == nil:
		sr.problem(loc, "question %s has no label; add the text respondents read", name)
	case text[survey.Dutch] == "":
		sr.problem(loc, "question %s: %s", name, noDutch("the label", "label"))
	}
	it.Text = text
	if help, loc := t.text(r, "hint"); help != nil {
		if help[survey.Dutch] == "" {
			sr.problem(loc, "question %s: %s", name, noDutch("the hint", "hint"))
		}
		it.Help = help
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
	case "note":
		it.Type = survey.Note
	case "decimal":
		sr.problem(typLoc, "decimal questions are not supported: peil asks for whole numbers; make it an integer question with bounds (constraint . >= 0 and . <= 120), or a text question")
		ok = false
	case "integer":
		it.Type = survey.Integer
		if constraint == "" {
			sr.problem(t.colLoc(r, "constraint"), "integer question %s needs bounds; add a constraint such as . >= 0 and . <= 120", name)
		} else if lo, hi, err := parseBounds(constraint); err != nil {
			sr.problem(conLoc, "%v", err)
		} else {
			it.Min, it.Max = lo, hi
		}
		constraint = ""
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
		sr.problem(conLoc, "constraints are only supported on integer questions, as bounds such as . >= 0 and . <= 120")
	}
	if v, loc := t.get(r, "peil::role"); v != "" {
		role, okRole := yesNo(v)
		switch {
		case !okRole:
			sr.problem(loc, "peil::role is %q; write yes for the question that asks the respondent's role", v)
		case role && it.Type != survey.SingleChoice:
			sr.problem(loc, "only a select_one question can ask the respondent's role")
		case role && sr.role != "":
			sr.problem(loc, "only one question can ask the role, and %s already does; remove peil::role from one of them", sr.role)
		case role:
			it.SetsRole = true
			sr.role = name
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
		sr.problem(loc, "peil::type is %q; write likert (an agreement scale) or single (a list of choices)", peilType)
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
			sr.problem(loc, "peil::type likert needs five agreement choices named 1 to 5 (and optionally dk for \"don't know\"); list %s has other choices", l.name)
		}
	}
	for _, c := range l.choices {
		it.Options = append(it.Options, survey.Option{Code: c.code, Value: c.name, Label: c.label})
	}
	if len(args) == 2 {
		if _, dup := it.OptionByValue(otherValue); dup {
			sr.problem(typLoc, "list %s already has a choice %s; remove or_other or that choice", l.name, otherValue)
			return false
		}
		code := 0
		for _, o := range it.Options {
			code = max(code, o.Code)
		}
		it.Options = append(it.Options, survey.Option{Code: code + 1, Value: otherValue, Label: otherLabel.clone()})
	}
	if it.Type == survey.SingleChoice && len(it.Options) < 2 {
		sr.problem(typLoc, "a select_one question needs at least two choices; list %s has one", l.name)
	}
	return true
}

// What or_other adds.
const otherValue = "anders"

type text survey.Text

func (t text) clone() survey.Text {
	out := survey.Text{}
	for k, v := range t {
		out[k] = v
	}
	return out
}

var (
	otherLabel  = text{survey.Dutch: "Anders", survey.English: "Other"}
	otherPrompt = text{survey.Dutch: "Anders, namelijk:", survey.English: "Other, please specify:"}
)

// other adds the open question that or_other asks after "anders".
func (sr *surveyReader) other(r int, p *pending) {
	id := p.item.ID + "_" + otherValue
	loc := sr.t.colLoc(r, "type")
	if row, used := sr.names[id]; used {
		sr.problem(loc, "or_other adds the question %s, but row %d already has that name; rename one", id, row)
		return
	}
	if len(id) > maxIDLength {
		sr.problem(loc, "or_other adds the question %s, whose name is longer than %d characters; choose a shorter name", id, maxIDLength)
		return
	}
	var c cond = cmpCond{p.item.ID, "=", strLit(otherValue)}
	if p.item.Type == survey.MultipleChoice {
		c = selectedCond{p.item.ID, strLit(otherValue)}
	}
	q := &pending{row: r, section: p.section, item: survey.Item{ID: id, Type: survey.OpenText, Text: otherPrompt.clone()}}
	q.item.ShowIf, _ = survey.ParseCondition(peilText(c))
	sr.items = append(sr.items, q)
	sr.byName[id] = q
	sr.names[id] = r
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
		c, errs := translateRelevant(rel, sr.resolver(p.item.ID))
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
			sr.problem(srcLoc, "peil::show_if: %v", err)
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
			sr.warn(srcLoc, "peil::show_if does not match relevant (was relevant changed?); peil follows relevant")
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
			if _, ok := sr.byName[ref]; !ok {
				sr.problem(loc, "peil::show_if refers to %s, which is not a question before this one", ref)
				return nil
			}
		}
	}
	if usesRole(final) && sr.role == "" && len(sr.in.Audience) == 0 {
		sr.problem(loc, "the condition uses role, but no earlier question asks for the role (peil::role) and the form has no peil::audience")
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
	if p, ok := sr.byName[id]; ok {
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

// parseBounds reads an integer constraint made of bounds on ., such as
// ". >= 0 and . <= 120" or "(. > 0) and (. < 100)".
func parseBounds(src string) (lo, hi int, err error) {
	bad := fmt.Errorf("the constraint %q is not supported; peil reads bounds such as . >= 0 and . <= 120", src)
	toks, lexErr := lex(src)
	if lexErr != nil {
		return 0, 0, bad
	}
	var flat []token
	for _, t := range toks {
		if t.kind != tLParen && t.kind != tRParen && t.kind != tEOF {
			flat = append(flat, t)
		}
	}
	hasLo, hasHi := false, false
	setLo := func(n int) {
		if !hasLo || n > lo {
			lo = n
		}
		hasLo = true
	}
	setHi := func(n int) {
		if !hasHi || n < hi {
			hi = n
		}
		hasHi = true
	}
	dot := func(t token) bool { return t.kind == tOther && t.text == "." }
	for i := 0; i < len(flat); i += 4 {
		if i+3 > len(flat) || i+3 < len(flat) && (flat[i+3].kind != tName || flat[i+3].text != "and") {
			return 0, 0, bad
		}
		a, op, b := flat[i], flat[i+1], flat[i+2]
		if op.kind != tOp {
			return 0, 0, bad
		}
		var n int
		switch {
		case dot(a) && b.kind == tNum:
			n = b.num
		case a.kind == tNum && dot(b):
			n, op.text = a.num, flipped[op.text]
		default:
			return 0, 0, bad
		}
		switch op.text {
		case ">=":
			setLo(n)
		case ">":
			setLo(n + 1)
		case "<=":
			setHi(n)
		case "<":
			setHi(n - 1)
		case "=":
			setLo(n)
			setHi(n)
		default:
			return 0, 0, bad
		}
	}
	switch {
	case !hasLo || !hasHi:
		return 0, 0, fmt.Errorf("the constraint %q gives one bound; peil needs both, as in . >= 0 and . <= 120", src)
	case lo > hi:
		return 0, 0, fmt.Errorf("the constraint %q allows no number at all (from %d to %d)", src, lo, hi)
	}
	return lo, hi, nil
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
