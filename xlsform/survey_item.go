// Reading one question row of the survey sheet into an item: the type,
// its options and columns (item), and the language check it uses (hasLang).

package xlsform

import (
	"math"
	"strings"

	"peil/survey"
)

func (sr *surveyReader) item(r int, kind string, args []string, name string, nameLoc, typLoc Location, dup bool) {
	t := sr.t
	p := &pending{row: r, section: sr.section(r), name: name}
	it := &p.item
	it.ID = name
	if name == "" {
		sr.problem(nameLoc, "this question has no name; give it one such as q7 (peil uses it in conditions and exports)")
	} else if !dup {
		it.ID = sr.mapName(nameLoc, name, "question")
		if it.ID != name {
			it.OriginalName = name
		}
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
	filter, filterLoc := t.get(r, "choice_filter")
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
	case "time":
		it.Type = survey.Time
		if constraint != "" {
			sr.problem(conLoc, "constraints on a time question are not supported: peil accepts any time of day from 00:00 to 23:59; remove the constraint")
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
		ok = sr.selectItem(r, p, kind, args, typLoc, filter != "")
		if ok && filter != "" && !dup {
			sr.choiceFilter(p, sr.lists[args[0]], filter, filterLoc)
		}
	}
	if filter != "" && kind != "select_one" && kind != "select_multiple" {
		sr.problem(filterLoc, "a choice_filter is only for select_one and select_multiple questions; remove it")
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
