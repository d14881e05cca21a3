package tui

import (
	"fmt"
	"strings"
	"testing"

	"peil/survey"
)

// openedScreen returns the openScreenMsg the research page sent last.
func openedScreen(t *testing.T, msgs []any) openScreenMsg {
	t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		if m, ok := msgs[i].(openScreenMsg); ok {
			return m
		}
	}
	t.Fatal("the study page sent no openScreenMsg")
	return openScreenMsg{}
}

func TestMonitorCountsAndRatesRefreshLive(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.setUpStudy()
	d.press("m")
	var msgs []any
	for _, m := range d.msgs {
		msgs = append(msgs, m)
	}
	open := openedScreen(t, msgs)
	if !open.monitor || open.study.Code != "monitor-po" {
		t.Fatalf("m opened %+v, want the monitor of monitor-po", open)
	}
	mon := &screenDriver[*monitor]{t: t, m: newMonitor(d.ctx, d.m.cfg, NewStyles(true), open.study)}
	mon.m.SetSize(80, 23)
	mon.run(mon.m.Init())

	round := d.m.data.Rounds[0]
	schools := d.m.data.Schools
	row := func(label string) []string {
		for _, l := range strings.Split(plain(mon.m.View()), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), label) {
				return strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), label))
			}
		}
		t.Fatalf("no row %q:\n%s", label, plain(mon.m.View()))
		return nil
	}
	if got := row("Totaal"); strings.Join(got, " ") != "0 0 –" {
		t.Errorf("before any response, total = %v, want 0 0 –", got)
	}
	// A kiosk on the same database: at De Regenboog three responses, one
	// complete; at Het Baken one, complete.
	for _, r := range []struct {
		school   survey.School
		code     string
		complete bool
	}{
		{schools[0], "K7MQ-4XA", false}, {schools[0], "ABCD-EFG", true}, {schools[0], "MNPQ-RST", false},
		{schools[1], "HJKM-NPQ", true},
	} {
		resp, err := d.st.StartResponse(d.ctx, survey.Response{RoundID: round.ID, SchoolID: r.school.ID, RespondentCode: r.code})
		if err != nil {
			t.Fatal(err)
		}
		if r.complete {
			if err := d.st.CompleteResponse(d.ctx, resp.ID, testNow); err != nil {
				t.Fatal(err)
			}
		}
	}
	mon.send(monitorTickMsg{gen: mon.m.gen - 1}) // a stale loop
	if got := row("Totaal"); got[0] != "0" {
		t.Fatalf("a stale tick refreshed the counts: %v", got)
	}
	mon.send(monitorTickMsg{gen: mon.m.gen})
	for _, tc := range []struct {
		label string
		want  string // complete, in progress, completion
	}{
		{"WOA-01 De Regenbo…", "1 2 33%"},
		{"WOA-02 Het Baken", "1 0 100%"},
		{"WOA Werkplaats Onde…", "2 2 50%"},
		{"Totaal", "2 2 50%"},
	} {
		if got := strings.Join(row(tc.label), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.label, got, tc.want)
		}
	}
	if v := plain(mon.m.View()); !strings.Contains(v, "nulmeting") || !strings.Contains(v, "bijgewerkt 10:30:00") {
		t.Errorf("monitor lacks the round or the update time:\n%s", v)
	}
	assertFits(t, mon.m.View(), 80, 23)
	mon.press("esc")
	if _, ok := mon.msgs[len(mon.msgs)-1].(closeScreenMsg); !ok {
		t.Errorf("esc did not close the monitor")
	}
	// Closing stopped the loop: the tick already scheduled does nothing.
	n := len(mon.msgs)
	mon.send(monitorTickMsg{gen: mon.m.gen - 1})
	if len(mon.msgs) != n+1 {
		t.Errorf("a tick after closing reloaded the counts: %d messages", len(mon.msgs)-n)
	}
}

func TestStudyPageOpensTrends(t *testing.T) {
	d := newResearchDriver(t, survey.English)
	d.setUpStudy()
	d.press("t")
	var msgs []any
	for _, m := range d.msgs {
		msgs = append(msgs, m)
	}
	open := openedScreen(t, msgs)
	if open.monitor || open.study.Code != "monitor-po" || len(open.rounds) != 1 {
		t.Fatalf("t opened %+v, want the trends of monitor-po with its round", open)
	}
	tr := newTrends(d.ctx, d.m.cfg, NewStyles(true), open.study, open.rounds)
	tr.Init()
	if v := plain(tr.View()); !strings.Contains(v, "Trends · monitor-po · School culture survey") {
		t.Errorf("trends title:\n%s", v)
	}
}

// A national study's monitor (here 60 schools) at 80x24: it says there
// are more rows, PgDn moves a page, End shows the last school and Home
// the first again.
func TestMonitorLongTable(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	ctx := d.ctx
	study, err := d.st.CreateStudy(ctx, survey.Study{Code: "nat", Title: "Nationaal"})
	if err != nil {
		t.Fatal(err)
	}
	wp, err := d.st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "OK", Name: "Ontwikkelkracht"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		code := fmt.Sprintf("S%02d", i+1)
		if _, err := d.st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: code, Name: "School " + code}); err != nil {
			t.Fatal(err)
		}
	}
	in := testCatalogue()[0]
	if err := d.st.SaveInstrument(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := d.st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "Meting 2026", InstrumentID: in.ID, InstrumentVersion: in.Version, Open: true}); err != nil {
		t.Fatal(err)
	}
	mon := &screenDriver[*monitor]{t: t, m: newMonitor(ctx, d.m.cfg, NewStyles(true), study)}
	mon.m.SetSize(80, 23)
	mon.run(mon.m.Init())
	view := func() string { return plain(mon.m.View()) }
	first := func() string { // the first school row on screen
		for _, l := range strings.Split(view(), "\n") {
			if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "S") && len(f[0]) == 3 {
				return f[0]
			}
		}
		return ""
	}
	if v := view(); !strings.Contains(v, "▼ nog") || strings.Contains(v, "▲") || !strings.Contains(v, "S01") {
		t.Fatalf("top of a long table:\n%s", v)
	}
	assertFits(t, mon.m.View(), 80, 23)
	if mon.m.FullHelp() == nil {
		t.Fatal("no help")
	}
	mon.press("pgdown")
	if got := first(); got == "S01" || got == "S02" {
		t.Errorf("PgDn moved to %s, want a page further:\n%s", got, view())
	}
	mon.press("end")
	if v := view(); !strings.Contains(v, "S60") || strings.Contains(v, "▼ nog") || !strings.Contains(v, "▲") {
		t.Errorf("End does not show the last school:\n%s", v)
	}
	mon.press("home")
	if got := first(); got != "S01" {
		t.Errorf("Home shows %s first, want S01:\n%s", got, view())
	}
}
