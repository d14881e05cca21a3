package export_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"peil/export"
	"peil/survey"
)

// memScanner is an in-memory survey.ResponseScanner. Like storage, it
// leaves the answers out when the filter asks WithoutAnswers, so a pass
// that wrongly does so measures nothing.
type memScanner struct {
	records   []survey.ResponseRecord
	schoolsWP map[string]string // school id → workplace id
	scans     int
	// bare counts the scans WithoutAnswers.
	bare int
}

func (m *memScanner) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	m.scans++
	if f.WithoutAnswers {
		m.bare++
	}
	for _, rec := range m.records {
		r := rec.Response
		if len(f.RoundIDs) > 0 && !slices.Contains(f.RoundIDs, r.RoundID) ||
			len(f.SchoolIDs) > 0 && !slices.Contains(f.SchoolIDs, r.SchoolID) ||
			len(f.WorkplaceIDs) > 0 && !slices.Contains(f.WorkplaceIDs, m.schoolsWP[r.SchoolID]) ||
			f.InstrumentID != "" && r.InstrumentID != f.InstrumentID ||
			f.CompleteOnly && r.Status != survey.Complete {
			continue
		}
		if f.WithoutAnswers {
			rec.Answers = nil
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

var cet = time.FixedZone("CET", 3600)

// longLabel is a question text longer than Stata's 80 characters and
// SPSS's documented 256.
var longLabel = "Hoe vaak " + strings.Repeat("bespreekt u met collega's de resultaten van leerlingen en wat u daarvan leert, ", 4) + "in een gewone maand?"

func likert(id, nl string, dk bool) survey.Item {
	return survey.Item{ID: id, Type: survey.Likert, Text: survey.Text{survey.Dutch: nl, survey.English: "EN " + nl}, DontKnow: dk}
}

func opts(labels ...string) []survey.Option {
	var o []survey.Option
	for i, l := range labels {
		o = append(o, survey.Option{Code: i + 1, Value: strings.ToLower(strings.Fields(l)[0]), Label: survey.Text{survey.Dutch: l, survey.English: "EN " + l}})
	}
	return o
}

// instruments returns two versions of a test instrument with every item
// type, skip logic, "don't know", a scale with a reversed item, an item
// added in version 2 and an option added in version 2.
func instruments() []*survey.Instrument {
	v1 := &survey.Instrument{ID: "cultuur", Version: 1, Title: survey.Text{survey.Dutch: "Cultuursurvey", survey.English: "Culture survey"}}
	items := []survey.Item{
		{ID: "rol", Type: survey.SingleChoice, SetsRole: true, Text: survey.Text{survey.Dutch: "Wat is uw rol?", survey.English: "What is your role?"},
			Options: []survey.Option{
				{Code: 1, Value: "leerkracht", Label: survey.Text{survey.Dutch: "Leerkracht", survey.English: "Teacher"}},
				{Code: 2, Value: "collega", Label: survey.Text{survey.Dutch: "Collega", survey.English: "Colleague"}},
				{Code: 3, Value: "schoolleider", Label: survey.Text{survey.Dutch: "Schoolleider", survey.English: "School leader"}},
			}},
		{ID: "intro", Type: survey.Note, Text: survey.Text{survey.Dutch: "Nu volgen stellingen."}},
		likert("q1", "Ik voel me vrij om nieuwe ideeën uit te proberen (ĳverig, naïef, señor)", true),
		likert("q2", "Onderzoek kost mij te veel tijd", false),
		{ID: "kent", Type: survey.SingleChoice, Text: survey.Text{survey.Dutch: "Kent u het onderzoek?"}, Options: opts("Ja", "Nee")},
		{ID: "q3", Type: survey.Likert, DontKnow: true, Text: survey.Text{survey.Dutch: "Het onderzoek is bruikbaar"}, ShowIf: survey.MustParseCondition("kent = 'ja'")},
		{ID: "gebruik", Type: survey.MultipleChoice, Text: survey.Text{survey.Dutch: "Wie gebruikt de kennis?"}, Options: opts("Ikzelf", "Collega's", "Andere scholen", "Regio"),
			ShowIf: survey.MustParseCondition("kent = 'ja'")},
		{ID: "jaren", Type: survey.Integer, Min: 0, Max: 45, Text: survey.Text{survey.Dutch: "Hoeveel jaar werkt u in het onderwijs?"}},
		{ID: "cijfer", Type: survey.Grade, Text: survey.Text{survey.Dutch: "Welk cijfer geeft u de werkplaats?"}},
		{ID: "toelichting", Type: survey.OpenText, Text: survey.Text{survey.Dutch: "Toelichting"}},
	}
	v1.Sections = []survey.Section{{ID: "s1", Items: items}}
	v1.Scales = []survey.Scale{{ID: "houding", Name: survey.Text{survey.Dutch: "Onderzoekende houding", survey.English: "Inquiring attitude"},
		Items: []string{"q1", "q2", "q3"}, Reversed: []string{"q2"}}}

	v2 := &survey.Instrument{ID: "cultuur", Version: 2, Title: v1.Title, Scales: v1.Scales}
	items2 := slices.Clone(items)
	gebruik := items2[6]
	gebruik.Options = opts("Ikzelf", "Collega's", "Andere scholen", "Regio", "Landelijk")
	items2[6] = gebruik
	jaren := items2[7]
	jaren.Max = 120
	items2[7] = jaren
	q4 := likert("q4", longLabel, false)
	items2 = slices.Insert(items2, 4, q4)
	v2.Sections = []survey.Section{{ID: "s1", Items: items2}}
	return []*survey.Instrument{v1, v2}
}

func ans(id string, v survey.Value) survey.Answer { return survey.Answer{ItemID: id, Value: v} }

// fixture returns a study with two workplaces, three schools and three
// rounds (the last one empty), and responses covering every item type and
// every kind of missing answer.
func fixture() (export.Study, []*survey.Instrument, *memScanner) {
	st := export.Study{
		Study: survey.Study{ID: "s", Code: "monitor", Title: "Monitor ĳsselmonde"},
		// POINT and WOA-02 have no name: their codes label them.
		Workplaces: []survey.Workplace{{ID: "w1", Code: "WOA", Name: "Werkplaats Onderwijsonderzoek Amsterdam"}, {ID: "w2", Code: "POINT"}},
		Schools: []survey.School{{ID: "sc1", WorkplaceID: "w1", Code: "WOA-01", Name: "De Regenboog"}, {ID: "sc2", WorkplaceID: "w1", Code: "WOA-02"},
			{ID: "sc3", WorkplaceID: "w2", Code: "POINT-01", Name: "De Wereldboom"}},
		Rounds: []survey.Round{
			{ID: "r1", Name: "Nulmeting 2025", InstrumentID: "cultuur", InstrumentVersion: 1},
			{ID: "r2", Name: "Meting 2026", InstrumentID: "cultuur", InstrumentVersion: 2},
			{ID: "r3", Name: "Meting 2027 (leeg)", InstrumentID: "cultuur", InstrumentVersion: 2},
		},
	}
	at := func(d, h int) time.Time { return time.Date(2025, 10, d, h, 15, 30, 0, cet) }
	resp := func(id, round, school, code string, version int, done bool, d int) survey.Response {
		r := survey.Response{ID: id, RoundID: round, SchoolID: school, RespondentCode: code, InstrumentID: "cultuur", InstrumentVersion: version,
			Status: survey.InProgress, StartedAt: at(d, 9)}
		if done {
			r.Status, r.FinishedAt = survey.Complete, at(d, 10)
		}
		return r
	}
	m := &memScanner{schoolsWP: map[string]string{"sc1": "w1", "sc2": "w1", "sc3": "w2"}}
	m.records = []survey.ResponseRecord{
		{Response: resp("a1", "r1", "sc1", "ABCD-EFGH", 1, true, 1), Answers: []survey.Answer{
			ans("rol", survey.Num(1)), ans("q1", survey.Num(4)), ans("q2", survey.Num(2)), ans("kent", survey.Num(1)),
			ans("q3", survey.Num(5)), ans("gebruik", survey.ChoicesValue(1, 3)), ans("jaren", survey.Num(12)), ans("cijfer", survey.Num(8)),
			ans("toelichting", survey.TextValue("Veel geleerd; \"echt\" waar,\nook over ĳs en één.")),
		}},
		{Response: resp("a2", "r1", "sc3", "KLMN-PQRS", 1, true, 2), Answers: []survey.Answer{
			ans("rol", survey.Num(2)), ans("q1", survey.DontKnowValue()), ans("q2", survey.Num(5)), ans("kent", survey.Num(2)),
			ans("jaren", survey.Num(0)),
		}},
		{Response: resp("a3", "r1", "sc2", "TUVW-XYZA", 1, false, 3), Answers: []survey.Answer{
			ans("rol", survey.Num(3)), ans("q1", survey.Num(3)),
		}},
		{Response: resp("b1", "r2", "sc1", "ABCD-EFGH", 2, true, 4), Answers: []survey.Answer{
			ans("rol", survey.Num(1)), ans("q1", survey.Num(5)), ans("q2", survey.Num(1)), ans("q4", survey.Num(2)), ans("kent", survey.Num(1)),
			ans("q3", survey.DontKnowValue()), ans("gebruik", survey.ChoicesValue(5)), ans("jaren", survey.Num(100)), ans("cijfer", survey.Num(10)),
		}},
		{Response: resp("b2", "r2", "sc3", "KLMN-PQRS", 2, true, 5), Answers: []survey.Answer{
			ans("rol", survey.Num(2)), ans("q1", survey.Num(2)), ans("q2", survey.Num(4)), ans("q4", survey.Num(4)), ans("kent", survey.Num(1)),
			ans("jaren", survey.Num(7)), ans("cijfer", survey.Num(6)), ans("toelichting", survey.TextValue("Prima")),
		}},
	}
	return st, instruments(), m
}

var exportTime = time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)

// fixedRand is a deterministic salt source for golden files.
type fixedRand struct{}

func (fixedRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

var _ = fmt.Sprint

func createFile(path string) (*os.File, error) { return os.Create(path) }
