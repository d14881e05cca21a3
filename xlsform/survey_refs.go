// References between questions: name mapping, ${...} piping, relevant
// columns turned into show-if conditions, and the lookups they use.

package xlsform

import (
	"regexp"
	"strings"

	"peil/survey"
)

// mapName gives the peil id of a name in the form (survey.IDFromName):
// XLSForm names may hold - and ., which peil's ids (used in conditions and
// as variable names in SPSS and Stata) cannot, so they become _. The form
// keeps its names: conditions still refer to ${first-name}, and the item or
// section keeps the name as its OriginalName.
func (sr *surveyReader) mapName(loc Location, name, what string) string {
	id := survey.IDFromName(name)
	if id != name {
		if other, taken := sr.ids[id]; taken {
			sr.problem(loc, "the %s name %s becomes %s in peil (ids have no - or .), but %s already does; rename one", what, name, id, other)
			return id
		}
		if _, taken := sr.names[id]; taken {
			sr.problem(loc, "the %s name %s becomes %s in peil (ids have no - or .), which is also a name in this form; rename one", what, name, id)
			return id
		}
		if what == "group" {
			sr.warn(loc, "the group name %s is the section id %s in peil (ids have no - or .); peil keeps %s as the original name and writes it back when it exports the form", name, id, name)
		} else {
			sr.warn(loc, "the %s name %s is the variable %s in peil's data exports (SPSS and Stata names have no - or .); peil keeps %s as the original name: the codebook shows it, and exporting the form writes it back", what, name, id, name)
		}
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
		if err == nil && sameXPath(xpathText(renameRefs(x, sr.formName)), rel) {
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

// formName gives the name in the form of the question with this peil id.
func (sr *surveyReader) formName(id string) string {
	if p, ok := sr.byID[id]; ok {
		return p.name
	}
	return id
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
