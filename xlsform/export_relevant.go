package xlsform

import (
	"errors"
	"fmt"

	"peil/survey"
)

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
