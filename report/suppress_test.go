package report_test

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"peil/analysis"
	"peil/report"
	"peil/survey"
)

// render writes rep in every language and format, keyed by a name.
func render(t *testing.T, rep *analysis.Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, lang := range []survey.Lang{survey.Dutch, survey.English} {
		var h, m bytes.Buffer
		if err := report.HTML(&h, rep, testMeta(lang)); err != nil {
			t.Fatal(err)
		}
		if err := report.Markdown(&m, rep, testMeta(lang)); err != nil {
			t.Fatal(err)
		}
		out[string(lang)+".html"], out[string(lang)+".md"] = h.String(), m.String()
	}
	return out
}

// trueStats computes, independently of analysis, the mean and SD of a
// measure for the respondents of one workplace in one round: the scale
// score (mean of answered items, reverse-coded, at least half answered)
// or the item's answers other than "don't know".
func trueStats(people []respondent, wp string, round int, id string) (mean, sd float64, n int) {
	in := instrument(1)
	if round == 2 {
		in = instrument(2)
	}
	var xs []float64
	for _, p := range people {
		if p.workplace != wp || p.round != round {
			continue
		}
		scale := -1
		for i, sc := range in.Scales {
			if sc.ID == id {
				scale = i
			}
		}
		if scale < 0 {
			if v, ok := p.values[id]; ok && v != analysis.DontKnow {
				xs = append(xs, float64(v))
			}
			if x, ok := p.numbers[id]; ok {
				xs = append(xs, x)
			}
			continue
		}
		sc := in.Scales[scale]
		sum, k := 0.0, 0
		for _, it := range sc.Items {
			v, ok := p.values[it]
			if !ok || v == analysis.DontKnow {
				continue
			}
			x := float64(v)
			if sc.IsReversed(it) {
				x = 6 - x
			}
			sum += x
			k++
		}
		if k > 0 && 2*k >= len(sc.Items) {
			xs = append(xs, sum/float64(k))
		}
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	sd = math.Sqrt(sd / float64(len(xs)-1))
	return mean, sd, len(xs)
}

// tokens returns the ways a number could be printed: with 2 decimals,
// and with 1 when wide is set, with a decimal comma and point.
func tokens(x float64, wide bool) []string {
	var out []string
	decs := []int{2}
	if wide {
		decs = append(decs, 1)
	}
	for _, dec := range decs {
		s := fmt.Sprintf("%.*f", dec, x)
		out = append(out, s, strings.Replace(s, ".", ",", 1))
	}
	return out
}

// contains reports whether tok appears in s as a whole number (not as
// part of a longer one).
func contains(s, tok string) bool {
	re := regexp.MustCompile(`(^|[^0-9.,])` + regexp.QuoteMeta(tok) + `($|[^0-9]|[.,][^0-9])`)
	return re.MatchString(s)
}

// TestSuppressedNumbersNeverShown renders the test study, in which WOU has
// four respondents in 2025 (and WOA is hidden beside it so WOU cannot be
// worked out from the total), computes those groups' true means and SDs
// independently, and checks that none of them appears anywhere in the
// HTML or Markdown, while the shown groups' numbers do.
func TestSuppressedNumbersNeverShown(t *testing.T) {
	d, people := fixture(t)
	rep := trends(t, d)
	docs := render(t, rep)

	wpGroup := map[string]int{}
	for g, grp := range rep.Groups {
		if grp.Workplace != "" && grp.Sub == "" {
			wpGroup[grp.Workplace] = g
		}
	}
	// The measures with a table of means: the scales and the grade (the
	// items of a scale show their distribution only).
	tabled := func(ms analysis.Measure) bool {
		return ms.Kind == analysis.ScaleMeasure || ms.ID == "cijfer"
	}
	// Every distinct shown number, to tell a leak from a coincidence
	// (the number items' too: their tables show means).
	shown := map[string]bool{}
	for _, ms := range rep.Measures {
		if !tabled(ms) && ms.Type != survey.Integer && ms.Type != survey.Decimal {
			continue
		}
		for g := range rep.Groups {
			for r := range rep.Rounds {
				if c := ms.Cells[g][r]; c.Status == analysis.Shown && ms.Kind != analysis.Respondents {
					ch := c.Change
					for _, x := range []float64{c.SD, ch.Diff, -ch.Diff, ch.D, -ch.D, ch.P} {
						for _, tok := range tokens(x, false) {
							shown[tok] = true
						}
					}
					for _, tok := range tokens(c.Mean, true) {
						shown[tok] = true
					}
				}
			}
		}
	}
	checked, coincide, controls := 0, 0, 0
	for _, ms := range rep.Measures {
		if !tabled(ms) {
			continue
		}
		for _, wp := range wpOrder {
			g := wpGroup[wp]
			for r := range rep.Rounds {
				c := ms.Cells[g][r]
				if !ms.Asked[r] {
					continue
				}
				mean, sd, n := trueStats(people, wp, r, ms.ID)
				if c.Status == analysis.Shown {
					// Control: the independent computation agrees
					// with what is shown, and the check finds it.
					if math.Abs(c.Mean-mean) > 1e-9 || c.N != n {
						t.Fatalf("%s %s %s: the test computes n=%d M=%.4f, analysis shows %v", ms.ID, wp, rep.Rounds[r], n, mean, c)
					}
					if !contains(docs["nl.html"], tokens(mean, false)[1]) || !contains(docs["en.md"], tokens(mean, false)[0]) {
						t.Errorf("%s %s %s: shown mean %.2f not found: the check looks at the wrong text", ms.ID, wp, rep.Rounds[r], mean)
					}
					controls++
					continue
				}
				if c.Status != analysis.Suppressed {
					continue
				}
				// The primary group (WOU) answers unlike anyone
				// else: even its one-decimal mean must not appear.
				primary := n < rep.K || wp == "WOU"
				for i, tok := range append(tokens(mean, primary), tokens(sd, false)...) {
					if shown[tok] {
						if primary && i < 4 {
							t.Errorf("%s: the mean %s of the small group equals a shown number; the test needs it distinct", ms.ID, tok)
						}
						coincide++ // a shown cell has the same value
						continue
					}
					checked++
					for name, doc := range docs {
						if contains(doc, tok) {
							t.Errorf("%s: %s of %s in %s (suppressed) appears in the report", name, tok, wp, rep.Rounds[r])
						}
					}
				}
				if strings.Contains(docs["nl.html"], wp+", "+rep.Rounds[r]+":") {
					t.Errorf("the figure of %s has a point for %s in %s", ms.ID, wp, rep.Rounds[r])
				}
			}
		}
	}
	if checked < 12 || controls < 20 {
		t.Fatalf("checked %d numbers of suppressed groups and %d of shown ones: the study no longer has the groups the test needs", checked, controls)
	}
	if coincide > checked {
		t.Errorf("%d of %d suppressed numbers coincide with shown ones: make the small group more distinct", coincide, checked)
	}
	t.Logf("checked %d numbers of suppressed groups (%d skipped: equal to a shown number), %d shown controls", checked, coincide, controls)
}

// TestSuppressedGroupsDoNotChangeTheReport swaps the answers among the
// respondents of the two hidden groups (WOU and WOA in 2025): the groups
// keep their sizes and the merged total its answers, so the report must
// come out byte for byte the same. Any number that depended on a hidden
// group's own answers would change it.
func TestSuppressedGroupsDoNotChangeTheReport(t *testing.T) {
	people := generate()
	want := render(t, trends(t, dataset(t, people)))

	var hidden []int
	for i, p := range people {
		if p.round == 1 && (p.workplace == "WOU" || p.workplace == "WOA") {
			hidden = append(hidden, i)
		}
	}
	swapped := make([]respondent, len(people))
	copy(swapped, people)
	// Give each WOU respondent the answers of a WOA respondent and back.
	for i, j := 0, len(hidden)-1; i < j; i, j = i+1, j-1 {
		a, b := hidden[i], hidden[j]
		swapped[a].values, swapped[b].values = people[b].values, people[a].values
	}
	rep := trends(t, dataset(t, swapped))
	if m, _ := rep.Measure("onderzoekende_houding"); m.Cells[0][1].Status != analysis.Shown {
		t.Fatal("the merged 2025 cell is not shown: the test would prove nothing")
	}
	got := render(t, rep)
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("%s changed when only the hidden groups' answers changed", name)
		}
	}
	// Control: changing a shown group's answers does change the report.
	for i := range swapped {
		if swapped[i].round == 1 && swapped[i].workplace == "POINT" {
			swapped[i].values = people[hidden[0]].values
		}
	}
	if render(t, trends(t, dataset(t, swapped)))["nl.html"] == want["nl.html"] {
		t.Error("changing POINT's answers did not change the report: the comparison is blind")
	}
}
