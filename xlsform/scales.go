package xlsform

import (
	"math"
	"strconv"
	"strings"

	"peil/survey"
)

// scaleSheetNames are the names the scales sheet may have. Excel does not
// allow ':' in sheet names, so peil::scales is written peil-scales.
var scaleSheetNames = []string{"peil-scales", "peil_scales", "peil scales", "peil.scales", "peil::scales"}

// scales builds the instrument's scales from the peil::scale and
// peil::reverse columns, with names from the peil-scales sheet.
func (im *importer) scales(wb workbook, defLang survey.Lang, in *survey.Instrument, items []*pending) {
	type decl struct {
		s       survey.Scale
		loc     Location
		sheeted bool
	}
	var order []*decl
	byID := map[string]*decl{}
	if s := wb.find(scaleSheetNames...); s != nil {
		t := im.newTable(s, defLang, nil)
		idCol := "name"
		if !t.has("name") && t.has("id") {
			idCol = "id"
		}
		for r := 2; r <= len(t.rows); r++ {
			if blank(t.rows[r-1]) {
				continue
			}
			id, loc := t.get(r, idCol)
			if id == "" {
				im.problem(loc, "this scale has no name; write the scale id used in the peil_scale column")
				continue
			}
			im.checkID(loc, "the scale name", id)
			if first, dup := byID[id]; dup {
				im.problem(loc, "the scale %s is listed twice (first in %s); keep one", id, first.loc.Cell)
				continue
			}
			d := &decl{s: survey.Scale{ID: id, Name: survey.Text{im.main: id}}, loc: loc, sheeted: true}
			if name, nloc := t.text(r, "label"); name != nil {
				if name[im.main] == "" {
					im.problem(nloc, "scale %s: %s", id, im.noMain("the label", "label"))
				}
				d.s.Name = name
			}
			if v, mloc := t.get(r, "min_answered"); v != "" {
				f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
				switch {
				case err != nil || math.IsNaN(f):
					im.problem(mloc, "min_answered should be a share such as 0.5 (half of the questions), found %q", v)
				case f <= 0 || f > 1:
					im.problem(mloc, "min_answered is %s; it must be more than 0 and at most 1 (0.5 means half of the questions must be answered)", v)
				default:
					d.s.MinAnswered = f
				}
			}
			byID[id] = d
			order = append(order, d)
		}
	}
	itemIDs := map[string]bool{}
	for _, p := range items {
		itemIDs[p.item.ID] = true
	}
	for _, p := range items {
		var mine []string
		for _, id := range p.scales {
			if p.item.Type != survey.Likert {
				im.problem(p.scaleLoc, "question %s is not an agreement question (select_one of five points); only those can be part of a scale", p.item.ID)
				break
			}
			if !im.checkID(p.scaleLoc, "the scale name", id) {
				continue
			}
			d := byID[id]
			if d == nil {
				d = &decl{s: survey.Scale{ID: id, Name: survey.Text{im.main: id}}, loc: p.scaleLoc}
				byID[id] = d
				order = append(order, d)
			}
			if !contains(d.s.Items, p.item.ID) {
				d.s.Items = append(d.s.Items, p.item.ID)
				mine = append(mine, id)
			}
		}
		if p.reverse == "" {
			continue
		}
		rev, ok := yesNo(p.reverse)
		var which []string
		switch {
		case ok && rev:
			which = mine
			if len(p.scales) == 0 {
				im.problem(p.reverseLoc, "question %s is reversed but belongs to no scale; add its scale in peil_scale", p.item.ID)
			}
		case ok:
		default:
			for _, id := range strings.FieldsFunc(p.reverse, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
				if !contains(mine, id) {
					im.problem(p.reverseLoc, "peil_reverse names the scale %s, but question %s is not in it; write yes, or scales from its peil_scale column", id, p.item.ID)
					continue
				}
				which = append(which, id)
			}
		}
		for _, id := range which {
			byID[id].s.Reversed = append(byID[id].s.Reversed, p.item.ID)
		}
	}
	for _, d := range order {
		switch {
		case len(d.s.Items) == 0:
			im.problem(d.loc, "the scale %s has no questions; write %s in the peil_scale column of its questions", d.s.ID, d.s.ID)
		case itemIDs[d.s.ID]:
			im.problem(d.loc, "the scale %s has the name of a question; exports put questions and scales side by side, so give the scale another name", d.s.ID)
		}
		in.Scales = append(in.Scales, d.s)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
