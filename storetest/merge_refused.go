package storetest

import (
	"errors"
	"peil/survey"
	"slices"
	"testing"
)

// testMergeDefinitionsConflict: a package whose definitions differ from
// the store's (another setup of the study) is refused with ECONFLICT, and
// nothing changes, not even its new responses.
func testMergeDefinitionsConflict(t *testing.T, o Opener) {
	hq := newEnv(t, o)
	f := hq.fixture()
	l := laptop(t, o, hq.export(f.study.ID, false))
	r := l.start(f, 0, "NEW-0001")
	l.answer(r.ID, "q1", 2)
	good := l.export(f.study.ID, true)

	// Another researcher set up a study with the same code.
	elsewhere := newEnv(t, o)
	ef := elsewhere.fixture()
	elsewhere.start(ef, 0, "ELSE-0001")

	edit := func(change func(d *survey.Definitions)) pkg {
		p := l.export(f.study.ID, true)
		change(&p.defs)
		return p
	}
	changedInstrument := Instrument()
	changedInstrument.Title = survey.Text{survey.Dutch: "Anders"}
	cases := []struct {
		name string
		p    pkg
	}{
		{"another study with the same code", elsewhere.export(ef.study.ID, true)},
		{"study renamed", edit(func(d *survey.Definitions) { d.Study.Title = "Andere titel" })},
		{"workplace renamed", edit(func(d *survey.Definitions) { d.Workplaces[0].Name = "Andere naam" })},
		{"school renamed", edit(func(d *survey.Definitions) { d.Schools[0].Name = "Andere naam" })},
		{"school moved", edit(func(d *survey.Definitions) { d.Schools[0].WorkplaceID = d.Workplaces[1].ID })},
		{"round renamed", edit(func(d *survey.Definitions) { d.Rounds[0].Name = "Andere naam" })},
		{"instrument changed without a new version", edit(func(d *survey.Definitions) { d.Instruments[0] = changedInstrument })},
		{"another workplace with a taken code", edit(func(d *survey.Definitions) {
			d.Workplaces = append(d.Workplaces, survey.Workplace{ID: "dddd0000-0000-4000-8000-000000000001", StudyID: f.study.ID, Code: "WOA"})
		})},
		{"another school with a taken code", edit(func(d *survey.Definitions) {
			d.Schools = append(d.Schools, survey.School{ID: "dddd0000-0000-4000-8000-000000000002", WorkplaceID: f.workplaces[0].ID, Code: "WOA-01"})
		})},
	}
	for _, c := range cases {
		before := hq.dump()
		res, err := hq.merge(c.p)
		wantCode(t, c.name, err, survey.ECONFLICT)
		if res.Added != 0 || res.DefinitionsAdded != 0 {
			t.Errorf("%s: a refused merge says %+v", c.name, res)
		}
		if after := hq.dump(); after != before {
			t.Errorf("%s: the store changed:\n%s\n---\n%s", c.name, before, after)
		}
	}
	// The good package still merges: the failures above were the package's.
	if res := hq.mustMerge(good); res.Added != 1 {
		t.Errorf("the good package: %+v, want 1 added", res)
	}
}

// testMergeFailure: when the records fail (a package found damaged after
// its last response) or a record is not a package's, nothing changes.
func testMergeFailure(t *testing.T, o Opener) {
	hq := newEnv(t, o)
	f := hq.fixture()
	l := laptop(t, o, hq.export(f.study.ID, false))
	existing := l.start(f, 0, "OLD-0001")
	l.answer(existing.ID, "q1", 1)
	hq.mustMerge(l.export(f.study.ID, true))
	// The laptop goes on: a new answer to the response the store has, new
	// responses, a new school in the definitions.
	l.answer(existing.ID, "q2", 2)
	for i, code := range []string{"NEW-0001", "NEW-0002"} {
		r := l.start(f, i+1, code)
		l.answer(r.ID, "q1", 3)
	}
	_, err := l.s.CreateSchool(l.ctx, survey.School{WorkplaceID: f.workplaces[0].ID, Code: "WOA-09"})
	l.check(err)
	p := l.export(f.study.ID, true)
	if len(p.records) != 3 {
		t.Fatalf("the package holds %d responses, want 3", len(p.records))
	}

	before := hq.dump()
	changesBefore, err := hq.s.RoundChanges(hq.ctx, []string{f.round.ID})
	hq.check(err)
	fail := func(name string, res survey.MergeResult, err error, check func(error) bool) {
		t.Helper()
		if err == nil || !check(err) {
			t.Errorf("%s: Merge = %v", name, err)
		}
		if res.Added != 0 || res.Duplicates != 0 || len(res.Conflicts) != 0 || res.DefinitionsAdded != 0 {
			t.Errorf("%s: a failed merge says %+v", name, res)
		}
		if after := hq.dump(); after != before {
			t.Errorf("%s: the store changed:\n%s\n---\n%s", name, before, after)
		}
	}
	isStop := func(err error) bool { return errors.Is(err, errStop) }
	res, err := hq.s.Merge(hq.ctx, p.defs, records(p.records, errStop))
	fail("error after the last record", res, err, isStop)
	res, err = hq.s.Merge(hq.ctx, p.defs, records(p.records[:1], errStop))
	fail("error after the first record", res, err, isStop)
	res, err = hq.s.Merge(hq.ctx, p.defs, records(nil, errStop))
	fail("error before any record", res, err, isStop)

	isInvalid := func(err error) bool { return survey.ErrorCode(err) == survey.EINVALID }
	noDevice := slices.Clone(p.records)
	noDevice[2].Response.DeviceID = ""
	res, err = hq.s.Merge(hq.ctx, p.defs, records(noDevice, nil))
	fail("a record without a device id", res, err, isInvalid)
	noID := slices.Clone(p.records)
	noID[2].Response.ID = ""
	res, err = hq.s.Merge(hq.ctx, p.defs, records(noID, nil))
	fail("a record without an id", res, err, isInvalid)
	otherRound := p.defs
	otherRound.Rounds = nil
	res, err = hq.s.Merge(hq.ctx, otherRound, records(p.records, nil))
	fail("a record of a round not in the package", res, err, isInvalid)
	noStudy := p.defs
	noStudy.Study = survey.Study{}
	res, err = hq.s.Merge(hq.ctx, noStudy, records(p.records, nil))
	fail("a package without a study", res, err, isInvalid)

	if after, err := hq.s.RoundChanges(hq.ctx, []string{f.round.ID}); err != nil || after[0] != changesBefore[0] {
		t.Errorf("failed merges moved the round's change counter: %v, was %v (%v)", after, changesBefore, err)
	}
	// The whole package still merges.
	res = hq.mustMerge(p)
	if res.Added != 2 || len(res.Conflicts) != 1 || res.DefinitionsAdded != 1 {
		t.Errorf("the good package: %+v, want 2 added, 1 conflict, 1 definition", res)
	}
	if got, want := hq.dump(), l.dump(); got != want {
		t.Errorf("after the good package the researcher's store differs from the laptop's:\n%s\n---\n%s", got, want)
	}
}
