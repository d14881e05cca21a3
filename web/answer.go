package web

import (
	"context"
	"fmt"
	"time"

	"peil/survey"
)

// This file is the only place that changes a survey.Session's answers
// (Set, Clear) and stores the change, so that a change of that API
// (planning a change, committing it, then applying it) touches it alone.

// commitAnswer gives v as the answer to the current item (no answer when
// empty), stores the change durably and only then leaves it in the
// session. A *survey.ValidationError means the answer was refused; any
// other error means the store did not take it. Either way the session's
// answers are as they were. An answer equal to the stored one is not
// written again.
func (h *Handler) commitAnswer(ctx context.Context, v *visit, it *survey.Item, val survey.Value, empty bool, now time.Time) error {
	prev, had := v.sess.Answer(it.ID)
	if empty && !had || had && !empty && prev.Equal(val) {
		return nil
	}
	before := v.sess.Snapshot()
	var ch survey.Change
	var err error
	if empty {
		ch, err = v.sess.Clear(it.ID)
	} else {
		ch, err = v.sess.Set(it.ID, val)
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
		v.restore(before, it.ID)
		return fmt.Errorf("saving the answer to %s: %w", it.ID, err)
	}
	if ch.Role != "" {
		v.resp.Role = ch.Role
	}
	return nil
}

// restore rebuilds the session from the answers it held before a change
// the store did not take, at the item given.
func (v *visit) restore(answers map[string]survey.Value, at string) {
	var as []survey.Answer
	for _, it := range v.inst.Items() {
		if val, ok := answers[it.ID]; ok {
			as = append(as, survey.Answer{ItemID: it.ID, Value: val})
		}
	}
	v.sess = survey.NewSession(v.inst, v.resp.Role, as)
	v.sess.GoTo(at)
}
