package report_test

import (
	"bytes"
	"strings"
	"testing"

	"peil/report"
	"peil/survey"
)

// TestOpenRoundNotes: a report says which open rounds it leaves out, and
// warns on its title page when it shows open rounds, in both formats and
// languages.
func TestOpenRoundNotes(t *testing.T) {
	d, _ := fixture(t)
	rep := trends(t, d)
	for _, tc := range []struct {
		name        string
		lang        survey.Lang
		leftOut     []string
		provisional []string
		want        string
	}{
		{"left out", survey.Dutch, []string{"Meting 2027"}, nil, "Meting 2027 is nog open en staat niet in dit rapport"},
		{"left out, two", survey.English, []string{"Spring", "Autumn"}, nil, "Spring and Autumn are still open and not in this report"},
		{"provisional", survey.Dutch, nil, []string{"Meting 2026"}, "Voorlopig: Meting 2026 is nog open."},
		{"provisional en", survey.English, nil, []string{"Meting 2026"}, "Provisional: Meting 2026 is still open."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := testMeta(tc.lang)
			m.LeftOut, m.Provisional = tc.leftOut, tc.provisional
			var md, html bytes.Buffer
			if err := report.Markdown(&md, rep, m); err != nil {
				t.Fatal(err)
			}
			if err := report.HTML(&html, rep, m); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(md.String(), tc.want) {
				t.Errorf("the Markdown report does not say %q", tc.want)
			}
			if !strings.Contains(html.String(), tc.want) {
				t.Errorf("the HTML report does not say %q", tc.want)
			}
			if (tc.provisional != nil) != strings.Contains(html.String(), `<p class="provisional">`) {
				t.Errorf("provisional %v, but the HTML warning box is there: %v", tc.provisional, !(tc.provisional != nil))
			}
		})
	}
}
