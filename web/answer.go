package web

import (
	"context"
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
