package tui_test

import (
	"testing"
	"time"

	"peil/tui"
)

// TestWrongPINsWait types wrong PINs at the kiosk: after three, each makes
// the next try wait longer; even the right PIN is not checked before the
// wait is over, also after restarting the kiosk (issue 16: 20 wrong PINs
// in a row, no delay).
func TestWrongPINsWait(t *testing.T) {
	f := newFixture(t, "collega")
	now := time.Date(2025, 10, 6, 9, 30, 0, 0, time.UTC)
	start := func() *tui.Driver {
		cfg := f.config(f.store)
		cfg.Now = func() time.Time { return now }
		d := tui.NewDriver(t, cfg, 80, 24)
		d.StartKiosk(f.round.ID, f.school.ID)
		requirePhase(t, d, "welcome")
		d.Press("q")
		requireScreen(t, d, "Alleen voor de onderzoeker")
		return d
	}
	try := func(d *tui.Driver, p string) {
		t.Helper()
		d.Type(p)
		d.Press("enter")
		if d.State() != "kiosk" {
			t.Fatalf("PIN %s left the kiosk (state %s) at try", p, d.State())
		}
	}
	d := start()
	for _, p := range []string{"1111", "2222", "3333"} {
		try(d, p)
		requireScreen(t, d, "Deze pincode klopt niet.")
		refuteScreen(t, d, "opnieuw.")
	}
	try(d, "4444")
	requireScreen(t, d, "Probeer het over 1 s opnieuw.")
	try(d, testPIN) // too soon: not checked
	requireScreen(t, d, "Wacht nog 1 s")

	// A restart does not reset the count.
	now = now.Add(time.Second)
	d = start()
	try(d, "5555")
	requireScreen(t, d, "over 2 s opnieuw")
	d = start()
	try(d, testPIN)
	requireScreen(t, d, "Wacht nog 2 s")
	d.FireTimers() // the wait is over: the message goes
	refuteScreen(t, d, "Wacht nog")

	now = now.Add(2 * time.Second)
	d.Type(testPIN)
	d.Press("enter")
	if d.State() != "research" {
		t.Fatalf("the right PIN after the wait left state %s, want research\n%s", d.State(), d.Screen())
	}
}
