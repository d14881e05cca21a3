package xlsform

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"peil/survey"
)

// FuzzRelevant: the translator never panics; what it accepts is a valid
// peil condition on the fixture questions, and printing that condition as
// XPath again translates back to the same condition.
func FuzzRelevant(f *testing.F) {
	for _, s := range []string{
		"${kent} = 'ja'", "selected(${gebruik}, 'collegas') and not(${ol1} >= 4)",
		"string-length(${opm}) > 0 or ${jaren} < -3", "(${kent} = 'ja' or ${cijfer} = 1) and ${opm} != ''",
		"count-selected(${gebruik}) > 1", "${ol1} = 'dk'", "${jaren} div 2", "not(not(${kent} != 'nee'))",
		"selected(${kent}, 3)", `${opm} = "it's"`, "${", "'", "((((", "/data/x = 1",
	} {
		f.Add(s)
	}
	items := fixture()
	lookup := func(id string) *survey.Item {
		if r, ok := items[id]; ok {
			return r.item
		}
		return nil
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, errs := translateRelevant(src, fixtureResolver)
		if len(errs) > 0 {
			if c != nil {
				t.Fatalf("%q: a condition and problems %v", src, errs)
			}
			return
		}
		text := peilText(c)
		pc, err := survey.ParseCondition(text)
		if err != nil {
			t.Fatalf("%q became %q, which peil cannot parse: %v", src, text, err)
		}
		if err := pc.Check(lookup); err != nil {
			t.Fatalf("%q became %q, which fails peil's check: %v", src, text, err)
		}
		x, err := toXPath(c, "", lookup)
		if err != nil {
			t.Fatalf("%q: back to XPath: %v", src, err)
		}
		again, errs := translateRelevant(xpathText(x), fixtureResolver)
		if len(errs) > 0 {
			t.Fatalf("%q → %q → %q: %v", src, text, xpathText(x), errs)
		}
		if got := peilText(again); got != text {
			t.Fatalf("%q → %q → %q → %q", src, text, xpathText(x), got)
		}
	})
}

// splitTable reads a sheet written as lines of cells separated by |.
func splitTable(s string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(s, "\n") {
		rows = append(rows, strings.Split(line, "|"))
	}
	return rows
}

// FuzzImport: the importer never panics on any cells; a form it accepts
// exports and imports again to the same instrument without warnings.
func FuzzImport(f *testing.F) {
	f.Add("type|name|label|relevant|constraint|parameters|peil::scale|peil::show_if\n"+
		"select_one jn|a|A\nbegin_group|g|G|${a} = 'ja'\ninteger|b|B||. >= 0 and . <= 9\nrange|c|C|||start=1 end=10\nend_group\n"+
		"select_one agree|d|D|${b} > 3||||s\nselect_multiple jn or_other|e|E|not(${c} < 5)\ntext|f|F|selected(${e}, 'anders')|||| answered(e)",
		"list_name|name|label|peil::code\njn|ja|Ja|1\njn|nee|Nee|2\nagree|1|1\nagree|2|2\nagree|3|3\nagree|4|4\nagree|5|5\nagree|dk|Weet ik niet",
		"form_id|form_title|version|default_language\nf|F|3|English (en)")
	f.Add("type|name|label::English (en)|label::Nederlands (nl)|hint|required\nnote|n|Hi|Hoi|Uitleg|yes\ntext|t||Tekst||TRUE()\nbegin_repeat|r\nend_repeat\ndecimal|x|X",
		"list_name|name|label", "form_title|version\nT|2024031501")
	f.Add("type|name|label|peil::role|relevant\nselect_one r|rol|Rol|yes\ntext|q|Q||${rol} = 'ib'",
		"list_name|name|label\nr|ib|IB\nr|lk|Leerkracht", "form_id|form_title|peil::audience\nx|X|ib lk")
	f.Add("Type|Name|Label:English|Constraint|bind:relevant\nselect one from yn|ok-1|OK?\nint|age.y|Age|${age.y} > 0|${ok-1} = 'y'\ndecimal|w|W|. > 0.5 and . <= 9\ndate|d|D||${w} != ''\ninteger|n|N\npercentage|p|P\nselect_one yn or_other|o|O",
		"List Name|Value|Caption:English\nyn|y|Yes\nyn|n|No", "")
	f.Fuzz(func(t *testing.T, surveyCells, choiceCells, settingsCells string) {
		wb := workbook{
			{name: "survey", rows: splitTable(surveyCells)},
			{name: "choices", rows: splitTable(choiceCells)},
			{name: "settings", rows: splitTable(settingsCells)},
		}
		in, _, err := importWorkbook("f.xlsx", wb)
		if err != nil {
			if _, ok := err.(Problems); !ok {
				t.Fatalf("error %v is not a Problems list", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Export(&buf, in); err != nil {
			t.Fatalf("Export of an imported form: %v", err)
		}
		back, warns, err := Import("f.xlsx", &buf)
		if err != nil {
			t.Fatalf("Import of an exported form: %v", err)
		}
		// The only warnings are those that say a name in the form (kept
		// as the original name) is another id in peil.
		var originals []string
		for _, s := range in.Sections {
			if s.OriginalName != "" {
				originals = append(originals, s.OriginalName)
			}
			for _, it := range s.Items {
				if it.OriginalName != "" {
					originals = append(originals, it.OriginalName)
				}
			}
		}
		if len(warns) != len(originals) {
			t.Fatalf("warnings on an exported form: %v; want one for each original name %q", warns, originals)
		}
		for _, w := range warns {
			if !slices.ContainsFunc(originals, func(o string) bool { return strings.Contains(w.Msg, "peil keeps "+o+" as the original name") }) {
				t.Fatalf("warning on an exported form: %v", w)
			}
		}
		if !reflect.DeepEqual(back, in) {
			t.Fatalf("round trip changed the instrument:\n got %#v\nwant %#v", back, in)
		}
	})
}
