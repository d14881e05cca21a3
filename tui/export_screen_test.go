package tui

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"peil/instruments"
	"peil/storage"
	"peil/survey"
)

// The export form at 80x24, opened from the study page with the cursor on
// a culture survey round while the last round is the colleagues': every
// field is seen before it is confirmed, the culture survey is offered
// first, huh's help and Yes/No are Dutch, and the done message names what
// was exported.
func TestExportFormAt80x24(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"), storage.WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var cat []*survey.Instrument
	for _, id := range []string{"cultuursurvey", "collega"} {
		in, err := instruments.Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SaveInstrument(ctx, in); err != nil {
			t.Fatal(err)
		}
		cat = append(cat, in)
	}
	study, err := st.CreateStudy(ctx, survey.Study{Code: "monitor", Title: "Monitor"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []survey.Round{
		{StudyID: study.ID, Name: "Cultuur 2025", InstrumentID: "cultuursurvey", InstrumentVersion: cat[0].Version},
		{StudyID: study.ID, Name: "Team 2025", InstrumentID: "collega", InstrumentVersion: cat[1].Version},
	} {
		if _, err := st.CreateRound(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var got ExportRequest
	cfg := Config{Store: st, Catalogue: cat, Lang: survey.Dutch, Now: func() time.Time { return testNow },
		Backend: exportFunc(func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
			got = req
			return "12 antwoordsets", nil
		})}
	d := NewDriver(t, cfg, 80, 24)
	d.Press("enter") // the study
	for i := 0; !strings.Contains(d.Screen(), "› Cultuur 2025"); i++ {
		if i > 3 {
			t.Fatalf("no round Cultuur 2025 under the cursor:\n%s", d.Screen())
		}
		d.Press("up")
	}
	d.Press("x")
	if d.State() != "export" {
		t.Fatalf("state %s, want export:\n%s", d.State(), d.Screen())
	}
	ansiGolden := func(name string) {
		t.Helper()
		var buf bytes.Buffer
		w := colorprofile.NewWriter(&buf, nil)
		w.Profile = colorprofile.ANSI
		if _, err := w.Write([]byte(d.M.View().Content)); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) { golden.RequireEqual(t, buf.Bytes()) })
	}
	d.Press("enter") // SPSS; the responses have the focus
	page1 := d.Screen()
	for _, want := range []string{"Formaat", "SPSS (.sav)", "Codeboek", "Antwoorden", "› alle metingen van Cultuursurvey", "omhoog", "ctrl+c afsluiten"} {
		if !strings.Contains(page1, want) {
			t.Errorf("first page lacks %q:\n%s", want, page1)
		}
	}
	assertFits(t, d.M.View().Content, 80, 24)
	ansiGolden("what")
	d.Press("enter", "enter") // the culture survey, the file name
	page2 := d.Screen()
	for _, want := range []string{"Bestand", "monitor.sav", "pseudoniemen", "Ja", "Nee"} {
		if !strings.Contains(page2, want) {
			t.Errorf("second page lacks %q:\n%s", want, page2)
		}
	}
	for _, page := range []string{page1, page2} {
		for _, english := range []string{" up", " down", " filter", "Yes", " No", "next", "back"} {
			if strings.Contains(page, english) {
				t.Errorf("the form shows English %q:\n%s", english, page)
			}
		}
	}
	assertFits(t, d.M.View().Content, 80, 24)
	ansiGolden("where")
	d.Press("enter")
	if got.InstrumentID != "cultuursurvey" || got.Format != "sav" || !got.Pseudonymize {
		t.Errorf("export request %+v, want the culture survey as SPSS, pseudonymised", got)
	}
	if s := d.Screen(); !strings.Contains(s, "alle metingen van Cultuursurvey, in monitor.sav") {
		t.Errorf("the done message does not name what was exported:\n%s", s)
	}
}
