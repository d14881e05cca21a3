package export

import (
	"math"
	"slices"
	"strings"

	"peil/survey"
)

// Kind is what a variable holds.
type kind int

const (
	kResponseID kind = iota
	kRespondent
	kWorkplace
	kSchool
	kRole
	kRound
	kVersion
	kStatus
	kStarted
	kFinished
	kItem   // Likert, single choice, integer, grade: one number
	kOption // one option of a multiple choice item: 0/1
	kText   // open text
	kScale  // scale score
	// Long data only.
	kItemID
	kVariable
	kValue
	kDontKnow
	kLongText
)

// measure is a variable's measurement level.
type measure int

const (
	nominal measure = iota
	ordinal
	scale
)

func (m measure) String() string {
	return [...]string{"nominal", "ordinal", "scale"}[m]
}

// missKind is one of the three kinds of missing answer.
type missKind int

const (
	missNotShown missKind = iota
	missDontKnow
	missNotAnswered
	nMissKinds
)

// valueLabel labels one code.
type valueLabel struct {
	code  int
	label string
}

// column is one exported variable, whatever the format.
type column struct {
	name  string
	label string
	kind  kind
	// item, option and scale say which item, option code or scale the
	// column comes from.
	item     *survey.Item // from the newest version that has it
	option   int
	scale    *survey.Scale
	measure  measure
	isString bool
	isDate   bool
	// dateOnly says a date column holds the date without the time.
	dateOnly bool
	// isDay marks a date item: a calendar date, without missing codes
	// (every missing answer is system-missing).
	isDay bool
	// isClock marks a time item: a time of day, without missing codes
	// (every missing answer is system-missing).
	isClock bool
	// width is the longest value of a string column, in bytes (at least 1).
	width int
	// lo and hi bound the valid codes of a numeric column, for the
	// smallest Stata type; decimals says it holds fractions.
	lo, hi   int
	decimals bool
	values   []valueLabel
	// codes holds the missing-value code of each kind; has says which
	// kinds the column uses.
	codes [nMissKinds]int
	has   [nMissKinds]bool
	// versions lists the instrument versions that have the item or scale.
	versions []int
	// inScales lists the scales the item belongs to, "(reversed)" marked.
	inScales []string
}

// missingCodes returns codes for not shown, don't know and not answered
// that no valid value up to hi can take: 7/8/9 when the valid values stay
// below 7, 97/98/99 below 97, and so on.
func missingCodes(hi int) [nMissKinds]int {
	p := 10
	for p-3 <= hi && p < 1e15 {
		p *= 10
	}
	return [nMissKinds]int{p - 3, p - 2, p - 1}
}

// texts are the labels export writes itself, in Dutch and English.
var texts = map[string]survey.Text{
	"response_id": {survey.Dutch: "Respons-id", survey.English: "Response id"},
	"respondent":  {survey.Dutch: "Respondentcode", survey.English: "Respondent code"},
	"workplace":   {survey.Dutch: "Werkplaats", survey.English: "Workplace"},
	"school":      {survey.Dutch: "School", survey.English: "School"},
	"role":        {survey.Dutch: "Rol", survey.English: "Role"},
	"round":       {survey.Dutch: "Meetmoment", survey.English: "Round"},
	"version":     {survey.Dutch: "Versie van de vragenlijst", survey.English: "Instrument version"},
	"status":      {survey.Dutch: "Status", survey.English: "Status"},
	"started":     {survey.Dutch: "Begonnen op", survey.English: "Started at"},
	"finished":    {survey.Dutch: "Afgerond op", survey.English: "Finished at"},
	"in_progress": {survey.Dutch: "Bezig", survey.English: "In progress"},
	"complete":    {survey.Dutch: "Afgerond", survey.English: "Complete"},
	"not_shown":   {survey.Dutch: "Niet getoond (routing)", survey.English: "Not shown (skip logic)"},
	"not_answer":  {survey.Dutch: "Niet beantwoord", survey.English: "Not answered"},
	"selected":    {survey.Dutch: "Gekozen", survey.English: "Selected"},
	"unselected":  {survey.Dutch: "Niet gekozen", survey.English: "Not selected"},
	"scale":       {survey.Dutch: "Schaalscore", survey.English: "Scale score"},
	"item":        {survey.Dutch: "Item", survey.English: "Item"},
	"variable":    {survey.Dutch: "Variabele in de brede data", survey.English: "Variable in the wide data"},
	"value":       {survey.Dutch: "Antwoord (code of getal)", survey.English: "Answer (code or number)"},
	"dont_know":   {survey.Dutch: "Weet ik niet", survey.English: "Don't know"},
	"text":        {survey.Dutch: "Antwoord (tekst)", survey.English: "Answer (text)"},
	"no":          {survey.Dutch: "Nee", survey.English: "No"},
	"yes":         {survey.Dutch: "Ja", survey.English: "Yes"},
}

func (p *plan) t(key string) string { return texts[key].Get(p.lang) }

// plan is everything decided before the rows: the columns, and the codes
// of workplaces, schools, roles and rounds.
type plan struct {
	lang      survey.Lang
	long      bool
	inst      *survey.Instrument // newest version involved
	versions  map[int]*survey.Instrument
	rounds    []survey.Round // exported rounds
	cols      []column
	roleCodes map[string]int
	// Codes by id: position in the study's lists, from 1, so the same
	// school has the same code in every export of the study.
	schoolCode  map[string]int
	workplaceOf map[string]int // school id → workplace code
	roundCode   map[string]int
	study       Study
	includeText bool
	// pseudo makes the pseudonyms, nil when the export identifies;
	// exactTimes keeps the time of day (see privacy.go).
	pseudo     *pseudonymizer
	exactTimes bool
	// wideNames names the wide variable of each item (and option), for
	// the variable column of long data.
	wideNames map[wideKey]string
	// reliability holds the scales' alpha sums (codebook only).
	reliability *reliability
}

// wideKey is an item id and, for multiple choice, an option code.
type wideKey struct {
	item   string
	option int
}

// mergeOrder returns the union of the lists, in the order of the first
// (newest) list; ids only in later lists come right after their
// predecessor there.
func mergeOrder(lists [][]string) []string {
	var out []string
	for _, l := range lists {
		for i, id := range l {
			if slices.Contains(out, id) {
				continue
			}
			at := 0
			for j := i - 1; j >= 0; j-- {
				if k := slices.Index(out, l[j]); k >= 0 {
					at = k + 1
					break
				}
			}
			out = slices.Insert(out, at, id)
		}
	}
	return out
}

// nameAndCode labels a workplace or school: "De Regenboog (WOA-01)", or
// the code alone when there is no name.
func nameAndCode(name, code string) string {
	name = strings.TrimSpace(name)
	if name == "" || name == code {
		return code
	}
	return name + " (" + code + ")"
}

// knownRoles orders the roles peil knows.
var knownRoles = []string{survey.RoleTeacherResearcher, survey.RoleTeacher, survey.RoleColleague, survey.RoleSENCo, survey.RoleSchoolLeader, survey.RoleOther}

// newPlan decides the columns. versions holds every instrument version
// involved (newest first); stats come from the first pass; pseudo is nil
// when the export identifies.
func newPlan(st Study, rounds []survey.Round, versions []*survey.Instrument, s *stats, opt Options, pseudo *pseudonymizer) (*plan, error) {
	p := &plan{
		lang: opt.Lang, long: opt.Long, inst: versions[0], versions: map[int]*survey.Instrument{},
		rounds: rounds, roleCodes: map[string]int{}, schoolCode: map[string]int{}, workplaceOf: map[string]int{},
		roundCode: map[string]int{}, study: st, includeText: opt.IncludeText,
		pseudo: pseudo, exactTimes: opt.ExactTimes,
	}
	if p.lang == "" {
		p.lang = survey.Dutch
	}
	for _, v := range versions {
		p.versions[v.Version] = v
	}
	wpCode := map[string]int{}
	for i, w := range st.Workplaces {
		wpCode[w.ID] = i + 1
	}
	for i, sc := range st.Schools {
		p.schoolCode[sc.ID] = i + 1
		p.workplaceOf[sc.ID] = wpCode[sc.WorkplaceID]
	}
	for i, r := range st.Rounds {
		p.roundCode[r.ID] = i + 1
	}
	n := newNamer()
	add := func(c column) { c.name = n.name(c.name); p.cols = append(p.cols, c) }

	idLabel, respLabel := idLabels(p.lang, pseudo, p.t("response_id"), p.t("respondent"))
	add(column{name: "response_id", label: idLabel, kind: kResponseID, isString: true, width: max(1, s.widths[kResponseID])})
	add(column{name: "respondent", label: respLabel, kind: kRespondent, isString: true, width: max(1, s.widths[kRespondent])})
	// Workplaces and schools are labelled with their names (and codes,
	// since two schools may share a name); the code alone when there is
	// no name.
	var wl []valueLabel
	for i, w := range st.Workplaces {
		wl = append(wl, valueLabel{i + 1, nameAndCode(w.Name, w.Code)})
	}
	add(column{name: "workplace", label: p.t("workplace"), kind: kWorkplace, values: wl, lo: 1, hi: max(1, len(wl))})
	var sl []valueLabel
	for i, sc := range st.Schools {
		sl = append(sl, valueLabel{i + 1, nameAndCode(sc.Name, sc.Code)})
	}
	add(column{name: "school", label: p.t("school"), kind: kSchool, values: sl, lo: 1, hi: max(1, len(sl))})
	add(p.roleColumn(versions, s))
	var rl []valueLabel
	for _, r := range rounds {
		rl = append(rl, valueLabel{p.roundCode[r.ID], r.Name})
	}
	add(column{name: "round", label: p.t("round"), kind: kRound, measure: ordinal, values: rl, lo: 1, hi: max(1, len(st.Rounds))})
	vs := slices.Sorted(func(yield func(int) bool) {
		for v := range p.versions {
			if !yield(v) {
				return
			}
		}
	})
	add(column{name: "version", label: p.t("version"), kind: kVersion, measure: scale, lo: vs[0], hi: vs[len(vs)-1]})
	add(column{name: "status", label: p.t("status"), kind: kStatus, values: []valueLabel{{1, p.t("in_progress")}, {2, p.t("complete")}}, lo: 1, hi: 2})
	add(column{name: "started", label: p.timeLabel("started"), kind: kStarted, isDate: true, dateOnly: !p.exactTimes, measure: scale})
	add(column{name: "finished", label: p.timeLabel("finished"), kind: kFinished, isDate: true, dateOnly: !p.exactTimes, measure: scale})

	if opt.Long {
		// The variable column names the wide variables: work them out
		// with a namer of their own, as the wide export does.
		wide := &plan{lang: p.lang}
		wn := newNamer()
		for _, c := range p.cols {
			wn.name(c.name)
		}
		wide.itemColumns(versions, wn, opt.IncludeText, s)
		p.wideNames = map[wideKey]string{}
		width := 1
		for _, c := range wide.cols {
			if c.kind == kScale {
				continue
			}
			key := wideKey{c.item.ID, 0}
			if c.kind == kOption {
				key.option = c.option
			}
			p.wideNames[key] = c.name
			width = max(width, len(c.name))
		}
		add(column{name: "item", label: p.t("item"), kind: kItemID, isString: true, width: itemIDWidth(versions, opt.IncludeText)})
		add(column{name: "variable", label: p.t("variable"), kind: kVariable, isString: true, width: width})
		add(column{name: "value", label: p.t("value"), kind: kValue, measure: scale, lo: math.MinInt32 + 1, hi: math.MaxInt32, decimals: hasType(versions, survey.Decimal)})
		add(column{name: "dont_know", label: p.t("dont_know"), kind: kDontKnow, values: []valueLabel{{0, p.t("no")}, {1, p.t("yes")}}, lo: 0, hi: 1})
		if opt.IncludeText {
			add(column{name: "text", label: p.t("text"), kind: kLongText, isString: true, width: s.textWidth("")})
		}
		return p, nil
	}
	p.itemColumns(versions, n, opt.IncludeText, s)
	return p, nil
}
