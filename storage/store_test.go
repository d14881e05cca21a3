package storage_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"peil/survey"
)

func TestStudiesWorkplacesSchoolsRounds(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)

	if f.study.ID == "" || f.study.MinGroupSize != survey.DefaultMinGroupSize || f.study.CreatedAt.IsZero() {
		t.Errorf("CreateStudy did not fill in defaults: %+v", f.study)
	}
	got, err := s.Study(ctx, f.study.ID)
	check(t, err)
	if got != f.study {
		t.Errorf("Study = %+v, want %+v", got, f.study)
	}
	if got, err := s.StudyByCode(ctx, "monitor-po"); err != nil || got != f.study {
		t.Errorf("StudyByCode = %+v, %v", got, err)
	}
	other, err := s.CreateStudy(ctx, survey.Study{Code: "monitor-vo", Title: "VO", MinGroupSize: 3,
		CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("CET", 3600))})
	check(t, err)
	if want := time.Date(2024, 1, 2, 2, 4, 5, 6, time.UTC); other.CreatedAt != want {
		t.Errorf("CreatedAt = %v, want %v in UTC", other.CreatedAt, want)
	}
	studies, err := s.Studies(ctx)
	check(t, err)
	if !reflect.DeepEqual(studies, []survey.Study{f.study, other}) {
		t.Errorf("Studies = %+v", studies)
	}

	wps, err := s.Workplaces(ctx, f.study.ID)
	check(t, err)
	if !reflect.DeepEqual(wps, []survey.Workplace{f.workplaces[1], f.workplaces[0]}) {
		t.Errorf("Workplaces = %+v, want POINT then WOA", wps)
	}
	schools, err := s.Schools(ctx, f.study.ID)
	check(t, err)
	if !reflect.DeepEqual(schools, []survey.School{f.schools[1], f.schools[2], f.schools[0]}) {
		t.Errorf("Schools = %+v, want POINT-01, WOA-01, WOA-02", schools)
	}
	if got, err := s.School(ctx, f.schools[2].ID); err != nil || got != f.schools[2] {
		t.Errorf("School = %+v, %v", got, err)
	}
	if schools, err := s.Schools(ctx, other.ID); err != nil || len(schools) != 0 {
		t.Errorf("Schools of a study without schools = %v, %v", schools, err)
	}

	r2, err := s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "nulmeting", InstrumentID: f.inst.ID, InstrumentVersion: 1})
	check(t, err)
	rounds, err := s.Rounds(ctx, f.study.ID)
	check(t, err)
	if !reflect.DeepEqual(rounds, []survey.Round{f.round, r2}) {
		t.Errorf("Rounds = %+v", rounds)
	}
	check(t, s.SetRoundOpen(ctx, f.round.ID, false))
	check(t, s.SetRoundOpen(ctx, r2.ID, true))
	if got, err := s.Round(ctx, f.round.ID); err != nil || got.Open {
		t.Errorf("round after closing = %+v, %v", got, err)
	}
	if got, err := s.Round(ctx, r2.ID); err != nil || !got.Open {
		t.Errorf("round after opening = %+v, %v", got, err)
	}
}

func TestStudyErrors(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := mustFixture(t, s)
	tests := []struct {
		name string
		err  error
		code string
		want string
	}{
		{"study code taken", second(s.CreateStudy(ctx, survey.Study{Code: "monitor-po"})), survey.ECONFLICT, `already a study with code "monitor-po"`},
		{"study id taken", second(s.CreateStudy(ctx, survey.Study{ID: f.study.ID, Code: "x"})), survey.ECONFLICT, "already a study with id"},
		{"study without code", second(s.CreateStudy(ctx, survey.Study{})), survey.EINVALID, "needs a code"},
		{"group too small", second(s.CreateStudy(ctx, survey.Study{Code: "k", MinGroupSize: 2})), survey.EINVALID, "at least 3"},
		{"workplace code taken", second(s.CreateWorkplace(ctx, survey.Workplace{StudyID: f.study.ID, Code: "WOA"})), survey.ECONFLICT, `monitor-po already has a workplace with code "WOA"`},
		{"workplace of missing study", second(s.CreateWorkplace(ctx, survey.Workplace{StudyID: "nope", Code: "X"})), survey.ENOTFOUND, "no study with id nope"},
		{"school code taken in other workplace", second(s.CreateSchool(ctx, survey.School{WorkplaceID: f.workplaces[1].ID, Code: "WOA-01"})), survey.ECONFLICT, `school with code "WOA-01"`},
		{"school of missing workplace", second(s.CreateSchool(ctx, survey.School{WorkplaceID: "nope", Code: "X"})), survey.ENOTFOUND, "no workplace"},
		{"round name taken", second(s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: f.round.Name, InstrumentID: f.inst.ID, InstrumentVersion: 1})), survey.ECONFLICT, "already has a round named"},
		{"round of unsaved instrument", second(s.CreateRound(ctx, survey.Round{StudyID: f.study.ID, Name: "x", InstrumentID: f.inst.ID, InstrumentVersion: 9})), survey.ENOTFOUND, "cultuursurvey@9 is not in this database"},
		{"missing study", second(s.Study(ctx, "nope")), survey.ENOTFOUND, "no study with id nope"},
		{"missing study code", second(s.StudyByCode(ctx, "nope")), survey.ENOTFOUND, `no study with code "nope"`},
		{"missing school", second(s.School(ctx, "nope")), survey.ENOTFOUND, "no school"},
		{"missing round", second(s.Round(ctx, "nope")), survey.ENOTFOUND, "no round"},
		{"open missing round", s.SetRoundOpen(ctx, "nope", true), survey.ENOTFOUND, "no round"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, tt.err, tt.code)
			if !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", tt.err, tt.want)
			}
		})
	}
	// A school code may repeat in another study.
	other, err := s.CreateStudy(ctx, survey.Study{Code: "other"})
	check(t, err)
	w, err := s.CreateWorkplace(ctx, survey.Workplace{StudyID: other.ID, Code: "WOA"})
	check(t, err)
	_, err = s.CreateSchool(ctx, survey.School{WorkplaceID: w.ID, Code: "WOA-01"})
	check(t, err)
}

func second[T any](_ T, err error) error { return err }

func TestInstruments(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	in := testInstrument()
	check(t, s.SaveInstrument(ctx, in))
	check(t, s.SaveInstrument(ctx, testInstrument())) // same content: no-op

	got, err := s.Instrument(ctx, in.ID, in.Version)
	check(t, err)
	if c := got.Item("who").ShowIf; c == nil || c.String() != "know = 'ja'" {
		t.Errorf("condition after round trip = %v", c)
	}
	if !reflect.DeepEqual(got.Sections[0].Items[:5], in.Sections[0].Items[:5]) || !reflect.DeepEqual(got.Scales, in.Scales) ||
		!reflect.DeepEqual(got.Title, in.Title) || !reflect.DeepEqual(got.Audience, in.Audience) {
		t.Errorf("Instrument = %+v, want %+v", got, in)
	}
	gotJSON, err := json.Marshal(got)
	check(t, err)
	wantJSON, err := json.Marshal(in)
	check(t, err)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("Instrument round trip:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	// The instrument read back saves as the same content.
	check(t, s.SaveInstrument(ctx, got))

	changed := testInstrument()
	changed.Sections[0].Items[2].Text[survey.Dutch] = "Andere stelling"
	err = s.SaveInstrument(ctx, changed)
	wantCode(t, err, survey.ECONFLICT)
	if !strings.Contains(err.Error(), "cultuursurvey@1") || !strings.Contains(err.Error(), "new version number") {
		t.Errorf("error %q", err)
	}
	changed.Version = 2
	check(t, s.SaveInstrument(ctx, changed))
	got2, err := s.Instrument(ctx, in.ID, 2)
	check(t, err)
	if got2.Sections[0].Items[2].Text.Get(survey.Dutch) != "Andere stelling" {
		t.Errorf("version 2 = %+v", got2.Sections[0].Items[2])
	}

	_, err = s.Instrument(ctx, in.ID, 3)
	wantCode(t, err, survey.ENOTFOUND)
	wantCode(t, s.SaveInstrument(ctx, &survey.Instrument{ID: "x"}), survey.EINVALID)
	wantCode(t, s.SaveInstrument(ctx, nil), survey.EINVALID)
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if v, ok, err := s.Setting(ctx, "kiosk_pin"); err != nil || ok || v != "" {
		t.Errorf("missing setting = %q, %v, %v", v, ok, err)
	}
	check(t, s.SetSetting(ctx, "kiosk_pin", "hash1"))
	check(t, s.SetSetting(ctx, "kiosk_pin", "hash2"))
	if v, ok, err := s.Setting(ctx, "kiosk_pin"); err != nil || !ok || v != "hash2" {
		t.Errorf("setting = %q, %v, %v; want hash2", v, ok, err)
	}
	check(t, s.SetSetting(ctx, "empty", ""))
	if v, ok, err := s.Setting(ctx, "empty"); err != nil || !ok || v != "" {
		t.Errorf("empty setting = %q, %v, %v", v, ok, err)
	}
}
