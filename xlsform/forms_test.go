package xlsform_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"peil/instruments"
	"peil/xlsform"
)

var update = flag.Bool("update", false, "rewrite the example forms in testdata and their .want files")

// sheetDef is one sheet of a form built in a test.
type sheetDef struct {
	name string
	rows [][]string
}

// build writes sheets as an .xlsx workbook.
func build(t testing.TB, sheets ...sheetDef) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The example forms committed in testdata. TestExampleForms imports each
// and compares the outcome with its .want file; -update rewrites both.
var exampleForms = map[string][]sheetDef{
	"all-types": {
		{"survey", [][]string{
			{"type", "name", "label::Nederlands (nl)", "label::English (en)", "hint::Nederlands (nl)", "hint::English (en)", "required", "required_message", "relevant", "constraint", "constraint_message", "appearance", "parameters", "default", "peil::scale", "peil::reverse", "peil::role", "label::Français (fr)", "calculation"},
			{"start", "start"},
			{"end", "end"},
			{"deviceid", "deviceid"},
			{"note", "welkom", "Welkom bij deze vragenlijst.", "Welcome to this questionnaire."},
			{"begin_group", "over_u", "Over u", "About you", "Eerst een paar vragen over uzelf.", "First a few questions about you.", "", "", "", "", "", "field-list"},
			{"select_one functie", "functie", "Wat is uw functie?", "What is your position?", "Kies de functie met de meeste uren.", "", "yes", "Kies een functie", "", "", "", "", "", "", "", "", "yes", "Quelle est votre fonction ?"},
			{"integer", "jaren", "Hoeveel jaar werkt u in het onderwijs?", "How many years have you worked in education?", "", "", "TRUE()", "", "", ". >= 0 and . <= 50", "Tussen 0 en 50"},
			{"range", "cijfer", "Welk cijfer geeft u uw school?", "", "", "", "", "", "", "", "", "", "start=1 end=10 step=1"},
			{"range", "uren", "Hoeveel uur per week besteedt u aan onderzoek?", "", "", "", "", "", "", "", "", "", "start=0 end=40"},
			{"time", "begintijd", "Hoe laat begint uw werkdag?", "When does your working day start?", "Bijvoorbeeld 8.15.", "", "", "", "", "", "", "", "", "0.3958"},
			{"end_group"},
			{"begin group", "cultuur", "Onderzoekscultuur", "Research culture", "", "", "", "", "${functie} != 'anders'"},
			{"select_one agree", "ol1", "De schoolleider stelt vragen over ons onderwijs.", "The school leader asks about our teaching.", "", "", "", "", "", "", "", "likert", "", "", "leiderschap"},
			{"select_one agree", "ol2", "Veranderingen worden niet onderzocht.", "Changes are not examined.", "", "", "", "", "", "", "", "likert", "", "", "leiderschap", "yes"},
			{"begin_group", "verdieping", "Verdieping"},
			{"select_one eens", "ol3", "We leren van onderzoek.", "", "", "", "", "", "${ol1} >= 4", "", "", "", "", "", "leiderschap houding", "houding"},
			{"end_group"},
			{"end group"},
			{"select_multiple bronnen or_other", "bronnen", "Welke bronnen gebruikt u?", "Which sources do you use?", "", "", "", "", "", "", "", "minimal"},
			{"text", "toelichting", "Kunt u dat toelichten?", "", "", "", "", "", "selected(${bronnen}, 'collegas') and string-length(${jaren}) > 0"},
			{"calculate", "som", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "${ol1} + ${ol2}"},
			{"select_one ja_nee", "vervolg", "Mogen we u later nog iets vragen?", "", "", "", "", "", "not(${cijfer} < 6) or ${uren} = 0 or ${functie} = 'schoolleider'"},
			{"text", "slot", "Wilt u nog iets kwijt?", "", "", "", "", "", "${vervolg} = 'ja'", "", "", "multiline", "", "niets"},
		}},
		{"choices", [][]string{
			{"list_name", "name", "label::Nederlands (nl)", "label::English (en)", "peil::code"},
			{"functie", "leerkracht", "Leerkracht", "Teacher"},
			{"functie", "ib", "Intern begeleider", "Special needs coordinator"},
			{"functie", "schoolleider", "Schoolleider", "School leader"},
			{"functie", "anders", "Anders", "Other"},
			{"agree", "1", "Helemaal mee oneens", "Strongly disagree"},
			{"agree", "2", "Mee oneens", "Disagree"},
			{"agree", "3", "Neutraal", "Neutral"},
			{"agree", "4", "Mee eens", "Agree"},
			{"agree", "5", "Helemaal mee eens", "Strongly agree"},
			{"agree", "dk", "Weet ik niet", "Don't know"},
			{"eens", "helemaal_oneens", "Helemaal mee oneens"},
			{"eens", "oneens", "Mee oneens"},
			{"eens", "neutraal", "Neutraal"},
			{"eens", "eens", "Mee eens"},
			{"eens", "helemaal_eens", "Helemaal mee eens"},
			{"bronnen", "werkplaats", "De werkplaats", "The workplace"},
			{"bronnen", "collegas", "Collega's", "Colleagues"},
			{"bronnen", "internet", "Internet", "Internet"},
			{"ja_nee", "ja", "Ja", "Yes", "1"},
			{"ja_nee", "nee", "Nee", "No", "9"},
		}},
		{"settings", [][]string{
			{"form_id", "form_title", "version", "default_language", "instance_name", "peil::title::English (en)", "peil::description::Nederlands (nl)", "peil::description::English (en)", "kleur"},
			{"werkplaats-kort", "Korte vragenlijst", "2024031501", "Nederlands (nl)", "concat(${functie})", "Short questionnaire", "Over onderzoek op uw school.", "About research at your school.", "blauw"},
		}},
		{"peil-scales", [][]string{
			{"name", "label::Nederlands (nl)", "label::English (en)", "min_answered"},
			{"leiderschap", "Onderzoekend leiderschap", "Inquiring leadership", "0.6"},
		}},
	},
	"plain": {
		{"survey", [][]string{
			{"type", "name", "label", "hint"},
			{"text", "naam_school", "Hoe heet uw school?", "Voluit geschreven."},
			{"begin_group", "deel", ""},
			{"select_one jn", "tevreden", "Bent u tevreden?"},
			{"end_group"},
			{"begin_group", "leeg", "Alleen berekeningen"},
			{"calculate", "x"},
			{"end_group"},
			{"select_multiple jn", "welke", "Wat is waar?"},
		}},
		{"choices", [][]string{
			{"list_name", "name", "label"},
			{"jn", "1", "Ja"},
			{"jn", "2", "Nee"},
		}},
		{"settings", [][]string{
			{"form_title", "default_language"},
			{"", "Nederlands"},
		}},
	},
	// english is a form as pyxform's users write it: English only, single
	// colons, pyxform's aliases, no settings sheet.
	"english": {
		{"survey", [][]string{
			{"Type", "Name", "Label:English", "Hint:English", "Constraint", "bind:relevant", "_comment", "Required"},
			{"", "", "", "", "", "", "a comment row"},
			{"select one from yes_no", "consent", "Do you agree?"},
			{"begin group", "about-you", "About you"},
			{"int", "age", "How old are you?", "In years", "${age} > 0", "${consent} = 'yes'", "", "TRUE"},
			{"integer", "siblings", "How many siblings?"},
			{"integer", "below", "A number below ten", "", ". < 10"},
			{"decimal", "weight.kg", "Your weight in kg?", "", ". > 10.51 and . < 180"},
			{"q decimal", "ratio", "Any number"},
			{"date", "visit", "When did we visit?", "", "", "${weight.kg} != ''"},
			{"Time", "arrival", "At what time did we arrive?", "", "", "${visit} != ''"},
			{"percentage", "share", "Which share?"},
			{"phone number", "phone", "Your phone number?"},
			{"select_one colours or_other", "colour", "Favourite colour?"},
			{"select all that apply from colours or specify other", "colours", "Colours you like?"},
			{"end group"},
			{"start", "started"},
			{"hidden", "h"},
		}},
		{"choices", [][]string{
			{"List Name", "Value", "Caption:English"},
			{"yes_no", "yes", "Yes"},
			{"yes_no", "no", "No"},
			{"colours", "red", "Red"},
			{"colours", "blue", "Blue"},
		}},
	},
	// choice-filter has choice filters as pyxform's users write them: a
	// cascade (a county name in two states, allow_choice_duplicates), a
	// static filter with a bare word (pastel=yes), selected() and a
	// filter on an earlier answer alone.
	"choice-filter": {
		{"survey", [][]string{
			{"type", "name", "label", "choice_filter"},
			{"select_one states", "state", "State?"},
			{"select_one counties", "county", "County?", "${state}=cf"},
			{"select_one cities", "city", "City?", "cf = ${county} and name != 'other'"},
			{"select_one colors", "pastel", "Favourite pastel?", "pastel=yes"},
			{"select_multiple colors", "liked", "Colours you like?", "not(name = 'red') or ${state} = 'texas'"},
			{"select_one colors", "best", "Best of those?", "selected(${liked}, name)"},
		}},
		{"choices", [][]string{
			{"list_name", "name", "label", "cf", "pastel"},
			{"states", "texas", "Texas"},
			{"states", "washington", "Washington"},
			{"counties", "king", "King", "washington"},
			{"counties", "pierce", "Pierce", "washington"},
			{"counties", "king", "King", "texas"},
			{"counties", "cameron", "Cameron", "texas"},
			{"cities", "seattle", "Seattle", "king"},
			{"cities", "tacoma", "Tacoma", "pierce"},
			{"cities", "brownsville", "Brownsville", "cameron"},
			{"cities", "other", "Other", "king"},
			{"colors", "red", "Red", "", "no"},
			{"colors", "mauve", "Mauve", "", "yes"},
			{"colors", "apricot", "Apricot", "", "yes"},
		}},
		{"settings", [][]string{
			{"form_id", "form_title", "version", "allow_choice_duplicates", "default_language"},
			{"cascade", "Cascading selects", "3", "yes", "English (en)"},
		}},
	},
	// filter-problems are choice filters peil refuses, each for a reason.
	"filter-problems": {
		{"survey", [][]string{
			{"type", "name", "label", "choice_filter"},
			{"select_one states", "state", "State?"},
			{"select_multiple states", "states", "States?"},
			{"integer", "age", "Age?", "cf = ${state}"},
			{"select_one counties", "c1", "County?", "cf < ${state}"},
			{"select_one counties", "c2", "County?", "cf = ${states}"},
			{"select_one counties", "c3", "County?", "cf = pastel"},
			{"select_one counties", "c4", "County?", "starts-with(cf, 'w')"},
			{"select_one counties", "c5", "County?", "cf = ${later}"},
			{"select_one counties", "c6", "County?", "cf"},
			{"select_one counties", "c7", "County?", "cf = ${state} and"},
			{"select_one counties", "c8", "County?", "odd-col = ${state}"},
			{"select_one counties", "c9", "County?", "pastel = 'yes'"},
			{"select_one counties", "c10", "County?", "selected(${state}, cf) or selected(${age}, cf)"},
			{"text", "later", "Later?"},
		}},
		{"choices", [][]string{
			{"list_name", "name", "label", "cf", "pastel", "odd-col"},
			{"states", "texas", "Texas"},
			{"counties", "king", "King", "texas", "", "x"},
			{"counties", "king", "King", "washington"},
			{"colors", "red", "Red", "", "no"},
		}},
		{"settings", [][]string{
			{"form_id", "form_title", "version", "allow_choice_duplicates"},
			{"filters", "Filters", "1", "maybe"},
		}},
	},
	// pyxform-gaps are forms pyxform reads and peil refuses, each for a
	// named reason.
	"pyxform-gaps": {
		{"survey", [][]string{
			{"type", "name", "label::English", "label::French", "hint::English", "constraint"},
			{"text", "name", "Your name?", "Votre nom ?"},
			{"note", "hello", "Hello ${name}!", "Bonjour ${name} !", "Nice to meet you, ${name}."},
			{"date", "when", "When?", "Quand ?", "", ". <= today()"},
			{"text", "code", "Code?", "Code ?", "", "regex(., '^[0-9]+$')"},
			{"text", "first-name", "First name?", "Prénom ?"},
			{"text", "first_name", "First name again?", "Prénom ?"},
			{"begin repeat", "kids", "Kids", "Enfants"},
			{"end repeat"},
			{"image", "photo", "A photo", "Une photo"},
			{"select_one_from_file schools.csv", "school", "School?", "École ?"},
			{"select one external", "town", "Town?", "Ville ?"},
			{"time", "at", "What time?", "Quelle heure ?", "", ". >= '08:00'"},
		}},
		{"choices", [][]string{
			{"list_name", "name", "label::English", "image"},
			{"pics", "a", "", "a.jpg"},
		}},
		{"settings", [][]string{
			{"id_string", "title", "version"},
			{"gaps", "Gaps", "2024031501"},
		}},
	},
	"french": {
		{"survey", [][]string{
			{"type", "name", "label::Français (fr)"},
			{"text", "nom", "Votre nom ?"},
		}},
	},
	"problems": {
		{"survey", [][]string{
			{"type", "name", "label::Nederlands (nl)", "label::English (en)", "required", "relevant", "constraint", "choice_filter", "parameters", "peil::scale", "peil::reverse", "peil::role", "label::English (en)"},
			{"decimal", "gewicht", "Hoeveel weegt uw tas?", "", "", "", "${gewicht} > 0 and ${ander} < 3"},
			{"begin_repeat", "kind", "Kind"},
			{"text", "naam_kind", "Naam van het kind"},
			{"end_repeat"},
			{"date", "datum", "Welke datum?"},
			{"select_one_from_file scholen.csv", "school", "Welke school?"},
			{"select_one onbekend", "q1", "Vraag 1"},
			{"integer", "q2", "Leeftijd"},
			{"integer", "q3", "Leeftijd", "", "", "", "regex(., '^[0-9]+$')"},
			{"integer", "q4", "Aantal", "", "", "", ". >= 5"},
			{"text", "q5", "Tekst", "", "", "", "string-length(.) < 100"},
			{"select_one ja_nee", "q6", "Ja of nee?", "", "${q2} > 3", "", "", "${q1} = 'x'"},
			{"text", "7q", "Een naam met een cijfer vooraan"},
			{"text", "q8"},
			{"text", "q9", "", "Only in English"},
			{"select_multiple ja_nee", "q10", "Welke?", "", "", "count-selected(${q6}) > 1"},
			{"text", "q11", "Later", "", "", "${q12} = 'x'"},
			{"text", "q12", "Meervoudig", "", "", "${q10} = 'ja' or ${som} > 1"},
			{"text", "q12", "Dubbel"},
			{"range", "q13", "Schaal", "", "", "", "", "", "start=0 end=10 step=0.5"},
			{"select_one jna or_other", "q14", "Ja, nee of anders?"},
			{"select_one ja_nee", "q15", "Geen schaal", "", "", "", "", "", "", "s1", "", "yes"},
			{"select_one agree", "q16", "Omgekeerd", "", "", "", "", "", "", "", "yes"},
			{"geopoint", "plek", "Waar bent u?"},
			{"vraag", "q17", "Onbekend type"},
			{"", "q18", "Geen type"},
			{"begin_group", "", "Zonder naam"},
			{"end_group"},
			{"end_group"},
			{"calculate", "som"},
			{"text", "and", "Gereserveerd woord", "", "", "${kent} = 'ja'"},
			{"select_one ja_nee", "q19", "Rol", "", "", "", "", "", "", "", "", "yes"},
			{"select_one ja_nee", "q20", "Nog een rol", "", "", "", "", "", "", "", "", "ja"},
			{"begin_group", "open", "Nooit gesloten"},
			{"note", "q21", "Verplichte notitie", "", "maybe"},
		}},
		{"choices", [][]string{
			{"list_name", "name", "label", "peil::code"},
			{"ja_nee", "ja", "Ja"},
			{"ja_nee", "nee", "Nee"},
			{"ja_nee", "nee", "Nee, dubbel"},
			{"jna", "ja", "Ja", "1"},
			{"jna", "nee", "Nee", "x"},
			{"jna", "anders", "Anders"},
			{"", "los", "Zonder lijst"},
			{"agree", "1", "1"}, {"agree", "2", "2"}, {"agree", "3", "3"}, {"agree", "4", "4"}, {"agree", "5", ""},
			{"quotes", "it's", "Met aanhalingsteken"},
		}},
		{"settings", [][]string{
			{"form_id", "form_title::English (en)", "version", "default_language"},
			{"bad id!", "English only", "v1.2", "Français (fr)"},
		}},
		{"peil-scales", [][]string{
			{"name", "label", "min_answered"},
			{"s2", "Lege schaal", "2"},
			{"s2", "Dubbel"},
		}},
	},
}

// TestExampleForms imports the committed example forms and checks the
// instrument (as an instrument file), the warnings and the problems
// against the .want files, exactly.
func TestExampleForms(t *testing.T) {
	for name, sheets := range exampleForms {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name+".xlsx")
			if *update {
				if err := os.WriteFile(path, build(t, sheets...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			checkSheets(t, data, sheets)
			got := describeImport(t, name+".xlsx", data)
			wantPath := filepath.Join("testdata", name+".want")
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("import of %s differs from %s (go test -update rewrites it):\n%s", path, wantPath, got)
			}
		})
	}
}

// describeImport imports a form and writes what came of it: the problems
// or the instrument file, and the warnings. An imported instrument must
// also pass peil's own instrument checks.
func describeImport(t *testing.T, name string, data []byte) string {
	t.Helper()
	in, warns, err := xlsform.Import(name, bytes.NewReader(data))
	var b strings.Builder
	if err != nil {
		var ps xlsform.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Import: %v is not a Problems list", err)
		}
		fmt.Fprintf(&b, "problems:\n%s\n", err)
	} else {
		yml, err := instruments.Marshal(in)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := instruments.Parse(name+".yaml", yml)
		if err != nil {
			t.Fatalf("the imported instrument does not pass peil's checks:\n%v\n%s", err, yml)
		}
		if !reflect.DeepEqual(back, in) {
			t.Errorf("the imported instrument changes through its instrument file")
		}
		fmt.Fprintf(&b, "instrument:\n%s", yml)
	}
	b.WriteString("\nwarnings:\n")
	for _, w := range warns {
		b.WriteString(w.String() + "\n")
	}
	return b.String()
}

// checkSheets makes sure a committed form still holds what the test
// defines, so the .xlsx and the definition cannot drift apart.
func checkSheets(t *testing.T, data []byte, sheets []sheetDef) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range sheets {
		rows, err := f.GetRows(s.name)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				got := ""
				if r < len(rows) && c < len(rows[r]) {
					got = rows[r][c]
				}
				if got != v {
					t.Fatalf("%s!%d,%d is %q, the test defines %q; run go test -update", s.name, r+1, c+1, got, v)
				}
			}
		}
	}
}
