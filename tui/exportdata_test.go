package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"peil/survey"
)

// openExportScreen opens the export screen of study monitor-po (id s1)
// with rounds, 80×23 in lang, on a backend that exports with export.
func openExportScreen(t *testing.T, lang survey.Lang, rounds []survey.Round, export exportFunc) *screenDriver[*exportScreen] {
	t.Helper()
	cfg := Config{Lang: lang, Backend: export}
	d := &screenDriver[*exportScreen]{t: t, m: newExportScreen(context.Background(), cfg, NewStyles(true), survey.Study{ID: "s1", Code: "monitor-po"}, rounds, "")}
	d.m.SetSize(80, 23)
	d.run(d.m.Init())
	return d
}

func TestExportScreen(t *testing.T) {
	rounds := []survey.Round{
		{ID: "r1", Name: "Meting 2025", InstrumentID: "cultuursurvey"},
		{ID: "r2", Name: "Meting 2026", InstrumentID: "cultuursurvey"},
	}
	var got ExportRequest
	d := openExportScreen(t, survey.Dutch, rounds, func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
		got = req
		for i := 1; i <= 4; i++ {
			progress(i*250, 1000)
		}
		return "1000 responses in /tmp/monitor-po.dta", nil
	})
	if v := plain(d.m.View()); !strings.Contains(v, "Exporteren · monitor-po") || !strings.Contains(v, "SPSS (.sav)") {
		t.Fatalf("export form:\n%s", v)
	}
	assertFits(t, d.m.View(), 80, 23)
	// Stata, all rounds of the culture survey, the suggested file, pseudonyms.
	d.press("down", "enter", "enter", "enter", "y")
	if got.Format != "dta" || got.InstrumentID != "cultuursurvey" || got.RoundID != "" || got.Out != "monitor-po.dta" || !got.Pseudonymize || got.StudyID != "s1" {
		t.Errorf("export request = %+v", got)
	}
	progressed := false
	for _, m := range d.msgs {
		if _, ok := m.(exportProgressMsg); ok {
			progressed = true
		}
	}
	if !progressed {
		t.Error("no progress reached the screen")
	}
	if v := plain(d.m.View()); !strings.Contains(v, "De export is klaar.") || !strings.Contains(v, "1000 responses") {
		t.Errorf("after the export:\n%s", v)
	}
	d.press("esc")
	if _, ok := d.msgs[len(d.msgs)-1].(closeScreenMsg); !ok {
		t.Error("esc did not close the export screen")
	}
}

func TestExportScreenOneRoundAndFailure(t *testing.T) {
	rounds := []survey.Round{{ID: "r1", Name: "Meting 2025", InstrumentID: "collega"}}
	var got ExportRequest
	d := openExportScreen(t, survey.English, rounds, func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
		got = req
		return "", errors.New("disk full")
	})
	// CSV, the one round, the suggested name, no pseudonyms.
	d.press("down", "down", "enter", "down", "enter", "enter", "n")
	if got.Format != "csv" || got.RoundID != "r1" || got.InstrumentID != "collega" || got.Out != "monitor-po.csv" || got.Pseudonymize {
		t.Errorf("export request = %+v", got)
	}
	if v := plain(d.m.View()); !strings.Contains(v, "The export failed; nothing was written.") || !strings.Contains(v, "disk full") {
		t.Errorf("after a failed export:\n%s", v)
	}
}

// TestExportScreenPseudonymsByDefault: accepting every default exports
// pseudonyms; clear codes only when the researcher says no.
func TestExportScreenPseudonymsByDefault(t *testing.T) {
	rounds := []survey.Round{{ID: "r1", Name: "Meting 2025", InstrumentID: "collega"}}
	var got ExportRequest
	d := openExportScreen(t, survey.Dutch, rounds, func(ctx context.Context, req ExportRequest, progress func(done, total int)) (string, error) {
		got = req
		return "ok", nil
	})
	d.press("enter", "enter", "enter", "enter")
	if got.Out != "monitor-po.sav" || !got.Pseudonymize {
		t.Errorf("export request with every default = %+v, want pseudonyms", got)
	}
}
