package survey_test

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"peil/survey"
)

func nl(s string) survey.Text { return survey.Text{survey.Dutch: s} }

func yesNo(id, text, showIf string, required bool, dontKnow bool) survey.Item {
	it := survey.Item{ID: id, Type: survey.SingleChoice, Text: nl(text), Required: required,
		Options: []survey.Option{{Code: 1, Value: "ja", Label: nl("Ja")}, {Code: 2, Value: "nee", Label: nl("Nee")}}}
	if dontKnow {
		it.Options = append(it.Options, survey.Option{Code: 3, Value: "weet-niet", Label: nl("Weet ik niet")})
	}
	if showIf != "" {
		it.ShowIf = survey.MustParseCondition(showIf)
	}
	return it
}

// colleagueInstrument is the questionnaire for colleagues of a
// teacher-researcher, with its skip logic: the questions about the study
// only follow a "ja".
func colleagueInstrument() *survey.Instrument {
	return &survey.Instrument{
		ID: "collega", Version: 1, Title: nl("Kennisdeling in de school"),
		Audience: []string{"collega"},
		Sections: []survey.Section{
			{ID: "deelname", Items: []survey.Item{
				{ID: "intro", Type: survey.Note, Text: nl("Deze vragen gaan over onderzoek in uw school.")},
				yesNo("kent", "Kent u een collega die deelneemt aan onderzoek?", "", true, true),
				yesNo("weet", "Weet u waar het onderzoek over gaat?", "kent = 'ja'", true, false),
			}},
			{ID: "betrokkenheid", Items: []survey.Item{
				yesNo("vraag", "Was u betrokken bij het formuleren van de onderzoeksvraag?", "weet = 'ja'", false, false),
				yesNo("uitvoering", "Was u betrokken bij de opzet of uitvoering?", "weet = 'ja'", false, false),
				{ID: "vertelt", Type: survey.Likert, Text: nl("De leerkracht-onderzoeker vertelt regelmatig over het onderzoek."),
					ShowIf: survey.MustParseCondition("weet = 'ja'")},
				{ID: "bruikbaar", Type: survey.Likert, DontKnow: true, Text: nl("De uitkomsten zijn bruikbaar voor mij."),
					ShowIf: survey.MustParseCondition("weet = 'ja'")},
			}},
			{ID: "slot", Items: []survey.Item{
				{ID: "opmerking", Type: survey.OpenText, Text: nl("Wilt u nog iets kwijt?")},
			}},
		},
	}
}

var (
	ja, nee, weetNiet = survey.Num(1), survey.Num(2), survey.Num(3)
)

// fullYes answers every item of the colleague questionnaire, on the "ja"
// branch.
func fullYes() map[string]survey.Value {
	return map[string]survey.Value{
		"kent": ja, "weet": ja, "vraag": nee, "uitvoering": ja,
		"vertelt": survey.Num(4), "bruikbaar": survey.DontKnowValue(), "opmerking": survey.TextValue("Goed initiatief."),
	}
}

func answersOf(m map[string]survey.Value) []survey.Answer {
	var out []survey.Answer
	for _, id := range slices.Sorted(maps.Keys(m)) {
		out = append(out, survey.Answer{ItemID: id, Value: m[id]})
	}
	return out
}

func ids(items []*survey.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func current(s *survey.Session) string {
	if it := s.Current(); it != nil {
		return it.ID
	}
	return "<review>"
}

func mustSet(t *testing.T, s *survey.Session, id string, v survey.Value) survey.Change {
	t.Helper()
	ch, err := s.Set(id, v)
	if err != nil {
		t.Fatalf("Set(%s, %+v): %v", id, v, err)
	}
	return ch
}

// walk answers the session from where it is, item by item with Next, as a
// respondent would, and returns the items shown in order.
func walk(t *testing.T, s *survey.Session, answers map[string]survey.Value) []string {
	t.Helper()
	var shown []string
	for !s.AtReview() {
		id := s.Current().ID
		shown = append(shown, id)
		if v, ok := answers[id]; ok {
			mustSet(t, s, id, v)
		}
		if err := s.Next(); err != nil {
			t.Fatalf("Next at %s: %v", id, err)
		}
		if len(shown) > 100 {
			t.Fatal("Next does not reach the review screen")
		}
	}
	return shown
}

func TestSessionBranches(t *testing.T) {
	all := []string{"intro", "kent", "weet", "vraag", "uitvoering", "vertelt", "bruikbaar", "opmerking"}
	tests := []struct {
		name    string
		answers map[string]survey.Value
		shown   []string
	}{
		{"does not know a colleague", map[string]survey.Value{"kent": nee}, []string{"intro", "kent", "opmerking"}},
		{"does not know whether", map[string]survey.Value{"kent": weetNiet, "opmerking": survey.TextValue("x")}, []string{"intro", "kent", "opmerking"}},
		{"knows a colleague, not the topic", map[string]survey.Value{"kent": ja, "weet": nee}, []string{"intro", "kent", "weet", "opmerking"}},
		{"knows the topic", fullYes(), all},
		{"knows the topic, skips the optional questions", map[string]survey.Value{"kent": ja, "weet": ja}, all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := survey.NewSession(colleagueInstrument(), "", nil)
			shown := walk(t, s, tt.answers)
			if !slices.Equal(shown, tt.shown) {
				t.Errorf("shown %q, want %q", shown, tt.shown)
			}
			if got := ids(s.VisibleItems()); !slices.Equal(got, tt.shown) {
				t.Errorf("VisibleItems = %q, want %q", got, tt.shown)
			}
			done, total := s.Progress()
			if done != len(tt.shown) || total != len(tt.shown) {
				t.Errorf("Progress at review = %d/%d, want %d/%d", done, total, len(tt.shown), len(tt.shown))
			}
			if !s.CanSubmit() {
				t.Errorf("CanSubmit is false after every required item was answered; first missing %q", s.FirstMissing())
			}
			var gotAnswers []string
			for _, a := range s.Answers() {
				gotAnswers = append(gotAnswers, a.ItemID)
				if want := tt.answers[a.ItemID]; !a.Value.Equal(want) {
					t.Errorf("answer to %s = %+v, want %+v", a.ItemID, a.Value, want)
				}
			}
			if len(gotAnswers) != len(tt.answers) {
				t.Errorf("Answers holds %q, want the %d given", gotAnswers, len(tt.answers))
			}
		})
	}
}

func TestSessionProgressCountsVisibleItems(t *testing.T) {
	s := survey.NewSession(colleagueInstrument(), "", nil)
	type step struct {
		do          func()
		at          string
		done, total int
	}
	next := func() {
		if err := s.Next(); err != nil {
			t.Fatal(err)
		}
	}
	steps := []step{
		{func() {}, "intro", 0, 3},
		{next, "kent", 1, 3},
		{func() { mustSet(t, s, "kent", ja) }, "kent", 1, 4},
		{next, "weet", 2, 4},
		{func() { mustSet(t, s, "weet", ja) }, "weet", 2, 8},
		{next, "vraag", 3, 8},
		{func() { s.Back(); s.Back() }, "kent", 1, 8},
		{func() { mustSet(t, s, "kent", nee) }, "kent", 1, 3},
		{next, "opmerking", 2, 3},
		{next, "<review>", 3, 3},
	}
	for i, st := range steps {
		st.do()
		done, total := s.Progress()
		if current(s) != st.at || done != st.done || total != st.total {
			t.Errorf("step %d: at %s, progress %d/%d; want at %s, %d/%d", i, current(s), done, total, st.at, st.done, st.total)
		}
	}
}

func TestSessionBack(t *testing.T) {
	s := survey.NewSession(colleagueInstrument(), "", nil)
	if !s.AtStart() || s.Back() {
		t.Fatalf("a new session is not at the start, or Back moved from there (at %s)", current(s))
	}
	_ = s.Next()
	mustSet(t, s, "kent", ja)
	_ = s.Next()
	// At a required, unanswered item: Next refuses, Back works.
	if current(s) != "weet" || s.Next() == nil {
		t.Fatalf("at %s, Next on the unanswered required item was allowed", current(s))
	}
	if !s.Back() || current(s) != "kent" {
		t.Fatalf("Back from the unanswered required item went to %s, want kent", current(s))
	}
	if !s.Back() || current(s) != "intro" || !s.AtStart() {
		t.Fatalf("second Back went to %s, want intro at the start", current(s))
	}

	// Back from the review screen goes to the last visible item, and
	// skips hidden items on the way.
	walk(t, s, map[string]survey.Value{"kent": ja, "weet": nee})
	wantBack := []string{"opmerking", "weet", "kent", "intro"}
	for _, want := range wantBack {
		if !s.Back() || current(s) != want {
			t.Fatalf("Back went to %s, want %s", current(s), want)
		}
	}
	if s.Back() {
		t.Error("Back moved before the first item")
	}

	// Emptying a required answer and going back is allowed too.
	_ = s.Next()
	mustSet(t, s, "kent", survey.Value{})
	if s.Missing() == nil || !s.Back() || current(s) != "intro" {
		t.Errorf("Back after emptying a required answer: at %s", current(s))
	}
}

func TestSessionChangeClearsHiddenAnswers(t *testing.T) {
	all := []string{"kent", "weet", "vraag", "uitvoering", "vertelt", "bruikbaar", "opmerking"}
	tests := []struct {
		name    string
		start   map[string]survey.Value
		id      string
		v       survey.Value
		cleared []string
		kept    []string
	}{
		{
			// weet hides vraag..bruikbaar, and clearing weet hides
			// them too: the chain is cleared in one change.
			name: "no colleague after all", start: fullYes(), id: "kent", v: nee,
			cleared: []string{"weet", "vraag", "uitvoering", "vertelt", "bruikbaar"},
			kept:    []string{"kent", "opmerking"},
		},
		{
			name: "emptying the first answer", start: fullYes(), id: "kent", v: survey.Value{},
			cleared: []string{"weet", "vraag", "uitvoering", "vertelt", "bruikbaar"},
			kept:    []string{"opmerking"},
		},
		{
			name: "does not know the topic after all", start: fullYes(), id: "weet", v: nee,
			cleared: []string{"vraag", "uitvoering", "vertelt", "bruikbaar"},
			kept:    []string{"kent", "weet", "opmerking"},
		},
		{
			name:  "only answered items are listed",
			start: map[string]survey.Value{"kent": ja, "weet": ja, "vertelt": survey.Num(2)}, id: "kent", v: weetNiet,
			cleared: []string{"weet", "vertelt"},
			kept:    []string{"kent"},
		},
		{
			name: "the same answer again clears nothing", start: fullYes(), id: "kent", v: ja,
			cleared: nil, kept: all,
		},
		{
			name: "an answer that hides nothing", start: fullYes(), id: "vertelt", v: survey.Num(1),
			cleared: nil, kept: all,
		},
		{
			name: "emptying the closing question", start: fullYes(), id: "opmerking", v: survey.TextValue("  "),
			cleared: nil, kept: all[:6],
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := survey.NewSession(colleagueInstrument(), "", answersOf(tt.start))
			// Planning changes nothing; applying the plan does the rest.
			held, visible := s.Snapshot(), ids(s.VisibleItems())
			ch, err := s.Plan(tt.id, tt.v)
			if err != nil {
				t.Fatalf("Plan(%s, %+v): %v", tt.id, tt.v, err)
			}
			if !maps.EqualFunc(s.Snapshot(), held, survey.Value.Equal) || !slices.Equal(ids(s.VisibleItems()), visible) {
				t.Errorf("Plan changed the session: answers %v, want %v", s.Snapshot(), held)
			}
			if err := s.Apply(ch); err != nil {
				t.Fatalf("Apply(%+v): %v", ch, err)
			}
			if !slices.Equal(ch.Cleared, tt.cleared) {
				t.Errorf("Cleared = %q, want %q", ch.Cleared, tt.cleared)
			}
			wantEmpty := s.Instrument().Item(tt.id).IsEmpty(tt.v)
			if ch.ItemID != tt.id || ch.Empty != wantEmpty || (!wantEmpty && !ch.Value.Equal(tt.v)) {
				t.Errorf("Change = %+v, want item %s, value %+v, empty %v", ch, tt.id, tt.v, wantEmpty)
			}
			if got := slices.Sorted(maps.Keys(s.Snapshot())); !slices.Equal(got, slices.Sorted(slices.Values(tt.kept))) {
				t.Errorf("answers held after the change: %q, want %q", got, tt.kept)
			}
			for _, id := range tt.cleared {
				if _, ok := s.Answer(id); ok {
					t.Errorf("cleared item %s still has an answer", id)
				}
			}
		})
	}

	// Going back to "ja" shows the questions again, but empty: the old
	// answers are gone, not hidden.
	s := survey.NewSession(colleagueInstrument(), "", answersOf(fullYes()))
	mustSet(t, s, "kent", nee)
	mustSet(t, s, "kent", ja)
	mustSet(t, s, "weet", ja)
	if got := ids(s.VisibleItems()); len(got) != 8 {
		t.Errorf("visible after ja, ja: %q", got)
	}
	if got := s.Answers(); len(got) != 3 {
		t.Errorf("answers after ja, ja: %+v, want kent, weet, opmerking", got)
	}
}

func TestSessionRequired(t *testing.T) {
	s := survey.NewSession(colleagueInstrument(), "", nil)
	if s.CanSubmit() || s.FirstMissing() != "kent" {
		t.Fatalf("CanSubmit with nothing answered, first missing %q", s.FirstMissing())
	}
	// The intro note is not required; Next passes it.
	if err := s.Next(); err != nil || current(s) != "kent" {
		t.Fatalf("Next from intro: %v, at %s", err, current(s))
	}
	err := s.Next()
	if err == nil || err.Item != "kent" || current(s) != "kent" {
		t.Fatalf("Next at unanswered kent: %v, at %s", err, current(s))
	}
	if err.Msg.Get(survey.Dutch) == "" || err.Msg.Get(survey.English) == err.Msg.Get(survey.Dutch) {
		t.Errorf("required message not in both languages: %v", err.Msg)
	}

	// Review from the start goes to the first missing required item.
	s.Back()
	if err := s.Review(); err == nil || err.Item != "kent" || current(s) != "kent" {
		t.Fatalf("Review with kent missing: %v, at %s", err, current(s))
	}
	mustSet(t, s, "kent", ja)
	// weet is now visible and required.
	if err := s.Review(); err == nil || err.Item != "weet" || current(s) != "weet" || s.CanSubmit() {
		t.Fatalf("Review with weet missing: %v, at %s", err, current(s))
	}
	mustSet(t, s, "weet", survey.Num(2))
	if err := s.Review(); err != nil || !s.AtReview() || !s.CanSubmit() {
		t.Fatalf("Review with everything required answered: %v, at %s", err, current(s))
	}
	if err := s.Next(); err != nil || !s.AtReview() {
		t.Errorf("Next on the review screen: %v, at %s", err, current(s))
	}
	if s.Missing() != nil {
		t.Errorf("Missing on the review screen: %v", s.Missing())
	}
	// A "don't know" answer is an answer.
	s.GoTo("kent")
	mustSet(t, s, "kent", weetNiet)
	if !s.CanSubmit() {
		t.Errorf("kent = weet niet: CanSubmit false, first missing %q", s.FirstMissing())
	}
}

func TestSessionGoTo(t *testing.T) {
	s := survey.NewSession(colleagueInstrument(), "", answersOf(map[string]survey.Value{"kent": ja, "weet": nee}))
	if current(s) != "opmerking" || s.Review() != nil {
		t.Fatalf("resumed at %s, want opmerking, then review", current(s))
	}
	if !s.AtReview() {
		t.Fatalf("resumed at %s, want the review screen", current(s))
	}
	tests := []struct {
		id   string
		ok   bool
		want string
	}{
		{"vraag", false, "<review>"}, // hidden
		{"nergens", false, "<review>"},
		{"weet", true, "weet"},
		{"opmerking", true, "opmerking"},
		{"intro", true, "intro"},
	}
	for _, tt := range tests {
		if ok := s.GoTo(tt.id); ok != tt.ok || current(s) != tt.want {
			t.Errorf("GoTo(%s) = %v, at %s; want %v, at %s", tt.id, ok, current(s), tt.ok, tt.want)
		}
	}
	// From review, change an answer, and walk on to review again: the
	// newly shown items come in between.
	s.Review()
	s.GoTo("weet")
	mustSet(t, s, "weet", ja)
	shown := walk(t, s, map[string]survey.Value{"vertelt": survey.Num(5)})
	if want := []string{"weet", "vraag", "uitvoering", "vertelt", "bruikbaar", "opmerking"}; !slices.Equal(shown, want) {
		t.Errorf("after changing weet: shown %q, want %q", shown, want)
	}
}

func TestNewSessionResumes(t *testing.T) {
	tests := []struct {
		name    string
		answers map[string]survey.Value
		at      string
	}{
		{"nothing answered", nil, "intro"},
		{"first answer", map[string]survey.Value{"kent": ja}, "weet"},
		{"first answer, branch skipped", map[string]survey.Value{"kent": nee}, "opmerking"},
		{"in the middle", map[string]survey.Value{"kent": ja, "weet": ja, "vraag": nee}, "uitvoering"},
		{"optional items passed", map[string]survey.Value{"kent": ja, "weet": ja, "vertelt": survey.Num(3)}, "bruikbaar"},
		{"everything answered", fullYes(), "<review>"},
		{"last item answered, optional ones not", map[string]survey.Value{"kent": ja, "weet": ja, "opmerking": survey.TextValue("x")}, "<review>"},
		{
			// Answers to items that are hidden now (left by an older
			// version, or by a write that failed) do not count as passed.
			"answers to hidden items",
			map[string]survey.Value{"kent": nee, "weet": ja, "vraag": ja, "bruikbaar": survey.Num(4)},
			"opmerking",
		},
		{
			// vertelt's condition refers to weet, which is hidden: so
			// vertelt is hidden too, although weet has an answer.
			"hidden through a hidden item",
			map[string]survey.Value{"kent": weetNiet, "weet": ja, "vertelt": survey.Num(4)},
			"opmerking",
		},
		{"unknown items are ignored", map[string]survey.Value{"kent": ja, "verdwenen": ja}, "weet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := survey.NewSession(colleagueInstrument(), "", answersOf(tt.answers))
			if current(s) != tt.at {
				t.Errorf("resumed at %s, want %s", current(s), tt.at)
			}
			for _, a := range s.Answers() {
				if !s.Visible(a.ItemID) {
					t.Errorf("Answers includes hidden item %s", a.ItemID)
				}
			}
			if _, ok := s.Answer("verdwenen"); ok {
				t.Error("the session holds an answer to an unknown item")
			}
		})
	}
	// The hidden answers are kept (Snapshot, Answer) but not given out.
	s := survey.NewSession(colleagueInstrument(), "", answersOf(map[string]survey.Value{"kent": nee, "weet": ja}))
	if v, ok := s.Answer("weet"); !ok || !v.Equal(ja) {
		t.Errorf("Answer(weet) = %v, %v; want the stored hidden answer", v, ok)
	}
	if _, ok := s.Value("weet"); ok {
		t.Error("Value gives the answer to a hidden item")
	}
	if got := len(s.Answers()); got != 1 {
		t.Errorf("Answers has %d answers, want only kent", got)
	}
}

func TestSessionSetErrors(t *testing.T) {
	s := survey.NewSession(colleagueInstrument(), "", answersOf(map[string]survey.Value{"kent": ja}))
	before := s.Snapshot()

	_, err := s.Set("nergens", ja)
	if survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("Set on an unknown item: %v, want an EINVALID error", err)
	}
	if _, err := s.Clear("nergens"); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("Clear on an unknown item: %v, want an EINVALID error", err)
	}
	invalid := []struct {
		id string
		v  survey.Value
	}{
		{"kent", survey.Num(7)},
		{"weet", survey.DontKnowValue()},
		{"vertelt", survey.DontKnowValue()}, // Likert without don't know
		{"vertelt", survey.Num(6)},
		{"intro", survey.Num(1)}, // a note takes no answer, but empties nothing either
	}
	for _, tt := range invalid {
		_, err := s.Set(tt.id, tt.v)
		var ve *survey.ValidationError
		if tt.id == "intro" {
			if err != nil {
				t.Errorf("Set on a note: %v", err)
			}
			continue
		}
		if !errors.As(err, &ve) || ve.Item != tt.id {
			t.Errorf("Set(%s, %+v) = %v, want a *ValidationError", tt.id, tt.v, err)
		}
	}
	if got := s.Snapshot(); !maps.EqualFunc(got, before, survey.Value.Equal) {
		t.Errorf("invalid answers changed the session: %v, was %v", got, before)
	}
}

// roleInstrument asks for the respondent's role and asks different
// questions of teacher-researchers and the rest.
func roleInstrument() *survey.Instrument {
	return &survey.Instrument{
		ID: "cultuur", Version: 1,
		Audience: []string{"leerkracht-onderzoeker", "collega", "ib", "schoolleider"},
		Sections: []survey.Section{{ID: "s", Items: []survey.Item{
			{ID: "functie", Type: survey.SingleChoice, SetsRole: true, Required: true, Options: []survey.Option{
				{Code: 1, Value: "leerkracht-onderzoeker"}, {Code: 2, Value: "collega"}, {Code: 3, Value: "ib"}, {Code: 4, Value: "schoolleider"},
			}},
			{ID: "eigen", Type: survey.Likert, ShowIf: survey.MustParseCondition("role = 'leerkracht-onderzoeker'")},
			{ID: "anderen", Type: survey.Likert, ShowIf: survey.MustParseCondition("role != 'leerkracht-onderzoeker'")},
			{ID: "leiding", Type: survey.Likert, ShowIf: survey.MustParseCondition("role = 'schoolleider' or role = 'ib'")},
			{ID: "iedereen", Type: survey.Likert},
		}}},
	}
}

func TestSessionRole(t *testing.T) {
	t.Run("from the role item", func(t *testing.T) {
		s := survey.NewSession(roleInstrument(), "", nil)
		if s.Role() != "" {
			t.Errorf("role before answering = %q", s.Role())
		}
		if got := ids(s.VisibleItems()); !slices.Equal(got, []string{"functie", "iedereen"}) {
			t.Errorf("visible without a role: %q (role != x is false without a role)", got)
		}
		ch := mustSet(t, s, "functie", survey.Num(1))
		if ch.Role != "leerkracht-onderzoeker" || s.Role() != "leerkracht-onderzoeker" {
			t.Errorf("Change.Role = %q, Role = %q", ch.Role, s.Role())
		}
		if got := ids(s.VisibleItems()); !slices.Equal(got, []string{"functie", "eigen", "iedereen"}) {
			t.Errorf("visible for a teacher-researcher: %q", got)
		}
		mustSet(t, s, "eigen", survey.Num(4))
		mustSet(t, s, "iedereen", survey.Num(2))
		ch = mustSet(t, s, "functie", survey.Num(4))
		if ch.Role != "schoolleider" || !slices.Equal(ch.Cleared, []string{"eigen"}) {
			t.Errorf("changing the role: Change = %+v, want role schoolleider, eigen cleared", ch)
		}
		if got := ids(s.VisibleItems()); !slices.Equal(got, []string{"functie", "anderen", "leiding", "iedereen"}) {
			t.Errorf("visible for a school leader: %q", got)
		}
	})
	t.Run("the role item overrides a given role", func(t *testing.T) {
		s := survey.NewSession(roleInstrument(), "ib", nil)
		if s.Role() != "ib" {
			t.Errorf("given role: %q", s.Role())
		}
		mustSet(t, s, "functie", survey.Num(2))
		if s.Role() != "collega" {
			t.Errorf("role after answering collega: %q", s.Role())
		}
		ch := mustSet(t, s, "functie", survey.Value{})
		if ch.Role != "ib" {
			t.Errorf("role after emptying the role item: %q, want the given ib", ch.Role)
		}
	})
	t.Run("single audience", func(t *testing.T) {
		inst := roleInstrument()
		inst.Audience = []string{"schoolleider"}
		inst.Sections[0].Items = inst.Sections[0].Items[1:] // no role item
		s := survey.NewSession(inst, "", nil)
		if s.Role() != "schoolleider" {
			t.Errorf("role of a single-audience instrument = %q", s.Role())
		}
		if got := ids(s.VisibleItems()); !slices.Equal(got, []string{"anderen", "leiding", "iedereen"}) {
			t.Errorf("visible for the audience school leader: %q", got)
		}
		if s := survey.NewSession(inst, "ib", nil); s.Role() != "ib" {
			t.Errorf("a given role loses to the audience: %q", s.Role())
		}
	})
	t.Run("several audiences and no role item", func(t *testing.T) {
		inst := roleInstrument()
		inst.Sections[0].Items = inst.Sections[0].Items[1:]
		if s := survey.NewSession(inst, "", nil); s.Role() != "" {
			t.Errorf("role = %q, want none", s.Role())
		}
	})
	t.Run("the colleague questionnaire's audience", func(t *testing.T) {
		if s := survey.NewSession(colleagueInstrument(), "", nil); s.Role() != "collega" {
			t.Errorf("role = %q", s.Role())
		}
	})
}

// Conditions that depend on themselves, directly or in a circle, are
// refused by instrument validation; a session that meets one anyway must
// not recurse without end.
func TestSessionConditionCycle(t *testing.T) {
	inst := &survey.Instrument{ID: "kring", Sections: []survey.Section{{Items: []survey.Item{
		{ID: "a", Type: survey.Likert, ShowIf: survey.MustParseCondition("answered(b)")},
		{ID: "b", Type: survey.Likert, ShowIf: survey.MustParseCondition("answered(a) or a = 1")},
		{ID: "zelf", Type: survey.Likert, ShowIf: survey.MustParseCondition("not answered(zelf)")},
		{ID: "c", Type: survey.Likert},
		// Depending on a cyclic item is no cycle: a is hidden, so d shows.
		{ID: "d", Type: survey.Likert, ShowIf: survey.MustParseCondition("not answered(a)")},
	}}}}
	s := survey.NewSession(inst, "", answersOf(map[string]survey.Value{"a": survey.Num(1), "b": survey.Num(1), "zelf": survey.Num(1)}))
	for _, id := range []string{"a", "b", "zelf"} {
		if s.Visible(id) {
			t.Errorf("%s in a cycle is visible", id)
		}
	}
	if current(s) != "c" || !s.Visible("d") {
		t.Errorf("at %s, want c; d visible %v, want true", current(s), s.Visible("d"))
	}
}

// A zero answer where zero is a valid answer is kept, and Clear removes it.
func TestSessionZeroAnswers(t *testing.T) {
	inst := &survey.Instrument{ID: "nul", Sections: []survey.Section{{Items: []survey.Item{
		{ID: "jaren", Type: survey.Integer, Min: 0, Max: 45, Required: true},
		{ID: "nee0", Type: survey.SingleChoice, Options: []survey.Option{{Code: 0, Value: "nee"}, {Code: 1, Value: "ja"}}},
		{ID: "vervolg", Type: survey.OpenText, ShowIf: survey.MustParseCondition("nee0 = 'nee' and jaren = 0")},
	}}}}
	s := survey.NewSession(inst, "", nil)
	for _, id := range []string{"jaren", "nee0"} {
		if ch := mustSet(t, s, id, survey.Num(0)); ch.Empty {
			t.Errorf("Set(%s, 0) removed the answer", id)
		}
	}
	if !s.Visible("vervolg") || !s.CanSubmit() {
		t.Errorf("zero answers not seen: vervolg visible %v, can submit %v", s.Visible("vervolg"), s.CanSubmit())
	}
	mustSet(t, s, "vervolg", survey.TextValue("x"))
	ch, err := s.Clear("jaren")
	if err != nil || !ch.Empty || !slices.Equal(ch.Cleared, []string{"vervolg"}) {
		t.Errorf("Clear(jaren) = %+v, %v", ch, err)
	}
	if s.CanSubmit() {
		t.Error("CanSubmit after clearing the required item")
	}
}

func TestSessionMultipleChoiceIsNormalised(t *testing.T) {
	inst := &survey.Instrument{ID: "m", Sections: []survey.Section{{Items: []survey.Item{
		{ID: "wie", Type: survey.MultipleChoice, Options: []survey.Option{{Code: 1, Value: "ik"}, {Code: 2, Value: "collega"}, {Code: 3, Value: "regio"}}},
		{ID: "hoe", Type: survey.OpenText, ShowIf: survey.MustParseCondition("selected(wie, 'collega')")},
	}}}}
	s := survey.NewSession(inst, "", nil)
	ch := mustSet(t, s, "wie", survey.Value{Choices: []int{3, 2, 3}})
	if !slices.Equal(ch.Value.Choices, []int{2, 3}) || !s.Visible("hoe") {
		t.Errorf("Change.Value = %+v, hoe visible %v", ch.Value, s.Visible("hoe"))
	}
	mustSet(t, s, "hoe", survey.TextValue("in de teamvergadering"))
	ch = mustSet(t, s, "wie", survey.ChoicesValue(1))
	if !slices.Equal(ch.Cleared, []string{"hoe"}) {
		t.Errorf("deselecting collega cleared %q, want hoe", ch.Cleared)
	}
	if ch = mustSet(t, s, "wie", survey.Value{Choices: []int{}}); !ch.Empty {
		t.Errorf("no choices is not empty: %+v", ch)
	}
}

// Set is Plan then Apply: both ways give the same change and the same
// session.
func TestSessionSetIsPlanThenApply(t *testing.T) {
	steps := []struct {
		id string
		v  survey.Value
	}{{"kent", nee}, {"kent", ja}, {"weet", ja}, {"vertelt", survey.Num(2)}, {"weet", survey.Value{}}, {"opmerking", survey.TextValue("x")}}
	set := survey.NewSession(colleagueInstrument(), "", answersOf(fullYes()))
	planned := survey.NewSession(colleagueInstrument(), "", answersOf(fullYes()))
	for _, st := range steps {
		want := mustSet(t, set, st.id, st.v)
		got, err := planned.Plan(st.id, st.v)
		if err != nil {
			t.Fatalf("Plan(%s): %v", st.id, err)
		}
		if err := planned.Apply(got); err != nil {
			t.Fatalf("Apply(%s): %v", st.id, err)
		}
		if got.ItemID != want.ItemID || got.Empty != want.Empty || !got.Value.Equal(want.Value) || !slices.Equal(got.Cleared, want.Cleared) || got.Role != want.Role {
			t.Errorf("%s: planned %+v, Set gave %+v", st.id, got, want)
		}
		if !maps.EqualFunc(planned.Snapshot(), set.Snapshot(), survey.Value.Equal) {
			t.Errorf("%s: answers %v after Plan and Apply, %v after Set", st.id, planned.Snapshot(), set.Snapshot())
		}
	}
}

// A change planned before another one was applied, or one naming an
// unknown item, is refused and changes nothing.
func TestSessionApplyRefusesStaleChanges(t *testing.T) {
	s := survey.NewSession(colleagueInstrument(), "", answersOf(fullYes()))
	hide, err := s.Plan("kent", nee) // would clear weet and what follows it
	if err != nil {
		t.Fatal(err)
	}
	mustSet(t, s, "vertelt", survey.Num(1))
	held := s.Snapshot()
	if err := s.Apply(hide); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("Apply of a stale change = %v, want EINVALID", err)
	}
	if !maps.EqualFunc(s.Snapshot(), held, survey.Value.Equal) {
		t.Errorf("a refused Apply changed the answers: %v, want %v", s.Snapshot(), held)
	}
	bogus, err := s.Plan("kent", nee)
	if err != nil {
		t.Fatal(err)
	}
	bogus.Cleared = append(bogus.Cleared, "nergens")
	if err := s.Apply(bogus); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("Apply naming an unknown item = %v, want EINVALID", err)
	}
	if !maps.EqualFunc(s.Snapshot(), held, survey.Value.Equal) {
		t.Errorf("a refused Apply changed the answers: %v, want %v", s.Snapshot(), held)
	}
	if _, err := s.PlanClear("nergens"); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("PlanClear(nergens) = %v, want EINVALID", err)
	}
}
