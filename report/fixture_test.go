package report_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"peil/analysis"
	"peil/report"
	"peil/survey"
)

// The test study: three workplaces, three rounds of a small culture
// survey. Round 3 uses version 2 of the instrument, which adds an item to
// a scale and a whole new scale. WOU has four respondents in 2025, fewer
// than k = 5, and they answer far lower than anyone else, so their true
// means are numbers that appear nowhere else in the report.

var rounds = []string{"2024", "2025", "2026"}

// size[workplace][round]
var sizes = map[string][3]int{"WOA": {12, 14, 15}, "POINT": {20, 18, 22}, "WOU": {8, 4, 9}}

var wpOrder = []string{"WOA", "POINT", "WOU"}

func likertItem(id, nl, en string) survey.Item {
	return survey.Item{ID: id, Type: survey.Likert, DontKnow: true, Text: survey.Text{survey.Dutch: nl, survey.English: en}}
}

func instrument(version int) *survey.Instrument {
	items := []survey.Item{
		{ID: "rol", Type: survey.SingleChoice, SetsRole: true, Options: []survey.Option{
			{Code: 1, Value: survey.RoleTeacher}, {Code: 2, Value: survey.RoleTeacherResearcher}}},
		likertItem("oh1", "Ik probeer nieuwe aanpakken uit in mijn les.", "I try out new approaches in my lessons."),
		likertItem("oh2", "Ik zoek naar verklaringen als iets niet werkt.", "I look for explanations when something does not work."),
		likertItem("oh3", "Ik bespreek mijn vragen over de praktijk met collega's.", "I discuss my questions about practice with colleagues."),
		likertItem("oh4", "Ik heb geen tijd om over mijn lessen na te denken.", "I have no time to think about my lessons."),
		likertItem("dg1", "We gebruiken toetsresultaten om problemen op te sporen.", "We use test results to find problems."),
		likertItem("dg2", "We bespreken de resultaten van leerlingen in het team.", "We discuss pupils' results in the team."),
		likertItem("dg3", "Cijfers over leerlingen zeggen weinig over mijn onderwijs.", "Figures about pupils say little about my teaching."),
		{ID: "cijfer", Type: survey.Grade, Text: survey.Text{survey.Dutch: "Welk rapportcijfer geeft u de kennisproducten?", survey.English: "What grade do you give the knowledge products?"}},
		{ID: "jaren", Type: survey.SingleChoice, Text: survey.Text{survey.Dutch: "Hoe lang werkt u op deze school?", survey.English: "How long have you worked at this school?"},
			Options: []survey.Option{
				{Code: 1, Value: "kort", Label: survey.Text{survey.Dutch: "0-2 jaar", survey.English: "0-2 years"}},
				{Code: 2, Value: "middel", Label: survey.Text{survey.Dutch: "3-10 jaar", survey.English: "3-10 years"}},
				{Code: 3, Value: "lang", Label: survey.Text{survey.Dutch: "meer dan 10 jaar", survey.English: "more than 10 years"}}}},
		{ID: "aantal", Type: survey.Integer, Min: 0, Max: 100, Text: survey.Text{survey.Dutch: "Hoeveel collega's doen mee aan onderzoek?", survey.English: "How many colleagues take part in research?"}},
		{ID: "uren", Type: survey.Decimal, DecimalMin: ptr(0.0), DecimalMax: ptr(40.0), Text: survey.Text{survey.Dutch: "Hoeveel uur per week besteedt u aan onderzoek?", survey.English: "How many hours a week do you spend on research?"}},
	}
	scales := []survey.Scale{
		{ID: "onderzoekende_houding", Name: survey.Text{survey.Dutch: "Onderzoekende houding", survey.English: "Inquiring attitude"},
			Items: []string{"oh1", "oh2", "oh3", "oh4"}, Reversed: []string{"oh4"}},
		{ID: "datagebruik", Name: survey.Text{survey.Dutch: "Datagebruik", survey.English: "Use of data"},
			Items: []string{"dg1", "dg2", "dg3"}, Reversed: []string{"dg3"}},
	}
	if version > 1 {
		items = append(items,
			likertItem("oh5", "Ik lees over onderzoek dat mijn lessen raakt.", "I read about research that concerns my lessons."),
			likertItem("cf1", "Collega's geven mij feedback op mijn lessen.", "Colleagues give me feedback on my lessons."),
			likertItem("cf2", "Ik kijk weleens bij een collega in de klas.", "I sometimes watch a colleague teach."),
		)
		scales[0].Items = append(scales[0].Items, "oh5")
		scales = append(scales, survey.Scale{ID: "collegiale_feedback", Name: survey.Text{survey.Dutch: "Collegiale feedback", survey.English: "Feedback from colleagues"},
			Items: []string{"cf1", "cf2"}})
	}
	return &survey.Instrument{ID: "cultuursurvey", Version: version,
		Title:    survey.Text{survey.Dutch: "Cultuursurvey", survey.English: "School culture survey"},
		Sections: []survey.Section{{ID: "s", Items: items}}, Scales: scales}
}

// respondent is one generated response, kept so tests can compute what
// the report must not show.
type respondent struct {
	round     int
	workplace string
	values    map[string]int8 // item id -> value (analysis codes)
	numbers   map[string]float64
}

func ptr[T any](x T) *T { return &x }

// fixture builds the dataset and returns it with the raw responses.
func fixture(t testing.TB) (*analysis.Dataset, []respondent) {
	t.Helper()
	people := generate()
	return dataset(t, people), people
}

// generate makes the test study's responses (deterministic).
func generate() []respondent {
	v1, v2 := instrument(1), instrument(2)
	rng := rand.New(rand.NewPCG(2026, 4))
	// The number item draws from its own source, so that adding it
	// changed no other answer.
	numbers := rand.New(rand.NewPCG(2026, 5))
	hours := rand.New(rand.NewPCG(2026, 6)) // the decimal item's, likewise
	effect := map[string]float64{"WOA": 0.1, "POINT": -0.2, "WOU": 0.3}
	trend := map[string]float64{"WOA": 0.25, "POINT": 0.1, "WOU": 0.2}
	var out []respondent
	for _, wp := range wpOrder {
		for r := range rounds {
			for range sizes[wp][r] {
				latent := 0.4 + effect[wp] + trend[wp]*float64(r) + rng.NormFloat64()*0.35
				small := wp == "WOU" && r == 1
				if small {
					latent = -1.3 + rng.NormFloat64()*0.2
				}
				vals, nums := map[string]int8{}, map[string]float64{}
				in := v1
				if r == 2 {
					in = v2
				}
				for _, it := range in.Items() {
					switch it.Type {
					case survey.Likert:
						x := 3 + latent + rng.NormFloat64()*0.6
						if it.ID == "oh4" || it.ID == "dg3" {
							x = 6 - x
						}
						v := int8(min(5, max(1, math.Round(x))))
						switch u := rng.Float64(); {
						case u < 0.06 && !small:
							v = analysis.DontKnow
						case u < 0.09 && !small:
							continue
						}
						vals[it.ID] = v
					case survey.Grade:
						vals[it.ID] = int8(min(10, max(1, math.Round(7+1.5*latent+rng.NormFloat64()*0.8))))
					case survey.Integer:
						vals[it.ID] = int8(numbers.IntN(12))
					case survey.Decimal: // quarter hours, 0 to 8
						nums[it.ID] = float64(hours.IntN(33)) / 4
					case survey.SingleChoice:
						if !it.SetsRole {
							vals[it.ID] = int8(1 + rng.IntN(3))
						}
					}
				}
				out = append(out, respondent{round: r, workplace: wp, values: vals, numbers: nums})
			}
		}
	}
	return out
}

// dataset fills a Dataset with people, the way the storage layer would.
func dataset(t testing.TB, people []respondent) *analysis.Dataset {
	t.Helper()
	d := analysis.NewDataset(len(people))
	for r, name := range rounds {
		in := instrument(1)
		if r == 2 {
			in = instrument(2)
		}
		if _, err := d.AddRound(name, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range people {
		row := make([]int8, d.NumItems())
		for i := range row {
			row[i] = analysis.Missing
		}
		for id, v := range p.values {
			pos, ok := d.ItemIndex(id)
			if !ok {
				t.Fatalf("item %s not in the dataset", id)
			}
			row[pos] = v
		}
		nums := make([]float64, d.NumItems())
		for i := range nums {
			nums[i] = math.NaN()
		}
		for id, x := range p.numbers {
			pos, ok := d.ItemIndex(id)
			if !ok {
				t.Fatalf("item %s not in the dataset", id)
			}
			nums[pos] = x
		}
		if err := d.Add(analysis.Response{Round: p.round, Workplace: p.workplace, School: p.workplace + "-01", Role: survey.RoleTeacher, Values: row, Numbers: nums}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

var testDate = time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)

func testMeta(lang survey.Lang) report.Meta {
	return report.Meta{
		Study:      "Monitor werkplaatsen onderwijsonderzoek",
		StudyCode:  "monitor",
		Instrument: instrument(2),
		Workplaces: map[string]string{
			"WOA":   "Werkplaats Onderwijsonderzoek Amsterdam",
			"POINT": "Passend Onderwijs voor Ieder Nieuw Talent (Tilburg)",
			"WOU":   "Werkplaats Onderwijsonderzoek Utrecht",
		},
		Date: testDate,
		Lang: lang,
	}
}

var testTargets = map[string]float64{"cijfer": 7.5, "onderzoekende_houding": 4}

func trends(t testing.TB, d *analysis.Dataset) *analysis.Report {
	t.Helper()
	rep, err := analysis.Trends(d, analysis.WithTargets(testTargets))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
