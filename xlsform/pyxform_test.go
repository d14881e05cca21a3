package xlsform_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"peil/instruments"
	"peil/survey"
	"peil/xlsform"
)

// forPyxform are instruments Export must write so that pyxform reads every
// question: the built-ins, and one with every item type, an English-only
// title, integers and decimals with and without bounds.
func forPyxform(t *testing.T) []*survey.Instrument {
	t.Helper()
	out, err := instruments.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := 0.5, 250.0
	en := func(s string) survey.Text { return survey.Text{survey.English: s} }
	out = append(out, &survey.Instrument{ID: "types", Version: 3, Title: en("Every type"), Sections: []survey.Section{{ID: "s", Title: en("S"), Items: []survey.Item{
		{ID: "l", Type: survey.Likert, DontKnow: true, Text: en("Agree?")},
		{ID: "one", Type: survey.SingleChoice, Options: []survey.Option{{Code: 1, Value: "a", Label: en("A")}}, Text: en("One choice")},
		{ID: "m", Type: survey.MultipleChoice, Options: []survey.Option{{Code: 1, Value: "a", Label: en("A")}, {Code: 2, Value: "b", Label: en("B")}}, Text: en("Many")},
		{ID: "i", Type: survey.Integer, Min: 0, Max: 120, Text: en("Bounded")},
		{ID: "i2", Type: survey.Integer, Min: 1, NoMax: true, Text: en("At least one")},
		{ID: "i3", Type: survey.Integer, NoMin: true, NoMax: true, Text: en("Any")},
		{ID: "d", Type: survey.Decimal, DecimalMin: &lo, DecimalMax: &hi, Text: en("Weight")},
		{ID: "d2", Type: survey.Decimal, Text: en("Any number")},
		{ID: "g", Type: survey.Grade, Text: en("Grade")},
		{ID: "dt", Type: survey.Date, Text: en("When?"), ShowIf: survey.MustParseCondition("answered(d)")},
		{ID: "tm", Type: survey.Time, Text: en("What time?"), ShowIf: survey.MustParseCondition("answered(dt)")},
		{ID: "t", Type: survey.OpenText, Text: en("Why?")},
		{ID: "n", Type: survey.Note, Text: en("Thanks")},
	}}}})
	// Original names with - and ., also in conditions (one of them
	// written to peil_show_if as well).
	yn := []survey.Option{{Code: 1, Value: "y", Label: en("Yes")}, {Code: 2, Value: "n", Label: en("No")}}
	out = append(out, &survey.Instrument{ID: "names", Version: 1, Title: en("Names"), Sections: []survey.Section{{ID: "about_you", OriginalName: "about-you", Title: en("About you"), Items: []survey.Item{
		{ID: "ok_1", OriginalName: "ok-1", Type: survey.SingleChoice, Options: yn, Text: en("OK?")},
		{ID: "weight_kg", OriginalName: "weight.kg", Type: survey.Decimal, Text: en("Weight"), ShowIf: survey.MustParseCondition("ok_1 = 'y'")},
		{ID: "why_not", OriginalName: "why-not", Type: survey.OpenText, Text: en("Why not?"), ShowIf: survey.MustParseCondition("answered(weight_kg) and ok_1 >= 2")},
		// a choice filter that refers to an item with an original name
		{ID: "next_step", OriginalName: "next-step", Type: survey.SingleChoice, Text: en("Next?"), ChoiceFilter: survey.MustParseCondition("option.fits = ok_1"), Options: []survey.Option{
			{Code: 1, Value: "go", Label: en("Go on"), Attrs: map[string]string{"fits": "y"}},
			{Code: 2, Value: "stop", Label: en("Stop"), Attrs: map[string]string{"fits": "n"}},
		}},
	}}}})
	// choice filters: a cascade with one name twice, static, selected()
	filters, err := instruments.Load(filepath.Join("..", "instruments", "testdata", "good", "filters.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return append(out, filters)
}

var dimensionRE = regexp.MustCompile(`<dimension ref="([A-Z0-9:]+)"`)

// TestExportForPyxform guards the two reasons pyxform saw no questions in
// peil's forms: every sheet declares the range it uses (pyxform reads in
// openpyxl's read-only mode, which trusts <dimension ref>), and no column
// of peil's own has :: in its name (pyxform's group delimiter, issue
// #815): only label, hint and the settings' title and description have a
// language after ::. The forms also round-trip.
func TestExportForPyxform(t *testing.T) {
	langCol := regexp.MustCompile(`^(label|hint|peil_title|peil_description)::(Nederlands \(nl\)|English \(en\))$`)
	for _, in := range forPyxform(t) {
		t.Run(in.ID, func(t *testing.T) {
			var buf bytes.Buffer
			if err := xlsform.Export(&buf, in); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			want := map[string]string{}
			for i, name := range f.GetSheetList() {
				rows, err := f.GetRows(name)
				if err != nil {
					t.Fatal(err)
				}
				cols := 0
				for _, r := range rows {
					cols = max(cols, len(r))
				}
				ref, _ := excelize.CoordinatesToCellName(cols, len(rows))
				want["xl/worksheets/sheet"+itoa(i+1)+".xml"] = "A1:" + ref
				for _, h := range rows[0] {
					if strings.Contains(h, "::") && !langCol.MatchString(h) {
						t.Errorf("sheet %s: column %q has :: in its name, which pyxform splits", name, h)
					}
				}
			}
			z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range z.File {
				w, ok := want[zf.Name]
				if !ok {
					continue
				}
				r, _ := zf.Open()
				b, _ := io.ReadAll(r)
				r.Close()
				m := dimensionRE.FindSubmatch(b)
				if m == nil || string(m[1]) != w {
					t.Errorf("%s declares dimension %q; its cells span %s", zf.Name, m, w)
				}
				delete(want, zf.Name)
			}
			if len(want) > 0 {
				t.Errorf("sheets not found in the zip: %v", want)
			}
			got, warns, err := xlsform.Import(in.ID+".xlsx", bytes.NewReader(data))
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			for _, w := range warns {
				if in.ID != "names" || !strings.Contains(w.Msg, "as the original name") {
					t.Errorf("warning: %s", w)
				}
			}
			compareInstruments(t, got, in)
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestPyxformConverts runs pyxform (the converter behind ODK and
// KoboToolbox) on the forms Export writes, when PEIL_PYXFORM names a copy
// of its source (a directory holding pyxform/): each form must convert with
// no warnings and an XForm control for every question. pyxform cannot be
// installed as a package here (no PyPI), so the test is skipped without
// PEIL_PYXFORM, also on CI; docs/xlsform.md says how to run it.
func TestPyxformConverts(t *testing.T) {
	src := os.Getenv("PEIL_PYXFORM")
	if src == "" {
		t.Skip("PEIL_PYXFORM is not set: set it to a copy of github.com/XLSForm/pyxform to convert peil's forms with pyxform")
	}
	python := "/usr/bin/python3"
	for _, in := range forPyxform(t) {
		t.Run(in.ID, func(t *testing.T) {
			dir := t.TempDir()
			form := filepath.Join(dir, in.ID+".xlsx")
			var buf bytes.Buffer
			if err := xlsform.Export(&buf, in); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(form, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			xml := filepath.Join(dir, in.ID+".xml")
			cmd := exec.Command(python, "-m", "pyxform.xls2xform", "--skip_validate", "--json", form, xml)
			cmd.Env = append(os.Environ(), "PYTHONPATH="+src)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("pyxform: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			var res struct {
				Code     int
				Message  string
				Warnings []string
			}
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &res); err != nil {
				t.Fatalf("pyxform said: %s", out)
			}
			if res.Code != 100 || len(res.Warnings) > 0 {
				t.Errorf("pyxform: %d %s, warnings %q", res.Code, res.Message, res.Warnings)
			}
			x, err := os.ReadFile(xml)
			if err != nil {
				t.Fatal(err)
			}
			controls := len(regexp.MustCompile(`<(input|select1|select|range|upload|trigger) `).FindAll(x, -1))
			if n := len(in.Items()); controls != n {
				t.Errorf("pyxform made %d controls of %d questions", controls, n)
			}
		})
	}
}
