package survey

import (
	"maps"
	"slices"
)

// Session walks one respondent through an instrument: which item is shown,
// going forward and back, skipping hidden items, clearing answers that
// became hidden, and progress. It does no I/O: an answer is planned (Plan),
// committed by the caller, then applied (Apply); see Change.
//
// Positions run over the instrument's items in order; a position past the
// last item is the review screen.
type Session struct {
	inst    *Instrument
	items   []*Item
	answers map[string]Value
	role    string // role given from outside (audience), used when no role item
	pos     int
	rev     uint64 // counts the changes applied, so that Apply refuses a stale one
	// evaluating holds the items whose conditions Visible is evaluating
	// (true once the evaluation has come back to the item itself), so
	// that a condition that depends on itself ends, hidden, instead of
	// recursing without end.
	evaluating map[string]bool
	// filters is whether any item has a choice filter.
	filters bool
}

// NewSession starts a session on inst with the answers given so far (for a
// resumed response) and the role the respondent already has ("" if none).
// The session starts at the first visible item that still needs an answer,
// or at the review screen when there is none.
func NewSession(inst *Instrument, role string, answers []Answer) *Session {
	s := &Session{inst: inst, items: inst.Items(), answers: map[string]Value{}, role: role}
	for _, it := range s.items {
		s.filters = s.filters || it.ChoiceFilter != nil
	}
	if role == "" && len(inst.Audience) == 1 {
		s.role = inst.Audience[0]
	}
	for _, a := range answers {
		if it := inst.Item(a.ItemID); it != nil {
			s.answers[a.ItemID] = a.Value
		}
	}
	s.pos = s.resumePos()
	return s
}

// Instrument returns the instrument the session walks through.
func (s *Session) Instrument() *Instrument { return s.inst }

// resumePos is the first visible item the respondent has not answered and
// has not passed: the first visible unanswered item after the last answered
// visible item (or the first visible item).
func (s *Session) resumePos() int {
	last := -1
	for i, it := range s.items {
		if _, ok := s.answers[it.ID]; ok && s.Visible(it.ID) {
			last = i
		}
	}
	for i := last + 1; i < len(s.items); i++ {
		if s.Visible(s.items[i].ID) {
			return i
		}
	}
	return len(s.items)
}

// Item implements Env.
func (s *Session) Item(id string) *Item { return s.inst.Item(id) }

// Value implements Env: the answer to a visible item.
func (s *Session) Value(id string) (Value, bool) {
	v, ok := s.answers[id]
	if !ok || !s.Visible(id) {
		return Value{}, false
	}
	if s.filters && !s.allowed(s.inst.Item(id), v) {
		return Value{}, false // as if hidden: an earlier answer no longer allows it
	}
	return v, true
}

// Role implements Env: the answer to the role item, or the role given when
// the session started.
func (s *Session) Role() string {
	if ri := s.inst.RoleItem(); ri != nil {
		if v, ok := s.answers[ri.ID]; ok {
			if o, ok := ri.Option(v.Number); ok {
				return o.Value
			}
		}
	}
	return s.role
}

// Visible reports whether the item is shown, given the answers so far.
// An item whose condition refers to a hidden item sees no answer there.
// A choice item whose choice filter leaves no option is hidden too.
// An item whose condition depends on its own visibility, directly or
// through other items (which instrument validation should refuse), is
// hidden.
func (s *Session) Visible(id string) bool {
	it := s.inst.Item(id)
	if it == nil {
		return false
	}
	if it.ShowIf == nil && it.ChoiceFilter == nil {
		return true
	}
	if _, busy := s.evaluating[id]; busy {
		s.evaluating[id] = true // a cycle: the outer evaluation hides id
		return false
	}
	if s.evaluating == nil {
		s.evaluating = map[string]bool{}
	}
	s.evaluating[id] = false
	shown := it.ShowIf == nil || it.ShowIf.Eval(s)
	if shown && it.ChoiceFilter != nil {
		shown = len(s.Options(it)) > 0
	}
	cycle := s.evaluating[id]
	delete(s.evaluating, id)
	return shown && !cycle
}

// Current returns the item at the current position, or nil on the review
// screen.
func (s *Session) Current() *Item {
	if s.pos >= len(s.items) {
		return nil
	}
	return s.items[s.pos]
}

// AtReview reports whether the session is past the last item.
func (s *Session) AtReview() bool { return s.pos >= len(s.items) }

// AtStart reports whether there is no visible item before the current one.
func (s *Session) AtStart() bool { return s.prevVisible(s.pos) < 0 }

// Answer returns the current answer to an item, visible or not.
func (s *Session) Answer(id string) (Value, bool) {
	v, ok := s.answers[id]
	return v, ok
}

// Answers returns the answers to the visible items, in instrument order.
func (s *Session) Answers() []Answer {
	var out []Answer
	for _, it := range s.items {
		if v, ok := s.Value(it.ID); ok {
			out = append(out, Answer{ItemID: it.ID, Value: v})
		}
	}
	return out
}

// Change is what answering an item does: the answer to store (or delete)
// and the answers it hides, which are deleted too. Plan and PlanClear make
// it without touching the session; the caller commits it to the store (one
// transaction) and then hands it to Apply:
//
//	ch, err := sess.Plan(id, v) // validate, work out what it hides
//	...                         // commit ch to the store
//	err = sess.Apply(ch)        // only now the session changes
//
// so a failed commit leaves nothing to undo.
type Change struct {
	// ItemID is the item answered.
	ItemID string
	// Value is the new answer; Empty means the answer is removed.
	Value Value
	Empty bool
	// Cleared are items with answers that the new answer hides; Apply
	// removes their answers.
	Cleared []string
	// Role is the respondent's role after the change.
	Role string

	// rev is the session revision the change was planned on; Apply
	// refuses a change planned on another one.
	rev uint64
}

// Plan validates v as the answer to the item with the given id and works
// out the Change that answering it makes, without changing the session.
// An empty value (nothing chosen or typed) plans removing the answer, as
// PlanClear does. A *ValidationError means v is not an answer to the item.
func (s *Session) Plan(id string, v Value) (Change, error) {
	it := s.inst.Item(id)
	if it == nil {
		return Change{}, Errorf(EINVALID, "unknown item %q", id)
	}
	if it.Type == MultipleChoice {
		v = ChoicesValue(v.Choices...)
	}
	if it.IsEmpty(v) {
		return s.PlanClear(id)
	}
	if err := it.Validate(v); err != nil {
		return Change{}, err
	}
	if !s.allowed(it, v) {
		return Change{}, &ValidationError{Item: it.ID, Msg: notAllowedMsg}
	}
	return s.plan(id, v, false), nil
}

// PlanClear works out the Change that removes the answer to the item with
// the given id, as Plan does with an empty value; use it for items where
// a zero value is an answer (see Item.IsEmpty). The Change has Empty set.
func (s *Session) PlanClear(id string) (Change, error) {
	if s.inst.Item(id) == nil {
		return Change{}, Errorf(EINVALID, "unknown item %q", id)
	}
	return s.plan(id, Value{}, true), nil
}

// Apply records a change that Plan or PlanClear made on this session, once
// the caller has committed it: the answer is set (or removed) and the
// answers it hides are removed. A change planned before another change
// was applied is refused (plan it again), as is one naming an unknown
// item; either way the session stays as it is.
func (s *Session) Apply(ch Change) error {
	if ch.rev != s.rev {
		return Errorf(EINVALID, "the answer to %q was planned before the last change; plan it again", ch.ItemID)
	}
	for _, id := range append([]string{ch.ItemID}, ch.Cleared...) {
		if s.inst.Item(id) == nil {
			return Errorf(EINVALID, "unknown item %q", id)
		}
	}
	if ch.Empty {
		delete(s.answers, ch.ItemID)
	} else {
		s.answers[ch.ItemID] = ch.Value
	}
	for _, id := range ch.Cleared {
		delete(s.answers, id)
	}
	s.rev++
	return nil
}

// Set plans an answer and applies it at once: Plan, then Apply. It is for
// callers with nothing to commit in between (generated data, tests); a
// caller that stores answers uses Plan and Apply around its commit.
func (s *Session) Set(id string, v Value) (Change, error) {
	ch, err := s.Plan(id, v)
	if err != nil {
		return Change{}, err
	}
	return ch, s.Apply(ch)
}

// Clear plans removing an answer and applies it at once: PlanClear, then
// Apply.
func (s *Session) Clear(id string) (Change, error) {
	ch, err := s.PlanClear(id)
	if err != nil {
		return Change{}, err
	}
	return ch, s.Apply(ch)
}

// plan works out a validated change on a copy of the answers: the answers
// it hides, and the role after it. The session itself does not change.
func (s *Session) plan(id string, v Value, remove bool) Change {
	ch := Change{ItemID: id, Value: v, Empty: remove, rev: s.rev}
	before := s.visibleSet()
	w := &Session{inst: s.inst, items: s.items, answers: maps.Clone(s.answers), role: s.role, filters: s.filters}
	if remove {
		delete(w.answers, id)
	} else {
		w.answers[id] = v
	}
	// Clearing a hidden answer can hide or show more; repeat until stable.
	// An answer that a choice filter no longer allows is cleared the same
	// way.
	for {
		changed := false
		for _, other := range w.items {
			if v, ok := w.answers[other.ID]; ok && before[other.ID] && (!w.Visible(other.ID) || !w.allowed(other, v)) {
				delete(w.answers, other.ID)
				ch.Cleared = append(ch.Cleared, other.ID)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	ch.Role = w.Role()
	return ch
}

func (s *Session) visibleSet() map[string]bool {
	m := make(map[string]bool, len(s.items))
	for _, it := range s.items {
		m[it.ID] = s.Visible(it.ID)
	}
	return m
}

// Missing reports whether the current item is required and unanswered:
// the respondent cannot go on yet. It returns the message to show.
func (s *Session) Missing() *ValidationError {
	it := s.Current()
	if it == nil || !it.Required || !it.Type.Answerable() {
		return nil
	}
	if s.hasAnswer(it) {
		return nil
	}
	return &ValidationError{Item: it.ID, Msg: Text{Dutch: "Deze vraag is verplicht. Geef een antwoord om verder te gaan.", English: "This question is required. Please answer it to continue."}}
}

// Next moves to the next visible item (or the review screen). It refuses,
// returning the message to show, when the current item is required and
// unanswered.
func (s *Session) Next() *ValidationError {
	if s.AtReview() {
		return nil
	}
	if m := s.Missing(); m != nil {
		return m
	}
	s.pos = s.nextVisible(s.pos)
	return nil
}

// Back moves to the previous visible item. It always works, whatever the
// state of the current answer. It reports whether it moved.
func (s *Session) Back() bool {
	p := s.prevVisible(s.pos)
	if p < 0 {
		return false
	}
	s.pos = p
	return true
}

// GoTo moves to a visible item, e.g. from the review screen.
func (s *Session) GoTo(id string) bool {
	for i, it := range s.items {
		if it.ID == id && s.Visible(id) {
			s.pos = i
			return true
		}
	}
	return false
}

// Review moves to the review screen when no visible required item is
// unanswered; otherwise it moves to the first such item and returns its
// message.
func (s *Session) Review() *ValidationError {
	if id := s.FirstMissing(); id != "" {
		s.GoTo(id)
		return s.Missing()
	}
	s.pos = len(s.items)
	return nil
}

// FirstMissing returns the first visible required item without an answer,
// or "".
func (s *Session) FirstMissing() string {
	for _, it := range s.items {
		if it.Required && it.Type.Answerable() && s.Visible(it.ID) {
			if !s.hasAnswer(it) {
				return it.ID
			}
		}
	}
	return ""
}

// hasAnswer reports whether the item has an answer its choice filter (if
// any) allows.
func (s *Session) hasAnswer(it *Item) bool {
	v, ok := s.answers[it.ID]
	return ok && (!s.filters || s.allowed(it, v))
}

// CanSubmit reports whether every visible required item has an answer.
func (s *Session) CanSubmit() bool { return s.FirstMissing() == "" }

func (s *Session) nextVisible(from int) int {
	for i := from + 1; i < len(s.items); i++ {
		if s.Visible(s.items[i].ID) {
			return i
		}
	}
	return len(s.items)
}

func (s *Session) prevVisible(from int) int {
	for i := min(from, len(s.items)) - 1; i >= 0; i-- {
		if s.Visible(s.items[i].ID) {
			return i
		}
	}
	return -1
}

// Progress returns how far the respondent is: the number of visible items
// before the current position and the number of visible items in all.
// Notes count as items. On the review screen done equals total.
func (s *Session) Progress() (done, total int) {
	for i, it := range s.items {
		if s.Visible(it.ID) {
			total++
			if i < s.pos {
				done++
			}
		}
	}
	return done, total
}

// Snapshot returns a copy of the answers held by the session, hidden ones
// included; for tests and debugging.
func (s *Session) Snapshot() map[string]Value { return maps.Clone(s.answers) }

// VisibleItems returns the visible items in order (for the review screen).
func (s *Session) VisibleItems() []*Item {
	return slices.DeleteFunc(slices.Clone(s.items), func(it *Item) bool { return !s.Visible(it.ID) })
}
