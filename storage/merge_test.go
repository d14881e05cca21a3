package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"peil/pack"
	"peil/storage"
	"peil/storetest"
	"peil/survey"
)

// T is the start of the simulated school day.
var T = time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)

// editDefinitions is a pack.Option-like hook for exportPackage: it changes
// the definitions before they are written.
type editDefinitions func(*survey.Definitions)

// exportPackage writes the study's definitions and responses as a package.
func exportPackage(t testing.TB, s *storage.Store, studyID string, withResponses bool, opts ...any) []byte {
	t.Helper()
	ctx := context.Background()
	var d survey.Definitions
	var err error
	d.Study, err = s.Study(ctx, studyID)
	check(t, err)
	d.Workplaces, err = s.Workplaces(ctx, studyID)
	check(t, err)
	d.Schools, err = s.Schools(ctx, studyID)
	check(t, err)
	d.Rounds, err = s.Rounds(ctx, studyID)
	check(t, err)
	for _, r := range d.Rounds {
		in, err := s.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		check(t, err)
		d.Instruments = append(d.Instruments, in)
	}
	var popts []pack.Option
	for _, o := range opts {
		switch o := o.(type) {
		case pack.Option:
			popts = append(popts, o)
		case editDefinitions:
			o(&d)
		}
	}
	device, err := s.DeviceID(ctx)
	check(t, err)
	var buf bytes.Buffer
	w, err := pack.NewWriter(&buf, pack.Header{DeviceID: device, CreatedAt: T, Setup: !withResponses}, d, popts...)
	check(t, err)
	if withResponses {
		check(t, s.ScanResponses(ctx, survey.ResponseFilter{StudyID: studyID}, w.Add))
	}
	_, err = w.Close()
	check(t, err)
	return buf.Bytes()
}

// mergePackage reads a package and merges it into s.
func mergePackage(s *storage.Store, b []byte, ids ...age.Identity) (survey.MergeResult, error) {
	r, err := pack.NewReader(bytes.NewReader(b), ids...)
	if err != nil {
		return survey.MergeResult{}, err
	}
	d := r.Definitions
	return s.Merge(context.Background(), d, r.Records())
}

func mustMerge(t testing.TB, s *storage.Store, b []byte) survey.MergeResult {
	t.Helper()
	res, err := mergePackage(s, b)
	check(t, err)
	return res
}

// dump is a canonical text of every study, round and response with its
// answers, sorted, to compare databases.
func dump(t testing.TB, s *storage.Store) string {
	t.Helper()
	ctx := context.Background()
	if err := storage.CheckPacked(ctx, s); err != nil {
		t.Fatalf("packed answers: %v", err)
	}
	var lines []string
	studies, err := s.Studies(ctx)
	check(t, err)
	for _, st := range studies {
		lines = append(lines, fmt.Sprintf("study %s %s %s", st.ID, st.Code, st.Title))
		rounds, err := s.Rounds(ctx, st.ID)
		check(t, err)
		for _, r := range rounds {
			lines = append(lines, fmt.Sprintf("round %s %s %s@%d", r.ID, r.Name, r.InstrumentID, r.InstrumentVersion))
		}
		schools, err := s.Schools(ctx, st.ID)
		check(t, err)
		for _, sc := range schools {
			lines = append(lines, fmt.Sprintf("school %s %s %s", sc.ID, sc.Code, sc.WorkplaceID))
		}
		check(t, s.ScanResponses(ctx, survey.ResponseFilter{StudyID: st.ID}, func(rec survey.ResponseRecord) error {
			r := rec.Response
			line := fmt.Sprintf("response %s %s %s %s %s %s %s@%d %d %d %s:", r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role,
				r.Status, r.InstrumentID, r.InstrumentVersion, r.StartedAt.UnixNano(), r.FinishedAt.UnixNano(), r.DeviceID)
			for _, a := range rec.Answers {
				line += fmt.Sprintf(" %s=%+v@%d", a.ItemID, a.Value, a.AnsweredAt.UnixNano())
			}
			lines = append(lines, line)
			return nil
		}))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

type laptops struct {
	hq          *storage.Store
	f           fixture
	packages    map[string][]byte // A, B, C
	shared      string            // response finished on C, still in progress on A
	tie         string            // answered at the same moment on A and B
	dualB       string            // DUAL-0001 on B (older)
	dualC       string            // DUAL-0001 on C (newer)
	tieVersions map[string]survey.ResponseRecord
}

// simulate sets up three laptops from the researcher's database and
// collects overlapping and conflicting responses on them.
func simulate(t *testing.T) laptops {
	ctx := context.Background()
	dir := t.TempDir()
	var l laptops
	l.hq = openAt(t, filepath.Join(dir, "hq.db"))
	l.f = mustFixture(t, l.hq)
	f := l.f
	setup := exportPackage(t, l.hq, f.study.ID, false)
	lap := map[string]*storage.Store{}
	for _, name := range []string{"A", "B", "C"} {
		lap[name] = openAt(t, filepath.Join(dir, name+".db"))
		if res := mustMerge(t, lap[name], setup); res.DefinitionsAdded != 1+2+3+1+1 || res.Added != 0 {
			t.Fatalf("setup of laptop %s: %+v", name, res)
		}
	}
	A, B, C := lap["A"], lap["B"], lap["C"]
	startAt := func(s *storage.Store, school int, code string, at time.Time) string {
		r, err := s.StartResponse(ctx, survey.Response{RoundID: f.round.ID, SchoolID: f.schools[school].ID, RespondentCode: code, StartedAt: at})
		check(t, err)
		return r.ID
	}
	answer := func(s *storage.Store, id, item string, v int, at time.Time) {
		check(t, s.SaveAnswer(ctx, id, survey.Answer{ItemID: item, Value: survey.Num(v), AnsweredAt: at}, nil, survey.RoleTeacher))
	}
	complete := func(s *storage.Store, id string, at time.Time) { check(t, s.CompleteResponse(ctx, id, at)) }

	// Only on A, B, C: one complete response each.
	for i, s := range []*storage.Store{A, B, C} {
		id := startAt(s, i, fmt.Sprintf("ONLY-000%d", i), T)
		answer(s, id, "q1", 4, T.Add(time.Minute))
		complete(s, id, T.Add(2*time.Minute))
	}
	// Started on A; A's early package goes to C, where the respondent
	// finishes. A later adds an answer but never completes.
	l.shared = startAt(A, 0, "SHAR-0001", T)
	answer(A, l.shared, "q1", 3, T.Add(10*time.Minute))
	mustMerge(t, C, exportPackage(t, A, f.study.ID, true))
	answer(C, l.shared, "q2", 5, T.Add(20*time.Minute))
	complete(C, l.shared, T.Add(21*time.Minute))
	answer(A, l.shared, "q2", 1, T.Add(30*time.Minute))
	// One person started on two laptops: the later one (C) wins.
	l.dualB = startAt(B, 1, "DUAL-0001", T)
	answer(B, l.dualB, "q1", 2, T.Add(40*time.Minute))
	l.dualC = startAt(C, 1, "DUAL-0001", T.Add(time.Minute))
	answer(C, l.dualC, "q1", 5, T.Add(50*time.Minute))
	// Started on B, copied to A; both add an answer at the same moment:
	// the content hash decides.
	l.tie = startAt(B, 2, "TIEE-0001", T)
	answer(B, l.tie, "q1", 1, T.Add(time.Hour))
	mustMerge(t, A, exportPackage(t, B, f.study.ID, true))
	answer(A, l.tie, "q2", 3, T.Add(2*time.Hour))
	answer(B, l.tie, "q2", 4, T.Add(2*time.Hour))

	l.packages = map[string][]byte{}
	l.tieVersions = map[string]survey.ResponseRecord{}
	for name, s := range lap {
		l.packages[name] = exportPackage(t, s, f.study.ID, true)
		check(t, s.ScanResponses(ctx, survey.ResponseFilter{}, func(rec survey.ResponseRecord) error {
			if rec.Response.ID == l.tie {
				l.tieVersions[name] = rec
			}
			return nil
		}))
	}
	return l
}

// TestMergeEveryOrder merges the three laptops' packages into copies of
// the researcher's database in all six orders, each twice, and expects the
// same database every time, with the stated conflict rule applied.
func TestMergeEveryOrder(t *testing.T) {
	ctx := context.Background()
	l := simulate(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.db")
	check(t, l.hq.Backup(ctx, base))

	perms := storetest.Permutations([]string{"A", "B", "C"})
	if len(perms) != 6 {
		t.Fatalf("%d permutations", len(perms))
	}
	var first string
	for i, order := range perms {
		path := filepath.Join(dir, fmt.Sprintf("hq-%d.db", i))
		copyStore := openAt(t, base)
		check(t, copyStore.Backup(ctx, path))
		s := openAt(t, path)
		conflicts := map[string]bool{}
		for _, name := range order {
			res := mustMerge(t, s, l.packages[name])
			for _, c := range res.Conflicts {
				conflicts[c.RespondentCode] = true
			}
		}
		// shared (A and C), dual (A, B and C), tie (A and B), whatever the
		// order; nothing else differs.
		if got := slices.Sorted(maps.Keys(conflicts)); !slices.Equal(got, []string{"DUAL-0001", "SHAR-0001", "TIEE-0001"}) {
			t.Errorf("order %v: conflicts for %v", order, got)
		}
		once := dump(t, s)
		for _, name := range order {
			res := mustMerge(t, s, l.packages[name])
			if res.Added != 0 || res.DefinitionsAdded != 0 {
				t.Errorf("order %v, second import of %s added %d responses, %d definitions", order, name, res.Added, res.DefinitionsAdded)
			}
			for _, c := range res.Conflicts {
				if c.Kept != survey.KeptExisting {
					t.Errorf("order %v, second import of %s replaced %s (%s)", order, name, c.ResponseID, c.Reason)
				}
			}
		}
		twice := dump(t, s)
		if once != twice {
			t.Errorf("order %v: the second import changed the database:\n%s\n---\n%s", order, once, twice)
		}
		if i == 0 {
			first = once
			continue
		}
		if once != first {
			t.Errorf("order %v gives another database than %v:\n%s\n---\n%s", order, perms[0], once, first)
		}
	}

	// The rule, checked on the result.
	s := openAt(t, filepath.Join(dir, "hq-0.db"))
	responses, err := s.Responses(ctx, l.f.round.ID)
	check(t, err)
	if len(responses) != 6 {
		t.Errorf("%d responses, want 6 (three single, shared, dual, tie)", len(responses))
	}
	shared, err := s.Response(ctx, l.shared)
	check(t, err)
	if shared.Status != survey.Complete {
		t.Errorf("shared response is %s; the complete copy from C should beat A's later in-progress copy", shared.Status)
	}
	if ans := answerMap(t, s, l.shared); ans["q2"].Number != 5 {
		t.Errorf("shared response answers %v, want C's q2 = 5", ans)
	}
	dual, err := s.ResponseFor(ctx, l.f.round.ID, "DUAL-0001")
	check(t, err)
	if dual.ID != l.dualC {
		t.Errorf("DUAL-0001 kept response %s, want C's newer %s", dual.ID, l.dualC)
	}
	winner := "A"
	if newer, _ := survey.Newer(l.tieVersions["B"], l.tieVersions["A"]); newer {
		winner = "B"
	}
	want := map[string]int{"A": 3, "B": 4}[winner]
	if ans := answerMap(t, s, l.tie); ans["q2"].Number != want {
		t.Errorf("tie response answers %v, want laptop %s's q2 = %d (larger content hash)", ans, winner, want)
	}
}

func TestMergeCountsPerSchool(t *testing.T) {
	l := simulate(t)
	res := mustMerge(t, l.hq, l.packages["C"])
	// C holds ONLY-0000 (from A's early package), ONLY-0002, SHAR, DUAL.
	if res.Added != 4 || res.Duplicates != 0 || len(res.Conflicts) != 0 {
		t.Fatalf("first package: %+v", res)
	}
	res = mustMerge(t, l.hq, l.packages["A"])
	// A: ONLY-0000 duplicate; ONLY-0001 and TIEE (from B's early package
	// and A's own) new; SHAR conflict (kept C's complete copy); DUAL-0001
	// from B conflicts with C's newer one.
	if res.Added != 2 || res.Duplicates != 1 || len(res.Conflicts) != 2 {
		t.Fatalf("second package: %+v", res)
	}
	byCode := map[string]survey.MergeConflict{}
	for _, c := range res.Conflicts {
		byCode[c.RespondentCode] = c
	}
	if c := byCode["SHAR-0001"]; c.ResponseID != l.shared || c.Kept != survey.KeptExisting || c.SchoolCode != "WOA-02" ||
		c.RoundName != "2025 najaar" || !strings.Contains(c.Reason, "complete") {
		t.Errorf("shared conflict %+v", c)
	}
	if c := byCode["DUAL-0001"]; c.ResponseID != l.dualB || c.ExistingID != l.dualC || c.Kept != survey.KeptExisting ||
		!strings.Contains(c.Reason, "later last answer") {
		t.Errorf("dual conflict %+v", c)
	}
	var got []string
	for _, sc := range res.Schools {
		got = append(got, fmt.Sprintf("%s new %d dup %d conflict %d", sc.School.Code, sc.New, sc.Duplicate, sc.Conflicts))
	}
	want := "POINT-01 new 1 dup 0 conflict 1; WOA-01 new 1 dup 0 conflict 0; WOA-02 new 0 dup 1 conflict 1"
	if strings.Join(got, "; ") != want {
		t.Errorf("per school:\n got %s\nwant %s", strings.Join(got, "; "), want)
	}
}

// TestMergeRefusesBrokenPackages: a package that is cut short, altered,
// encrypted for another key, or from another setup of the study fails
// with a clear error and leaves the database as it was.
func TestMergeRefusesBrokenPackages(t *testing.T) {
	ctx := context.Background()
	l := simulate(t)
	good := l.packages["A"]
	key, err := pack.GenerateKey(T)
	check(t, err)
	rcp, err := pack.ParseRecipient(key.Public)
	check(t, err)
	other, err := pack.GenerateKey(T)
	check(t, err)
	otherIDs, err := pack.ParseIdentities(bytes.NewReader(other.File))
	check(t, err)

	// Another researcher set up a study with the same code.
	elsewhere := openAt(t, filepath.Join(t.TempDir(), "elsewhere.db"))
	ef := mustFixture(t, elsewhere)
	_, err = elsewhere.StartResponse(ctx, survey.Response{RoundID: ef.round.ID, SchoolID: ef.schools[0].ID, RespondentCode: "ELSE-0001"})
	check(t, err)
	wrongStudy := exportPackage(t, elsewhere, ef.study.ID, true)
	// The same study, but a school renamed on the laptop.
	renamed := exportPackage(t, l.hq, l.f.study.ID, false, editDefinitions(func(d *survey.Definitions) { d.Schools[0].Name = "Andere naam" }))

	// A cut in the middle of the responses: some are read before the
	// reader notices.
	mid := good[:len(good)*3/4]
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40

	cases := []struct {
		name string
		pkg  []byte
		ids  []age.Identity
		want error
		text string
	}{
		{"truncated", mid, nil, pack.ErrTruncated, "incomplete"},
		{"one byte flipped", flipped, nil, pack.ErrDamaged, "damaged"},
		{"wrong key", exportPackage(t, l.hq, l.f.study.ID, true, pack.EncryptTo(rcp)), otherIDs, pack.ErrWrongKey, "another key"},
		{"no key", exportPackage(t, l.hq, l.f.study.ID, true, pack.EncryptTo(rcp)), nil, pack.ErrEncrypted, "encrypted"},
		{"wrong study", wrongStudy, nil, nil, `another study with code "monitor-po"`},
		{"definitions differ", renamed, nil, nil, "differs from the one with the same id in this database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := dump(t, l.hq)
			_, err := mergePackage(l.hq, c.pkg, c.ids...)
			if err == nil {
				t.Fatal("the package was merged")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("error %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.text) {
				t.Errorf("error %q does not say %q", err, c.text)
			}
			if after := dump(t, l.hq); after != before {
				t.Errorf("the database changed:\n%s\n---\n%s", before, after)
			}
		})
	}
	// The good package still merges: the failures above were the package's.
	if res := mustMerge(t, l.hq, good); res.Added == 0 {
		t.Errorf("good package added nothing: %+v", res)
	}
}
