package web

import (
	"context"
	"errors"
	"fmt"
	"time"

	"peil/survey"
)

// This file is the only place that changes a survey.Session's answers
// and stores the change: plan it, commit it, then apply it, as the kiosk
// does (survey.Session.Plan, Apply), so there is nothing to undo when the
// store refuses.

// commitAnswer gives v as the answer to the current item (no answer when
// empty), stores the change durably and only then applies it to the
// session. A *survey.ValidationError means the answer was refused; any
// other error means the store did not take it. Either way the session's
// answers are as they were. An answer equal to the stored one is not
// written again.
func (h *Handler) commitAnswer(ctx context.Context, v *visit, it *survey.Item, val survey.Value, empty bool, now time.Time) error {
	prev, had := v.sess.Answer(it.ID)
	if empty && !had || had && !empty && prev.Equal(val) {
		return nil
	}
	var ch survey.Change
	var err error
	if empty {
		ch, err = v.sess.PlanClear(it.ID)
	} else {
		ch, err = v.sess.Plan(it.ID, val)
	}
	if err != nil {
		return err // the session refused it and is unchanged
	}
	err = h.writing(func() error {
		if err := h.renewLease(ctx, v); err != nil {
			return err
		}
		if ch.Empty {
			return v.link.Store.DeleteAnswer(ctx, v.resp.ID, ch.ItemID, ch.Cleared)
		}
		return v.link.Store.SaveAnswer(ctx, v.resp.ID, survey.Answer{ItemID: ch.ItemID, Value: ch.Value, AnsweredAt: now}, ch.Cleared, ch.Role)
	})
	if err != nil {
		return fmt.Errorf("saving the answer to %s: %w", it.ID, err)
	}
	if err := v.sess.Apply(ch); err != nil {
		return err
	}
	if ch.Role != "" {
		v.resp.Role = ch.Role
	}
	return nil
}

// leaseTime is how long a device holds a response between two answers;
// another device takes it over sooner only with the respondent's code.
const leaseTime = 2 * time.Hour

// errLeaseLost says that another device (a phone, a kiosk) took the
// response over with the respondent's code.
var errLeaseLost = errors.New("the response is being answered on another device")

// holder names this visit as a lease holder in the store: the server's
// device and the visit.
func (h *Handler) holder(v *visit) string { return h.deviceID + "/web/" + v.id }

// takeLease takes the response over in the store, for a visit that gave
// the respondent's code.
func (h *Handler) takeLease(ctx context.Context, v *visit, responseID string) error {
	return v.link.Store.LeaseResponse(ctx, responseID, h.holder(v), h.now().Add(leaseTime), true)
}

// renewLease renews the visit's lease before a write; errLeaseLost when
// another device holds the response now.
func (h *Handler) renewLease(ctx context.Context, v *visit) error {
	err := v.link.Store.LeaseResponse(ctx, v.resp.ID, h.holder(v), h.now().Add(leaseTime), false)
	if survey.ErrorCode(err) == survey.ECONFLICT {
		return errLeaseLost
	}
	return err
}

// releaseLease ends the visit's lease on the response, in the store and
// in this handler's view; a failure in the store only means the lease
// runs out by itself.
func (h *Handler) releaseLease(ctx context.Context, v *visit, responseID string) {
	if err := v.link.Store.ReleaseResponse(ctx, responseID, h.holder(v)); err != nil {
		h.logf("web: releasing response %s: %v", responseID, err)
	}
	h.leases.release(responseID, v.id)
}
