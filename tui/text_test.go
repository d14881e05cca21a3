package tui

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"peil/survey"
)

// textTables are every text table of the TUI, by name.
func textTables() map[string]any {
	return map[string]any{
		"kiosk":    *newKioskText(),
		"research": researchTable(),
		"trends":   trendsTable(),
		"export":   exportTable(),
		"import":   importTable(),
		"root":     rootTexts(),
	}
}

// verbs finds fmt verbs (and %%) in a text.
var verbs = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// tableProblems lists what is wrong with a text table: a text that is not
// a Dutch and English pair, a text empty in either language, or two
// languages that disagree on their fmt verbs.
func tableProblems(table any) []string {
	var out []string
	check := func(name string, t survey.Text) {
		nl, en := t[survey.Dutch], t[survey.English]
		switch {
		case strings.TrimSpace(nl) == "":
			out = append(out, name+": no Dutch text")
		case strings.TrimSpace(en) == "":
			out = append(out, name+": no English text")
		case len(t) != 2:
			out = append(out, fmt.Sprintf("%s: %d languages, want Dutch and English", name, len(t)))
		case !slices.Equal(verbs.FindAllString(nl, -1), verbs.FindAllString(en, -1)):
			out = append(out, fmt.Sprintf("%s: verbs %q in Dutch, %q in English", name, verbs.FindAllString(nl, -1), verbs.FindAllString(en, -1)))
		}
	}
	v := reflect.ValueOf(table)
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch t := f.Interface().(type) {
		case survey.Text:
			check(name, t)
		case map[string]survey.Text:
			if len(t) == 0 {
				out = append(out, name+": no texts")
			}
			for k, tt := range t {
				check(name+"["+k+"]", tt)
			}
		default:
			out = append(out, fmt.Sprintf("%s: a %s, not a text pair (nlEn)", name, f.Type()))
		}
	}
	return out
}

// Every text in every table is there in Dutch and in English, with the
// same fmt verbs: a text forgotten in one language would show as empty.
func TestTextsInBothLanguages(t *testing.T) {
	for name, table := range textTables() {
		for _, p := range tableProblems(table) {
			t.Errorf("%s texts: %s", name, p)
		}
	}
	for _, f := range exportFormats {
		if _, ok := exportTable().Formats[f]; !ok {
			t.Errorf("export format %s has no name", f)
		}
	}
}

// The check finds a text missing in one language, or with other verbs.
func TestTextProblemsAreFound(t *testing.T) {
	tb := researchTable()
	tb.HelpUp = nlEn("omhoog", "")
	tb.ErrTooLong = nlEn("Hoogstens %d tekens.", "At most %s characters.")
	got := strings.Join(tableProblems(tb), "\n")
	for _, want := range []string{"HelpUp: no English text", "ErrTooLong: verbs"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
	ex := exportTable()
	ex.Formats["sav"] = nlEn("", "SPSS (.sav)")
	if got := strings.Join(tableProblems(ex), "\n"); !strings.Contains(got, "Formats[sav]: no Dutch text") {
		t.Errorf("problems %q lack the empty format name", got)
	}
}

// localize copies every text of a table in the language asked for.
func TestLocalize(t *testing.T) {
	for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
		tables := map[string]any{
			"research": researchTexts(lang), "trends": trendsTexts(lang), "export": exportTexts(lang),
			"import": importTexts(lang), "root": localize[rootText](rootTexts(), lang),
		}
		pairs := textTables()
		for name, tx := range tables {
			v, p := reflect.ValueOf(tx), reflect.ValueOf(pairs[name])
			for i := range v.NumField() {
				if !v.Type().Field(i).IsExported() {
					continue
				}
				f := v.Field(i)
				switch w := p.Field(i).Interface().(type) {
				case survey.Text:
					if f.String() != w[lang] {
						t.Errorf("%s %s.%s = %q, want %q", lang, name, v.Type().Field(i).Name, f.String(), w[lang])
					}
				case map[string]survey.Text:
					got := f.Interface().(map[string]string)
					for k, tt := range w {
						if got[k] != tt[lang] {
							t.Errorf("%s %s.%s[%s] = %q, want %q", lang, name, v.Type().Field(i).Name, k, got[k], tt[lang])
						}
					}
				}
			}
		}
	}
	if got := trendsTexts(survey.English).num(3.5, 2); got != "3.50" {
		t.Errorf("English number %q, want 3.50", got)
	}
}
