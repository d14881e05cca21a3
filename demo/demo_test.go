package demo_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"peil/demo"
	"peil/instruments"
	"peil/storage"
	"peil/survey"
)

func builtins(t testing.TB, ids ...string) []*survey.Instrument {
	t.Helper()
	var out []*survey.Instrument
	for _, id := range ids {
		in, err := instruments.Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, in)
	}
	return out
}

func openStore(t testing.TB) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "peil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// pilotStore is a database with the example study of all three
// instruments.
func pilotStore(t testing.TB) (*storage.Store, survey.Study) {
	t.Helper()
	s := openStore(t)
	study, err := demo.ExampleStudy(context.Background(), s,
		builtins(t, demo.CultureSurvey, demo.TeacherResearcher, demo.Colleague)...)
	if err != nil {
		t.Fatal(err)
	}
	return s, study
}

// scanAll reads every response of the study, complete or not.
func scanAll(t testing.TB, s *storage.Store, f survey.ResponseFilter) []survey.ResponseRecord {
	t.Helper()
	var out []survey.ResponseRecord
	if err := s.ScanResponses(context.Background(), f, func(r survey.ResponseRecord) error {
		out = append(out, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExampleStudyStructure(t *testing.T) {
	ctx := context.Background()
	s, study := pilotStore(t)
	if study.Code != demo.StudyCode {
		t.Errorf("study code %q", study.Code)
	}
	wps, err := s.Workplaces(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	schools, err := s.Schools(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	perWP := map[string]int{}
	wpCode := map[string]string{}
	for _, w := range wps {
		wpCode[w.ID] = w.Code
	}
	for _, sc := range schools {
		perWP[wpCode[sc.WorkplaceID]]++
	}
	if want := map[string]int{"WOA": 12, "POINT": 11, "WOU": 15, "KWP": 4}; !reflect.DeepEqual(perWP, want) {
		t.Errorf("schools per workplace = %v, want %v", perWP, want)
	}

	rounds, err := s.Rounds(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rounds {
		names = append(names, fmt.Sprintf("%s:%v", r.Name, r.Open))
	}
	want := []string{
		"Meting 2024:false", "Leerkracht-onderzoekers 2024:false", "Collega's 2024:false",
		"Meting 2025:false", "Leerkracht-onderzoekers 2025:false", "Collega's 2025:false",
		"Meting 2026:true", "Leerkracht-onderzoekers 2026:true", "Collega's 2026:true",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("rounds = %v, want %v", names, want)
	}

	targets, err := s.Targets(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 2 || targets[0].MeasureID != "datagebruik" || targets[0].Value != 3.5 {
		t.Errorf("targets = %+v", targets)
	}
}

// TestExampleStudySizes checks the latest round's responses per workplace
// against the monitoring report's numbers.
func TestExampleStudySizes(t *testing.T) {
	ctx := context.Background()
	s, study := pilotStore(t)
	rounds, err := s.Rounds(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{
		"Meting 2026":                  {"WOA": 44, "POINT": 102, "WOU": 50, "KWP": 26},
		"Leerkracht-onderzoekers 2026": {"WOA": 13, "POINT": 9, "WOU": 12, "KWP": 5},
		"Collega's 2026":               {"WOA": 31, "POINT": 93, "WOU": 38, "KWP": 17},
	}
	small := 0
	for _, r := range rounds {
		counts, err := s.ResponseCounts(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		inProgress := 0
		for _, c := range counts {
			got[c.Workplace.Code] += c.Complete + c.InProgress
			inProgress += c.InProgress
			if r.InstrumentID == demo.CultureSurvey && c.Complete > 0 && c.Complete < survey.DefaultMinGroupSize {
				small++
			}
		}
		if w, ok := want[r.Name]; ok && !reflect.DeepEqual(got, w) {
			t.Errorf("%s: responses per workplace = %v, want %v", r.Name, got, w)
		}
		if r.Open != (inProgress > 0) && r.InstrumentID == demo.CultureSurvey {
			t.Errorf("%s (open %v): %d responses in progress; only the open round has some", r.Name, r.Open, inProgress)
		}
	}
	if small == 0 {
		t.Error("no school has fewer than k culture survey responses in a round; the demo should show suppression")
	}
}

// TestExampleStudyAnswers checks codes kept across rounds, skip logic,
// "don't know" answers and roles.
func TestExampleStudyAnswers(t *testing.T) {
	ctx := context.Background()
	s, study := pilotStore(t)
	insts := map[string]*survey.Instrument{}
	for _, in := range builtins(t, demo.CultureSurvey, demo.TeacherResearcher, demo.Colleague) {
		insts[in.ID] = in
	}
	rounds, err := s.Rounds(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	roundName := map[string]string{}
	for _, r := range rounds {
		roundName[r.ID] = r.Name
	}
	codes := map[string]map[string]bool{} // round name → codes
	dontKnow, answers := 0, 0
	roles := map[string]int{}
	for _, rec := range scanAll(t, s, survey.ResponseFilter{StudyID: study.ID}) {
		r := rec.Response
		name := roundName[r.RoundID]
		if codes[name] == nil {
			codes[name] = map[string]bool{}
		}
		codes[name][r.RespondentCode] = true
		if r.InstrumentID == demo.CultureSurvey {
			roles[r.Role]++
		}
		// Replaying the answers in a session must keep every one: an
		// answer to a hidden item would be dropped.
		sess := survey.NewSession(insts[r.InstrumentID], r.Role, rec.Answers)
		if got := sess.Answers(); len(got) != len(rec.Answers) {
			t.Fatalf("response %s (%s): %d answers, %d of them visible", r.ID, name, len(rec.Answers), len(got))
		}
		if r.Status == survey.Complete && !sess.CanSubmit() {
			t.Errorf("complete response %s misses required item %s", r.ID, sess.FirstMissing())
		}
		if sess.Role() != r.Role {
			t.Errorf("response %s: stored role %q, answers say %q", r.ID, r.Role, sess.Role())
		}
		for _, a := range rec.Answers {
			answers++
			if a.Value.DontKnow {
				dontKnow++
			}
		}
	}
	if share := float64(dontKnow) / float64(answers); share < 0.02 || share > 0.08 {
		t.Errorf("%d of %d answers are don't know (%.1f%%), want 2-8%%", dontKnow, answers, 100*share)
	}
	for _, role := range []string{survey.RoleTeacher, survey.RoleTeacherResearcher, survey.RoleSchoolLeader, survey.RoleSENCo} {
		if roles[role] == 0 {
			t.Errorf("no culture survey respondent with role %s: %v", role, roles)
		}
	}
	kept := 0
	for c := range codes["Meting 2025"] {
		if codes["Meting 2024"][c] {
			kept++
		}
	}
	if share := float64(kept) / float64(len(codes["Meting 2025"])); share < 0.5 || share > 0.95 {
		t.Errorf("%d of %d respondents of Meting 2025 answered Meting 2024 with the same code; want most, not all", kept, len(codes["Meting 2025"]))
	}
}

// TestGenerateReproducible generates the study twice with the same seed
// and once with another: the same seed gives the same responses.
func TestGenerateReproducible(t *testing.T) {
	ctx := context.Background()
	read := func(seed uint64) []survey.ResponseRecord {
		s := openStore(t)
		sum, err := demo.Generate(ctx, s, demo.Config{Seed: seed}, builtins(t, demo.CultureSurvey)...)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Responses == 0 || sum.Answers == 0 || len(sum.Rounds) != 3 {
			t.Fatalf("summary %+v", sum)
		}
		return scanAll(t, s, survey.ResponseFilter{StudyID: sum.Study.ID})
	}
	a, b, c := read(7), read(7), read(8)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different responses")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("another seed gave the same responses")
	}
}

func TestGenerateRefusesSecondStudyAndMissingInstruments(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	culture := builtins(t, demo.CultureSurvey)
	if _, err := demo.ExampleStudy(ctx, s, culture...); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.ExampleStudy(ctx, s, culture...); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("second example study: %v, want a conflict", err)
	}
	if _, err := demo.Generate(ctx, s, demo.Config{Scale: demo.National}, builtins(t, demo.Colleague)...); err == nil {
		t.Error("national study without the culture survey was accepted")
	}
	if _, err := demo.Generate(ctx, s, demo.Config{}); err == nil {
		t.Error("a study without instruments was accepted")
	}
}
