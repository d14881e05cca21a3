package export_test

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"peil/export"
	"peil/survey"
)

// genScanner generates responses to an instrument on the fly, the same on
// every scan, without holding them: a national-scale source.
type genScanner struct {
	inst      *survey.Instrument
	responses int
	rounds    []string
	schools   []string
}

func (g *genScanner) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	items := g.inst.Items()
	answers := make([]survey.Answer, 0, len(items))
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i := range g.responses {
		answers = answers[:0]
		for j, it := range items {
			if f.WithoutAnswers {
				break
			}
			var v survey.Value
			switch it.Type {
			case survey.Likert:
				if (i+j)%17 == 0 {
					v = survey.DontKnowValue()
				} else if (i*7+j)%23 == 0 {
					continue // not answered
				} else {
					v = survey.Num(1 + (i+j*3)%5)
				}
			case survey.SingleChoice:
				v = survey.Num(1 + (i+j)%len(it.Options))
			case survey.MultipleChoice:
				v = survey.ChoicesValue(1+i%len(it.Options), 1+(i/3)%len(it.Options))
			case survey.Grade:
				v = survey.Num(1 + (i+j)%10)
			default:
				continue
			}
			answers = append(answers, survey.Answer{ItemID: it.ID, Value: v})
		}
		r := survey.Response{
			ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), RoundID: g.rounds[i*len(g.rounds)/g.responses],
			SchoolID: g.schools[i%len(g.schools)], RespondentCode: fmt.Sprintf("R%07d", i), Role: "leerkracht",
			Status: survey.Complete, InstrumentID: g.inst.ID, InstrumentVersion: g.inst.Version,
			StartedAt: start.Add(time.Duration(i) * time.Minute), FinishedAt: start.Add(time.Duration(i)*time.Minute + 9*time.Minute),
		}
		if err := fn(survey.ResponseRecord{Response: r, Answers: answers}); err != nil {
			return err
		}
	}
	return nil
}

// bigStudy makes an instrument with n items (mostly Likert with "don't
// know", some choices, grades and a skip rule), 8 scales, and a study of
// 500 schools in 10 workplaces with 2 rounds.
func bigStudy(n int, idPrefix string) (export.Study, *survey.Instrument, *genScanner) {
	inst := &survey.Instrument{ID: "groot", Version: 1, Title: survey.Text{survey.Dutch: "Groot"}}
	var items []survey.Item
	for i := range n {
		id := fmt.Sprintf("%s%04d", idPrefix, i)
		it := survey.Item{ID: id, Type: survey.Likert, DontKnow: true, Text: survey.Text{survey.Dutch: fmt.Sprintf("Stelling %d over de schoolcultuur", i)}}
		switch i % 10 {
		case 3:
			it = survey.Item{ID: id, Type: survey.SingleChoice, Text: survey.Text{survey.Dutch: "Keuze"}, Options: opts("Ja", "Nee", "Soms")}
		case 6:
			it = survey.Item{ID: id, Type: survey.MultipleChoice, Text: survey.Text{survey.Dutch: "Meer keuzes"}, Options: opts("Een", "Twee", "Drie")}
		case 9:
			it = survey.Item{ID: id, Type: survey.Grade, Text: survey.Text{survey.Dutch: "Cijfer"}}
		case 5:
			it.ShowIf = survey.MustParseCondition(fmt.Sprintf("%s%04d = 'ja'", idPrefix, i-2))
		}
		items = append(items, it)
	}
	inst.Sections = []survey.Section{{ID: "s", Items: items}}
	for s := range 8 {
		sc := survey.Scale{ID: fmt.Sprintf("schaal%d", s+1), Name: survey.Text{survey.Dutch: fmt.Sprintf("Schaal %d", s+1)}}
		k := 0
		for _, it := range items {
			if it.Type == survey.Likert && it.ShowIf == nil {
				if k%8 == s && len(sc.Items) < 5 {
					sc.Items = append(sc.Items, it.ID)
				}
				k++
			}
		}
		sc.Reversed = sc.Items[:1]
		inst.Scales = append(inst.Scales, sc)
	}
	st := export.Study{Study: survey.Study{ID: "s", Code: "nationaal", Title: "Ontwikkelkracht"}}
	g := &genScanner{inst: inst, rounds: []string{"r1", "r2"}}
	for w := range 10 {
		st.Workplaces = append(st.Workplaces, survey.Workplace{ID: fmt.Sprint("w", w), Code: fmt.Sprint("WP", w)})
		for s := range 50 {
			id := fmt.Sprintf("sc%d-%d", w, s)
			st.Schools = append(st.Schools, survey.School{ID: id, WorkplaceID: fmt.Sprint("w", w), Code: fmt.Sprintf("S%d-%02d", w, s)})
			g.schools = append(g.schools, id)
		}
	}
	for _, r := range g.rounds {
		st.Rounds = append(st.Rounds, survey.Round{ID: r, Name: "Ronde " + r, InstrumentID: "groot", InstrumentVersion: 1})
	}
	return st, inst, g
}

// TestManyVariables exports 1,100 items with ids longer than 32
// characters to .sav and .dta and has PSPP and haven read them: every
// name valid, unique and at most 32 characters.
func TestManyVariables(t *testing.T) {
	st, inst, g := bigStudy(1100, "een_heel_lange_item_identificatie_nummer_")
	g.responses = 20
	for _, f := range []export.Format{export.SAV, export.DTA} {
		t.Run(string(f), func(t *testing.T) {
			var path string
			switch f {
			case export.SAV:
				need(t, "install GNU PSPP with: apt-get install pspp", "pspp", "--version")
			case export.DTA:
				need(t, "install R and haven with: apt-get install r-cran-haven", "Rscript", "-e", "library(haven)")
			}
			path = t.TempDir() + "/many." + string(f)
			sum := exportTo(t, path, g, st, inst, export.Options{Format: f})
			if sum.Variables < 1100 {
				t.Fatalf("%d variables", sum.Variables)
			}
			var names []string
			if f == export.SAV {
				out := pspp(t, path, "DISPLAY NAMES.")
				for _, l := range strings.Split(out, "\n")[2:] {
					if l = strings.TrimSpace(l); l != "" {
						names = append(names, strings.Split(l, ",")[0])
					}
				}
			} else {
				out, err := exec.Command("Rscript", "-e", `library(haven); d <- read_dta("`+path+`"); cat(nrow(d), "\n"); cat(names(d), sep="\n")`).CombinedOutput()
				if err != nil {
					t.Fatalf("Rscript: %v\n%s", err, out)
				}
				lines := strings.Split(strings.TrimSpace(string(out)), "\n")
				if strings.TrimSpace(lines[0]) != "20" {
					t.Errorf("haven reads %s rows, want 20", lines[0])
				}
				names = lines[1:]
			}
			if len(names) != sum.Variables {
				t.Fatalf("reader sees %d variables, export wrote %d", len(names), sum.Variables)
			}
			seen := map[string]bool{}
			for _, n := range names {
				if len(n) > 32 || seen[strings.ToLower(n)] {
					t.Errorf("name %q too long or repeated", n)
				}
				seen[strings.ToLower(n)] = true
			}
		})
	}
}

func exportTo(t *testing.T, path string, src survey.ResponseScanner, st export.Study, inst *survey.Instrument, opt export.Options) export.Summary {
	t.Helper()
	f, err := createFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := export.Export(context.Background(), f, src, st, []*survey.Instrument{inst}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// BenchmarkNational exports 45,000 responses to about 40 items (national
// scale) per format.
func BenchmarkNational(b *testing.B) {
	st, inst, g := bigStudy(40, "q")
	g.responses = 45000
	for _, f := range []export.Format{export.SAV, export.CSV, export.DTA} {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := export.Export(context.Background(), io.Discard, g, st, []*survey.Instrument{inst}, export.Options{Format: f}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
