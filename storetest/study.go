package storetest

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"peil/survey"
)

// testStudies: studies, workplaces, schools and rounds come back as stored,
// defaults filled in, in their documented orders.
func testStudies(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	before := e.clock.last()
	f := e.fixture()

	if f.study.ID == "" || f.study.MinGroupSize != survey.DefaultMinGroupSize {
		t.Errorf("CreateStudy did not fill in the id and group size: %+v", f.study)
	}
	if at := f.study.CreatedAt; !at.After(before) || at.After(e.clock.last()) || at.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want a time of the store's clock, in UTC", at)
	}
	if got, err := s.Study(ctx, f.study.ID); err != nil || got != f.study {
		t.Errorf("Study = %+v, %v; want %+v", got, err, f.study)
	}
	if got, err := s.StudyByCode(ctx, "monitor-po"); err != nil || got != f.study {
		t.Errorf("StudyByCode = %+v, %v; want %+v", got, err, f.study)
	}
	// Given fields are kept, to the nanosecond; times come back in UTC.
	other, err := s.CreateStudy(ctx, survey.Study{ID: "0a7e5f2c-0000-4000-8000-000000000001", Code: "monitor-ao", Title: "AO",
		MinGroupSize: 3, CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("CET", 3600))})
	e.check(err)
	if want := time.Date(2024, 1, 2, 2, 4, 5, 6, time.UTC); other.CreatedAt != want || other.ID != "0a7e5f2c-0000-4000-8000-000000000001" {
		t.Errorf("CreateStudy = %+v, want the given id and CreatedAt %v in UTC", other, want)
	}
	if got, err := s.Study(ctx, other.ID); err != nil || got != other {
		t.Errorf("Study = %+v, %v; want %+v", got, err, other)
	}
	// Ordered by code.
	if got, err := s.Studies(ctx); err != nil || !reflect.DeepEqual(got, []survey.Study{other, f.study}) {
		t.Errorf("Studies = %+v, %v; want monitor-ao, monitor-po", got, err)
	}

	if got, err := s.Workplaces(ctx, f.study.ID); err != nil || !reflect.DeepEqual(got, []survey.Workplace{f.workplaces[1], f.workplaces[0]}) {
		t.Errorf("Workplaces = %+v, %v; want POINT then WOA", got, err)
	}
	if got, err := s.Schools(ctx, f.study.ID); err != nil || !reflect.DeepEqual(got, []survey.School{f.schools[1], f.schools[2], f.schools[0]}) {
		t.Errorf("Schools = %+v, %v; want POINT-01, WOA-01, WOA-02 (by workplace code, then school code)", got, err)
	}
	if got, err := s.School(ctx, f.schools[2].ID); err != nil || got != f.schools[2] {
		t.Errorf("School = %+v, %v; want %+v", got, err, f.schools[2])
	}
	if got, err := s.Schools(ctx, other.ID); err != nil || len(got) != 0 {
		t.Errorf("Schools of a study without schools = %v, %v", got, err)
	}
	if got, err := s.Workplaces(ctx, other.ID); err != nil || len(got) != 0 {
		t.Errorf("Workplaces of a study without workplaces = %v, %v", got, err)
	}
	// A school code may repeat in another study, a workplace code too.
	w, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: other.ID, Code: "WOA"})
	e.check(err)
	_, err = s.CreateSchool(ctx, survey.School{WorkplaceID: w.ID, Code: "WOA-01"})
	e.check(err)

	if f.round.ID == "" || f.round.CreatedAt.IsZero() || f.round.CreatedAt.Location() != time.UTC {
		t.Errorf("CreateRound did not fill in the id and creation time: %+v", f.round)
	}
	// Oldest first; at the same creation time, by name.
	r2 := e.round(f, "nulmeting", false)
	same := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	rb, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "b", InstrumentID: f.inst.ID, InstrumentVersion: 1, CreatedAt: same})
	e.check(err)
	ra, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "a", InstrumentID: f.inst.ID, InstrumentVersion: 1, CreatedAt: same.In(time.FixedZone("CET", 3600))})
	e.check(err)
	if ra.CreatedAt != same {
		t.Errorf("round CreatedAt = %v, want %v in UTC", ra.CreatedAt, same)
	}
	if got, err := s.Rounds(ctx, f.study.ID); err != nil || !reflect.DeepEqual(got, []survey.Round{ra, rb, f.round, r2}) {
		t.Errorf("Rounds = %+v, %v; want a, b (same time, by name), 2025 najaar, nulmeting", got, err)
	}
	if got, err := s.Rounds(ctx, other.ID); err != nil || len(got) != 0 {
		t.Errorf("Rounds of a study without rounds = %v, %v", got, err)
	}
	e.check(s.SetRoundOpen(ctx, f.round.ID, false))
	e.check(s.SetRoundOpen(ctx, r2.ID, true))
	e.check(s.SetRoundOpen(ctx, r2.ID, true)) // twice: no change, no error
	if got, err := s.Round(ctx, f.round.ID); err != nil || got.Open {
		t.Errorf("round after closing = %+v, %v", got, err)
	}
	if got, err := s.Round(ctx, r2.ID); err != nil || !got.Open {
		t.Errorf("round after opening = %+v, %v", got, err)
	}
}

// testStudyErrors: every refusal has its code, and changes nothing.
func testStudyErrors(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	before := e.dump()
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"study code taken", second(s.CreateStudy(ctx, survey.Study{Code: "monitor-po"})), survey.ECONFLICT},
		{"study id taken", second(s.CreateStudy(ctx, survey.Study{ID: f.study.ID, Code: "x"})), survey.ECONFLICT},
		{"study without code", second(s.CreateStudy(ctx, survey.Study{})), survey.EINVALID},
		{"group too small", second(s.CreateStudy(ctx, survey.Study{Code: "k", MinGroupSize: 2})), survey.EINVALID},
		{"workplace code taken", second(s.CreateWorkplace(ctx, survey.Workplace{StudyID: f.study.ID, Code: "WOA"})), survey.ECONFLICT},
		{"workplace id taken", second(s.CreateWorkplace(ctx, survey.Workplace{ID: f.workplaces[0].ID, StudyID: f.study.ID, Code: "NEW"})), survey.ECONFLICT},
		{"workplace without code", second(s.CreateWorkplace(ctx, survey.Workplace{StudyID: f.study.ID})), survey.EINVALID},
		{"workplace of missing study", second(s.CreateWorkplace(ctx, survey.Workplace{StudyID: "nope", Code: "X"})), survey.ENOTFOUND},
		{"school code taken in another workplace", second(s.CreateSchool(ctx, survey.School{WorkplaceID: f.workplaces[1].ID, Code: "WOA-01"})), survey.ECONFLICT},
		{"school id taken", second(s.CreateSchool(ctx, survey.School{ID: f.schools[0].ID, WorkplaceID: f.workplaces[1].ID, Code: "NEW-01"})), survey.ECONFLICT},
		{"school without code", second(s.CreateSchool(ctx, survey.School{WorkplaceID: f.workplaces[0].ID})), survey.EINVALID},
		{"school of missing workplace", second(s.CreateSchool(ctx, survey.School{WorkplaceID: "nope", Code: "X"})), survey.ENOTFOUND},
		{"round name taken", second(s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: f.round.Name, InstrumentID: f.inst.ID, InstrumentVersion: 1})), survey.ECONFLICT},
		{"round id taken", second(s.CreateRound(ctx, survey.Round{ID: f.round.ID, StudyID: f.study.ID, Name: "new", InstrumentID: f.inst.ID, InstrumentVersion: 1})), survey.ECONFLICT},
		{"round without name", second(s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, InstrumentID: f.inst.ID, InstrumentVersion: 1})), survey.EINVALID},
		{"round of missing study", second(s.CreateRound(ctx, survey.Round{StudyID: "nope", Name: "x", InstrumentID: f.inst.ID, InstrumentVersion: 1})), survey.ENOTFOUND},
		{"round of unsaved instrument", second(s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "x", InstrumentID: f.inst.ID, InstrumentVersion: 9})), survey.ENOTFOUND},
		{"missing study", second(s.Study(ctx, "nope")), survey.ENOTFOUND},
		{"missing study code", second(s.StudyByCode(ctx, "nope")), survey.ENOTFOUND},
		{"missing school", second(s.School(ctx, "nope")), survey.ENOTFOUND},
		{"missing round", second(s.Round(ctx, "nope")), survey.ENOTFOUND},
		{"open missing round", s.SetRoundOpen(ctx, "nope", true), survey.ENOTFOUND},
		{"target of missing study", s.SetTarget(ctx, survey.Target{StudyID: "nope", InstrumentID: "x", MeasureID: "y", Value: 1}), survey.ENOTFOUND},
		{"target without measure", s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "x", Value: 1}), survey.EINVALID},
		{"target without instrument", s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, MeasureID: "y", Value: 1}), survey.EINVALID},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, tt.err, tt.code)
		if tt.err != nil && tt.err.Error() == "" {
			t.Errorf("%s: the error says nothing", tt.name)
		}
	}
	if after := e.dump(); after != before {
		t.Errorf("refused calls changed the store:\n%s\n---\n%s", before, after)
	}
	if got, err := s.Targets(ctx, f.study.ID); err != nil || len(got) != 0 {
		t.Errorf("refused targets were kept: %+v, %v", got, err)
	}
}

// testTargets: a target is stored, replaced, and listed by instrument and
// measure.
func testTargets(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	f := e.fixture()
	e.check(s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "kennisproduct", MeasureID: "cijfer", Value: 7.5}))
	e.check(s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "s1", Value: 3}))
	e.check(s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "q1", Value: 4}))
	e.check(s.SetTarget(ctx, survey.Target{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "s1", Value: 3.25}))
	want := []survey.Target{
		{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "q1", Value: 4},
		{StudyID: f.study.ID, InstrumentID: "cultuursurvey", MeasureID: "s1", Value: 3.25},
		{StudyID: f.study.ID, InstrumentID: "kennisproduct", MeasureID: "cijfer", Value: 7.5},
	}
	if got, err := s.Targets(ctx, f.study.ID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Targets = %+v, %v; want %+v", got, err, want)
	}
	other, err := s.CreateStudy(ctx, survey.Study{Code: "other"})
	e.check(err)
	if got, err := s.Targets(ctx, other.ID); err != nil || len(got) != 0 {
		t.Errorf("Targets of another study = %+v, %v", got, err)
	}
}

// testInstruments: an instrument version comes back as saved; saving it
// again is a no-op with the same content and a conflict with other
// content; Instruments lists the newest version of each.
func testInstruments(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	in := Instrument()
	e.check(s.SaveInstrument(ctx, in))
	e.check(s.SaveInstrument(ctx, Instrument())) // same content: no-op

	got, err := s.Instrument(ctx, in.ID, in.Version)
	e.check(err)
	sameInstrument(t, "Instrument", got, in)
	if c := got.Item("who").ShowIf; c == nil || c.String() != "know = 'ja'" {
		t.Errorf("condition after the round trip = %v", c)
	}
	// The instrument read back saves as the same content.
	e.check(s.SaveInstrument(ctx, got))

	changed := Instrument()
	changed.Sections[0].Items[2].Text[survey.Dutch] = "Andere stelling"
	wantCode(t, "same version, other content", s.SaveInstrument(ctx, changed), survey.ECONFLICT)
	if got, err := s.Instrument(ctx, in.ID, in.Version); err != nil {
		t.Error(err)
	} else {
		sameInstrument(t, "after the refused save", got, in)
	}
	changed.Version = 2
	e.check(s.SaveInstrument(ctx, changed))
	got2, err := s.Instrument(ctx, in.ID, 2)
	e.check(err)
	sameInstrument(t, "version 2", got2, changed)

	other := &survey.Instrument{ID: "aaa-eerst", Version: 3, Title: survey.Text{survey.Dutch: "Eerst"},
		Sections: []survey.Section{{ID: "s", Items: []survey.Item{{ID: "g", Type: survey.Grade}}}}}
	e.check(s.SaveInstrument(ctx, other))
	list, err := s.Instruments(ctx)
	e.check(err)
	if len(list) != 2 {
		t.Fatalf("Instruments = %d instruments, want 2 (the newest version of each)", len(list))
	}
	sameInstrument(t, "Instruments[0]", list[0], other)
	sameInstrument(t, "Instruments[1]", list[1], changed)

	for name, err := range map[string]error{
		"missing version":    second(s.Instrument(ctx, in.ID, 3)),
		"missing instrument": second(s.Instrument(ctx, "nope", 1)),
	} {
		wantCode(t, name, err, survey.ENOTFOUND)
	}
	wantCode(t, "no version", s.SaveInstrument(ctx, &survey.Instrument{ID: "x"}), survey.EINVALID)
	wantCode(t, "no id", s.SaveInstrument(ctx, &survey.Instrument{Version: 1}), survey.EINVALID)
	wantCode(t, "nil", s.SaveInstrument(ctx, nil), survey.EINVALID)

	// The names an imported form gave (first-name for first_name) are kept.
	named := &survey.Instrument{ID: "namen", Version: 1, Title: survey.Text{survey.Dutch: "Namen"},
		Sections: []survey.Section{{ID: "over_u", OriginalName: "over-u", Items: []survey.Item{{ID: "first_name", OriginalName: "first-name", Type: survey.OpenText}}}}}
	e.check(s.SaveInstrument(ctx, named))
	back, err := s.Instrument(ctx, named.ID, named.Version)
	e.check(err)
	sameInstrument(t, "original names", back, named)
	if back.Sections[0].OriginalName != "over-u" || back.Item("first_name").OriginalName != "first-name" {
		t.Errorf("original names after the round trip: section %q, item %q", back.Sections[0].OriginalName, back.Item("first_name").OriginalName)
	}
	e.check(s.SaveInstrument(ctx, back)) // same content: no-op
}

// sameInstrument compares instruments by their JSON form, which holds
// every exported field.
func sameInstrument(t *testing.T, what string, got, want *survey.Instrument) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// testSettings: a setting is missing until set, then replaced; an empty
// value is a value.
func testSettings(t *testing.T, o Opener) {
	e := newEnv(t, o)
	ctx, s := e.ctx, e.s
	if v, ok, err := s.Setting(ctx, "kiosk_pin"); err != nil || ok || v != "" {
		t.Errorf("missing setting = %q, %v, %v; want \"\", false", v, ok, err)
	}
	e.check(s.SetSetting(ctx, "kiosk_pin", "hash1"))
	e.check(s.SetSetting(ctx, "kiosk_pin", "hash2"))
	if v, ok, err := s.Setting(ctx, "kiosk_pin"); err != nil || !ok || v != "hash2" {
		t.Errorf("setting = %q, %v, %v; want hash2", v, ok, err)
	}
	e.check(s.SetSetting(ctx, "empty", ""))
	if v, ok, err := s.Setting(ctx, "empty"); err != nil || !ok || v != "" {
		t.Errorf("empty setting = %q, %v, %v; want \"\", true", v, ok, err)
	}
	long := "één ü ✓ \"quoted\"\nline 2"
	e.check(s.SetSetting(ctx, "text", long))
	if v, _, err := s.Setting(ctx, "text"); err != nil || v != long {
		t.Errorf("setting = %q, %v; want %q", v, err, long)
	}
}
