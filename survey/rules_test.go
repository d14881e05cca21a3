package survey_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"peil/survey"
)

// wantRule checks err against a rule's outcome: nil when want is "",
// else an EINVALID error whose message contains want.
func wantRule(t *testing.T, name string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: %v, want no error", name, err)
	case want != "" && (survey.ErrorCode(err) != survey.EINVALID || !strings.Contains(err.Error(), want)):
		t.Errorf("%s: %v, want an EINVALID error saying %q", name, err, want)
	}
}

func TestCheckNewDefinitions(t *testing.T) {
	for _, tt := range []struct {
		name  string
		st    survey.Study
		want  string
		wantK int
	}{
		{"default k", survey.Study{Code: "m"}, "", survey.DefaultMinGroupSize},
		{"k 3", survey.Study{Code: "m", MinGroupSize: 3}, "", 3},
		{"no code", survey.Study{MinGroupSize: 5}, "a study needs a code", 5},
		{"k 2", survey.Study{Code: "m", MinGroupSize: 2}, "study m: the smallest group shown must be at least 3 people, not 2", 2},
		{"k negative", survey.Study{Code: "m", MinGroupSize: -1}, "at least 3 people, not -1", -1},
	} {
		st := tt.st
		wantRule(t, tt.name, survey.CheckNewStudy(&st), tt.want)
		if st.MinGroupSize != tt.wantK {
			t.Errorf("%s: k %d, want %d", tt.name, st.MinGroupSize, tt.wantK)
		}
	}
	wantRule(t, "workplace", survey.CheckNewWorkplace(survey.Workplace{Code: "WOA"}), "")
	wantRule(t, "workplace without code", survey.CheckNewWorkplace(survey.Workplace{Name: "x"}), "a workplace needs a code")
	wantRule(t, "school", survey.CheckNewSchool(survey.School{Code: "WOA-01"}), "")
	wantRule(t, "school without code", survey.CheckNewSchool(survey.School{Name: "x"}), "a school needs a code")
	wantRule(t, "round", survey.CheckNewRound(survey.Round{Name: "2025"}), "")
	wantRule(t, "round without name", survey.CheckNewRound(survey.Round{}), "a round needs a name")
	wantRule(t, "answer", survey.CheckAnswer(survey.Answer{ItemID: "q1"}), "")
	wantRule(t, "answer without item", survey.CheckAnswer(survey.Answer{Value: survey.Num(1)}), "an answer needs an item id")
}

func TestCheckStartResponse(t *testing.T) {
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	rd := survey.Round{StudyID: "st", Name: "najaar", InstrumentID: "cultuur", InstrumentVersion: 2, Open: true}
	closed := rd
	closed.Open = false
	for _, tt := range []struct {
		name   string
		r      survey.Response
		rd     survey.Round
		want   string
		status survey.Status
		inst   string
	}{
		{"takes the round's instrument", survey.Response{RespondentCode: "A"}, rd, "", survey.InProgress, "cultuur@2"},
		{"the round's instrument", survey.Response{RespondentCode: "A", InstrumentID: "cultuur", InstrumentVersion: 2}, rd, "", survey.InProgress, "cultuur@2"},
		{"no code", survey.Response{}, rd, "a response needs a respondent code", "", ""},
		{"complete", survey.Response{RespondentCode: "A", Status: survey.Complete}, rd, "a new response must be in progress, not complete", survey.Complete, ""},
		{"finished", survey.Response{RespondentCode: "A", FinishedAt: at}, rd, "a new response must be in progress, not in_progress", survey.InProgress, ""},
		{"closed round", survey.Response{RespondentCode: "A"}, closed, `round "najaar" is closed and takes no new responses`, survey.InProgress, ""},
		{"another version", survey.Response{RespondentCode: "A", InstrumentID: "cultuur", InstrumentVersion: 1}, rd,
			`round "najaar" uses instrument cultuur@2, not cultuur@1`, survey.InProgress, "cultuur@1"},
	} {
		r := tt.r
		err := survey.CheckNewResponse(&r)
		if err == nil {
			err = survey.CheckStartRound(&r, tt.rd)
		}
		wantRule(t, tt.name, err, tt.want)
		if r.Status != tt.status {
			t.Errorf("%s: status %q, want %q", tt.name, r.Status, tt.status)
		}
		if tt.inst != "" && fmt.Sprintf("%s@%d", r.InstrumentID, r.InstrumentVersion) != tt.inst {
			t.Errorf("%s: instrument %s@%d, want %s", tt.name, r.InstrumentID, r.InstrumentVersion, tt.inst)
		}
	}
	wantRule(t, "school of the study", survey.CheckStartSchool("WOA-01", "st", rd), "")
	wantRule(t, "school of another study", survey.CheckStartSchool("WOA-01", "other", rd),
		`school WOA-01 does not take part in the study of round "najaar"`)
}

func TestCheckImportedResponse(t *testing.T) {
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	rd := survey.Round{StudyID: "st", Name: "najaar", InstrumentID: "cultuur", InstrumentVersion: 2} // closed: history
	ok := survey.Response{ID: "r1", RespondentCode: "A", Status: survey.InProgress, StartedAt: at}
	with := func(f func(*survey.Response)) survey.Response { r := ok; f(&r); return r }
	for _, tt := range []struct {
		name        string
		r           survey.Response
		schoolStudy string
		want        string
	}{
		{"in progress", ok, "st", ""},
		{"complete", with(func(r *survey.Response) { r.Status, r.FinishedAt = survey.Complete, at }), "st", ""},
		{"no code", with(func(r *survey.Response) { r.RespondentCode = "" }), "st", "response r1 has no respondent code"},
		{"school of another study", ok, "other", `response r1: its school does not take part in the study of round "najaar"`},
		{"another instrument", with(func(r *survey.Response) { r.InstrumentID, r.InstrumentVersion = "cultuur", 3 }), "st",
			`response r1: round "najaar" uses instrument cultuur@2, not cultuur@3`},
		{"no start", with(func(r *survey.Response) { r.StartedAt = time.Time{} }), "st", "response r1 has no start time"},
		{"in progress, finished", with(func(r *survey.Response) { r.FinishedAt = at }), "st", "response r1 is in progress but has a finish time"},
		{"complete, unfinished", with(func(r *survey.Response) { r.Status = survey.Complete }), "st", "response r1 is complete but has no finish time"},
		{"unknown status", with(func(r *survey.Response) { r.Status = "klaar" }), "st", `response r1 has unknown status "klaar"`},
	} {
		r := tt.r
		wantRule(t, tt.name, survey.CheckImportedResponse(&r, rd, tt.schoolStudy), tt.want)
		if tt.want == "" && (r.InstrumentID != "cultuur" || r.InstrumentVersion != 2) {
			t.Errorf("%s: instrument %s@%d, want the round's", tt.name, r.InstrumentID, r.InstrumentVersion)
		}
	}
	wantRule(t, "answer", survey.CheckImportedAnswer("r1", survey.Answer{ItemID: "q1"}), "")
	wantRule(t, "answer without item", survey.CheckImportedAnswer("r1", survey.Answer{}), "response r1: an answer has no item id")
	wantRule(t, "twice", survey.AnsweredTwice("r1", "q1"), "response r1 answers item q1 twice")
}
