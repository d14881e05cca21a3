package tui

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"peil/backend"
	"peil/survey"
)

// joinedHub is a fake backend of a laptop that joined a hub: its status
// moves on with each good sync, as the real one does.
func joinedHub(role survey.HubRole, waiting int, syncErr error) *syncFake {
	st := backend.SyncStatus{Joined: true, HubURL: "https://hub.example:8443", Role: role,
		LastSync: testNow.Add(-28 * time.Minute), Waiting: waiting}
	f := &syncFake{status: func() (backend.SyncStatus, error) { return st, nil }}
	f.sync = func() (backend.SyncReport, error) {
		if syncErr != nil {
			st.LastError = testNow.Format(time.RFC3339) + " " + syncErr.Error()
			return backend.SyncReport{}, syncErr
		}
		rep := backend.SyncReport{Pushed: st.Waiting}
		st.LastSync, st.Waiting, st.LastError = testNow, 0, ""
		return rep, nil
	}
	return f
}

// syncStudyPage opens a study's page with b as the backend.
func syncStudyPage(t *testing.T, lang survey.Lang, b Backend) *researchDriver {
	t.Helper()
	d := newResearchDriver(t, lang)
	d.m.cfg.Backend = b
	d.setUpStudy()
	d.status("")
	return d
}

// requireFits checks that the page fills 80x24 exactly.
func requireFits(t *testing.T, view string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24:\n%s", len(lines), view)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d wide: %q", i+1, w, l)
		}
	}
}

// helpHas reports whether the page's full help lists key k.
func helpHas(m *research, k string) bool {
	for _, col := range m.FullHelp() {
		for _, b := range col {
			if b.Enabled() && b.Help().Key == k {
				return true
			}
		}
	}
	return false
}

// Without a hub the page shows no hub line and y does nothing.
func TestResearchSyncNotJoined(t *testing.T) {
	f := &syncFake{
		status: func() (backend.SyncStatus, error) { return backend.SyncStatus{}, nil },
		sync:   func() (backend.SyncReport, error) { return backend.SyncReport{}, errors.New("must not be called") },
	}
	d := syncStudyPage(t, survey.Dutch, f)
	d.press("y")
	if f.syncs != 0 {
		t.Errorf("y synced %d times on a database without a hub", f.syncs)
	}
	v := d.view()
	if strings.Contains(v, "sync") || strings.Contains(v, "wachten") {
		t.Errorf("a hub line without a hub:\n%s", v)
	}
	if helpHas(d.m, "y") {
		t.Error("the help lists y without a hub")
	}
	requireFits(t, v)
}

// Joined, the page shows the last sync and the responses waiting; y syncs
// in a command (not in Update), shows that it is busy, then the result
// and the new status.
func TestResearchSyncJoined(t *testing.T) {
	for _, tc := range []struct {
		lang             survey.Lang
		line, busy, done string
		after            string
	}{
		{survey.Dutch, "laatste sync 10:02 · 3 antwoordsets wachten", "synchroniseren bezig…",
			"Gesynchroniseerd: 3 antwoordsets verstuurd, 0 nieuw opgehaald.", "laatste sync 10:30 · 0 antwoordsets wachten"},
		{survey.English, "last sync 10:02 · 3 responses waiting", "syncing…",
			"Synced: 3 responses sent, 0 new fetched.", "last sync 10:30 · 0 responses waiting"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			f := joinedHub(survey.RoleDevice, 3, nil)
			d := syncStudyPage(t, tc.lang, f)
			d.mustSee(tc.line)
			requireFits(t, d.view())
			if !helpHas(d.m, "y") {
				t.Error("the page's help does not list y")
			}
			cmd := d.m.Update(keyPress("y"))
			if f.syncs != 0 {
				t.Fatal("Update synced; a sync belongs in a command")
			}
			if cmd == nil {
				t.Fatal("y gave no command")
			}
			d.mustSee(tc.busy)
			if d.m.Update(keyPress("y")) != nil {
				t.Error("a second y started a second sync while one runs")
			}
			d.run(cmd)
			if f.syncs != 1 {
				t.Errorf("%d syncs, want 1", f.syncs)
			}
			d.mustSee(tc.done)
			d.mustSee(tc.after)
			requireFits(t, d.view())
		})
	}
}

// A failed sync shows the reason, and the hub line keeps it briefly; a
// researcher's line has no responses waiting.
func TestResearchSyncFails(t *testing.T) {
	f := joinedHub(survey.RoleResearcher, 0, errors.New("reaching the hub: gave up after 4 tries: connection refused"))
	d := syncStudyPage(t, survey.English, f)
	d.mustSee("last sync 10:02")
	if strings.Contains(d.view(), "waiting") {
		t.Errorf("a researcher's line counts responses waiting:\n%s", d.view())
	}
	d.press("y")
	d.mustSee("last sync 10:02 · last try failed: reaching the hub")
	d.mustSee("! Something went wrong: reaching the hub")
	requireFits(t, d.view())
}

// ? lists the sync key on a joined study's page, and the keys all work
// as listed.
func TestResearchSyncKeyInHelp(t *testing.T) {
	rd := syncStudyPage(t, survey.Dutch, joinedHub(survey.RoleDevice, 3, nil))
	cfg := rd.m.cfg
	d := NewDriver(t, cfg, 80, 24)
	d.Press("enter")
	if s := d.Screen(); !strings.Contains(s, "3 antwoordsets wachten") {
		t.Fatalf("study page lacks the hub line:\n%s", s)
	}
	d.CheckKeys(t, "joined study page")
	d.Press("?")
	if s := d.Screen(); !strings.Contains(s, "synchroniseren met de hub") {
		t.Errorf("? does not list the sync key:\n%s", s)
	}
}

// The joined study page at 80x24, looked at in the golden file.
func TestResearchSyncGolden(t *testing.T) {
	d := syncStudyPage(t, survey.Dutch, joinedHub(survey.RoleDevice, 3, nil))
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	if _, err := w.WriteString(d.m.View()); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, b.String())
}

// A sync that ends while another page shows still ends on the study page:
// the page does not wait for it forever.
func TestResearchSyncEndsBehindAnotherPage(t *testing.T) {
	rd := syncStudyPage(t, survey.Dutch, joinedHub(survey.RoleDevice, 3, nil))
	d := NewDriver(t, rd.m.cfg, 80, 24)
	d.Press("enter")
	_, cmd := d.M.Update(keyPress("y"))
	if cmd == nil || !d.M.research.syncing {
		t.Fatal("y started no sync")
	}
	d.Press("m") // the monitor
	if d.State() != "monitor" {
		t.Fatalf("state %s, want monitor", d.State())
	}
	d.run(cmd)
	if d.M.research.syncing {
		t.Fatal("the sync's end did not reach the study page")
	}
	d.Press("esc")
	if s := d.Screen(); !strings.Contains(s, "0 antwoordsets wachten") {
		t.Errorf("back on the study page, the hub line is not refreshed:\n%s", s)
	}
}
