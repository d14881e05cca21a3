package xlsform_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"peil/survey"
	"peil/xlsform"
)

func text(nl, en string) survey.Text {
	t := survey.Text{survey.Dutch: nl}
	if en != "" {
		t[survey.English] = en
	}
	return t
}

func small(items ...survey.Item) *survey.Instrument {
	return &survey.Instrument{ID: "klein", Version: 2024031501, Title: text("Klein", ""),
		Sections: []survey.Section{{ID: "s", Title: text("S", ""), Items: items}}}
}

func opts(vals ...string) []survey.Option {
	var out []survey.Option
	for i, v := range vals {
		out = append(out, survey.Option{Code: i + 1, Value: v, Label: text(v, "")})
	}
	return out
}

func exportRows(t *testing.T, in *survey.Instrument) map[string][][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsform.Export(&buf, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}

func roundTrip(t *testing.T, in *survey.Instrument) *survey.Instrument {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsform.Export(&buf, in); err != nil {
		t.Fatal(err)
	}
	got, warns, err := xlsform.Import("x.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) > 0 {
		t.Errorf("warnings: %v", warns)
	}
	return got
}

// TestExportLayout checks the sheets and cells XLSForm tools read.
func TestExportLayout(t *testing.T) {
	in := small(
		survey.Item{ID: "a", Type: survey.Likert, DontKnow: true, Text: text("A", "A en")},
		survey.Item{ID: "b", Type: survey.Likert, Text: text("B", "")},
		survey.Item{ID: "c", Type: survey.Grade, Text: text("C", ""), ShowIf: survey.MustParseCondition("a >= 4")},
		survey.Item{ID: "d", Type: survey.Integer, Min: 0, Max: 120, Text: text("D", "")},
		survey.Item{ID: "e", Type: survey.MultipleChoice, Options: opts("x", "y"), Text: text("E", ""), ShowIf: survey.MustParseCondition("not (c < 6)")},
		survey.Item{ID: "f", Type: survey.OpenText, Text: text("F", ""), ShowIf: survey.MustParseCondition("selected(e, 'y')")},
	)
	in.Scales = []survey.Scale{{ID: "sc", Name: text("Schaal", "Scale"), Items: []string{"a", "b"}, Reversed: []string{"b"}}}
	sheets := exportRows(t, in)
	for _, name := range []string{"survey", "choices", "settings", "peil-scales"} {
		if _, ok := sheets[name]; !ok {
			t.Errorf("no sheet %s", name)
		}
	}
	sv := sheets["survey"]
	want := []string{"type", "name", "label::Nederlands (nl)", "label::English (en)", "relevant", "constraint", "parameters", "peil_scale", "peil_reverse"}
	if !reflect.DeepEqual(sv[0], want) {
		t.Errorf("survey header %q, want %q", sv[0], want)
	}
	cell := func(row int, col string) string {
		i := strings.Index(strings.Join(sv[0], "\x00")+"\x00", col+"\x00")
		idx := strings.Count(strings.Join(sv[0], "\x00")[:i], "\x00")
		if idx < len(sv[row]) {
			return sv[row][idx]
		}
		return ""
	}
	checks := []struct {
		row       int
		col, want string
	}{
		{1, "type", "begin_group"},
		{2, "type", "select_one agree5_dk"},
		{2, "peil_scale", "sc"},
		{3, "type", "select_one agree5"},
		{3, "peil_reverse", "yes"},
		{4, "type", "range"},
		{4, "parameters", "start=1 end=10 step=1"},
		{4, "relevant", "${a} >= 4"},
		{5, "type", "integer"},
		{5, "constraint", ". >= 0 and . <= 120"},
		{6, "type", "select_multiple e"},
		{6, "relevant", "not(${c} < 6)"},
		{7, "relevant", "selected(${e}, 'y')"},
		{8, "type", "end_group"},
	}
	for _, c := range checks {
		if got := cell(c.row, c.col); got != c.want {
			t.Errorf("survey row %d %s = %q, want %q", c.row+1, c.col, got, c.want)
		}
	}
	if got := sheets["settings"][1][:4]; !reflect.DeepEqual(got, []string{"klein", "Klein", "2024031501", "Nederlands (nl)"}) {
		t.Errorf("settings %q", got)
	}
	var agree []string
	for _, r := range sheets["choices"][1:] {
		if r[0] == "agree5_dk" {
			agree = append(agree, r[1])
		}
	}
	if !reflect.DeepEqual(agree, []string{"1", "2", "3", "4", "5", "dk"}) {
		t.Errorf("agree5_dk choices %q", agree)
	}
	if got := roundTrip(t, in); !reflect.DeepEqual(got, in) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got, in)
	}
}

// TestExportKeepsWhatXPathCannotSay: option codes, a five-point single
// choice that looks like a Likert list, role conditions and code
// comparisons survive the round trip through peil:: columns.
func TestExportKeepsWhatXPathCannotSay(t *testing.T) {
	five := opts("1", "2", "3", "4", "5")
	five[4].Code = 9
	in := small(
		survey.Item{ID: "rol", Type: survey.SingleChoice, SetsRole: true, Options: opts("leerkracht", "ib"), Text: text("Rol", "")},
		survey.Item{ID: "vijf", Type: survey.SingleChoice, Options: five, Text: text("Vijf", ""), ShowIf: survey.MustParseCondition("role = 'ib'")},
		survey.Item{ID: "code", Type: survey.OpenText, Text: text("Code", ""), ShowIf: survey.MustParseCondition("vijf >= 4 and rol = 1")},
		survey.Item{ID: "spatie", Type: survey.OpenText, Text: text("Spatie", ""), ShowIf: survey.MustParseCondition("(answered(code))")},
	)
	sheets := exportRows(t, in)
	header := sheets["survey"][0]
	for _, col := range []string{"peil_type", "peil_role", "peil_show_if"} {
		found := false
		for _, h := range header {
			found = found || h == col
		}
		if !found {
			t.Errorf("no %s column in %q", col, header)
		}
	}
	if got := roundTrip(t, in); !reflect.DeepEqual(got, in) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got, in)
	}
}

func TestExportRoleWithoutRoleQuestion(t *testing.T) {
	in := small(survey.Item{ID: "a", Type: survey.OpenText, Text: text("A", ""), ShowIf: survey.MustParseCondition("role = 'ib'")})
	in.Audience = []string{"ib", "leerkracht"}
	err := xlsform.Export(&bytes.Buffer{}, in)
	if err == nil || !strings.Contains(err.Error(), "item a: show_if \"role = 'ib'\": the condition uses role, but no earlier item asks for the role") {
		t.Errorf("err = %v", err)
	}
}

// TestStaleShowIf: when a researcher changes relevant in a form peil
// wrote, relevant wins over the old peil::show_if, with a warning.
func TestStaleShowIf(t *testing.T) {
	data := build(t,
		sheetDef{"survey", [][]string{
			{"type", "name", "label", "relevant", "peil::show_if"},
			{"select_one jn", "a", "A"},
			{"text", "b", "B", "${a} = 'nee'", "a = 1"},
			{"text", "c", "C", "${a} = 'ja'", "a = 1"},
		}},
		sheetDef{"choices", [][]string{{"list_name", "name", "label"}, {"jn", "ja", "Ja"}, {"jn", "nee", "Nee"}}},
		sheetDef{"settings", [][]string{{"form_id", "form_title", "version"}, {"f", "F", "3"}}},
	)
	in, warns, err := xlsform.Import("f.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Item("b").ShowIf.String(); got != "a = 'nee'" {
		t.Errorf("b: show_if %q, want relevant's a = 'nee'", got)
	}
	if got := in.Item("c").ShowIf.String(); got != "a = 1" {
		t.Errorf("c: show_if %q, want peil::show_if's a = 1", got)
	}
	want := "f.xlsx: survey!E3 (peil::show_if): peil_show_if does not match relevant (was relevant changed?); peil follows relevant"
	if len(warns) != 1 || warns[0].String() != want {
		t.Errorf("warnings %v, want %q", warns, want)
	}
}

// TestGroupRelevant: a group's relevant applies to each of its questions,
// nested groups included.
func TestGroupRelevant(t *testing.T) {
	data := build(t,
		sheetDef{"survey", [][]string{
			{"type", "name", "label", "relevant"},
			{"select_one jn", "a", "A"},
			{"begin_group", "g", "G", "${a} = 'ja'"},
			{"text", "b", "B"},
			{"begin_group", "h", "H", "${b} != ''"},
			{"text", "c", "C", "${b} = 'x' or ${b} = 'y'"},
			{"end_group"},
			{"end_group"},
		}},
		sheetDef{"choices", [][]string{{"list_name", "name", "label"}, {"jn", "ja", "Ja"}, {"jn", "nee", "Nee"}}},
		sheetDef{"settings", [][]string{{"form_id", "form_title", "version"}, {"f", "F", "1"}}},
	)
	in, _, err := xlsform.Import("f.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Item("b").ShowIf.String(); got != "a = 'ja'" {
		t.Errorf("b: %q", got)
	}
	if got := in.Item("c").ShowIf.String(); got != "a = 'ja' and answered(b) and (b = 'x' or b = 'y')" {
		t.Errorf("c: %q", got)
	}
	if len(in.Sections) != 2 || in.Sections[1].ID != "g" || len(in.Sections[1].Items) != 2 {
		t.Errorf("sections %#v", in.Sections)
	}
}

func TestImportNotAWorkbook(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":  nil,
		"text":   []byte("type,name,label\ntext,q1,Vraag\n"),
		"zip":    []byte("PK\x03\x04 not really"),
		"xls":    append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...),
		"no-svy": build(t, sheetDef{"settings", [][]string{{"form_id", "form_title"}, {"f", "F"}}}),
	} {
		t.Run(name, func(t *testing.T) {
			in, _, err := xlsform.Import("f.xlsx", bytes.NewReader(data))
			if err == nil || in != nil {
				t.Fatalf("Import = %v, %v; want an error", in, err)
			}
			var ps xlsform.Problems
			if name == "no-svy" {
				if !errors.As(err, &ps) || !strings.Contains(err.Error(), "f.xlsx: the workbook has no sheet named survey") {
					t.Errorf("err = %v", err)
				}
			} else if name == "xls" {
				if err.Error() != "f.xlsx: this is a legacy Excel 97-2003 workbook (.xls), which peil does not read; open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)" {
					t.Errorf("err = %v", err)
				}
			} else if !strings.HasPrefix(err.Error(), "f.xlsx: this is not an Excel workbook (.xlsx) that peil can read") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// TestImportNumericCells: numbers and booleans typed into Excel as such
// (not as text) read the same.
func TestImportNumericCells(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "survey")
	f.SetSheetRow("survey", "A1", &[]any{"type", "name", "label", "required"})
	f.SetSheetRow("survey", "A2", &[]any{"select_one n", "q", "Q", true})
	f.NewSheet("choices")
	f.SetSheetRow("choices", "A1", &[]any{"list_name", "name", "label"})
	f.SetSheetRow("choices", "A2", &[]any{"n", 1, "Een"})
	f.SetSheetRow("choices", "A3", &[]any{"n", 7, "Zeven"})
	f.NewSheet("settings")
	f.SetSheetRow("settings", "A1", &[]any{"form_id", "form_title", "version"})
	f.SetSheetRow("settings", "A2", &[]any{"n", "N", 2024031501})
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	in, _, err := xlsform.Import("n.xlsx", &buf)
	if err != nil {
		t.Fatal(err)
	}
	it := in.Item("q")
	if in.Version != 2024031501 || !it.Required || it.Options[1].Code != 7 || it.Options[1].Value != "7" {
		t.Errorf("version %d, item %#v", in.Version, it)
	}
}

// TestExportEscapes: text that looks like an Excel character escape
// (_x0041_) or holds line ends comes back as written.
func TestExportEscapes(t *testing.T) {
	in := small(survey.Item{ID: "a", Type: survey.OpenText, Text: text("_x0041_ en x_x005F_y", "line\r\nbreak")})
	if got := roundTrip(t, in); !reflect.DeepEqual(got, in) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got.Sections[0].Items[0].Text, in.Sections[0].Items[0].Text)
	}
}

// TestSettingsAliases: pyxform's id_string and title (and set_form_id,
// set_form_title) name the instrument; a form with English labels only is
// an English instrument that asks in one language.
func TestSettingsAliases(t *testing.T) {
	for _, hdr := range [][2]string{{"id_string", "title"}, {"set_form_id", "set_form_title"}, {"form_id", "form_title"}} {
		data := build(t,
			sheetDef{"survey", [][]string{{"type", "name", "label::English"}, {"text", "q", "Why?"}}},
			sheetDef{"settings", [][]string{{hdr[0], hdr[1], "version"}, {"my-form", "My form", "7"}}},
		)
		in, warns, err := xlsform.Import("f.xlsx", bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%v: %v", hdr, err)
		}
		if len(warns) > 0 {
			t.Errorf("%v: warnings %v", hdr, warns)
		}
		if in.ID != "my-form" || in.Version != 7 || !reflect.DeepEqual(in.Title, survey.Text{survey.English: "My form"}) {
			t.Errorf("%v: got %s@%d %v", hdr, in.ID, in.Version, in.Title)
		}
		if got := in.Languages(); !reflect.DeepEqual(got, []survey.Lang{survey.English}) || in.MainLanguage() != survey.English {
			t.Errorf("%v: languages %v, main %v", hdr, got, in.MainLanguage())
		}
	}
}

// TestOldPeilColumnDoesNotChangeLanguages: an old peil::x column next to
// label:English (one colon) leaves the form English: the languages and
// the columns are read by the same header rule.
func TestOldPeilColumnDoesNotChangeLanguages(t *testing.T) {
	data := build(t,
		sheetDef{"survey", [][]string{{"type", "name", "label:English", "peil::scale"}, {"text", "q", "Why?", ""}}},
		sheetDef{"settings", [][]string{{"form_id", "version"}, {"f", "1"}}},
	)
	in, _, err := xlsform.Import("f.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := in.Languages(); !reflect.DeepEqual(got, []survey.Lang{survey.English}) || in.MainLanguage() != survey.English {
		t.Errorf("languages %v, main %v; want English only", got, in.MainLanguage())
	}
	if got := in.Items()[0].Text.Get(survey.English); got != "Why?" {
		t.Errorf("the question's English text = %q", got)
	}
}

// TestMediaOnlyLabel: a question whose only label is a media::image
// column is refused as media, not as "no label".
func TestMediaOnlyLabel(t *testing.T) {
	data := build(t,
		sheetDef{"survey", [][]string{{"type", "name", "label::English", "media::image::English"}, {"text", "q", "", "q.png"}, {"text", "r", "Why?", ""}}},
		sheetDef{"settings", [][]string{{"form_id", "version"}, {"f", "1"}}},
	)
	_, _, err := xlsform.Import("f.xlsx", bytes.NewReader(data))
	if err == nil || !strings.Contains(err.Error(), "question q has only an image, sound or video as its label") {
		t.Errorf("a media-only label: %v", err)
	}
}

// TestTimeRoundTrip: a time item is written as XLSForm's time, a condition
// on it as the XPath test that it is answered, and both read back the same.
func TestTimeRoundTrip(t *testing.T) {
	in := small(
		survey.Item{ID: "begin", Type: survey.Time, Text: text("Hoe laat begon u?", "When did you start?"), Help: text("Bijvoorbeeld 8.15.", "")},
		survey.Item{ID: "reden", Type: survey.OpenText, Text: text("Waarom toen?", ""), ShowIf: survey.MustParseCondition("answered(begin)")},
	)
	sv := exportRows(t, in)["survey"]
	if got := strings.Join(sv[2], "|"); !strings.HasPrefix(got, "time|begin|Hoe laat begon u?|When did you start?|") {
		t.Errorf("the time row is %q", got)
	}
	if got := strings.Join(sv[3], "|"); !strings.Contains(got, "|${begin} != ''") {
		t.Errorf("the row shown after it is %q", got)
	}
	if got := roundTrip(t, in); !reflect.DeepEqual(got, in) {
		t.Errorf("round trip:\n got %#v\nwant %#v", got, in)
	}
}
