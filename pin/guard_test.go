package pin_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"peil/pin"
)

// settings is a Settings in memory, as a store would keep them.
type settings map[string]string

func (s settings) Setting(_ context.Context, key string) (string, bool, error) {
	v, ok := s[key]
	return v, ok, nil
}

func (s settings) SetSetting(_ context.Context, key, value string) error {
	s[key] = value
	return nil
}

// clock is a clock the test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestDelay(t *testing.T) {
	want := []time.Duration{0, 0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	for n, w := range want {
		if got := pin.Delay(n); got != w {
			t.Errorf("Delay(%d) = %v, want %v", n, got, w)
		}
	}
	for _, n := range []int{13, 14, 20, 64, 1000, 1 << 40} {
		if got := pin.Delay(n); got != pin.MaxWait {
			t.Errorf("Delay(%d) = %v, want MaxWait", n, got)
		}
	}
	if pin.Delay(12) != 256*time.Second {
		t.Errorf("Delay(12) = %v", pin.Delay(12))
	}
}

// TestGuard types PINs at a kiosk: wrong ones in a row make the next try
// wait longer and longer, also after a restart (a new Guard on the same
// settings); a try that comes too soon is not checked; the right PIN
// clears the count.
func TestGuard(t *testing.T) {
	hash, err := pin.Hash("4821")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st := settings{}
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	g := pin.NewGuard(st, c.now)
	steps := []struct {
		after   time.Duration // since the previous step
		typed   string
		restart bool // a new Guard, as after restarting peil
		want    pin.Result
	}{
		{0, "1111", false, pin.Result{}},
		{0, "1112", false, pin.Result{}},
		{0, "1113", false, pin.Result{Wait: 0}},
		{0, "1114", false, pin.Result{Wait: time.Second}},
		{0, "4821", false, pin.Result{TooSoon: true, Wait: time.Second}}, // even the right PIN waits
		{time.Second, "1115", false, pin.Result{Wait: 2 * time.Second}},
		{time.Second, "1116", true, pin.Result{TooSoon: true, Wait: time.Second}},
		{time.Second, "1116", true, pin.Result{Wait: 4 * time.Second}},
		{4 * time.Second, "1117", true, pin.Result{Wait: 8 * time.Second}},
		{-time.Hour, "1118", false, pin.Result{TooSoon: true, Wait: 8 * time.Second}}, // clock set back
		{time.Hour + 8*time.Second, "4821", false, pin.Result{OK: true}},
		{0, "1111", true, pin.Result{}}, // the count starts again
		{0, "4821", false, pin.Result{OK: true}},
	}
	for i, s := range steps {
		c.t = c.t.Add(s.after)
		if s.restart {
			g = pin.NewGuard(st, c.now)
		}
		got, err := g.Check(ctx, hash, s.typed)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != s.want {
			t.Fatalf("step %d (%s): %+v, want %+v (record %q)", i, s.typed, got, s.want, st[pin.SettingFailures])
		}
		if w, err := g.Wait(ctx); err != nil || w != got.Wait {
			t.Errorf("step %d: Wait = %v, %v; want %v", i, w, err, got.Wait)
		}
	}
	// Twenty wrong PINs in a row, as fast as they are accepted, take
	// longer and longer: the waits add up.
	var total time.Duration
	for i := range 20 {
		r, err := g.Check(ctx, hash, "0001")
		if err != nil || r.OK || r.TooSoon {
			t.Fatalf("try %d: %+v, %v", i, r, err)
		}
		total += r.Wait
		c.t = c.t.Add(r.Wait)
	}
	if total < 30*time.Minute {
		t.Errorf("20 wrong PINs in a row take %v of waiting, want at least 30 minutes", total)
	}
}

func TestGuardUnreadableRecord(t *testing.T) {
	hash, _ := pin.Hash("4821")
	for _, v := range []string{"", "x", "5", "-3 2026-03-02T09:00:00Z", "5 yesterday", "99999999999999999999 2026-03-02T09:00:00Z"} {
		st := settings{pin.SettingFailures: v}
		g := pin.NewGuard(st, nil)
		r, err := g.Check(context.Background(), hash, "4821")
		if err != nil || !r.OK {
			t.Errorf("record %q: %+v, %v; the right PIN must pass", v, r, err)
		}
	}
}

// failing is a store that cannot be read or written.
type failing struct{}

func (failing) Setting(context.Context, string) (string, bool, error) {
	return "", false, errors.New("disk gone")
}
func (failing) SetSetting(context.Context, string, string) error { return errors.New("disk gone") }

// TestGuardStoreError: a store that fails never locks the researcher in
// (the right PIN passes), and a wrong PIN that cannot be counted is
// reported.
func TestGuardStoreError(t *testing.T) {
	hash, _ := pin.Hash("4821")
	g := pin.NewGuard(failing{}, nil)
	if r, err := g.Check(context.Background(), hash, "4821"); err != nil || !r.OK {
		t.Errorf("the right PIN with a failing store: %+v, %v", r, err)
	}
	if _, err := g.Check(context.Background(), hash, "4822"); err == nil {
		t.Error("a wrong PIN that could not be counted gave no error")
	}
}

// readOnly is a store that reads but cannot write, as a database on
// read-only media.
type readOnly struct{ settings }

func (readOnly) SetSetting(context.Context, string, string) error { return errors.New("read-only") }

func TestGuardReadOnlyStore(t *testing.T) {
	hash, _ := pin.Hash("4821")
	st := readOnly{settings{pin.SettingFailures: "2 2026-03-02T09:00:00Z"}}
	if r, err := pin.NewGuard(st, nil).Check(context.Background(), hash, "4821"); err != nil || !r.OK {
		t.Errorf("the right PIN on a read-only store: %+v, %v", r, err)
	}
}
