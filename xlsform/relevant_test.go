package xlsform

import (
	"strings"
	"testing"

	"peil/survey"
)

// fixture are the questions conditions in these tests refer to.
func fixture() map[string]*refInfo {
	opts := func(vals ...string) []survey.Option {
		var out []survey.Option
		for i, v := range vals {
			out = append(out, survey.Option{Code: i + 1, Value: v, Label: survey.Text{survey.Dutch: v}})
		}
		return out
	}
	likert := map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "dk": 0}
	return map[string]*refInfo{
		"kent":    {item: &survey.Item{ID: "kent", Type: survey.SingleChoice, Options: opts("ja", "nee", "3")}},
		"gebruik": {item: &survey.Item{ID: "gebruik", Type: survey.MultipleChoice, Options: opts("werkplaats", "collegas")}},
		"ol1":     {item: &survey.Item{ID: "ol1", Type: survey.Likert, DontKnow: true}, likert: likert},
		"jaren":   {item: &survey.Item{ID: "jaren", Type: survey.Integer, Min: 0, Max: 50}},
		"cijfer":  {item: &survey.Item{ID: "cijfer", Type: survey.Grade}},
		"opm":     {item: &survey.Item{ID: "opm", Type: survey.OpenText}},
		"welkom":  {item: &survey.Item{ID: "welkom", Type: survey.Note}},
		"begin":   {item: &survey.Item{ID: "begin", Type: survey.Time}},
	}
}

func fixtureResolver(name string) (*refInfo, string) {
	if r, ok := fixture()[name]; ok {
		return r, ""
	}
	if name == "later" {
		return nil, "the condition refers to ${later}, which comes later"
	}
	return nil, "the condition refers to ${" + name + "}, which is not a question of this form"
}

func TestTranslateRelevant(t *testing.T) {
	tests := []struct {
		xpath string
		want  string // peil condition, or the problems joined with " | "
		ok    bool
	}{
		{"${kent} = 'ja'", "kent = 'ja'", true},
		{"${kent}='ja'", "kent = 'ja'", true},
		{`${kent} != "nee"`, "kent != 'nee'", true},
		{"'ja' = ${kent}", "kent = 'ja'", true},
		{"${kent} = 3", "kent = '3'", true},
		{"selected(${kent}, 'ja')", "kent = 'ja'", true},
		{"selected(${gebruik}, 'collegas')", "selected(gebruik, 'collegas')", true},
		{"selected( ${gebruik} , \"werkplaats\" )", "selected(gebruik, 'werkplaats')", true},
		{"${ol1} >= 4", "ol1 >= 4", true},
		{"${ol1} >= '4'", "ol1 >= 4", true},
		{"4 <= ${ol1}", "ol1 >= 4", true},
		{"${jaren} < 5", "jaren < 5", true},
		{"${jaren} > -1", "jaren > -1", true},
		{"${cijfer} <= '5'", "cijfer <= 5", true},
		{"${opm} = 'x'", "opm = 'x'", true},
		{"${opm} != ''", "answered(opm)", true},
		{"${kent} = ''", "not answered(kent)", true},
		{"string-length(${opm}) > 0", "answered(opm)", true},
		{"string-length(${opm}) = 0", "not answered(opm)", true},
		{"0 < string-length(${opm})", "answered(opm)", true},
		{"not(${kent} = 'ja')", "not (kent = 'ja')", true},
		{"not(selected(${gebruik}, 'collegas'))", "not selected(gebruik, 'collegas')", true},
		{"${kent} = 'ja' and ${jaren} > 2 or ${cijfer} = 1", "kent = 'ja' and jaren > 2 or cijfer = 1", true},
		{"${kent} = 'ja' and (${jaren} > 2 or ${cijfer} = 1)", "kent = 'ja' and (jaren > 2 or cijfer = 1)", true},
		{"not(${kent} = 'ja' or ${kent} = 'nee')", "not (kent = 'ja' or kent = 'nee')", true},
		{"(${kent} = 'ja')", "kent = 'ja'", true},

		{"count-selected(${gebruik}) > 1", `the function "count-selected" is not supported; use selected(${q}, 'option')`, false},
		{"${jaren} > 2.5", "the number 2.5 has decimals; peil compares whole numbers only", false},
		{"${kent} = 'misschien'", "${kent} has no choice 'misschien' (its choices: ja, nee, 3)", false},
		{"${kent} > 'ja'", "the choices of ${kent} can only be compared with = or !=, not >", false},
		{"${gebruik} = 'collegas'", "${gebruik} is a select_multiple question: use selected(${gebruik}, 'collegas') instead of =", false},
		{"${ol1} = 'dk'", `${ol1} = 'dk' tests the "don't know" answer, which peil cannot test; a comparison with ${ol1} is false when the answer is "don't know"`, false},
		{"${ol1} = 6", "${ol1} has no choice '6' (its choices: 1, 2, 3, 4, 5, dk)", false},
		{"${jaren} = 'veel'", "${jaren} asks for a number: compare it with a whole number, not 'veel'", false},
		{"${opm} > 'a'", "${opm} is a text question: compare it with = or != and a quoted text", false},
		{"${welkom} = 'x'", "${welkom} is a note and has no answer to compare", false},
		{"${begin} > '08:00'", "${begin} is a time question: peil can only test whether it is answered (${begin} != ''), not compare it", false},
		{"${begin} != ''", "answered(begin)", true},
		{"${later} = 'ja'", "the condition refers to ${later}, which comes later", false},
		{"${nope} = 'ja' and ${niks} = 1", "the condition refers to ${nope}, which is not a question of this form | the condition refers to ${niks}, which is not a question of this form", false},
		{"${kent} = ${opm}", "${kent} is compared with ${opm}; peil compares a question with a fixed value", false},
		{"${kent}", `${kent} alone is not a condition; write ${kent} != '' for "kent is answered"`, false},
		{"${jaren} + 1 > 2", "arithmetic (+) is not supported; compare a question with a fixed value", false},
		{"${jaren} div 2 > 2", "arithmetic (div) is not supported; compare a question with a fixed value", false},
		{"/data/kent = 'ja'", "paths such as /data/q are not supported; refer to a question as ${q}", false},
		{"${kent} = ja", "unexpected \"ja\"; put a text in quotes ('ja') or refer to a question as ${ja}", false},
		{"${kent} = 'ja' AND ${jaren} > 1", "write and in lower case", false},
		{"${kent} = 'ja", "the text starting at 'ja has no closing quote", false},
		{"${kent} = 'ja' and", "the expression ends too early", false},
		{"${kent = 'ja'", "${ has no closing }", false},
		{"1 < ${jaren} < 5", "a comparison cannot be compared again (<); join comparisons with and", false},
		{"string-length(${opm}) > 3", "string-length(${opm}) > 3 is not supported; peil can test string-length(${opm}) > 0 (answered) and = 0 (not answered)", false},
		{"today() > 1", `the function "today" is not supported; ` + supported, false},
		{"true()", `the function "true" is not supported; leave relevant empty to always show the question`, false},
		{"selected(${jaren}, '1')", "selected() needs a select_one or select_multiple question; ${jaren} is not one", false},
		{"selected(${gebruik}, 'x')", "${gebruik} has no choice 'x' (its choices: werkplaats, collegas)", false},
		{"not(${kent} = 'ja', 1)", "not() takes one condition, found 2", false},
		{"${kent} != '' and ${opm} < ''", "${opm} < '' is not supported; use ${opm} != '' (answered) or ${opm} = '' (not answered)", false},
		{"'a' = 'b'", "a comparison needs a question, as in ${q} = 'option'", false},
		{"", "the expression ends too early", false},
	}
	for _, tt := range tests {
		t.Run(tt.xpath, func(t *testing.T) {
			c, errs := translateRelevant(tt.xpath, fixtureResolver)
			if !tt.ok {
				if got := strings.Join(errs, " | "); got != tt.want || c != nil {
					t.Errorf("translate(%q):\n got %q (cond %v)\nwant %q", tt.xpath, got, c, tt.want)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("translate(%q): %v", tt.xpath, errs)
			}
			got := peilText(c)
			if got != tt.want {
				t.Errorf("translate(%q) = %q, want %q", tt.xpath, got, tt.want)
			}
			if _, err := survey.ParseCondition(got); err != nil {
				t.Errorf("peil cannot parse %q: %v", got, err)
			}
		})
	}
}

// TestPeilToXPath: conditions written in peil become XPath that
// translates back to the same condition.
func TestPeilToXPath(t *testing.T) {
	items := fixture()
	item := func(id string) *survey.Item {
		if r, ok := items[id]; ok {
			return r.item
		}
		return nil
	}
	tests := []struct{ peil, xpath, back string }{
		{"kent = 'ja'", "${kent} = 'ja'", ""},
		{"kent = 1", "${kent} = 'ja'", "kent = 'ja'"},
		{"kent != 2", "${kent} != 'nee'", "kent != 'nee'"},
		{"kent >= 2", "${kent} = 'nee' or ${kent} = '3'", "kent = 'nee' or kent = '3'"},
		{"selected(gebruik, 2)", "selected(${gebruik}, 'collegas')", "selected(gebruik, 'collegas')"},
		{"role = 'ja'", "${kent} = 'ja'", "kent = 'ja'"},
		{"answered(opm) and not (ol1 >= 4 or cijfer < 6)", "${opm} != '' and not(${ol1} >= 4 or ${cijfer} < 6)", ""},
		{"not answered(opm)", "not(${opm} != '')", ""},
		{"(kent = 'ja' or kent = 'nee') and jaren > 1", "(${kent} = 'ja' or ${kent} = 'nee') and ${jaren} > 1", ""},
		{`opm = "it's"`, `${opm} = "it's"`, ""},
	}
	for _, tt := range tests {
		c, err := parsePeil(tt.peil)
		if err != nil {
			t.Fatalf("parsePeil(%q): %v", tt.peil, err)
		}
		x, err := toXPath(c, "kent", item)
		if err != nil {
			t.Fatalf("toXPath(%q): %v", tt.peil, err)
		}
		if got := xpathText(x); got != tt.xpath {
			t.Errorf("toXPath(%q) = %q, want %q", tt.peil, got, tt.xpath)
		}
		back, errs := translateRelevant(xpathText(x), fixtureResolver)
		if len(errs) > 0 {
			t.Fatalf("translating %q back: %v", xpathText(x), errs)
		}
		want := tt.back
		if want == "" {
			want = tt.peil
		}
		if got := peilText(back); got != want {
			t.Errorf("back(%q) = %q, want %q", tt.xpath, got, want)
		}
	}
	if _, err := toXPath(cmpCond{"role", "=", strLit("x")}, "", item); err == nil {
		t.Error("role without a role question: no error")
	}
}
