package export_test

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"peil/export"
	"peil/survey"
)

// decimalStudy is a small study whose instrument has a decimal item with
// bounds, a decimal item without, a date item, an integer without bounds
// and a time item, with answers, a skipped item and an unanswered one.
func decimalStudy() (export.Study, []*survey.Instrument, *memScanner) {
	lo, hi := 0.5, 250.0
	in := &survey.Instrument{ID: "meten", Version: 1, Title: survey.Text{survey.Dutch: "Meten"},
		Sections: []survey.Section{{ID: "s", Title: survey.Text{survey.Dutch: "S"}, Items: []survey.Item{
			{ID: "gewicht", Type: survey.Decimal, DecimalMin: &lo, DecimalMax: &hi, Text: survey.Text{survey.Dutch: "Gewicht in kg"}},
			{ID: "ratio", Type: survey.Decimal, Text: survey.Text{survey.Dutch: "Een getal"}},
			{ID: "bezoek", Type: survey.Date, Text: survey.Text{survey.Dutch: "Datum van het bezoek"}},
			{ID: "aantal", Type: survey.Integer, NoMin: true, NoMax: true, Text: survey.Text{survey.Dutch: "Een heel getal"}},
			{ID: "aankomst", Type: survey.Time, Text: survey.Text{survey.Dutch: "Aankomsttijd"}},
		}}}}
	st, resp := oneRoundStudy(in)
	m := &memScanner{schoolsWP: map[string]string{"sc1": "w1"}, records: []survey.ResponseRecord{
		{Response: resp("a"), Answers: []survey.Answer{ans("gewicht", survey.TextValue("72.25")), ans("ratio", survey.TextValue("-0.125")),
			ans("bezoek", survey.TextValue("2026-03-01")), ans("aantal", survey.Num(-123456)), ans("aankomst", survey.TextValue("09:05"))}},
		{Response: resp("b"), Answers: []survey.Answer{ans("gewicht", survey.TextValue("180")), ans("bezoek", survey.TextValue("1999-12-31"))}},
	}}
	return st, []*survey.Instrument{in}, m
}

// oneRoundStudy is a study of one workplace (WOA), one school (WOA-01)
// and one round (Meting 2026) of in, and resp makes a complete response
// of that round.
func oneRoundStudy(in *survey.Instrument) (st export.Study, resp func(id string) survey.Response) {
	st = export.Study{
		Study:      survey.Study{ID: "s", Code: "m", Title: "Metingen"},
		Workplaces: []survey.Workplace{{ID: "w1", Code: "WOA"}},
		Schools:    []survey.School{{ID: "sc1", WorkplaceID: "w1", Code: "WOA-01"}},
		Rounds:     []survey.Round{{ID: "r1", Name: "Meting 2026", InstrumentID: in.ID, InstrumentVersion: in.Version}},
	}
	resp = func(id string) survey.Response {
		return survey.Response{ID: id, RoundID: "r1", SchoolID: "sc1", RespondentCode: "C-" + id, InstrumentID: in.ID, InstrumentVersion: in.Version,
			Status: survey.Complete, StartedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), FinishedAt: time.Date(2026, 3, 1, 9, 5, 0, 0, time.UTC)}
	}
	return st, resp
}

func exportDecimal(t *testing.T, name string, opt export.Options) string {
	t.Helper()
	st, ins, m := decimalStudy()
	opt.Now = func() time.Time { return exportTime }
	return writeExport(t, name, m, st, ins, opt)
}

// TestDecimalDateCSV: decimals as numbers (with a decimal comma for Dutch
// Excel), dates as year-month-day, times as hh:mm (a missing one empty),
// missing codes from the bounds.
func TestDecimalDateCSV(t *testing.T) {
	rows := readCSV(t, exportDecimal(t, "f.csv", export.Options{Format: export.CSV}))
	h := rows[0]
	col := func(r int, name string) string {
		for i, n := range h {
			if n == name {
				return rows[r][i]
			}
		}
		t.Fatalf("no column %s in %q", name, h)
		return ""
	}
	for _, c := range []struct {
		row       int
		col, want string
	}{
		{1, "gewicht", "72.25"}, {1, "ratio", "-0.125"}, {1, "bezoek", "2026-03-01"}, {1, "aantal", "-123456"}, {1, "aankomst", "09:05"},
		{2, "gewicht", "180"}, {2, "ratio", "9999999999"}, {2, "bezoek", "1999-12-31"}, {2, "aantal", "9999999999"}, {2, "aankomst", ""},
	} {
		if got := col(c.row, c.col); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
	nl := readCSVSemicolon(t, exportDecimal(t, "nl.csv", export.Options{Format: export.CSV, ExcelNL: true}))
	if !strings.Contains(strings.Join(nl[1], "|"), "|72,25|-0,125|2026-03-01|-123456|09:05") {
		t.Errorf("Dutch Excel CSV row: %q", nl[1])
	}
}

func readCSVSemicolon(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, l := range strings.Split(strings.TrimPrefix(strings.TrimSpace(string(b)), "\ufeff"), "\n") {
		out = append(out, strings.Split(strings.TrimRight(l, "\r"), ";"))
	}
	return out
}

// TestDecimalDateSav has PSPP read the formats (F8.2 and wider, DATE11,
// TIME5) and the values; a time is seconds since midnight.
func TestDecimalDateSav(t *testing.T) {
	need(t, "install GNU PSPP with: apt-get install pspp", "pspp", "--version")
	path := exportDecimal(t, "f.sav", export.Options{Format: export.SAV})
	text := pspp(t, path, "DISPLAY DICTIONARY /VARIABLES=gewicht ratio bezoek aantal aankomst.\nLIST /VARIABLES=gewicht ratio bezoek aantal aankomst.\n"+
		"COMPUTE seconden = aankomst.\nFORMATS seconden (F8.0).\nLIST /VARIABLES=seconden.")
	for _, w := range []string{
		"gewicht,11,Gewicht in kg,Scale,Input,8,Right,F8.2,F8.2,997; 999",
		"ratio,12,Een getal,Scale,Input,13,Right,F13.2,F13.2,9999999997; 9999999999",
		"bezoek,13,Datum van het bezoek,Scale,Input,11,Right,DATE11,DATE11",
		"aantal,14,Een heel getal,Scale,Input,10,Right,F10.0,F10.0,9999999997; 9999999999",
		"aankomst,15,Aankomsttijd,Scale,Input,5,Right,TIME5.0,TIME5.0,\n",
		"72.25,-.13,01-MAR-2026,-123456,09:05",
		"180.00,9999999999.00,31-DEC-1999,9999999999,.",
		"seconden\n32700\n.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("PSPP lacks %q:\n%s", w, text)
		}
	}
}

// TestDecimalDateDta has R's haven read the Stata file: decimals as
// doubles, the date as a Date (%td), the time as a date-time on Stata's
// day zero (%tcHH:MM: milliseconds since midnight).
func TestDecimalDateDta(t *testing.T) {
	need(t, "install R and haven with: apt-get install r-cran-haven", "Rscript", "-e", "library(haven)")
	path := exportDecimal(t, "f.dta", export.Options{Format: export.DTA})
	script := `library(haven); d <- read_dta("` + path + `")
show <- function(x) paste(ifelse(is_tagged_na(x), paste0("NA(", na_tag(x), ")"), as.character(x)), collapse=",")
cat(class(d$bezoek), format(d$bezoek), attr(d$bezoek, "format.stata"), "\n")
cat(typeof(d$gewicht), show(d$gewicht), attr(d$gewicht, "format.stata"), "\n")
cat(show(d$ratio), "\n")
cat(show(d$aantal), "\n")
cat(class(d$aankomst), format(d$aankomst, "%Y-%m-%d %H:%M:%S", tz = "UTC"), attr(d$aankomst, "format.stata"), "\n")
cat(format(hms::as_hms(d$aankomst)), "\n")`
	out, err := exec.Command("Rscript", "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	want := "Date 2026-03-01 1999-12-31 %td\ndouble 72.25,180 %9.2f\n-0.125,NA(c)\n-123456,NA(c)\n" +
		"POSIXct POSIXt 1960-01-01 09:05:00 NA %tcHH:MM\n09:05:00       NA"
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
	}
	if strings.Join(got, "\n") != want {
		t.Errorf("haven reads:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestTimeHavenReadsSav has R's haven (readstat) read the time column of
// the SPSS file: an hms time of day, the missing one NA.
func TestTimeHavenReadsSav(t *testing.T) {
	need(t, "install R and haven with: apt-get install r-cran-haven", "Rscript", "-e", "library(haven)")
	path := exportDecimal(t, "f.sav", export.Options{Format: export.SAV})
	script := `library(haven); d <- read_sav("` + path + `")
cat(class(d$aankomst), format(d$aankomst), as.numeric(d$aankomst), attr(d$aankomst, "format.spss"), "\n")`
	out, err := exec.Command("Rscript", "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "hms difftime 09:05:00       NA 32700 NA TIME5"; got != want {
		t.Errorf("haven reads the time column as:\n%s\nwant:\n%s", got, want)
	}
}

var dimensionRE = regexp.MustCompile(`<dimension ref="([A-Z0-9:]+)"`)

// sheetDimensions returns the <dimension ref> of every worksheet of an
// .xlsx file, by its part name.
func sheetDimensions(t *testing.T, path string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	out := map[string]string{}
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		m := dimensionRE.FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s has no dimension", f.Name)
		}
		out[f.Name] = string(m[1])
	}
	return out
}

// TestXLSXDimension: the data and codebook sheets declare the range they
// use (excelize's stream writer left it at A1, and openpyxl in read-only
// mode, as pyxform and pandas read, then saw one cell), wide and long.
func TestXLSXDimension(t *testing.T) {
	for _, long := range []bool{false, true} {
		path := exportFile(t, "f.xlsx", export.Options{Format: export.XLSX, Long: long})
		dims := sheetDimensions(t, path)
		rows := 6 // header and 5 responses
		if long {
			rows = len(readCSV(t, exportFile(t, "f.csv", export.Options{Format: export.CSV, Long: true})))
		}
		cols := len(readCSV(t, exportFile(t, "f.csv", export.Options{Format: export.CSV, Long: long}))[0])
		want := "A1:" + colName(cols) + strconv.Itoa(rows)
		if dims["xl/worksheets/sheet1.xml"] != want {
			t.Errorf("long=%v: data sheet dimension %q, want %q", long, dims["xl/worksheets/sheet1.xml"], want)
		}
		if d := dims["xl/worksheets/sheet2.xml"]; d != "A1:H"+strconv.Itoa(cols+1) {
			t.Errorf("long=%v: codebook dimension %q, want A1:H%d", long, d, cols+1)
		}
	}
	if _, err := exec.LookPath("/usr/bin/python3"); err == nil && exec.Command("/usr/bin/python3", "-c", "import openpyxl").Run() == nil {
		path := exportDecimal(t, "d.xlsx", export.Options{Format: export.XLSX})
		script := `import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = list(wb["data"].iter_rows(values_only=True))
h = rows[0]
print(len(rows), len(h))
for r in rows[1:]:
    print(r[h.index("gewicht")], r[h.index("ratio")], r[h.index("bezoek")].date().isoformat(), r[h.index("aantal")], repr(r[h.index("aankomst")]))
ws = openpyxl.load_workbook(sys.argv[1])["data"]
c = ws.cell(row=2, column=h.index("aankomst") + 1)
print(c.number_format, c.is_date, repr(c.value))`
		out, err := exec.Command("/usr/bin/python3", "-c", script, path).CombinedOutput()
		if err != nil {
			t.Fatalf("python3: %v\n%s", err, out)
		}
		if got, want := strings.TrimSpace(string(out)), "3 15\n72.25 -0.125 2026-03-01 -123456 datetime.time(9, 5)\n180 9999999999 1999-12-31 9999999999 None\nhh:mm True datetime.time(9, 5)"; got != want {
			t.Errorf("openpyxl (read-only) reads:\n%s\nwant:\n%s", got, want)
		}
	} else if os.Getenv("CI") != "" {
		t.Fatal("python3 with openpyxl is needed to read the xlsx export (CI is set)")
	}
}

func colName(n int) string {
	s := ""
	for ; n > 0; n = (n - 1) / 26 {
		s = string(rune('A'+(n-1)%26)) + s
	}
	return s
}

// TestDecimalDateLong: in long data the value column holds the decimal,
// a date as the number yyyymmdd and a time as the number hhmm; Stata gets
// a double for it.
func TestDecimalDateLong(t *testing.T) {
	rows := readCSV(t, exportDecimal(t, "long.csv", export.Options{Format: export.CSV, Long: true}))
	h := strings.Join(rows[0], ",")
	var got []string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, n := range rows[0] {
			m[n] = r[i]
		}
		got = append(got, m["item"]+"="+m["value"])
	}
	want := "gewicht=72.25 ratio=-0.125 bezoek=20260301 aantal=-123456 aankomst=905 gewicht=180 bezoek=19991231"
	if strings.Join(got, " ") != want {
		t.Errorf("long rows (%s):\n%s\nwant\n%s", h, strings.Join(got, " "), want)
	}
}
