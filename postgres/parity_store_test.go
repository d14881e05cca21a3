package postgres_test

import (
	"context"
	"fmt"
	"iter"
	"os"
	"strings"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// The same calls on a SQLite and a PostgreSQL store give the same results,
// the same orderings and the same errors (code and message): studies,
// workplaces and schools created out of order (and with codes whose case
// sorts differently under a locale than byte for byte), instruments,
// rounds, responses and answers, import, merge with duplicates and
// conflicts, scans with every filter, counts, targets, settings, the
// cache and the check.
func TestSameBehaviourOnBothStores(t *testing.T) {
	pg, _ := openPG(t)
	want := transcript(t, openSQLite(t))
	got := transcript(t, pg)
	if os.Getenv("PEIL_SHOW_TRANSCRIPT") != "" {
		t.Log(strings.Join(got, "\n"))
	}
	if len(want) < 60 {
		t.Fatalf("the transcript has only %d lines", len(want))
	}
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Errorf("step %d:\n  sqlite:   %s\n  postgres: %s", i, w, g)
		}
	}
}

// transcript runs a fixed sequence of calls on st and writes down what
// each returned.
func transcript(t *testing.T, st survey.Store) []string {
	ctx := context.Background()
	var out []string
	log := func(op string, v any, err error) {
		line := fmt.Sprintf("%s: %+v", op, v)
		if err != nil {
			line += fmt.Sprintf(" error[%s] %v", survey.ErrorCode(err), err)
		}
		out = append(out, line)
	}
	T := time.Date(2025, 11, 3, 9, 0, 0, 123456789, time.UTC)
	check(t, st.SetSetting(ctx, storage.SettingDeviceID, "dev-0"))

	study, err := st.CreateStudy(ctx, survey.Study{ID: "st-1", Code: "monitor", Title: "Monitor PO", CreatedAt: T})
	log("study", study, err)
	_, err = st.CreateStudy(ctx, survey.Study{ID: "st-2", Code: "monitor"})
	log("study again", nil, err)
	_, err = st.CreateStudy(ctx, survey.Study{ID: "st-1", Code: "other"})
	log("study same id", nil, err)
	_, err = st.CreateStudy(ctx, survey.Study{Code: ""})
	log("study no code", nil, err)
	_, err = st.CreateStudy(ctx, survey.Study{ID: "st-3", Code: "Zeta", MinGroupSize: 2})
	log("study k=2", nil, err)
	_, err = st.CreateStudy(ctx, survey.Study{ID: "st-4", Code: "alpha", CreatedAt: T})
	log("study alpha", nil, err)
	studies, err := st.Studies(ctx)
	log("studies", studies, err)
	_, err = st.StudyByCode(ctx, "nope")
	log("study by code", nil, err)

	var wps []survey.Workplace
	for i, code := range []string{"woa", "POINT", "WOA", "b", "Äpfel"} {
		w, err := st.CreateWorkplace(ctx, survey.Workplace{ID: fmt.Sprintf("wp-%d", i), StudyID: study.ID, Code: code, Name: "W " + code})
		log("workplace", w, err)
		wps = append(wps, w)
	}
	_, err = st.CreateWorkplace(ctx, survey.Workplace{ID: "wp-x", StudyID: study.ID, Code: "WOA"})
	log("workplace again", nil, err)
	_, err = st.CreateWorkplace(ctx, survey.Workplace{ID: "wp-y", StudyID: "nope", Code: "X"})
	log("workplace no study", nil, err)
	got, err := st.Workplaces(ctx, study.ID)
	log("workplaces", got, err)

	var schools []survey.School
	for i, code := range []string{"WOA-02", "point-1", "WOA-01", "B-1", "a-1", "WOA-10"} {
		sc, err := st.CreateSchool(ctx, survey.School{ID: fmt.Sprintf("sc-%d", i), WorkplaceID: wps[i%len(wps)].ID, Code: code, Name: "S " + code})
		log("school", sc, err)
		schools = append(schools, sc)
	}
	_, err = st.CreateSchool(ctx, survey.School{ID: "sc-x", WorkplaceID: wps[1].ID, Code: "WOA-02"})
	log("school again", nil, err)
	_, err = st.CreateSchool(ctx, survey.School{ID: "sc-y", WorkplaceID: "nope", Code: "Q"})
	log("school no workplace", nil, err)
	scs, err := st.Schools(ctx, study.ID)
	log("schools", scs, err)
	_, err = st.School(ctx, "nope")
	log("school nope", nil, err)

	in := &survey.Instrument{ID: "cultuursurvey", Version: 1, Sections: []survey.Section{{ID: "a", Items: []survey.Item{
		{ID: "q1", Type: survey.Likert, DontKnow: true}, {ID: "q2", Type: survey.Likert},
		{ID: "who", Type: survey.MultipleChoice, Options: []survey.Option{{Code: 1, Value: "a"}, {Code: 2, Value: "b"}}},
		{ID: "remarks", Type: survey.OpenText}}}}}
	log("instrument", nil, st.SaveInstrument(ctx, in))
	log("instrument again", nil, st.SaveInstrument(ctx, in))
	changed := *in
	changed.Title = survey.Text{survey.Dutch: "Anders"}
	log("instrument changed", nil, st.SaveInstrument(ctx, &changed))
	v2 := changed
	v2.Version = 2
	log("instrument v2", nil, st.SaveInstrument(ctx, &v2))
	log("instrument bad", nil, st.SaveInstrument(ctx, &survey.Instrument{ID: "x"}))
	ins, err := st.Instruments(ctx)
	var keys []string
	for _, i := range ins {
		keys = append(keys, i.Key())
	}
	log("instruments", keys, err)
	_, err = st.Instrument(ctx, "cultuursurvey", 7)
	log("instrument 7", nil, err)

	round, err := st.CreateRound(ctx, survey.Round{ID: "rd-1", StudyID: study.ID, Name: "2025", InstrumentID: in.ID, InstrumentVersion: 1, Open: true, CreatedAt: T})
	log("round", round, err)
	closed, err := st.CreateRound(ctx, survey.Round{ID: "rd-0", StudyID: study.ID, Name: "2024", InstrumentID: in.ID, InstrumentVersion: 1, CreatedAt: T})
	log("round closed", closed, err)
	_, err = st.CreateRound(ctx, survey.Round{ID: "rd-2", StudyID: study.ID, Name: "2025", InstrumentID: in.ID, InstrumentVersion: 1})
	log("round again", nil, err)
	_, err = st.CreateRound(ctx, survey.Round{ID: "rd-3", StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 9})
	log("round no instrument", nil, err)
	rounds, err := st.Rounds(ctx, study.ID)
	log("rounds", rounds, err)

	rounds2 := []string{round.ID, closed.ID, "unknown"}
	last, err := st.RoundChanges(ctx, rounds2)
	log("changes", last, err)
	changes := func(op string) {
		now, err := st.RoundChanges(ctx, rounds2)
		var moved []bool
		for i := range now {
			moved = append(moved, now[i] > last[i])
		}
		log("changed after "+op, moved, err)
		last = now
	}

	start := func(id, code string, school int, at time.Time) survey.Response {
		r, err := st.StartResponse(ctx, survey.Response{ID: id, RoundID: round.ID, SchoolID: schools[school].ID,
			RespondentCode: code, Role: survey.RoleTeacher, StartedAt: at, DeviceID: "dev-1"})
		log("start "+code, r, err)
		return r
	}
	r1 := start("rs-1", "A1", 0, T.Add(time.Hour))
	start("rs-2", "A2", 1, T)
	start("rs-3", "A1", 2, T)
	_, err = st.StartResponse(ctx, survey.Response{ID: "rs-4", RoundID: closed.ID, SchoolID: schools[0].ID, RespondentCode: "A9"})
	log("start in closed round", nil, err)
	_, err = st.StartResponse(ctx, survey.Response{ID: "rs-5", RoundID: round.ID, SchoolID: schools[0].ID, RespondentCode: "A5", InstrumentID: in.ID, InstrumentVersion: 2})
	log("start other version", nil, err)
	_, err = st.StartResponse(ctx, survey.Response{ID: "rs-6", RoundID: round.ID, SchoolID: "nope", RespondentCode: "A6"})
	log("start no school", nil, err)
	changes("starts")

	save := func(op, resp, item string, v survey.Value, cleared []string, role string) {
		log(op, nil, st.SaveAnswer(ctx, resp, survey.Answer{ItemID: item, Value: v, AnsweredAt: T.Add(time.Duration(len(out)) * time.Second)}, cleared, role))
	}
	save("save q1", r1.ID, "q1", survey.Num(4), nil, survey.RoleSENCo)
	save("save q2", r1.ID, "q2", survey.DontKnowValue(), nil, "")
	save("save who", r1.ID, "who", survey.ChoicesValue(2, 1), nil, "")
	save("save remarks", r1.ID, "remarks", survey.TextValue("Goed ''; gedaan"), []string{"q2"}, "")
	save("save q1 again", r1.ID, "q1", survey.Num(0), []string{"q1", "who"}, "")
	save("save no item", r1.ID, "", survey.Num(1), nil, "")
	save("save no response", "nope", "q1", survey.Num(1), nil, "")
	changes("saves")
	answers, err := st.Answers(ctx, r1.ID)
	log("answers", answers, err)
	log("delete remarks", nil, st.DeleteAnswer(ctx, r1.ID, "remarks", nil))
	save("save who", r1.ID, "who", survey.ChoicesValue(3), nil, "")
	changes("delete")
	log("complete", nil, st.CompleteResponse(ctx, r1.ID, T.Add(2*time.Hour)))
	changes("complete")
	save("save after complete", r1.ID, "q1", survey.Num(1), nil, "")
	log("complete again", nil, st.CompleteResponse(ctx, r1.ID, T))
	log("close round", nil, st.SetRoundOpen(ctx, round.ID, false))
	save("save in closed round", "rs-2", "q1", survey.Num(1), nil, "")
	log("open round", nil, st.SetRoundOpen(ctx, round.ID, true))
	log("open no round", nil, st.SetRoundOpen(ctx, "nope", true))
	resp, err := st.Response(ctx, r1.ID)
	log("response", resp, err)
	resp, err = st.ResponseFor(ctx, round.ID, "A2")
	log("response for", resp, err)
	_, err = st.ResponseFor(ctx, round.ID, "nobody")
	log("response for nobody", nil, err)
	list, err := st.Responses(ctx, round.ID)
	log("responses", list, err)
	counts, err := st.ResponseCounts(ctx, round.ID)
	log("counts", counts, err)
	_, err = st.ResponseCounts(ctx, "nope")
	log("counts nope", nil, err)

	imp := func(id, round, school, code string, status survey.Status, answers ...survey.Answer) survey.ResponseRecord {
		r := survey.ResponseRecord{Response: survey.Response{ID: id, RoundID: round, SchoolID: school, RespondentCode: code,
			Role: survey.RoleTeacher, Status: status, StartedAt: T.Add(-time.Hour)}, Answers: answers}
		if status == survey.Complete {
			r.Response.FinishedAt = T
		}
		return r
	}
	a := func(item string, v survey.Value) survey.Answer { return survey.Answer{ItemID: item, Value: v} }
	n, err := st.ImportResponses(ctx, []survey.ResponseRecord{
		imp("im-1", closed.ID, schools[3].ID, "B1", survey.Complete, a("q2", survey.Num(2)), a("q1", survey.Num(5))),
		imp("im-2", closed.ID, schools[4].ID, "B2", survey.InProgress, a("who", survey.ChoicesValue(1))),
		imp("im-1", closed.ID, schools[3].ID, "B1", survey.Complete),
		imp("rs-2", round.ID, schools[1].ID, "A2", survey.Complete),
	})
	log("import", n, err)
	changes("import")
	n, err = st.ImportResponses(ctx, []survey.ResponseRecord{
		imp("im-3", closed.ID, schools[3].ID, "B3", survey.Complete),
		imp("im-4", closed.ID, schools[3].ID, "B1", survey.Complete),
	})
	log("import conflict", n, err)
	n, err = st.ImportResponses(ctx, []survey.ResponseRecord{imp("im-5", closed.ID, schools[3].ID, "B5", survey.Complete, a("q1", survey.Num(1)), a("q1", survey.Num(2)))})
	log("import twice answered", n, err)
	n, err = st.ImportResponses(ctx, []survey.ResponseRecord{imp("im-6", closed.ID, schools[3].ID, "B6", survey.InProgress, a("q1", survey.Num(1)))})
	log("import in progress with finish", n, err)
	changes("failed imports")

	// Merge: the same definitions, a new response, a duplicate, a
	// conflict won by the package, one lost, one by respondent.
	defs := survey.Definitions{Study: study, Workplaces: wps[:2], Schools: schools[:2], Rounds: []survey.Round{round, closed}, Instruments: []*survey.Instrument{in}}
	dev := func(r survey.ResponseRecord) survey.ResponseRecord { r.Response.DeviceID = "dev-2"; return r }
	existing := func(id string) survey.ResponseRecord {
		var rec survey.ResponseRecord
		check(t, st.ScanResponses(ctx, survey.ResponseFilter{}, func(r survey.ResponseRecord) error {
			if r.Response.ID == id {
				rec = r
			}
			return nil
		}))
		return rec
	}
	dup := existing("im-1")
	newer := existing("im-2")
	newer.Response.Status, newer.Response.FinishedAt = survey.Complete, T.Add(time.Hour)
	older := existing("rs-1")
	older.Response.FinishedAt = T.Add(-time.Hour)
	byCode := dev(imp("mg-9", round.ID, schools[1].ID, "A2", survey.Complete, a("q1", survey.Num(3))))
	recs := []survey.ResponseRecord{dev(imp("mg-1", round.ID, schools[0].ID, "C1", survey.Complete, a("q1", survey.Num(3)))), dup, newer, older, byCode, dup}
	seq := func(yield func(survey.ResponseRecord, error) bool) {
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
	res, err := st.Merge(ctx, defs, iter.Seq2[survey.ResponseRecord, error](seq))
	log("merge", res, err)
	changes("merge")
	res, err = st.Merge(ctx, defs, iter.Seq2[survey.ResponseRecord, error](seq))
	log("merge again", res, err)
	bad := defs
	bad.Study.Title = "Other"
	res, err = st.Merge(ctx, bad, iter.Seq2[survey.ResponseRecord, error](seq))
	log("merge other study", res, err)
	failing := func(yield func(survey.ResponseRecord, error) bool) {
		if yield(dev(imp("mg-2", round.ID, schools[0].ID, "C2", survey.Complete)), nil) {
			yield(survey.ResponseRecord{}, fmt.Errorf("package damaged"))
		}
	}
	res, err = st.Merge(ctx, defs, failing)
	log("merge damaged", res, err)
	changes("failed merges")

	for _, f := range []survey.ResponseFilter{
		{}, {StudyID: study.ID, CompleteOnly: true}, {RoundIDs: []string{closed.ID}}, {SchoolIDs: []string{schools[0].ID, schools[3].ID}},
		{WorkplaceIDs: []string{wps[1].ID}}, {InstrumentID: "x"}, {StudyID: study.ID, WithoutAnswers: true},
	} {
		var lines []string
		err := st.ScanResponses(ctx, f, func(r survey.ResponseRecord) error {
			lines = append(lines, fmt.Sprintf("%+v", r))
			return nil
		})
		log(fmt.Sprintf("scan %+v", f), strings.Join(lines, "\n  "), err)
	}
	stop := fmt.Errorf("stop")
	log("scan stopped", nil, st.ScanResponses(ctx, survey.ResponseFilter{}, func(survey.ResponseRecord) error { return stop }))

	log("target", nil, st.SetTarget(ctx, survey.Target{StudyID: study.ID, InstrumentID: in.ID, MeasureID: "q1", Value: 3.5}))
	log("target b", nil, st.SetTarget(ctx, survey.Target{StudyID: study.ID, InstrumentID: "a", MeasureID: "z", Value: 1}))
	log("target again", nil, st.SetTarget(ctx, survey.Target{StudyID: study.ID, InstrumentID: in.ID, MeasureID: "q1", Value: 4}))
	log("target no study", nil, st.SetTarget(ctx, survey.Target{StudyID: "nope", InstrumentID: in.ID, MeasureID: "q1", Value: 4}))
	targets, err := st.Targets(ctx, study.ID)
	log("targets", targets, err)
	v, ok, err := st.Setting(ctx, "nope")
	log("setting", []any{v, ok}, err)
	log("set", nil, st.SetSetting(ctx, "kiosk", "x"))
	v, ok, err = st.Setting(ctx, "kiosk")
	log("setting", []any{v, ok}, err)
	dv, err := st.DeviceID(ctx)
	log("device", dv, err)

	log("cache", nil, st.Cache(ctx, "k", "s1", []byte("data")))
	data, ok, err := st.Cached(ctx, "k", "s1")
	log("cached", []any{string(data), ok}, err)
	data, ok, err = st.Cached(ctx, "k", "s2")
	log("cached other stamp", []any{string(data), ok}, err)
	for i := range 10 {
		check(t, st.Cache(ctx, fmt.Sprintf("k%d", i), "s", []byte{byte(i)}))
	}
	_, ok, err = st.Cached(ctx, "k", "s1")
	log("cached after 10 more", ok, err)
	cr, err := st.Check(ctx)
	log("check", cr, err)
	nr, err := st.RepairPacked(ctx)
	log("repair", nr, err)
	return out
}
