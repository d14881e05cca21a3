package tui_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peil/tui"
)

// The help line under a researcher page always ends with how to see every
// key and how to quit, at 80 columns too; ? lists every key of the page,
// and q leaves a page (and peil, from the list of studies).
func TestResearchHelpAndQ(t *testing.T) {
	f := newFixture(t, "collega")
	d := tui.NewDriver(t, f.config(f.store), 80, 24)
	if d.State() != "research" {
		t.Fatalf("state %s, want research", d.State())
	}
	lastLine := func() string {
		lines := strings.Split(d.Screen(), "\n")
		return lines[len(lines)-1]
	}
	for _, size := range [][2]int{{80, 24}, {60, 20}, {40, 20}} {
		d.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if l := lastLine(); !strings.HasSuffix(strings.TrimRight(l, " "), "? alle toetsen • ctrl+c afsluiten") || ansi.StringWidth(l) > size[0] {
			t.Errorf("study list at %dx%d: help line %q", size[0], size[1], l)
		}
	}
	d.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.Press("enter") // the study
	requireScreen(t, d, "Monitor")
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		d.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		l := lastLine()
		if !strings.HasSuffix(strings.TrimRight(l, " "), "? alle toetsen • ctrl+c afsluiten") {
			t.Errorf("%dx%d: help line %q does not end with ? and ctrl+c", size[0], size[1], l)
		}
		if w := ansi.StringWidth(l); w > size[0] {
			t.Errorf("%dx%d: help line is %d wide", size[0], size[1], w)
		}
	}
	d.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.CheckKeys(t, "study page")

	d.Press("?")
	requireScreen(t, d, "Toetsen op deze pagina", "kiosk starten", "exporteren", "importeren", "q", "terug (op de lijst")
	requireGolden(t, d)
	d.CheckKeys(t, "list of keys")
	d.Press("x") // the page's keys wait while the list shows
	requireScreen(t, d, "Toetsen op deze pagina")
	d.Press("esc")
	refuteScreen(t, d, "Toetsen op deze pagina")
	requireScreen(t, d, "Monitor")

	d.Press("q") // the study page: back to the list
	if d.Quit {
		t.Fatal("q on the study page quit peil")
	}
	requireScreen(t, d, "peil · ")
	d.Press("q") // the list: quit
	if !d.Quit {
		t.Fatal("q on the list of studies did not quit")
	}
}

// A kiosk started from the command line (peil kiosk --round --school)
// quits peil after the PIN, back to the shell.
func TestCommandLineKioskQuitsAfterPIN(t *testing.T) {
	f := newFixture(t, "collega")
	cfg := f.config(f.store)
	cfg.KioskRound, cfg.KioskSchool = f.round.ID, f.school.ID
	d := tui.NewDriver(t, cfg, 80, 24)
	requirePhase(t, d, "welcome")
	d.Press("q")
	d.Type(testPIN)
	d.Press("enter")
	if !d.Quit {
		t.Fatalf("the PIN left a command-line kiosk for %s, want the shell", d.State())
	}
}
