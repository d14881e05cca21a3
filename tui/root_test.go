package tui_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"peil/survey"
	"peil/tui"
)

func TestRootStartsInKioskFromConfig(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	cfg := f.config(f.store)
	cfg.KioskRound, cfg.KioskSchool = f.round.ID, f.school.ID
	d := tui.NewDriver(t, cfg, 80, 24)
	if d.State() != "kiosk" {
		t.Fatalf("state %s, want kiosk", d.State())
	}
	requirePhase(t, d, "welcome")
	// The kiosk is remembered, so a restart comes back to it.
	for key, want := range map[string]string{tui.SettingKioskRound: f.round.ID, tui.SettingKioskSchool: f.school.ID} {
		if v, _, err := f.store.Setting(ctx, key); err != nil || v != want {
			t.Errorf("setting %s = %q, %v; want %q", key, v, err, want)
		}
	}
	v := d.M.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion {
		t.Errorf("view: alt screen %v, mouse mode %v; want alt screen with cell motion", v.AltScreen, v.MouseMode)
	}
}

func TestRootStartsInResearchWithoutKiosk(t *testing.T) {
	f := newFixture(t, "collega")
	d := tui.NewDriver(t, f.config(f.store), 80, 24)
	if d.State() != "research" {
		t.Fatalf("state %s, want research", d.State())
	}
	d.StartKiosk(f.round.ID, f.school.ID)
	if d.State() != "kiosk" {
		t.Fatalf("after startKioskMsg state %s, want kiosk", d.State())
	}
}

// While an answer is being saved, more Next presses do nothing: the
// answer counts only once the next screen shows.
func TestNextWaitsForTheSave(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	code := newRespondent(t, d)
	d.Press("1")
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	_, save := d.M.Update(enter) // the save command, not yet run
	if save == nil {
		t.Fatal("Next with a new answer returned no command")
	}
	requireItem(t, d, "kent_deelnemer")
	requireScreen(t, d, "Bezig met opslaan")
	for range 3 {
		if _, cmd := d.M.Update(enter); cmd != nil {
			t.Fatal("Next while saving started another command")
		}
	}
	requireItem(t, d, "kent_deelnemer")
	d.Send(save())
	requireItem(t, d, "weet_onderwerp")
	r, err := f.store.ResponseFor(ctx, f.round.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.store.Answers(ctx, r.ID)
	if err != nil || len(got) != 1 || !got[0].Value.Equal(survey.Num(1)) {
		t.Errorf("stored %+v, %v; want one answer, 1", got, err)
	}
}

// Without a DeviceID the TUI reads it with LoadDeviceID in its first
// command, and the kiosk's responses carry it.
func TestRootLoadsTheDeviceID(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	cfg := f.config(f.store)
	cfg.DeviceID = ""
	cfg.LoadDeviceID = func(context.Context) (string, error) { return "laptop-9", nil }
	d := tui.NewDriver(t, cfg, 80, 24)
	d.StartKiosk(f.round.ID, f.school.ID)
	requirePhase(t, d, "welcome")
	code := newRespondent(t, d)
	d.Press("1", "enter")
	r, err := f.store.ResponseFor(ctx, f.round.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	if r.DeviceID != "laptop-9" {
		t.Errorf("response's device id %q, want laptop-9", r.DeviceID)
	}
}

// A device id that cannot be read ends the TUI with the error, as a
// database that cannot be opened does: no kiosk without it.
func TestRunEndsWithoutADeviceID(t *testing.T) {
	f := newFixture(t, "collega")
	cfg := f.config(f.store)
	cfg.DeviceID = ""
	cfg.LoadDeviceID = func(context.Context) (string, error) { return "", errors.New("disk I/O error") }
	cfg.KioskRound, cfg.KioskSchool = f.round.ID, f.school.ID
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	err := tui.Run(ctx, cfg, tea.WithInput(nil), tea.WithOutput(&out), tea.WithWindowSize(80, 24))
	if err == nil || !strings.Contains(err.Error(), "reading the device id: disk I/O error") {
		t.Fatalf("Run = %v, want the device id's error", err)
	}
	if v, _, _ := f.store.Setting(context.Background(), tui.SettingKioskRound); v != "" {
		t.Errorf("the kiosk was started (setting %q) without a device id", v)
	}
}
