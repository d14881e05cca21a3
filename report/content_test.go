package report_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"peil/report"
	"peil/survey"
)

// TestReportContent checks what a school board reads, in both languages
// and formats: the summary first, the instrument the report covers and the
// others, workplace names, alpha with its low-reliability note,
// reverse-worded statements marked, a number item without a distribution,
// captions punctuated once, and negative numbers with a real minus sign.
func TestReportContent(t *testing.T) {
	d, _ := fixture(t)
	rep := trends(t, d)
	for name, out := range render(t, rep) {
		t.Run(name, func(t *testing.T) {
			if strings.HasSuffix(name, ".html") {
				// The text a reader sees: figures' paths out, entities
				// ("&#43;") read.
				out = html.UnescapeString(regexp.MustCompile(`(?s)<svg.*?</svg>`).ReplaceAllString(out, ""))
			}
			nl := strings.HasPrefix(name, "nl")
			pick := func(dutch, english string) string {
				if nl {
					return dutch
				}
				return english
			}
			summary := strings.Index(out, pick("Samenvatting", "Summary")+"</h2>")
			if strings.HasSuffix(name, ".md") {
				summary = strings.Index(out, "## "+pick("Samenvatting", "Summary"))
			}
			respondents := strings.Index(out, ">"+pick("Respondenten", "Respondents")+"</h2>")
			if strings.HasSuffix(name, ".md") {
				respondents = strings.Index(out, "## "+pick("Respondenten", "Respondents"))
			}
			if summary < 0 || respondents < 0 || summary > respondents {
				t.Errorf("the summary (at %d) does not come before the respondents (at %d)", summary, respondents)
			}
			for _, want := range []string{
				pick("Dit rapport gaat over de vragenlijst Cultuursurvey", "This report covers the questionnaire School culture survey"),
				"Werkplaats Onderwijsonderzoek Amsterdam (WOA)",
				pick("grootste veranderingen sinds 2024: Datagebruik +0,88", "largest changes since 2024: Use of data +0.88"),
				pick("WOA en WOU in 2025", "WOA and WOU in 2025"),
				pick("Lage betrouwbaarheid", "Low reliability"),
				pick("Cronbachs α onder 0,70", "Cronbach's α below 0.70"),
				pick("negatief geformuleerd", "reverse-worded"),
				pick("0,53 ‡", "0.53 ‡"),
				pick("−0,10", "−0.10"),
			} {
				if !strings.Contains(out, want) {
					t.Errorf("the report does not say %q", want)
				}
			}
			if regexp.MustCompile(`[.?!:]: `).MatchString(out) {
				t.Errorf("a caption has doubled punctuation: %q", regexp.MustCompile(`.{30}[.?!:]: .{10}`).FindString(out))
			}
			if m := regexp.MustCompile(`[ >(|]-[0-9]`).FindString(out); m != "" {
				t.Errorf("a negative number is written with a hyphen: %q", m)
			}
			// The number item: a table, no distribution, nothing "left
			// out of the figure" it does not have.
			at := strings.Index(out, pick("Hoeveel collega's", "How many colleagues"))
			if at < 0 {
				t.Fatal("the number item is missing")
			}
			rest := out[at:]
			if end := strings.Index(rest, pick("Wat de cijfers betekenen", "What the numbers mean")); end > 0 {
				rest = rest[:end]
			}
			for _, bad := range []string{pick("Verdeling van de antwoorden", "Distribution of the answers"), pick("Niet in de figuur", "Not in the figure")} {
				if strings.Contains(rest, bad) {
					t.Errorf("the number item has %q", bad)
				}
			}
		})
	}
}

// TestReportOtherInstruments: a report names the study's other
// instruments and how to write their reports.
func TestReportOtherInstruments(t *testing.T) {
	d, _ := fixture(t)
	rep := trends(t, d)
	m := testMeta(survey.Dutch)
	m.OtherInstruments = []string{"leerkracht-onderzoeker", "collega"}
	var b strings.Builder
	if err := report.Markdown(&b, rep, m); err != nil {
		t.Fatal(err)
	}
	want := "De andere vragenlijsten van deze studie (leerkracht-onderzoeker en collega) hebben elk een eigen rapport: `peil report --instrument leerkracht-onderzoeker`; `peil report --instrument collega`."
	if !strings.Contains(b.String(), want) {
		t.Errorf("the report does not say %q", want)
	}
	var h strings.Builder
	if err := report.HTML(&h, rep, m); err != nil {
		t.Fatal(err)
	}
	if want := "<code>peil report --instrument collega</code>."; !strings.Contains(h.String(), want) {
		t.Errorf("the HTML report does not say %q", want)
	}
}
