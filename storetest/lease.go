package storetest

import (
	"testing"
	"time"

	"peil/survey"
)

// testLeases checks survey.ResponseLeaser: one holder at a time, renewal
// by the same holder, take-over, expiry by the store's clock, release,
// and a lease that outlives a restart (a crashed kiosk's successor finds
// it).
func testLeases(t *testing.T, o Opener) {
	e := newEnv(t, o)
	f := e.fixture()
	r := e.start(f, 0, "K7MQ-4XA")
	other := e.start(f, 1, "ABCD-EFG")
	later := func() time.Time { return e.clock.last().Add(time.Hour) }

	lease := func(id, holder string, until time.Time, takeOver bool) error {
		return e.s.LeaseResponse(e.ctx, id, holder, until, takeOver)
	}
	e.check(lease(r.ID, "kiosk-a", later(), false))
	e.check(lease(r.ID, "kiosk-a", later(), false)) // renewed
	wantCode(t, "a second holder without take-over", lease(r.ID, "kiosk-b", later(), false), survey.ECONFLICT)
	e.check(lease(other.ID, "kiosk-b", later(), false)) // another response is free

	// Releasing someone else's lease leaves it.
	e.check(e.s.ReleaseResponse(e.ctx, r.ID, "kiosk-b"))
	wantCode(t, "after another holder's release", lease(r.ID, "kiosk-b", later(), false), survey.ECONFLICT)

	// The lease is on disk: a restarted store still refuses.
	e.reopen()
	wantCode(t, "after a restart", lease(r.ID, "kiosk-b", later(), false), survey.ECONFLICT)

	// Taking over (the respondent gave the code elsewhere): the first
	// holder's renewal is then refused.
	e.check(lease(r.ID, "kiosk-b", later(), true))
	wantCode(t, "renewing a lease taken over", lease(r.ID, "kiosk-a", later(), false), survey.ECONFLICT)

	// The holder releases it: anyone may lease it.
	e.check(e.s.ReleaseResponse(e.ctx, r.ID, "kiosk-b"))
	e.check(lease(r.ID, "kiosk-a", e.clock.last(), false))
	// An expired lease (until is not after the store's clock) is free.
	e.check(lease(r.ID, "kiosk-c", later(), false))

	// Releasing twice, or a response never leased, is no error.
	e.check(e.s.ReleaseResponse(e.ctx, r.ID, "kiosk-c"))
	e.check(e.s.ReleaseResponse(e.ctx, r.ID, "kiosk-c"))

	// Refusals: an unknown response, no holder.
	wantCode(t, "an unknown response", lease("no-such-response", "kiosk-a", later(), true), survey.ENOTFOUND)
	wantCode(t, "no holder", lease(r.ID, "", later(), true), survey.EINVALID)
}
