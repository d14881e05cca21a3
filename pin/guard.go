package pin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings keeps a Guard's record between runs; survey.SettingStore (and
// so every peil store) satisfies it.
type Settings interface {
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
}

// SettingFailures is the setting in which a Guard records the wrong PINs
// typed in a row and the time of the last: "3 2026-03-02T09:01:00Z".
const SettingFailures = "kiosk.pin_failures"

// FreeTries is the number of wrong PINs in a row accepted without a
// wait; MaxWait bounds the wait after more.
const (
	FreeTries = 3
	MaxWait   = 5 * time.Minute
)

// Delay is how long a Guard makes the next try wait after failures wrong
// PINs in a row: nothing for the first FreeTries, then 1 s, 2 s, 4 s, ...,
// at most MaxWait. Ten thousand guesses at a 4-digit PIN then take weeks.
func Delay(failures int) time.Duration {
	n := failures - FreeTries
	if n <= 0 {
		return 0
	}
	if n > 10 { // 2^9 s is past MaxWait already
		return MaxWait
	}
	return min(time.Second<<(n-1), MaxWait)
}

// Guard checks typed PINs and slows down guessing: after FreeTries wrong
// PINs in a row, the next try is accepted only after a growing wait (see
// Delay). The count is kept in Settings, so restarting the program does
// not reset it; a correct PIN does.
type Guard struct {
	st  Settings
	now func() time.Time
}

// NewGuard returns a Guard that keeps its record in st; now is the clock
// (time.Now when nil).
func NewGuard(st Settings, now func() time.Time) *Guard {
	if now == nil {
		now = time.Now
	}
	return &Guard{st: st, now: now}
}

// Result is the outcome of one try.
type Result struct {
	// OK: the PIN is correct.
	OK bool
	// TooSoon: the try came before the wait was over; the PIN was not
	// checked (and the try not counted).
	TooSoon bool
	// Wait is how long from now until the next try is accepted.
	Wait time.Duration
}

// Check checks typed against hash (made by Hash), unless the try comes too
// soon after wrong ones. It records a wrong PIN and clears the record on a
// correct one. It calls the slow hash, so a UI calls it off its event
// loop.
//
// The right PIN is never refused for a store that fails (a broken or
// read-only database must not lock the researcher in a kiosk): a record
// that cannot be read counts as none, and one that cannot be cleared
// stays. A wrong PIN that cannot be recorded is reported as an error.
func (g *Guard) Check(ctx context.Context, hash, typed string) (Result, error) {
	failures, last, readErr := g.record(ctx)
	now := g.now()
	if wait := g.wait(failures, last, now); wait > 0 {
		return Result{TooSoon: true, Wait: wait}, nil
	}
	if hash != "" && Verify(hash, typed) {
		if failures > 0 {
			_ = g.st.SetSetting(ctx, SettingFailures, "") // see above
		}
		return Result{OK: true}, nil
	}
	if readErr != nil {
		return Result{}, readErr
	}
	failures++
	value := strconv.Itoa(failures) + " " + now.UTC().Format(time.RFC3339Nano)
	if err := g.st.SetSetting(ctx, SettingFailures, value); err != nil {
		return Result{}, fmt.Errorf("recording a wrong PIN: %w", err)
	}
	return Result{Wait: Delay(failures)}, nil
}

// Wait returns how long from now until the next try is accepted.
func (g *Guard) Wait(ctx context.Context) (time.Duration, error) {
	failures, last, err := g.record(ctx)
	if err != nil {
		return 0, err
	}
	return g.wait(failures, last, g.now()), nil
}

// wait is what remains of the delay after failures, the last at last. A
// last failure in the future (the clock was set back) counts from now, so
// the wait is never longer than MaxWait.
func (g *Guard) wait(failures int, last, now time.Time) time.Duration {
	return max(Delay(failures)-max(now.Sub(last), 0), 0)
}

// record reads the count of wrong PINs and the time of the last. A record
// that cannot be read (edited by hand) counts as none: it must never lock
// the researcher out of a kiosk.
func (g *Guard) record(ctx context.Context) (int, time.Time, error) {
	v, _, err := g.st.Setting(ctx, SettingFailures)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("reading the count of wrong PINs: %w", err)
	}
	n, at, ok := strings.Cut(v, " ")
	failures, err := strconv.Atoi(n)
	last, err2 := time.Parse(time.RFC3339Nano, at)
	if !ok || err != nil || err2 != nil || failures < 0 {
		return 0, time.Time{}, nil
	}
	return failures, last, nil
}
