package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peil/export"
	"peil/survey"
)

// need skips the test when an external reader is missing, except on CI
// (the environment variable CI set), where it fails: CI installs them.
func need(t *testing.T, hint string, cmd ...string) {
	t.Helper()
	if _, err := exec.LookPath(cmd[0]); err == nil {
		if exec.Command(cmd[0], cmd[1:]...).Run() == nil {
			return
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is needed to check the exported file (CI is set, so this fails instead of skipping); %s", cmd[0], hint)
	}
	t.Skipf("%s is not available, so the file cannot be checked with an independent reader; %s", cmd[0], hint)
}

// exportFile exports the fixture to a file in a temporary directory, with
// testKey as the study's pseudonym key unless opt has one.
func exportFile(t *testing.T, name string, opt export.Options) string {
	t.Helper()
	st, ins, m := fixture()
	opt.Now = func() time.Time { return exportTime }
	if opt.PseudonymKey == nil {
		opt.PseudonymKey = testKey
	}
	return writeExport(t, name, m, st, ins, opt)
}

// writeExport exports st's responses from m to a new file name in a
// temporary folder and returns its path.
func writeExport(t *testing.T, name string, m survey.ResponseScanner, st export.Study, ins []*survey.Instrument, opt export.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.Export(context.Background(), f, m, st, ins, opt); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// readCSV parses a CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// pspp runs syntax on the file and returns PSPP's CSV output; a warning or
// error fails the test.
func pspp(t *testing.T, path, commands string) string {
	t.Helper()
	dir := t.TempDir()
	sps, out := filepath.Join(dir, "check.sps"), filepath.Join(dir, "out.csv")
	if err := os.WriteFile(sps, []byte(fmt.Sprintf("GET FILE='%s'.\n%s\n", path, commands)), 0o644); err != nil {
		t.Fatal(err)
	}
	msg, err := exec.Command("pspp", "-O", "format=csv", "-o", out, sps).CombinedOutput()
	text, _ := os.ReadFile(out)
	if err != nil {
		t.Fatalf("pspp: %v\n%s\n%s", err, msg, text)
	}
	if low := strings.ToLower(string(msg) + string(text)); strings.Contains(low, "warning") || strings.Contains(low, "error") {
		t.Fatalf("pspp complained:\n%s%s", msg, text)
	}
	return string(text)
}

// TestPSPPReadsSav exports the fixture to .sav (plain and compressed;
// identifying with exact times, and pseudonymous with dates), has PSPP
// convert it to CSV and compares every cell with peil's own CSV export of
// the same data: every item type, all missing kinds, an item and an
// option missing from version 1, non-ASCII text, pseudonyms, dates.
func TestPSPPReadsSav(t *testing.T) {
	need(t, "install GNU PSPP with: apt-get install pspp", "pspp", "--version")
	for _, identify := range []bool{true, false} {
		want := readCSV(t, exportFile(t, "want.csv", export.Options{Format: export.CSV, IncludeText: true, Identify: identify, ExactTimes: identify}))
		for _, compress := range []bool{false, true} {
			t.Run(fmt.Sprint("identify=", identify, ",compress=", compress), func(t *testing.T) {
				path := exportFile(t, "f.sav", export.Options{Format: export.SAV, IncludeText: true, Compress: compress, Identify: identify, ExactTimes: identify})
				psppMatches(t, path, want)
			})
		}
	}
	// By default, started and finished are dates, and the file's
	// documents say so.
	dates := pspp(t, exportFile(t, "f.sav", export.Options{Format: export.SAV}), "DISPLAY DICTIONARY /VARIABLES=respondent started.\nDISPLAY DOCUMENTS.")
	for _, w := range []string{
		"Respondent codes and response ids are pseudonyms",
		"Started and finished hold only their date",
		"respondent,2,\"Respondent (pseudoniem, hetzelfde in elke export van het onderzoek)\",Nominal,Input,16,Left,A16",
		"started,9,Begonnen op (datum),Scale,Input,11,Right,DATE11,DATE11",
	} {
		if !strings.Contains(dates, w) {
			t.Errorf("PSPP's dictionary lacks %q:\n%s", w, dates)
		}
	}
	path := exportFile(t, "f.sav", export.Options{Format: export.SAV, Identify: true, ExactTimes: true})
	text := pspp(t, path, "DISPLAY DICTIONARY /VARIABLES=q1 q4 jaren gebruik_5 sc_houding started.")
	for _, w := range []string{
		`q1,12,"Ik voel me vrij om nieuwe ideeën uit te proberen (ĳverig, naïef, señor)",Ordinal,Input,1,Right,F1.0,F1.0,7; 8; 9`,
		"q4,14,\"" + longLabel + "\",Ordinal",
		",7[a],Niet getoond (routing)\n,8[a],Weet ik niet\n,9[a],Niet beantwoord",
		"jaren,22,Hoeveel jaar werkt u in het onderwijs?,Scale,Input,3,Right,F3.0,F3.0,997; 999",
		"Wie gebruikt de kennis?: Landelijk,0,Niet gekozen\n,1,Gekozen\n,7[a],Niet getoond (routing)\n,9[a],Niet beantwoord",
		"sc_houding,24,Schaalscore: Onderzoekende houding,Scale",
		"started,9,Begonnen op,Scale,Input,20,Right,DATETIME20.0",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("PSPP's dictionary lacks %q:\n%s", w, text)
		}
	}
	// English labels with --lang en.
	en := pspp(t, exportFile(t, "en.sav", export.Options{Format: export.SAV, Lang: survey.English}), "DISPLAY DICTIONARY /VARIABLES=q1.")
	if !strings.Contains(en, "EN Ik voel me vrij") || !strings.Contains(en, ",8[a],Don't know") {
		t.Errorf("English labels missing:\n%s", en)
	}
}

// psppMatches has PSPP convert the .sav at path to CSV and compares every
// cell with want, peil's own CSV export of the same data.
func psppMatches(t *testing.T, path string, want [][]string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "f.csv")
	if msg, err := exec.Command("pspp-convert", path, out).CombinedOutput(); err != nil || len(msg) > 0 {
		t.Fatalf("pspp-convert: %v\n%s", err, msg)
	}
	got := readCSV(t, out)
	if len(got) != len(want) {
		t.Fatalf("PSPP reads %d rows, want %d", len(got), len(want))
	}
	bad := 0
	for i := range want {
		for j := range want[i] {
			g := strings.TrimSpace(got[i][j])
			if i > 0 && (want[0][j] == "started" || want[0][j] == "finished") && g != "" {
				layout, as := "01/02/2006 15:04:05", "2006-01-02 15:04:05"
				if !strings.Contains(g, ":") {
					layout, as = "01/02/2006", "2006-01-02"
				}
				tm, err := time.Parse(layout, g)
				if err != nil {
					t.Fatalf("date %q: %v", g, err)
				}
				g = tm.Format(as)
			}
			if g != want[i][j] {
				t.Errorf("row %d, %s: PSPP reads %q, want %q", i, want[0][j], g, want[i][j])
				if bad++; bad == 20 {
					t.Fatal("more cells differ")
				}
			}
		}
	}
}

// TestPSPPEmptyRound exports a round without responses: a valid file with
// the full dictionary and no cases.
func TestPSPPEmptyRound(t *testing.T) {
	need(t, "install GNU PSPP with: apt-get install pspp", "pspp", "--version")
	path := exportFile(t, "empty.sav", export.Options{Format: export.SAV, RoundIDs: []string{"r3"}})
	text := pspp(t, path, "DISPLAY DICTIONARY /VARIABLES=q4.\nSHOW N.")
	if !strings.Contains(text, "q4,") || !strings.Contains(text, "N is 0.") {
		t.Errorf("empty round:\n%s", text)
	}
}

// TestHavenReadsDta reads the .dta export with R's haven: labels, value
// labels, and the three kinds of missing as tagged NA .a, .b, .c; times to
// the second with --identify --exact-times, else dates and pseudonyms.
func TestHavenReadsDta(t *testing.T) {
	need(t, "install R and haven with: apt-get install r-cran-haven", "Rscript", "-e", "library(haven)")
	pseudonym := readCSV(t, exportFile(t, "want.csv", export.Options{Format: export.CSV}))[1][1]
	for _, tc := range []struct {
		identify bool
		started  string
	}{
		{true, "POSIXct 2025-10-01 09:15:30 ABCD-EFGH"},
		{false, "Date 2025-10-01 " + pseudonym},
	} {
		t.Run(fmt.Sprint("identify=", tc.identify), func(t *testing.T) {
			havenReads(t, export.Options{Format: export.DTA, IncludeText: true, Identify: tc.identify, ExactTimes: tc.identify}, tc.started)
		})
	}
}

// havenReads checks the .dta export with opt; started is what haven reads
// of the first response's start and respondent.
func havenReads(t *testing.T, opt export.Options, started string) {
	t.Helper()
	path := exportFile(t, "f.dta", opt)
	script := `library(haven); d <- read_dta("` + path + `")
show <- function(x) paste(ifelse(is_tagged_na(x), paste0("NA(", na_tag(x), ")"), as.character(x)), collapse=",")
cat(nrow(d), ncol(d), "\n")
cat(attr(d$q1, "label"), "\n")
cat(attr(d$q4, "label"), "\n")
l <- attr(d$q1, "labels"); cat(paste(names(l), ifelse(is_tagged_na(l), paste0("NA(", na_tag(l), ")"), l), sep="=", collapse="|"), "\n")
cat(show(d$q1), "\n")
cat(show(d$q3), "\n")
cat(show(d$gebruik_5), "\n")
cat(show(d$jaren), "\n")
cat(show(d$sc_houding), "\n")
cat(class(d$started)[1], format(d$started[1], if (inherits(d$started, "Date")) "%Y-%m-%d" else "%Y-%m-%d %H:%M:%S", tz="UTC"), d$respondent[1], "\n")
cat(d$toelichting[1], "\n")
cat(show(d$round), names(attr(d$round, "labels")), sep="|")`
	out, err := exec.Command("Rscript", "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	want := []string{
		"5 25",
		"Ik voel me vrij om nieuwe ideeën uit te proberen (ĳverig, naïef, señor)",
		"Hoe vaak bespreekt u met collega's de resultaten van leerlingen en wat u daarva…",
		"Helemaal mee oneens=1|Mee oneens=2|Neutraal=3|Mee eens=4|Helemaal mee eens=5|Weet ik niet=NA(a)|Niet getoond (routing)=NA(b)|Niet beantwoord=NA(c)",
		"4,NA(a),3,5,2",
		"5,NA(b),NA(b),NA(a),NA(c)",
		"NA,NA,NA,1,NA(c)",
		"12,0,NA(c),100,7",
		"4.33333333333333,NA,NA,5,2",
		started,
		"Veel geleerd; \"echt\" waar,",
		"ook over ĳs en één.",
		"1,1,1,2,2|Nulmeting 2025|Meting 2026|Meting 2027 (leeg)",
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("haven reads:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestOpenpyxlReadsXLSX reads the xlsx export with Python's openpyxl: the
// data sheet's header, numbers, missing codes, dates and text, and the
// codebook sheet; times to the second with --identify --exact-times, else
// dates and pseudonyms.
func TestOpenpyxlReadsXLSX(t *testing.T) {
	need(t, "install openpyxl with: apt-get install python3-openpyxl", "/usr/bin/python3", "-c", "import openpyxl")
	plain := readCSV(t, exportFile(t, "want.csv", export.Options{Format: export.CSV}))
	for _, tc := range []struct {
		identify bool
		rows     string
	}{
		{true, `4 5 12 None 2025-10-01T09:15:30 yyyy-mm-dd hh:mm:ss ABCD-EFGH 'Veel geleerd; "echt" waar,\nook over ĳs en één.'
8 7 0 None 2025-10-02T09:15:30 yyyy-mm-dd hh:mm:ss KLMN-PQRS None`},
		{false, `4 5 12 None 2025-10-01T00:00:00 yyyy-mm-dd ` + plain[1][1] + ` 'Veel geleerd; "echt" waar,\nook over ĳs en één.'
8 7 0 None 2025-10-02T00:00:00 yyyy-mm-dd ` + plain[2][1] + ` None`},
	} {
		t.Run(fmt.Sprint("identify=", tc.identify), func(t *testing.T) {
			openpyxlReads(t, export.Options{Format: export.XLSX, IncludeText: true, Identify: tc.identify, ExactTimes: tc.identify}, tc.rows)
		})
	}
}

// openpyxlReads checks the xlsx export with opt; rows is what openpyxl
// reads of the first two responses.
func openpyxlReads(t *testing.T, opt export.Options, rows string) {
	t.Helper()
	path := exportFile(t, "f.xlsx", opt)
	script := `import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
ws = wb["data"]
rows = list(ws.iter_rows(values_only=True))
print(len(rows), len(rows[0]))
h = rows[0]
for i, r in enumerate(rows[1:3]):
    fmt = ws.cell(row=i+2, column=h.index("started")+1).number_format
    print(r[h.index("q1")], r[h.index("q3")], r[h.index("jaren")], r[h.index("gebruik_5")], r[h.index("started")].isoformat(), fmt, r[h.index("respondent")], repr(r[h.index("toelichting")]))
cb = list(wb["codebook"].iter_rows(values_only=True))
q1 = [r for r in cb if r[0] == "q1"][0]
print(cb[0][:3], q1[1], "|", q1[5])`
	out, err := exec.Command("/usr/bin/python3", "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	want := `['data', 'codebook']
6 25
` + rows + `
('variable', 'label', 'type') Ik voel me vrij om nieuwe ideeën uit te proberen (ĳverig, naïef, señor) | 7 (Stata .b) = Niet getoond (routing); 8 (Stata .a) = Weet ik niet; 9 (Stata .c) = Niet beantwoord`
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("openpyxl reads:\n%s\nwant:\n%s", got, want)
	}
}
