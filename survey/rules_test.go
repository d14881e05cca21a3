package survey_test

import (
	"fmt"
	"math"
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

// clock is the store's clock in the tests: a time outside UTC.
func clock() time.Time { return time.Date(2026, 3, 2, 9, 1, 0, 0, time.FixedZone("CET", 3600)) }

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
		wantRule(t, tt.name, survey.CheckNewStudy(&st, clock), tt.want)
		if st.MinGroupSize != tt.wantK {
			t.Errorf("%s: k %d, want %d", tt.name, st.MinGroupSize, tt.wantK)
		}
	}
	wantRule(t, "workplace", survey.CheckNewWorkplace(survey.Workplace{Code: "WOA"}), "")
	wantRule(t, "workplace without code", survey.CheckNewWorkplace(survey.Workplace{Name: "x"}), "a workplace needs a code")
	wantRule(t, "school", survey.CheckNewSchool(survey.School{Code: "WOA-01"}), "")
	wantRule(t, "school without code", survey.CheckNewSchool(survey.School{Name: "x"}), "a school needs a code")
	rd := survey.Round{Name: "2025"}
	wantRule(t, "round", survey.CheckNewRound(&rd, clock), "")
	wantRule(t, "round without name", survey.CheckNewRound(&survey.Round{}, clock), "a round needs a name")
	// Times: a zero one is the clock's, any one is kept in UTC.
	st := survey.Study{Code: "m"}
	wantRule(t, "study", survey.CheckNewStudy(&st, clock), "")
	given := time.Date(2025, 9, 1, 8, 0, 0, 0, time.FixedZone("CEST", 7200))
	rdGiven := survey.Round{Name: "2025", CreatedAt: given}
	wantRule(t, "round with a time", survey.CheckNewRound(&rdGiven, clock), "")
	for name, got := range map[string]time.Time{"study": st.CreatedAt, "round": rd.CreatedAt} {
		if !got.Equal(clock()) || got.Location() != time.UTC {
			t.Errorf("%s: created %v, want the clock's time in UTC", name, got)
		}
	}
	if !rdGiven.CreatedAt.Equal(given) || rdGiven.CreatedAt.Location() != time.UTC {
		t.Errorf("round with a time: created %v, want %v in UTC", rdGiven.CreatedAt, given)
	}
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
		err := survey.CheckNewResponse(&r, clock)
		if err == nil {
			err = survey.CheckStartRound(&r, tt.rd)
		}
		wantRule(t, tt.name, err, tt.want)
		if r.Status != tt.status {
			t.Errorf("%s: status %q, want %q", tt.name, r.Status, tt.status)
		}
		if survey.ErrorCode(err) == "" && (!r.StartedAt.Equal(clock()) || r.StartedAt.Location() != time.UTC) {
			t.Errorf("%s: started %v, want the clock's time in UTC", tt.name, r.StartedAt)
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

// wantCode checks err against an outcome: nil when want is "", else an
// error with code whose message contains want.
func wantCode(t *testing.T, name string, err error, code, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: %v, want no error", name, err)
	case want != "" && (survey.ErrorCode(err) != code || !strings.Contains(err.Error(), want)):
		t.Errorf("%s: %v, want a %s error saying %q", name, err, code, want)
	}
}

func TestMergedDefinitionRules(t *testing.T) {
	at := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
	st := survey.Study{ID: "st", Code: "monitor", Title: "Monitor", MinGroupSize: 5, CreatedAt: at}
	w := survey.Workplace{ID: "w", StudyID: "st", Code: "WOA", Name: "Amsterdam"}
	sc := survey.School{ID: "s", WorkplaceID: "w", Code: "WOA-01", Name: "De Linde"}
	rd := survey.Round{ID: "r", StudyID: "st", Name: "najaar", InstrumentID: "cultuur", InstrumentVersion: 2, CreatedAt: at}
	d := survey.Definitions{Study: st, Workplaces: []survey.Workplace{w}, Schools: []survey.School{sc}, Rounds: []survey.Round{rd}}
	in := &survey.Instrument{ID: "cultuur", Version: 2}
	const inv, conf = survey.EINVALID, survey.ECONFLICT
	// The same time in another zone is the same definition.
	inCET := at.In(time.FixedZone("CET", 3600))
	for _, tt := range []struct {
		name       string
		err        error
		code, want string
	}{
		{"study", d.CheckStudy(), "", ""},
		{"no study id", survey.Definitions{Study: survey.Study{Code: "m"}}.CheckStudy(), inv, "the package names no study; it is not a peil data package"},
		{"no study code", survey.Definitions{Study: survey.Study{ID: "st"}}.CheckStudy(), inv, "names no study"},
		{"workplace", d.CheckWorkplace(w), "", ""},
		{"workplace of another study", d.CheckWorkplace(survey.Workplace{StudyID: "x", Code: "WOA"}), inv, "workplace WOA in the package does not belong to its study monitor"},
		{"instrument", d.CheckInstrument(in), "", ""},
		{"no instrument", d.CheckInstrument(nil), inv, "the package holds an instrument without an id or version"},
		{"instrument version 0", d.CheckInstrument(&survey.Instrument{ID: "cultuur"}), inv, "without an id or version"},
		{"round", d.CheckRound(rd), "", ""},
		{"round of another study", d.CheckRound(survey.Round{StudyID: "x", Name: "najaar"}), inv, `round "najaar" in the package does not belong to its study monitor`},
		{"response", d.CheckResponse(survey.Response{ID: "1", DeviceID: "dev", RoundID: "r"}), "", ""},
		{"response without device", d.CheckResponse(survey.Response{ID: "1", RoundID: "r"}), inv, "a response in the package has no id or no device id"},
		{"response without id", d.CheckResponse(survey.Response{DeviceID: "dev", RoundID: "r"}), inv, "no id or no device id"},
		{"response of another round", d.CheckResponse(survey.Response{ID: "1", DeviceID: "dev", RoundID: "x"}), inv,
			"response 1 belongs to round x, which is not one of the package's rounds"},

		{"same study", d.SameStudy(survey.Study{ID: "st", Code: "monitor", Title: "Monitor", MinGroupSize: 5, CreatedAt: inCET}), "", ""},
		{"study titled otherwise", d.SameStudy(survey.Study{Code: "monitor", Title: "M", MinGroupSize: 5, CreatedAt: at}), conf,
			"study monitor in the package differs from the one with the same id in this database; the package was made from another setup of study monitor"},
		{"study of another k", d.SameStudy(survey.Study{Code: "monitor", Title: "Monitor", MinGroupSize: 6, CreatedAt: at}), conf, "study monitor in the package differs"},
		{"study created a nanosecond later", d.SameStudy(survey.Study{Code: "monitor", Title: "Monitor", MinGroupSize: 5, CreatedAt: at.Add(1)}), conf, "differs"},
		{"same workplace", d.SameWorkplace(w, w), "", ""},
		{"workplace renamed", d.SameWorkplace(survey.Workplace{StudyID: "st", Code: "WOA", Name: "A"}, w), conf, "workplace WOA in the package differs"},
		{"same school", d.SameSchool(sc, sc), "", ""},
		{"school moved", d.SameSchool(survey.School{WorkplaceID: "x", Code: "WOA-01", Name: "De Linde"}, sc), conf, "school WOA-01 in the package differs"},
		{"same round, open here", d.SameRound(survey.Round{StudyID: "st", Name: "najaar", InstrumentID: "cultuur", InstrumentVersion: 2, Open: true, CreatedAt: inCET}, rd), "", ""},
		{"round of another version", d.SameRound(survey.Round{StudyID: "st", Name: "najaar", InstrumentID: "cultuur", InstrumentVersion: 1, CreatedAt: at}, rd), conf,
			`round "najaar" in the package differs`},

		{"instrument differs", d.InstrumentDiffers(in), conf, "instrument cultuur@2 in the package differs from the version with the same number"},
		{"study code taken", d.StudyCodeTaken(), conf, `this database has another study with code "monitor"`},
		{"workplace code taken", d.WorkplaceCodeTaken(w), conf, `study monitor already has another workplace with code "WOA"`},
		{"school code taken", d.SchoolCodeTaken(sc), conf, `study monitor already has another school with code "WOA-01"`},
		{"school without workplace", d.SchoolWithoutWorkplace(sc), inv, "school WOA-01 in the package belongs to no workplace of study monitor"},
		{"round name taken", d.RoundNameTaken(rd), conf, `study monitor already has another round named "najaar"`},
		{"round without instrument", d.RoundWithoutInstrument(rd), inv, `round "najaar" uses instrument cultuur@2, which neither the package nor this database holds`},
	} {
		wantCode(t, tt.name, tt.err, tt.code, tt.want)
	}
}

// Resolve: the same content is a duplicate; otherwise the conflict keeps
// the version Newer picks, whichever side it is on.
func TestResolve(t *testing.T) {
	at := time.Date(2025, 10, 6, 10, 0, 0, 0, time.UTC)
	rec := func(id string, status survey.Status, finished time.Time) survey.ResponseRecord {
		return survey.ResponseRecord{Response: survey.Response{ID: id, RoundID: "r", SchoolID: "s", RespondentCode: "A",
			Status: status, StartedAt: at, FinishedAt: finished, DeviceID: "dev"}}
	}
	progress, done := rec("1", survey.InProgress, time.Time{}), rec("2", survey.Complete, at.Add(time.Hour))
	if _, dup := survey.Resolve(done, done, "najaar"); !dup {
		t.Error("a response met again is not a duplicate")
	}
	c, dup := survey.Resolve(done, progress, "najaar")
	want := survey.MergeConflict{ResponseID: "2", ExistingID: "1", RoundName: "najaar", SchoolID: "s", RespondentCode: "A",
		Kept: survey.KeptIncoming, Reason: "a complete response beats one in progress"}
	if dup || c != want {
		t.Errorf("complete over in progress: %+v, %v, want %+v", c, dup, want)
	}
	c, _ = survey.Resolve(progress, done, "najaar")
	if c.Kept != survey.KeptExisting || c.ResponseID != "1" || c.ExistingID != "2" {
		t.Errorf("in progress over complete: %+v, want the database's kept", c)
	}
}

func TestSortSchools(t *testing.T) {
	res := survey.MergeResult{
		Schools: []survey.SchoolMerge{
			{School: survey.School{ID: "b", Code: "WOA-02"}},
			{School: survey.School{ID: "z", Code: "WOA-01"}},
			{School: survey.School{ID: "a", Code: "WOA-01"}},
		},
		Conflicts: []survey.MergeConflict{{SchoolID: "b"}, {SchoolID: "z"}, {SchoolID: "gone"}},
	}
	res.SortSchools()
	var order, codes []string
	for _, sm := range res.Schools {
		order = append(order, sm.School.ID)
	}
	for _, c := range res.Conflicts {
		codes = append(codes, c.SchoolCode)
	}
	if fmt.Sprint(order) != "[a z b]" || fmt.Sprint(codes) != "[WOA-02 WOA-01 ]" {
		t.Errorf("schools %v, conflict codes %q; want [a z b] and [WOA-02 WOA-01 \"\"]", order, codes)
	}
}

// An instrument is stored as its JSON with the JSON's SHA-256: the same
// instrument gives the same hash, any change another one.
func TestStoredInstrument(t *testing.T) {
	in := &survey.Instrument{ID: "cultuur", Version: 2, Title: nl("Cultuur")}
	def, hash, err := survey.StoredInstrument(in)
	if err != nil || !strings.Contains(def, `"cultuur"`) || len(hash) != 64 {
		t.Fatalf("StoredInstrument = %q, %q, %v", def, hash, err)
	}
	same := *in
	if _, h, _ := survey.StoredInstrument(&same); h != hash {
		t.Error("the same instrument has another hash")
	}
	changed := *in
	changed.Title = nl("Schoolcultuur")
	if _, h, _ := survey.StoredInstrument(&changed); h == hash {
		t.Error("a changed instrument has the same hash")
	}
	wantRule(t, "instrument", survey.CheckNewInstrument(in), "")
	for name, bad := range map[string]*survey.Instrument{
		"nil": nil, "no id": {Version: 1}, "version 0": {ID: "cultuur"}, "version -1": {ID: "cultuur", Version: -1},
	} {
		wantRule(t, name, survey.CheckNewInstrument(bad), "an instrument needs an id and a version of 1 or more")
	}
	wantCode(t, "changed", survey.InstrumentChanged(in), survey.ECONFLICT,
		"instrument cultuur@2 is already in this database with different content; give the changed instrument a new version number")
}

// An item or section without an original name is stored exactly as before
// OriginalName existed (same JSON, same hash: the hash was taken before the
// field was added), so saving such an instrument again is no change; one
// with an original name stores it.
func TestStoredInstrumentOriginalName(t *testing.T) {
	in := &survey.Instrument{ID: "cultuur", Version: 2, Title: nl("Cultuur"),
		Sections: []survey.Section{{ID: "deel", Title: nl("Deel"), Items: []survey.Item{{ID: "first_name", Type: survey.OpenText, Text: nl("Naam?")}}}}}
	def, hash, err := survey.StoredInstrument(in)
	if err != nil {
		t.Fatal(err)
	}
	const wantDef = `{"ID":"cultuur","Version":2,"Title":{"nl":"Cultuur"},"Description":null,"Audience":null,"Sections":[{"ID":"deel","Title":{"nl":"Deel"},"Intro":null,"Items":[{"ID":"first_name","Type":"text","Text":{"nl":"Naam?"},"Help":null,"Options":null,"DontKnow":false,"Min":0,"Max":0,"Required":false,"SetsRole":false,"ShowIf":null}]}],"Scales":null}`
	if def != wantDef || hash != "0baa74f7fba6087444deb2d82119f0c673131b1ad12c824adee42d8e92c6e021" {
		t.Errorf("StoredInstrument without original names =\n%s\n%s\nwant the definition and hash of before", def, hash)
	}
	in.Sections[0].OriginalName = "deel-1"
	in.Sections[0].Items[0].OriginalName = "first-name"
	def2, hash2, err := survey.StoredInstrument(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"ID":"deel","OriginalName":"deel-1"`, `"ID":"first_name","OriginalName":"first-name"`} {
		if !strings.Contains(def2, want) {
			t.Errorf("definition %s lacks %s", def2, want)
		}
	}
	if hash2 == hash {
		t.Error("an instrument with original names has the hash of one without")
	}
}

func TestCheckTargetAndTaken(t *testing.T) {
	ok := survey.Target{StudyID: "st", InstrumentID: "cultuur", MeasureID: "samenwerking", Value: 3.5}
	wantRule(t, "target", survey.CheckTarget(ok), "")
	noMeasure := ok
	noMeasure.MeasureID = ""
	wantRule(t, "target without measure", survey.CheckTarget(noMeasure), "a target needs an instrument and a scale or item")
	noInstrument := ok
	noInstrument.InstrumentID = ""
	wantRule(t, "target without instrument", survey.CheckTarget(noInstrument), "a target needs an instrument and a scale or item")
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		bad := ok
		bad.Value = v
		wantRule(t, fmt.Sprint("target ", v), survey.CheckTarget(bad), "target for samenwerking of cultuur: "+fmt.Sprint(v)+" is not a number")
	}
	const conf = survey.ECONFLICT
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"id", survey.IDTaken("round", "r1"), "there is already a round with id r1"},
		{"study code", survey.StudyCodeTaken("monitor"), `there is already a study with code "monitor"; choose another code`},
		{"workplace code", survey.WorkplaceCodeTaken("monitor", "WOA"), `study monitor already has a workplace with code "WOA"; choose another code`},
		{"school code", survey.SchoolCodeTaken("WOA-01"), `the study already has a school with code "WOA-01"; school codes are unique across all workplaces of a study`},
		{"round name", survey.RoundNameTaken("monitor", "najaar"), `study monitor already has a round named "najaar"; choose another name`},
		{"respondent", survey.RespondentTaken("K7MQ", "najaar"), `respondent K7MQ already has a response in round "najaar"; continue that one instead of starting again`},
		{"imported respondent", survey.ImportedRespondentTaken("r1", "K7MQ", "najaar"),
			`response r1: respondent K7MQ already has another response in round "najaar"; the data to import conflict with this database`},
	} {
		wantCode(t, tt.name, tt.err, conf, tt.want)
	}
}

func TestCheckWritable(t *testing.T) {
	for _, tc := range []struct {
		status survey.Status
		open   bool
		want   string
	}{
		{survey.InProgress, true, ""},
		{survey.Complete, true, "already complete"},
		{survey.InProgress, false, `round "R" is closed`},
		{survey.Complete, false, "already complete"},
	} {
		err := survey.CheckWritable(tc.status, tc.open, "K7MQ-4XAX", "R")
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || survey.ErrorCode(err) != survey.EINVALID || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckWritable(%s, %v) = %v, want %q", tc.status, tc.open, err, tc.want)
		}
	}
}
