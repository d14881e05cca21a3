package sav_test

// These tests check the writer against an independent reader, GNU PSPP:
// `pspp` lists the dictionary and data, `pspp-convert` turns the file into
// CSV. Without PSPP installed they are skipped (CI installs it).

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"peil/export/sav"
)

// needPSPP skips the test when GNU PSPP is not installed, except in CI
// (the environment variable CI is set), which installs it: there a missing
// reader is a failure, not a reason to check nothing.
func needPSPP(t *testing.T) {
	t.Helper()
	for _, prog := range []string{"pspp", "pspp-convert"} {
		if _, err := exec.LookPath(prog); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("GNU PSPP (%s) is not installed, and CI must check the .sav files with it: %v", prog, err)
			}
			t.Skipf("GNU PSPP (%s) is not installed, so the file cannot be checked with an independent reader; install it with: apt-get install pspp", prog)
		}
	}
}

// onlyWriter hides the io.Seeker and io.WriterAt of a file, so that the
// writer cannot fill in the number of cases.
type onlyWriter struct{ io.Writer }

// writeSav writes a system file with the given rows and returns its path.
func writeSav(t *testing.T, name string, h sav.Header, vars []sav.Variable, rows [][]sav.Value, seekable bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out io.Writer = f
	if !seekable {
		out = onlyWriter{f}
	}
	w, err := sav.NewWriter(out, h, vars)
	if err != nil {
		t.Fatalf("NewWriter: %v", err)
	}
	for i, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatalf("WriteRow %d: %v", i+1, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// runPSPP runs syntax commands on the file at path and returns PSPP's
// output tables by title. Any warning or error from PSPP fails the test.
func runPSPP(t *testing.T, path string, commands string) map[string][][]string {
	t.Helper()
	dir := t.TempDir()
	sps := filepath.Join(dir, "check.sps")
	out := filepath.Join(dir, "out.csv")
	syntax := fmt.Sprintf("GET FILE='%s'.\n%s\n", path, commands)
	if err := os.WriteFile(sps, []byte(syntax), 0o644); err != nil {
		t.Fatal(err)
	}
	msg, err := exec.Command("pspp", "-O", "format=csv", "-o", out, sps).CombinedOutput()
	text, _ := os.ReadFile(out)
	if err != nil {
		t.Fatalf("pspp failed: %v\n%s\n%s", err, msg, text)
	}
	all := string(msg) + string(text)
	if low := strings.ToLower(all); strings.Contains(low, "warning") || strings.Contains(low, "error") {
		t.Fatalf("pspp complained about the file:\n%s", all)
	}
	return parseTables(t, string(text))
}

// parseTables splits PSPP's CSV output into tables ("Table: Title" lines
// followed by CSV rows, ended by a blank line).
func parseTables(t *testing.T, text string) map[string][][]string {
	t.Helper()
	tables := map[string][][]string{}
	for _, block := range strings.Split(text, "\n\n") {
		block = strings.TrimLeft(block, "\n")
		title, body, ok := strings.Cut(block, "\n")
		if !ok || !strings.HasPrefix(title, "Table: ") {
			continue
		}
		var lines []string
		for _, l := range strings.Split(body, "\n") {
			if !strings.HasPrefix(l, "Footnote: ") {
				lines = append(lines, l)
			}
		}
		r := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("parse pspp table %q: %v\n%s", title, err, body)
		}
		tables[strings.TrimPrefix(title, "Table: ")] = rows
	}
	return tables
}

// convertCSV converts the file with pspp-convert and returns the CSV rows,
// header first.
func convertCSV(t *testing.T, path string, args ...string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "data.csv")
	cmd := exec.Command("pspp-convert", append(args, path, out)...)
	if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
		t.Fatalf("pspp-convert: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("parse pspp-convert output: %v\n%s", err, b)
	}
	return rows
}

// diffString describes how got differs from want, briefly for long text.
func diffString(got, want string) string {
	if len(got) < 100 && len(want) < 100 {
		return fmt.Sprintf("got %q, want %q", got, want)
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("got %d bytes, want %d; first difference at byte %d: got %q, want %q",
		len(got), len(want), i, got[i:min(i+20, len(got))], want[i:min(i+20, len(want))])
}

// byName indexes a table's rows by their first column.
func byName(rows [][]string) map[string][]string {
	m := map[string][]string{}
	for _, r := range rows[1:] {
		m[r[0]] = r
	}
	return m
}

// column returns the cell of row under the header named col.
func cell(t *testing.T, table [][]string, row []string, col string) string {
	t.Helper()
	i := slices.Index(table[0], col)
	if i < 0 {
		t.Fatalf("no column %q in %q", col, table[0])
	}
	if i >= len(row) {
		return ""
	}
	return row[i]
}

// valueLabels turns PSPP's "Value Labels" table into variable label (or
// name) -> value -> label.
func valueLabels(rows [][]string) map[string]map[string]string {
	m := map[string]map[string]string{}
	current := ""
	for _, r := range rows[1:] {
		if r[0] != "" {
			current = r[0]
		}
		if m[current] == nil {
			m[current] = map[string]string{}
		}
		m[current][strings.TrimSuffix(r[1], "[a]")] = r[2]
	}
	return m
}

// A survey-like dictionary used by several tests.
var (
	longLabel = "Hoe vaak heeft u in het afgelopen schooljaar samen met collega's " +
		"lessen voorbereid, elkaars lessen bezocht, leerlingwerk besproken of " +
		"onderzoek gedaan naar uw eigen onderwijspraktijk, binnen of buiten de " +
		"werkplaats onderwijsonderzoek, en hoe waardevol vond u dat? (é, ï, ñ, ĳ)"
	openText = strings.Repeat("Het ĳsje was lekker, maar de ij in 'zij' is geen ĳ. ", 12) + "Einde é ï ñ."
)

func surveyVars() []sav.Variable {
	codes := []sav.ValueLabel{
		{Value: sav.Num(1), Label: "helemaal oneens"},
		{Value: sav.Num(2), Label: "oneens"},
		{Value: sav.Num(3), Label: "neutraal"},
		{Value: sav.Num(4), Label: "eens"},
		{Value: sav.Num(5), Label: "helemaal eens"},
		{Value: sav.Num(8), Label: "weet ik niet"},
		{Value: sav.Num(9), Label: "niet getoond (sla-logica)"},
		{Value: sav.Num(99), Label: "niet beantwoord"},
	}
	return []sav.Variable{
		{Name: "respondent", Label: "Respondentnummer", Format: sav.Format{Type: sav.FormatF, Width: 8}},
		{Name: "q1_werkdruk", Label: "Ik ervaar een hoge werkdruk", Format: sav.Format{Type: sav.FormatF, Width: 3},
			Measure: sav.Ordinal, ValueLabels: codes, Missing: []sav.Value{sav.Num(8), sav.Num(9), sav.Num(99)}},
		{Name: "q2_samenwerking", Label: longLabel, Format: sav.Format{Type: sav.FormatF, Width: 3},
			Measure: sav.Ordinal, ValueLabels: codes, MissingRange: &sav.Range{Low: 8, High: math.Inf(1)}, Missing: []sav.Value{sav.Num(-1)}},
		{Name: "cijfer", Label: "Rapportcijfer", Format: sav.Format{Type: sav.FormatF, Width: 5, Decimals: 1}},
		{Name: "rol", Label: "Rol in de school", Type: sav.String(1),
			ValueLabels: []sav.ValueLabel{{Value: sav.Str("l"), Label: "leraar"}, {Value: sav.Str("o"), Label: "onderwijsondersteuner"}, {Value: sav.Str("z"), Label: strings.Repeat("ĳ", 150)}},
			Missing:     []sav.Value{sav.Str("x")}},
		{Name: "school", Label: "Naam van de school", Type: sav.String(40),
			ValueLabels: []sav.ValueLabel{{Value: sav.Str("De Ĳsvogel"), Label: "Basisschool De Ĳsvogel (ĳ)"}, {Value: sav.Str("De IJsvogel"), Label: "Andere school (ij)"}, {Value: sav.Str("lang"), Label: "a" + strings.Repeat("é", 150)}},
			Missing:     []sav.Value{sav.Str("onbekend")}},
		{Name: "toelichting", Label: "Toelichting (open vraag)", Type: sav.String(2000)},
		{Name: "ingevuld_op", Label: "Ingevuld op", Format: sav.Format{Type: sav.FormatDATETIME, Width: 20}},
		{Name: "geboortedatum", Format: sav.Format{Type: sav.FormatEDATE, Width: 10}, Align: sav.AlignCenter, DisplayWidth: 12},
		{Name: "dag", Format: sav.Format{Type: sav.FormatDATE, Width: 11}},
		{Name: "een_heel_lange_variabelenaam_om_de_korte_namen_te_testen_xyz_64", Label: "64 bytes"},
		{Name: "een_heel_lange_variabelenaam_b", Label: "same 8-byte prefix", Type: sav.String(8)},
		{Name: "vraag_ĳs", Label: "ĳ in a name", Type: sav.String(3)},
	}
}

func surveyRows() [][]sav.Value {
	date := func(y int, m time.Month, d, h, mi, s int) sav.Value {
		return sav.Num(sav.ToSPSSDate(time.Date(y, m, d, h, mi, s, 0, time.UTC)))
	}
	return [][]sav.Value{
		{sav.Num(1), sav.Num(4), sav.Num(5), sav.Num(7.5), sav.Str("l"), sav.Str("De Ĳsvogel"), sav.Str(openText),
			date(2026, 3, 4, 9, 30, 15), date(1980, 12, 31, 0, 0, 0), date(2026, 3, 4, 0, 0, 0), sav.Num(1234567.25), sav.Str("ab"), sav.Str("ĳs")},
		{sav.Num(2), sav.Num(8), sav.Num(99), sav.Num(-3.25), sav.Str("o"), sav.Str("De IJsvogel"), sav.Str("ijs, geen ĳs"),
			date(1582, 10, 14, 0, 0, 1), date(2000, 2, 29, 0, 0, 0), date(1999, 12, 31, 0, 0, 0), sav.Num(0), sav.Str("12345678"), sav.Str("ijs")},
		{sav.Num(3), sav.Num(9), sav.SysMis(), sav.SysMis(), sav.Str(""), sav.Str(""), sav.Str(""),
			sav.SysMis(), sav.SysMis(), sav.SysMis(), sav.Num(-1e300), sav.Str("x"), sav.SysMis()},
		{sav.Num(4), sav.Num(99), sav.Num(1), sav.Num(251 - 100), sav.Str("x"), sav.Str("onbekend"), sav.Str(strings.Repeat("x", 2000)),
			date(2026, 12, 31, 23, 59, 59), date(1900, 1, 1, 0, 0, 0), date(2026, 1, 1, 0, 0, 0), sav.Num(-99), sav.Str(""), sav.Str("")},
	}
}

// TestPSPPReadsDictionary checks names, labels, formats, measurement
// levels, missing values and value labels as PSPP reads them.
func TestPSPPReadsDictionary(t *testing.T) {
	needPSPP(t)
	for _, compressed := range []bool{false, true} {
		t.Run(fmt.Sprintf("compressed=%v", compressed), func(t *testing.T) {
			path := writeSav(t, "survey.sav", sav.Header{Label: "Peil: werkdruk ĳ", Compression: compressed, Created: time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC), Documents: []string{"Geëxporteerd door peil."}},
				surveyVars(), surveyRows(), true)
			tables := runPSPP(t, path, "DISPLAY DICTIONARY.\nSYSFILE INFO FILE='"+path+"'.")

			info := byName(tables["File Information"])
			wantInfo := map[string]string{"Label": "Peil: werkdruk ĳ", "Variables": "13", "Cases": "4", "Encoding": "UTF-8",
				"Documents": "Geëxporteerd door peil.", "Created": "04 Mar 26 09:30:00 by peil export/sav"}
			wantInfo["Compression"] = map[bool]string{false: "None", true: "SAV"}[compressed]
			for k, want := range wantInfo {
				if got := info[k]; len(got) < 2 || strings.TrimSpace(got[1]) != want {
					t.Errorf("file information %s = %q, want %q", k, got, want)
				}
			}

			vars := tables["Variables"]
			rows := byName(vars)
			tests := []struct {
				name, label, measure, width, align, format, missing string
			}{
				{"respondent", "Respondentnummer", "Scale", "8", "Right", "F8.0", ""},
				{"q1_werkdruk", "Ik ervaar een hoge werkdruk", "Ordinal", "3", "Right", "F3.0", "8; 9; 99"},
				{"q2_samenwerking", longLabel, "Ordinal", "3", "Right", "F3.0", "8 THRU HIGHEST; -1"},
				{"cijfer", "Rapportcijfer", "Scale", "5", "Right", "F5.1", ""},
				{"rol", "Rol in de school", "Nominal", "1", "Left", "A1", `"x"`},
				{"school", "Naam van de school", "Nominal", "40", "Left", "A40", `"onbekend"`},
				{"toelichting", "Toelichting (open vraag)", "Nominal", "40", "Left", "A2000", ""},
				{"ingevuld_op", "Ingevuld op", "Scale", "20", "Right", "DATETIME20.0", ""},
				{"geboortedatum", "", "Scale", "12", "Center", "EDATE10", ""},
				{"dag", "", "Scale", "11", "Right", "DATE11", ""},
				{"een_heel_lange_variabelenaam_om_de_korte_namen_te_testen_xyz_64", "64 bytes", "Scale", "8", "Right", "F8.2", ""},
				{"een_heel_lange_variabelenaam_b", "same 8-byte prefix", "Nominal", "8", "Left", "A8", ""},
				{"vraag_ĳs", "ĳ in a name", "Nominal", "3", "Left", "A3", ""},
			}
			if len(vars)-1 != len(tests) {
				t.Errorf("PSPP lists %d variables, want %d", len(vars)-1, len(tests))
			}
			for _, tt := range tests {
				row, ok := rows[tt.name]
				if !ok {
					t.Errorf("variable %q missing from PSPP's dictionary", tt.name)
					continue
				}
				for col, want := range map[string]string{"Label": tt.label, "Measurement Level": tt.measure, "Width": tt.width,
					"Alignment": tt.align, "Print Format": tt.format, "Write Format": tt.format, "Missing Values": tt.missing} {
					if got := cell(t, vars, row, col); got != want {
						t.Errorf("%s: %s = %q, want %q", tt.name, col, got, want)
					}
				}
			}
			if len(longLabel) <= 255 {
				t.Fatalf("longLabel is only %d bytes; the test needs more than 255", len(longLabel))
			}

			labels := valueLabels(tables["Value Labels"])
			wantLabels := map[string]map[string]string{
				"Ik ervaar een hoge werkdruk": {"1": "helemaal oneens", "5": "helemaal eens", "8": "weet ik niet", "9": "niet getoond (sla-logica)", "99": "niet beantwoord"},
				longLabel:                     {"3": "neutraal", "99": "niet beantwoord"},
				// Value labels longer than 255 bytes are cut on a character boundary.
				"Rol in de school":   {"l": "leraar", "o": "onderwijsondersteuner", "z": strings.Repeat("ĳ", 127)},
				"Naam van de school": {"De Ĳsvogel": "Basisschool De Ĳsvogel (ĳ)", "De IJsvogel": "Andere school (ij)", "lang": "a" + strings.Repeat("é", 127)},
			}
			for v, want := range wantLabels {
				for value, label := range want {
					if got := labels[v][value]; got != label {
						t.Errorf("value label %s = %s: got %q, want %q (all: %v)", v, value, got, label, labels[v])
					}
				}
			}
		})
	}
}

// TestPSPPReadsData checks every cell through pspp-convert, with and
// without compression, and with and without a known number of cases.
// pspp-convert writes dates as mm/dd/yyyy whatever their format; the
// formats themselves are checked by TestPSPPReadsDictionary.
func TestPSPPReadsData(t *testing.T) {
	needPSPP(t)
	want := [][]string{
		{"respondent", "q1_werkdruk", "q2_samenwerking", "cijfer", "rol", "school", "toelichting", "ingevuld_op", "geboortedatum", "dag",
			"een_heel_lange_variabelenaam_om_de_korte_namen_te_testen_xyz_64", "een_heel_lange_variabelenaam_b", "vraag_ĳs"},
		{"1", "4", "5", "7.5", "l", "De Ĳsvogel", openText, "03/04/2026 09:30:15", "12/31/1980", "03/04/2026", "1234567.25", "ab", "ĳs"},
		{"2", "8", "99", "-3.25", "o", "De IJsvogel", "ijs, geen ĳs", "10/14/1582 00:00:01", "02/29/2000", "12/31/1999", "0", "12345678", "ijs"},
		{"3", "9", " ", " ", "", "", "", " ", " ", " ", "-1e+300", "x", ""},
		{"4", "99", "1", "151", "x", "onbekend", strings.Repeat("x", 2000), "12/31/2026 23:59:59", "01/01/1900", "01/01/2026", "-99", "", ""},
	}
	for _, compressed := range []bool{false, true} {
		for _, seekable := range []bool{true, false} {
			t.Run(fmt.Sprintf("compressed=%v/seekable=%v", compressed, seekable), func(t *testing.T) {
				path := writeSav(t, "survey.sav", sav.Header{Compression: compressed}, surveyVars(), surveyRows(), seekable)
				got := convertCSV(t, path)
				if len(got) != len(want) {
					t.Fatalf("pspp-convert gave %d rows, want %d:\n%q", len(got), len(want), got)
				}
				for i := range want {
					for j := range want[i] {
						g := ""
						if j < len(got[i]) {
							g = got[i][j]
						}
						if j >= 4 && j <= 6 || j >= 11 { // strings come back with their padding
							g = strings.TrimRight(g, " ")
						}
						if g != want[i][j] {
							t.Errorf("row %d, %s: %s", i, want[0][j], diffString(g, want[i][j]))
						}
					}
				}
				info := byName(runPSPP(t, path, "SYSFILE INFO FILE='"+path+"'.")["File Information"])
				wantCases := map[bool]string{true: "4", false: "Unknown"}[seekable]
				if got := strings.TrimSpace(info["Cases"][1]); got != wantCases {
					t.Errorf("Cases = %q, want %q", got, wantCases)
				}
			})
		}
	}
}

// TestPSPPUserMissing checks that PSPP treats the user-missing codes as
// missing: with --recode they become system-missing.
func TestPSPPUserMissing(t *testing.T) {
	needPSPP(t)
	path := writeSav(t, "survey.sav", sav.Header{Compression: true}, surveyVars(), surveyRows(), true)
	got := convertCSV(t, path, "--recode", "--keep=q1_werkdruk q2_samenwerking")
	want := [][]string{{"q1_werkdruk", "q2_samenwerking"}, {"4", "5"}, {" ", " "}, {" ", " "}, {" ", "1"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("recoded user-missing values:\ngot  %q\nwant %q", got, want)
	}
}

// TestPSPPManyVariables writes 1,200 variables whose long names share
// their first 8 bytes, so every short name must be made up.
func TestPSPPManyVariables(t *testing.T) {
	needPSPP(t)
	const n = 1200
	vars := make([]sav.Variable, n)
	row := make([]sav.Value, n)
	for i := range vars {
		name := fmt.Sprintf("werkdruk_item_%04d", i+1)
		if i%3 == 2 {
			vars[i] = sav.Variable{Name: name, Label: "tekst " + name, Type: sav.String(10 + i%300)}
			row[i] = sav.Str(fmt.Sprintf("t%d", i+1))
			continue
		}
		vars[i] = sav.Variable{Name: name, Label: "vraag " + name, ValueLabels: []sav.ValueLabel{{Value: sav.Num(8), Label: "weet ik niet"}}, Missing: []sav.Value{sav.Num(8)}}
		row[i] = sav.Num(float64(i + 1))
	}
	for _, compressed := range []bool{false, true} {
		t.Run(fmt.Sprintf("compressed=%v", compressed), func(t *testing.T) {
			path := writeSav(t, "many.sav", sav.Header{Compression: compressed}, vars, [][]sav.Value{row, row}, true)
			tables := runPSPP(t, path, "DISPLAY DICTIONARY.")
			names := tables["Variables"]
			if len(names)-1 != n {
				t.Fatalf("PSPP lists %d variables, want %d", len(names)-1, n)
			}
			for i, r := range names[1:] {
				if r[0] != vars[i].Name {
					t.Fatalf("variable %d is %q, want %q", i+1, r[0], vars[i].Name)
				}
			}
			data := convertCSV(t, path)
			if len(data) != 3 {
				t.Fatalf("got %d CSV rows, want 3", len(data))
			}
			for i := range vars {
				want := fmt.Sprintf("%d", i+1)
				if i%3 == 2 {
					want = "t" + want
				}
				if got := strings.TrimRight(data[2][i], " "); got != want {
					t.Fatalf("%s = %q, want %q", vars[i].Name, got, want)
				}
			}
		})
	}
}

// TestPSPPEmptyAndWide covers files without rows, strings of the widest
// size and all date formats at their narrowest width.
func TestPSPPEmptyAndWide(t *testing.T) {
	needPSPP(t)
	var vars []sav.Variable
	for i, f := range []string{"DATE9", "ADATE8", "EDATE8", "SDATE8", "JDATE5", "QYR6", "MOYR6", "WKYR8", "DATETIME17", "DATETIME22.1",
		"YMDHMS16", "TIME5", "TIME10.1", "MTIME5", "DTIME8", "WKDAY2", "MONTH3", "F1", "F4.2", "COMMA9.2", "DOLLAR10.2", "PCT6.1", "DOT8.2", "E10.3", "N5"} {
		format, err := sav.ParseFormat(f)
		if err != nil {
			t.Fatal(err)
		}
		vars = append(vars, sav.Variable{Name: fmt.Sprintf("v%d", i), Format: format})
	}
	vars = append(vars, sav.Variable{Name: "widest", Type: sav.String(sav.MaxStringWidth), ValueLabels: []sav.ValueLabel{{Value: sav.Str("ja"), Label: "Ja"}}, Missing: []sav.Value{sav.Str("nee")}})
	for _, compressed := range []bool{false, true} {
		t.Run(fmt.Sprintf("compressed=%v", compressed), func(t *testing.T) {
			path := writeSav(t, "empty.sav", sav.Header{Compression: compressed}, vars, nil, true)
			tables := runPSPP(t, path, "DISPLAY DICTIONARY.\nSYSFILE INFO FILE='"+path+"'.")
			if got := strings.TrimSpace(byName(tables["File Information"])["Cases"][1]); got != "0" {
				t.Errorf("Cases = %q, want 0", got)
			}
			rows := byName(tables["Variables"])
			for _, v := range vars {
				want := v.Format.String()
				if v.Type.IsString() {
					want = fmt.Sprintf("A%d", v.Type.Width())
				}
				got := cell(t, tables["Variables"], rows[v.Name], "Print Format")
				if strings.TrimSuffix(got, ".0") != want {
					t.Errorf("%s: format %q, want %q", v.Name, got, want)
				}
			}
			if got := convertCSV(t, path); len(got) != 1 {
				t.Errorf("pspp-convert gave %d rows, want only the header", len(got))
			}
		})
	}
}

// TestPSPPWidestString round-trips a 32,767-byte string of multi-byte text.
func TestPSPPWidestString(t *testing.T) {
	needPSPP(t)
	text := strings.Repeat("ĳé", sav.MaxStringWidth/4) + "abc" // 32767 bytes
	if len(text) != sav.MaxStringWidth {
		t.Fatalf("test text is %d bytes", len(text))
	}
	vars := []sav.Variable{{Name: "a", Type: sav.String(sav.MaxStringWidth)}, {Name: "b"}, {Name: "c", Type: sav.String(300)}}
	rows := [][]sav.Value{{sav.Str(text), sav.Num(1), sav.Str(text[:298] + "zz")}, {sav.Str("kort"), sav.Num(2), sav.Str("")}}
	for _, compressed := range []bool{false, true} {
		path := writeSav(t, "wide.sav", sav.Header{Compression: compressed}, vars, rows, true)
		got := convertCSV(t, path)
		if len(got) != 3 || got[1][0] != text || got[1][1] != "1" || got[1][2] != text[:298]+"zz" ||
			strings.TrimRight(got[2][0], " ") != "kort" || got[2][1] != "2" || strings.TrimSpace(got[2][2]) != "" {
			t.Errorf("compressed=%v: the widest string did not come back whole (%d rows)", compressed, len(got))
		}
	}
}
