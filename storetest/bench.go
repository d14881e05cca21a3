package storetest

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"peil/survey"
)

// The stores' merge benchmarks (storage.BenchmarkMergeNational and
// postgres.BenchmarkMergeNational) build the same study; these build its
// instrument and responses once for both.

// BenchInstrument is the benchmarks' instrument: cultuursurvey version 1,
// one section of items Likert items q00, q01, ... that allow "don't know".
func BenchInstrument(items int) *survey.Instrument {
	in := &survey.Instrument{ID: "cultuursurvey", Version: 1}
	sec := survey.Section{ID: "a"}
	for i := range items {
		sec.Items = append(sec.Items, survey.Item{ID: fmt.Sprintf("q%02d", i), Type: survey.Likert, DontKnow: true})
	}
	in.Sections = []survey.Section{sec}
	return in
}

// BenchResponse is respondent n of school number i in a benchmark: a
// complete teacher response to BenchInstrument(items) in round, started n
// minutes after start and finished ten minutes later, with an answer to
// every item (a few of them "don't know"), saved on device.
func BenchResponse(round survey.Round, school survey.School, i, n, items int, device string, start time.Time) survey.ResponseRecord {
	started := start.Add(time.Duration(n) * time.Minute)
	rec := survey.ResponseRecord{Response: survey.Response{ID: uuid.NewString(), RoundID: round.ID, SchoolID: school.ID,
		RespondentCode: fmt.Sprintf("R%03d-%03d", i, n), Role: survey.RoleTeacher, Status: survey.Complete,
		InstrumentID: round.InstrumentID, InstrumentVersion: round.InstrumentVersion, StartedAt: started,
		FinishedAt: started.Add(10 * time.Minute), DeviceID: device}}
	for q := range items {
		v := survey.Num(1 + (i+n+q)%5)
		if (i+n+q)%17 == 0 {
			v = survey.DontKnowValue()
		}
		rec.Answers = append(rec.Answers, survey.Answer{ItemID: fmt.Sprintf("q%02d", q), Value: v, AnsweredAt: started.Add(time.Duration(q) * time.Second)})
	}
	return rec
}
