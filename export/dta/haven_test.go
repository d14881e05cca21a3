package dta_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peil/export/dta"
)

// needR skips the test when R with haven is missing, except on CI (the
// environment variable CI set), where the test fails.
func needR(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("Rscript"); err == nil {
		if exec.Command("Rscript", "-e", "library(haven)").Run() == nil {
			return
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("R with the haven package is needed to check .dta files (CI is set, so this fails instead of skipping)")
	}
	t.Skip("R with haven is not installed, so the file cannot be checked with an independent reader; install it with: apt-get install r-cran-haven")
}

// runR runs an R script and returns its output lines.
func runR(t *testing.T, script string) []string {
	t.Helper()
	out, err := exec.Command("Rscript", "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func writeFile(t *testing.T, h dta.Header, vars []dta.Variable, sets []dta.LabelSet, rows [][]dta.Value) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.dta")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := dta.NewWriter(f, h, vars, sets)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHavenReadsEverything(t *testing.T) {
	needR(t)
	long := strings.Repeat("ĳs en één, ", 300) // > 2045 bytes: a strL
	vars := []dta.Variable{
		{Name: "id", Type: dta.StrN(6), Label: "Respondent"},
		{Name: "q1", Type: dta.Byte, Label: "Ik ervaar ruimte voor onderzoek (é, ï, ñ, ĳ)", ValueLabel: "q1"},
		{Name: "big", Type: dta.Int, Label: strings.Repeat("lang ", 30)},
		{Name: "l", Type: dta.Long},
		{Name: "f", Type: dta.Float},
		{Name: "d", Type: dta.Double, Format: "%tc"},
		{Name: "txt", Type: dta.StrL, Label: "Toelichting"},
	}
	sets := []dta.LabelSet{{Name: "q1", Labels: []dta.ValueLabel{
		{Value: dta.Num(1), Label: "Helemaal mee oneens"},
		{Value: dta.Num(5), Label: "Helemaal mee eens"},
		{Value: dta.Missing('a'), Label: "weet ik niet"},
		{Value: dta.Missing('b'), Label: "niet getoond"},
		{Value: dta.Missing('c'), Label: "niet beantwoord"},
	}}}
	ms := float64(time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC).Sub(time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)).Milliseconds())
	rows := [][]dta.Value{
		{dta.Str("r1"), dta.Num(5), dta.Num(30000), dta.Num(-2000000000), dta.Num(2.5), dta.Num(ms), dta.Str(long)},
		{dta.Str("ĳsje"), dta.Missing('a'), dta.Missing(0), dta.Missing('z'), dta.Missing('b'), dta.Missing(0), dta.Str("")},
		{dta.Str("r3"), dta.Missing('b'), dta.Num(-32767), dta.Num(7), dta.Num(0), dta.Num(ms), dta.Str("kort")},
		{dta.Str(""), dta.Missing('c'), dta.Num(1), dta.Num(1), dta.Num(1), dta.Missing('c'), dta.Str(long)},
	}
	path := writeFile(t, dta.Header{Label: "Test ĳ", N: int64(len(rows))}, vars, sets, rows)
	got := runR(t, `library(haven); d <- read_dta("`+path+`");
cat(nrow(d), ncol(d), "\n");
cat(names(d), "\n");
cat(attr(d$q1, "label"), "\n");
cat(nchar(attr(d$big, "label")), substring(attr(d$big, "label"), 76), "\n");
l <- attr(d$q1, "labels"); cat(paste(names(l), ifelse(is_tagged_na(l), paste0("NA(", na_tag(l), ")"), l), sep="=", collapse="|"), "\n");
cat(paste(ifelse(is_tagged_na(d$q1), paste0("NA(", na_tag(d$q1), ")"), d$q1), collapse=","), "\n");
cat(d$big, "|", d$l, "|", d$f, "\n");
cat(na_tag(d$l), na_tag(d$f), "\n");
cat(format(d$d[1], "%Y-%m-%d %H:%M:%S", tz="UTC"), "\n");
cat(d$id, sep=",", "\n");
cat(nchar(d$txt), d$txt[3], d$txt[1] == d$txt[4], "\n");
cat(attr(d, "label"), "\n")`)
	want := []string{
		"4 7 ",
		"id q1 big l f d txt ",
		"Ik ervaar ruimte voor onderzoek (é, ï, ñ, ĳ) ",
		"80 lang…",
		"Helemaal mee oneens=1|Helemaal mee eens=5|weet ik niet=NA(a)|niet getoond=NA(b)|niet beantwoord=NA(c) ",
		"5,NA(a),NA(b),NA(c) ",
		"30000 NA -32767 1 | -2e+09 NA 7 1 | 2.5 NA 0 1 ",
		"NA z NA NA NA b NA NA",
		"2026-03-04 09:30:00 ",
		"r1,ĳsje,r3,,",
		"3300 0 4 3300 kort TRUE ",
		"Test ĳ ",
	}
	for i := range got {
		got[i] = strings.TrimSpace(got[i])
	}
	for i := range want {
		want[i] = strings.TrimSpace(want[i])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("haven read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
