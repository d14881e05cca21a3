package survey

import (
	"context"
	"time"
)

// ResponseLeaser keeps one response answered in one place at a time: a
// kiosk (or a web form) holds a lease on the response it shows, renews
// it before each answer it saves, and gives it up when the respondent is
// done. A second kiosk that is given the respondent's code takes the
// lease over (the respondent moved, or the first kiosk crashed); the
// first kiosk's next renewal then fails, and it stops showing that
// response.
//
// A lease is held by holder (an id of one kiosk run, unique per process)
// until the time given; the store compares it with its own clock.
type ResponseLeaser interface {
	// LeaseResponse gives responseID's lease to holder until the given
	// time. It is refused with ECONFLICT when another holder's lease has
	// not yet expired and takeOver is false; the same holder renews its
	// lease; with takeOver, any lease is taken over. An unknown response
	// is ENOTFOUND. A refusal changes nothing.
	LeaseResponse(ctx context.Context, responseID, holder string, until time.Time, takeOver bool) error
	// ReleaseResponse ends holder's lease on responseID. A lease that
	// another holder took over, or none at all, is left as it is (no
	// error).
	ReleaseResponse(ctx context.Context, responseID, holder string) error
}

// CheckLeaseHolder refuses a lease without a holder (EINVALID); a store
// calls it before LeaseResponse touches anything.
func CheckLeaseHolder(holder string) error {
	if holder == "" {
		return Errorf(EINVALID, "a response lease needs a holder")
	}
	return nil
}

// LeaseTaken is the ECONFLICT error of a LeaseResponse refused because
// another holder's lease on responseID has not yet expired.
func LeaseTaken(responseID string) error {
	return Errorf(ECONFLICT, "response %s is being answered elsewhere", responseID)
}
