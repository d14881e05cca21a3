package xlsform

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"peil/survey"
)

var choicesHeader = []string{"list_name", "name", "label" + colNL, "label" + colEN, "peil_code"}

func (ex *exporter) agree(list string) {
	if ex.usedAgree == nil {
		ex.usedAgree = map[string]bool{}
	}
	if ex.usedAgree[list] {
		return
	}
	ex.usedAgree[list] = true
	ex.listNames = append(ex.listNames, list)
	for p, l := range survey.LikertLabels {
		ex.listRows = append(ex.listRows, []any{list, strconv.Itoa(p + 1), l[survey.Dutch], l[survey.English]})
	}
	if list == agreeDKList {
		ex.listRows = append(ex.listRows, []any{list, dkName, survey.DontKnowLabel[survey.Dutch], survey.DontKnowLabel[survey.English]})
	}
}

// list returns the name of the choice list of a single or multiple choice
// item, sharing one list between items with the same options.
func (ex *exporter) list(it *survey.Item) string {
	var sig strings.Builder
	for _, o := range it.Options {
		fmt.Fprintf(&sig, "%d\x00%s\x00%s\x00%s", o.Code, o.Value, o.Label[survey.Dutch], o.Label[survey.English])
		for _, k := range slices.Sorted(maps.Keys(o.Attrs)) {
			fmt.Fprintf(&sig, "\x00%s=%s", k, o.Attrs[k])
		}
		sig.WriteString("\x01")
	}
	if name, ok := ex.lists[sig.String()]; ok {
		return name
	}
	name := it.ID
	for n := 2; slices.Contains(ex.listNames, name) || name == agreeList || name == agreeDKList; n++ {
		name = fmt.Sprintf("%s_%d", it.ID, n)
	}
	ex.lists[sig.String()] = name
	ex.listNames = append(ex.listNames, name)
	seen := map[string]bool{}
	for _, o := range it.Options {
		ex.listRows = append(ex.listRows, []any{name, o.Value, o.Label[survey.Dutch], orNil(o.Label[survey.English]), o.Code})
		for len(ex.listAttrs) < len(ex.listRows)-1 {
			ex.listAttrs = append(ex.listAttrs, nil)
		}
		ex.listAttrs = append(ex.listAttrs, o.Attrs)
		ex.dupNames = ex.dupNames || seen[o.Value]
		seen[o.Value] = true
	}
	return name
}

// exportedList is the choice list of an item as Import would see it.
func exportedList(it *survey.Item) *choiceList {
	l := &choiceList{name: it.ID}
	for _, o := range it.Options {
		l.choices = append(l.choices, choice{name: o.Value, label: o.Label, code: o.Code})
	}
	return l
}

// choiceRows are the choices sheet: the lists, and after peil_code the
// further columns that choice filters test.
func (ex *exporter) choiceRows() [][]any {
	cols := map[string]bool{}
	for _, a := range ex.listAttrs {
		for k := range a {
			cols[k] = true
		}
	}
	extra := slices.Sorted(maps.Keys(cols))
	out := [][]any{append(toAny(choicesHeader), toAny(extra)...)}
	for i, row := range ex.listRows {
		if len(extra) > 0 {
			row = append(append(row, make([]any, len(choicesHeader)-len(row))...), make([]any, len(extra))...)
			if i < len(ex.listAttrs) {
				for j, k := range extra {
					if v, ok := ex.listAttrs[i][k]; ok {
						row[len(choicesHeader)+j] = v
					}
				}
			}
		}
		out = append(out, row)
	}
	return out
}
