// Select questions: choice lists as answer options, Likert scale recognition
// (don't-know choices) and what or_other adds.

package xlsform

import (
	"slices"
	"strconv"
	"strings"

	"peil/survey"
)

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

// A question with a choice filter keeps its choices (filtered is set): it
// is not read as an agreement scale.
func (sr *surveyReader) selectItem(r int, p *pending, kind string, args []string, typLoc Location, filtered bool) bool {
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
	case "likert":
		if filtered {
			sr.problem(loc, "an agreement scale cannot have a choice_filter; remove peil_type likert or the choice_filter")
			return false
		}
	case "", "single":
	default:
		sr.problem(loc, "peil_type is %q; write likert (an agreement scale) or single (a list of choices)", peilType)
	}
	if kind == "select_one" && !strings.EqualFold(peilType, "single") && !filtered {
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
	if len(id) > survey.MaxIDLength {
		sr.problem(loc, "or_other adds the question %s, whose name is longer than %d characters; choose a shorter name", id, survey.MaxIDLength)
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
