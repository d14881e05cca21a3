package storetest

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"peil/survey"
)

// setupDefinitions is how many definitions the fixture's setup package
// brings: a study, two workplaces, three schools, an instrument version
// and a round.
const setupDefinitions = 1 + 2 + 3 + 1 + 1

// laptop opens a new store and sets it up from p.
func laptop(t *testing.T, o Opener, p pkg) *env {
	t.Helper()
	l := newEnv(t, o)
	if res := l.mustMerge(p); res.DefinitionsAdded != len(p.defs.Workplaces)+len(p.defs.Schools)+len(p.defs.Rounds)+len(p.defs.Instruments)+1 ||
		res.Added != 0 || res.Duplicates != 0 || len(res.Conflicts) != 0 {
		t.Fatalf("setting up a laptop: %+v", res)
	}
	return l
}

// testMergeSetup: a setup package brings its definitions as they are; a
// second time it adds nothing; a round's open state may differ.
func testMergeSetup(t *testing.T, o Opener) {
	hq := newEnv(t, o)
	f := hq.fixture()
	setup := hq.export(f.study.ID, false)
	l := laptop(t, o, setup)
	if got, want := l.dump(), hq.dump(); got != want {
		t.Errorf("the laptop's definitions differ from the researcher's:\n%s\n---\n%s", got, want)
	}
	in, err := l.s.Instrument(l.ctx, f.inst.ID, f.inst.Version)
	l.check(err)
	sameInstrument(t, "instrument on the laptop", in, f.inst)

	res := l.mustMerge(setup)
	if res.DefinitionsAdded != 0 || res.Added != 0 || len(res.Conflicts) != 0 || len(res.Schools) != 0 {
		t.Errorf("the setup a second time: %+v", res)
	}
	// The researcher closes the round: the package still fits.
	hq.check(hq.s.SetRoundOpen(hq.ctx, f.round.ID, false))
	if _, err := l.merge(hq.export(f.study.ID, false)); err != nil {
		t.Errorf("a package whose round is closed: %v", err)
	}
	// A new school and round come with the next package.
	school, err := hq.s.CreateSchool(hq.ctx, survey.School{WorkplaceID: f.workplaces[1].ID, Code: "POINT-02", Name: "Nieuw"})
	hq.check(err)
	hq.round(f, "2026 voorjaar", true)
	res = l.mustMerge(hq.export(f.study.ID, false))
	if res.DefinitionsAdded != 2 {
		t.Errorf("a package with a new school and round added %d definitions, want 2", res.DefinitionsAdded)
	}
	if got, err := l.s.School(l.ctx, school.ID); err != nil || got != school {
		t.Errorf("new school on the laptop = %+v, %v; want %+v", got, err, school)
	}
}

// testMergeDuplicates: merging the same package twice adds its responses
// once; the second time they are duplicates and nothing changes. Responses
// merge into closed rounds too.
func testMergeDuplicates(t *testing.T, o Opener) {
	hq := newEnv(t, o)
	f := hq.fixture()
	l := laptop(t, o, hq.export(f.study.ID, false))
	for i, code := range []string{"AAAA-0001", "BBBB-0002", "CCCC-0003"} {
		r := l.start(f, i, code)
		l.answer(r.ID, "q1", i+1)
		if i != 1 {
			l.check(l.s.CompleteResponse(l.ctx, r.ID, time.Time{}))
		}
	}
	p := l.export(f.study.ID, true)
	if len(p.records) != 3 {
		t.Fatalf("the laptop's package holds %d responses, want 3", len(p.records))
	}
	hq.check(hq.s.SetRoundOpen(hq.ctx, f.round.ID, false))

	res := hq.mustMerge(p)
	if res.Added != 3 || res.Duplicates != 0 || len(res.Conflicts) != 0 || res.DefinitionsAdded != 0 {
		t.Errorf("first merge: %+v, want 3 added", res)
	}
	// Per school, ordered by school code.
	want := []survey.SchoolMerge{{School: f.schools[1], New: 1}, {School: f.schools[2], New: 1}, {School: f.schools[0], New: 1}}
	if !slices.Equal(res.Schools, want) {
		t.Errorf("first merge per school = %+v, want %+v", res.Schools, want)
	}
	if got, want := hq.responses(), l.responses(); got != want {
		t.Errorf("after merging, the researcher's responses differ from the laptop's:\n%s\n---\n%s", got, want)
	}
	once := hq.dump()
	res = hq.mustMerge(p)
	if res.Added != 0 || res.Duplicates != 3 || len(res.Conflicts) != 0 || res.DefinitionsAdded != 0 {
		t.Errorf("second merge: %+v, want 3 duplicates", res)
	}
	want = []survey.SchoolMerge{{School: f.schools[1], Duplicate: 1}, {School: f.schools[2], Duplicate: 1}, {School: f.schools[0], Duplicate: 1}}
	if !slices.Equal(res.Schools, want) {
		t.Errorf("second merge per school = %+v, want %+v", res.Schools, want)
	}
	if twice := hq.dump(); twice != once {
		t.Errorf("the second merge changed the store:\n%s\n---\n%s", once, twice)
	}
	// Merging the researcher's store back into the laptop changes nothing
	// either.
	before := l.dump()
	res = l.mustMerge(hq.export(f.study.ID, true))
	if res.Added != 0 || res.Duplicates != 3 || len(res.Conflicts) != 0 {
		t.Errorf("merging back: %+v, want 3 duplicates", res)
	}
	if after := l.dump(); after != before {
		t.Errorf("merging back changed the laptop:\n%s\n---\n%s", before, after)
	}
}

// version makes one version of a response to the fixture's round for
// merge tests: complete when finished is not zero, with one answer to q1
// (value v) at answered.
func version(f fixture, id, code string, answered, finished time.Time, v int) survey.ResponseRecord {
	r := survey.Response{ID: id, RoundID: f.round.ID, SchoolID: f.schools[0].ID, RespondentCode: code, Role: survey.RoleTeacher,
		Status: survey.InProgress, InstrumentID: f.inst.ID, InstrumentVersion: f.inst.Version, StartedAt: t0, DeviceID: "laptop-" + id[:4]}
	if !finished.IsZero() {
		r.Status, r.FinishedAt = survey.Complete, finished
	}
	return survey.ResponseRecord{Response: r, Answers: []survey.Answer{{ItemID: "q1", Value: survey.Num(v), AnsweredAt: answered}}}
}

// testMergeRule: of two versions of a response, a complete one beats one
// in progress, otherwise the later one wins, and at the same time the one
// with the larger content hash; in either order, with the same result.
func testMergeRule(t *testing.T, o Opener) {
	hq := newEnv(t, o)
	f := hq.fixture()
	setup := hq.export(f.study.ID, false)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	// larger returns the version with the larger content hash first.
	larger := func(a, b survey.ResponseRecord) (survey.ResponseRecord, survey.ResponseRecord) {
		if ha, hb := survey.ContentHash(a), survey.ContentHash(b); bytes.Compare(ha[:], hb[:]) < 0 {
			return b, a
		}
		return a, b
	}
	type pair struct{ winner, loser survey.ResponseRecord }
	cases := []struct {
		name string
		make func(id, other string) pair
	}{
		{"complete beats a later one in progress", func(id, _ string) pair {
			return pair{version(f, id, "R1", at(1), at(2), 1), version(f, id, "R1", at(30), time.Time{}, 2)}
		}},
		{"later last answer, both in progress", func(id, _ string) pair {
			return pair{version(f, id, "R2", at(20), time.Time{}, 2), version(f, id, "R2", at(10), time.Time{}, 1)}
		}},
		{"later finish, both complete", func(id, _ string) pair {
			return pair{version(f, id, "R3", at(1), at(20), 2), version(f, id, "R3", at(15), at(19), 1)}
		}},
		{"same last answer: larger content hash", func(id, _ string) pair {
			w, l := larger(version(f, id, "R4", at(5), time.Time{}, 3), version(f, id, "R4", at(5), time.Time{}, 4))
			return pair{w, l}
		}},
		{"same finish: larger content hash", func(id, _ string) pair {
			w, l := larger(version(f, id, "R5", at(1), at(9), 1), version(f, id, "R5", at(2), at(9), 2))
			return pair{w, l}
		}},
		{"another response of the same respondent, later", func(id, other string) pair {
			return pair{version(f, other, "R6", at(20), time.Time{}, 2), version(f, id, "R6", at(10), time.Time{}, 1)}
		}},
		{"another response of the same respondent, complete", func(id, other string) pair {
			return pair{version(f, id, "R7", at(1), at(2), 2), version(f, other, "R7", at(10), time.Time{}, 1)}
		}},
	}
	// One store takes every winner first, the other every loser first.
	stores := []*env{laptop(t, o, setup), laptop(t, o, setup)}
	for i, tt := range cases {
		p := tt.make(fmt.Sprintf("%08d-0000-4000-8000-000000000001", i), fmt.Sprintf("%08d-0000-4000-8000-000000000002", i))
		code := p.winner.Response.RespondentCode
		for si, order := range [][2]survey.ResponseRecord{{p.winner, p.loser}, {p.loser, p.winner}} {
			e, first, second := stores[si], order[0], order[1]
			name := fmt.Sprintf("%s (%s first)", tt.name, []string{"winner", "loser"}[si])
			if res := e.mustMerge(pkg{setup.defs, []survey.ResponseRecord{first}}); res.Added != 1 {
				t.Errorf("%s: merging the first version: %+v", name, res)
			}
			res := e.mustMerge(pkg{setup.defs, []survey.ResponseRecord{second}})
			if res.Added != 0 || res.Duplicates != 0 || len(res.Conflicts) != 1 {
				t.Errorf("%s: merging the second version: %+v, want one conflict", name, res)
				continue
			}
			wantKept := survey.KeptExisting
			if si == 1 {
				wantKept = survey.KeptIncoming
			}
			c := res.Conflicts[0]
			want := survey.MergeConflict{ResponseID: second.Response.ID, ExistingID: first.Response.ID, RoundName: f.round.Name,
				SchoolID: f.schools[0].ID, SchoolCode: f.schools[0].Code, RespondentCode: code, Kept: wantKept, Reason: c.Reason}
			if c != want || c.Reason == "" {
				t.Errorf("%s: conflict %+v, want %+v with a reason", name, c, want)
			}
			if want := []survey.SchoolMerge{{School: f.schools[0], Conflicts: 1}}; !slices.Equal(res.Schools, want) {
				t.Errorf("%s: per school %+v, want %+v", name, res.Schools, want)
			}
			var kept []survey.ResponseRecord
			for _, rec := range e.scanAll(survey.ResponseFilter{}) {
				if rec.Response.RespondentCode == code {
					kept = append(kept, rec)
				}
			}
			if len(kept) != 1 || !sameRecord(kept[0], p.winner) {
				t.Errorf("%s: the store holds %d versions, want only the winner %s", name, len(kept), recordLine(p.winner))
				for _, r := range kept {
					t.Logf("  %s", recordLine(r))
				}
			}
			if r, err := e.s.ResponseFor(e.ctx, f.round.ID, code); err != nil || r.ID != p.winner.Response.ID {
				t.Errorf("%s: ResponseFor = %+v, %v; want the winner %s", name, r, err, p.winner.Response.ID)
			}
			// Both versions once more: the winner is a duplicate, the loser
			// loses again; nothing changes.
			before := e.dump()
			res = e.mustMerge(pkg{setup.defs, []survey.ResponseRecord{p.loser, p.winner}})
			if res.Added != 0 || res.Duplicates != 1 || len(res.Conflicts) != 1 || res.Conflicts[0].Kept != survey.KeptExisting {
				t.Errorf("%s: merging both versions again: %+v, want the winner a duplicate and the loser's conflict kept as it is", name, res)
			}
			if after := e.dump(); after != before {
				t.Errorf("%s: merging both versions again changed the store:\n%s\n---\n%s", name, before, after)
			}
		}
	}
	if a, b := stores[0].dump(), stores[1].dump(); a != b {
		t.Errorf("the order of the merges changed the result:\n%s\n---\n%s", a, b)
	}
}

// testMergeEveryOrder: three laptops collect overlapping and conflicting
// responses; merging their packages in all six orders, each twice, gives
// the same store every time, with the rule applied.
func testMergeEveryOrder(t *testing.T, o Opener) {
	hq := newEnv(t, o)
	f := hq.fixture()
	setup := hq.export(f.study.ID, false)
	lap := map[string]*env{}
	for _, name := range []string{"A", "B", "C"} {
		lap[name] = laptop(t, o, setup)
	}
	A, B, C := lap["A"], lap["B"], lap["C"]
	startAt := func(l *env, school int, code string, at time.Time) string {
		t.Helper()
		r, err := l.s.StartResponse(l.ctx, survey.Response{RoundID: f.round.ID, SchoolID: f.schools[school].ID, RespondentCode: code, StartedAt: at})
		l.check(err)
		return r.ID
	}
	answer := func(l *env, id, item string, v int, at time.Time) {
		t.Helper()
		l.check(l.s.SaveAnswer(l.ctx, id, survey.Answer{ItemID: item, Value: survey.Num(v), AnsweredAt: at}, nil, survey.RoleTeacher))
	}
	complete := func(l *env, id string, at time.Time) { t.Helper(); l.check(l.s.CompleteResponse(l.ctx, id, at)) }

	// Only on A, B, C: one complete response each.
	for i, l := range []*env{A, B, C} {
		id := startAt(l, i, fmt.Sprintf("ONLY-000%d", i), t0)
		answer(l, id, "q1", 4, t0.Add(time.Minute))
		complete(l, id, t0.Add(2*time.Minute))
	}
	// Started on A; A's early package goes to C, where the respondent
	// finishes. A later adds an answer but never completes.
	shared := startAt(A, 0, "SHAR-0001", t0)
	answer(A, shared, "q1", 3, t0.Add(10*time.Minute))
	C.mustMerge(A.export(f.study.ID, true))
	answer(C, shared, "q2", 5, t0.Add(20*time.Minute))
	complete(C, shared, t0.Add(21*time.Minute))
	answer(A, shared, "q2", 1, t0.Add(30*time.Minute))
	// One person started on two laptops: the later one (C) wins.
	startAt(B, 1, "DUAL-0001", t0)
	dualB, err := B.s.ResponseFor(B.ctx, f.round.ID, "DUAL-0001")
	B.check(err)
	answer(B, dualB.ID, "q1", 2, t0.Add(40*time.Minute))
	dualC := startAt(C, 1, "DUAL-0001", t0.Add(time.Minute))
	answer(C, dualC, "q1", 5, t0.Add(50*time.Minute))
	// Started on B, copied to A; both add an answer at the same moment:
	// the content hash decides.
	tie := startAt(B, 2, "TIEE-0001", t0)
	answer(B, tie, "q1", 1, t0.Add(time.Hour))
	A.mustMerge(B.export(f.study.ID, true))
	answer(A, tie, "q2", 3, t0.Add(2*time.Hour))
	answer(B, tie, "q2", 4, t0.Add(2*time.Hour))

	packages := map[string]pkg{}
	tieVersions := map[string]survey.ResponseRecord{}
	for name, l := range lap {
		packages[name] = l.export(f.study.ID, true)
		for _, rec := range packages[name].records {
			if rec.Response.ID == tie {
				tieVersions[name] = rec
			}
		}
	}

	perms := Permutations([]string{"A", "B", "C"})
	var first string
	var firstStore *env
	for i, order := range perms {
		e := laptop(t, o, setup)
		conflicts := map[string]bool{}
		for _, name := range order {
			res := e.mustMerge(packages[name])
			for _, c := range res.Conflicts {
				conflicts[c.RespondentCode] = true
			}
		}
		// shared (A and C), dual (B and C), tie (A and B), whatever the
		// order; nothing else differs.
		if got := slices.Sorted(maps.Keys(conflicts)); !slices.Equal(got, []string{"DUAL-0001", "SHAR-0001", "TIEE-0001"}) {
			t.Errorf("order %v: conflicts for %v", order, got)
		}
		once := e.dump()
		for _, name := range order {
			res := e.mustMerge(packages[name])
			if res.Added != 0 || res.DefinitionsAdded != 0 {
				t.Errorf("order %v, second merge of %s added %d responses, %d definitions", order, name, res.Added, res.DefinitionsAdded)
			}
			for _, c := range res.Conflicts {
				if c.Kept != survey.KeptExisting {
					t.Errorf("order %v, second merge of %s replaced %s (%s)", order, name, c.ResponseID, c.Reason)
				}
			}
		}
		if twice := e.dump(); once != twice {
			t.Errorf("order %v: the second merges changed the store:\n%s\n---\n%s", order, once, twice)
		}
		if i == 0 {
			first, firstStore = once, e
		} else if once != first {
			t.Errorf("order %v gives another store than %v:\n%s\n---\n%s", order, perms[0], once, first)
		}
	}

	// The rule, checked on the result.
	s, ctx := firstStore.s, firstStore.ctx
	responses, err := s.Responses(ctx, f.round.ID)
	firstStore.check(err)
	if len(responses) != 6 {
		t.Errorf("%d responses, want 6 (three single, shared, dual, tie)", len(responses))
	}
	if r, err := s.Response(ctx, shared); err != nil || r.Status != survey.Complete {
		t.Errorf("shared response = %+v, %v; the complete copy from C should beat A's later copy in progress", r, err)
	}
	if ans := firstStore.answers(shared); ans["q2"].Number != 5 {
		t.Errorf("shared response answers %v, want C's q2 = 5", ans)
	}
	if dual, err := s.ResponseFor(ctx, f.round.ID, "DUAL-0001"); err != nil || dual.ID != dualC {
		t.Errorf("DUAL-0001 kept response %s (%v), want C's newer %s", dual.ID, err, dualC)
	}
	if _, err := s.Response(ctx, dualB.ID); !survey.IsNotFound(err) {
		t.Errorf("B's older response of DUAL-0001 is still there: %v", err)
	}
	winner := "A"
	if ha, hb := survey.ContentHash(tieVersions["A"]), survey.ContentHash(tieVersions["B"]); bytes.Compare(hb[:], ha[:]) > 0 {
		winner = "B"
	}
	want := map[string]int{"A": 3, "B": 4}[winner]
	if ans := firstStore.answers(tie); ans["q2"].Number != want {
		t.Errorf("tie response answers %v, want laptop %s's q2 = %d (larger content hash)", ans, winner, want)
	}
}

// Permutations returns every order of xs (n! of them), for tests that
// merge packages in every order.
func Permutations(xs []string) [][]string {
	if len(xs) <= 1 {
		return [][]string{slices.Clone(xs)}
	}
	var out [][]string
	for i := range xs {
		rest := slices.Concat(xs[:i:i], xs[i+1:])
		for _, p := range Permutations(rest) {
			out = append(out, append([]string{xs[i]}, p...))
		}
	}
	return out
}
