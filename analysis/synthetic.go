package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"peil/survey"
)

// SyntheticConfig sizes a synthetic study.
type SyntheticConfig struct {
	// Seed makes the data reproducible: the same config gives the same
	// dataset.
	Seed uint64
	// Workplaces, SchoolsPerWorkplace and Rounds size the study.
	Workplaces, SchoolsPerWorkplace, Rounds int
	// StaffPerSchool is the mean number of respondents per school and
	// round; school sizes vary uniformly from a third to five thirds of
	// it.
	StaffPerSchool int
	// ScalesPerInstrument and ItemsPerScale shape the culture survey.
	Scales, ItemsPerScale int
}

// National is the size of the national programme: 500 schools in 25
// workplaces, 3 rounds, about 30 staff per school, and a culture survey of
// 8 scales of 4 items plus a grade, a single choice item and an item new in
// the last round (35 items): about 45,000 responses and 1.6 million
// answers.
var National = SyntheticConfig{Seed: 1, Workplaces: 25, SchoolsPerWorkplace: 20, Rounds: 3, StaffPerSchool: 30, Scales: 8, ItemsPerScale: 4}

// SyntheticInstruments returns the culture survey of a synthetic study:
// version 1, used in every round but the last, and version 2, which adds
// item "nieuw" (new in the last round). Each scale's last item is
// reverse-worded.
func SyntheticInstruments(cfg SyntheticConfig) (v1, v2 *survey.Instrument) {
	mk := func(version int) *survey.Instrument {
		in := &survey.Instrument{ID: "cultuursurvey-synthetisch", Version: version, Title: survey.Text{survey.Dutch: "Cultuursurvey (synthetisch)"}}
		sec := survey.Section{ID: "s", Items: []survey.Item{{
			ID: "rol", Type: survey.SingleChoice, SetsRole: true,
			Options: []survey.Option{{Code: 1, Value: survey.RoleTeacher}, {Code: 2, Value: survey.RoleTeacherResearcher}},
		}}}
		for s := range cfg.Scales {
			sc := survey.Scale{ID: fmt.Sprintf("schaal%d", s+1), Name: survey.Text{survey.Dutch: fmt.Sprintf("Schaal %d", s+1)}}
			for i := range cfg.ItemsPerScale {
				id := fmt.Sprintf("s%di%d", s+1, i+1)
				sec.Items = append(sec.Items, survey.Item{ID: id, Type: survey.Likert, DontKnow: true,
					Text: survey.Text{survey.Dutch: fmt.Sprintf("Stelling %d.%d", s+1, i+1)}})
				sc.Items = append(sc.Items, id)
				if i == cfg.ItemsPerScale-1 && i > 0 {
					sc.Reversed = append(sc.Reversed, id)
				}
			}
			in.Scales = append(in.Scales, sc)
		}
		sec.Items = append(sec.Items,
			survey.Item{ID: "cijfer", Type: survey.Grade, Text: survey.Text{survey.Dutch: "Rapportcijfer kennisproducten"}},
			survey.Item{ID: "jaren", Type: survey.SingleChoice, Text: survey.Text{survey.Dutch: "Jaren op deze school"},
				Options: []survey.Option{{Code: 1, Value: "0-2"}, {Code: 2, Value: "3-10"}, {Code: 3, Value: "10+"}}},
		)
		if version > 1 {
			sec.Items = append(sec.Items, survey.Item{ID: "nieuw", Type: survey.Likert, DontKnow: true,
				Text: survey.Text{survey.Dutch: "Nieuwe stelling"}})
		}
		in.Sections = []survey.Section{sec}
		return in
	}
	return mk(1), mk(2)
}

// syntheticRoles and their shares of staff.
var syntheticRoles = [...]struct {
	role  string
	share float64
}{
	{survey.RoleTeacher, 0.70},
	{survey.RoleTeacherResearcher, 0.10},
	{survey.RoleSENCo, 0.08},
	{survey.RoleColleague, 0.07},
	{survey.RoleSchoolLeader, 0.05},
}

// Synthetic generates a study of the given size. Workplace, school and
// round effects and a yearly improvement make the trends non-trivial; 5% of
// agreement answers are "don't know" and 3% of items are skipped.
func Synthetic(cfg SyntheticConfig) (*Dataset, error) {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	v1, v2 := SyntheticInstruments(cfg)
	d := NewDataset(cfg.Workplaces * cfg.SchoolsPerWorkplace * cfg.Rounds * cfg.StaffPerSchool)
	for r := range cfg.Rounds {
		in := v1
		if r == cfg.Rounds-1 && r > 0 {
			in = v2
		}
		if _, err := d.AddRound(fmt.Sprintf("ronde %d", r+1), in); err != nil {
			return nil, fmt.Errorf("synthetic study: %w", err)
		}
	}
	nItems := d.NumItems()
	pos := func(id string) int { p, _ := d.ItemIndex(id); return p }
	grade, years, newItem := pos("cijfer"), pos("jaren"), pos("nieuw")
	values := make([]int8, nItems)
	latent := make([]float64, cfg.Scales)
	for w := range cfg.Workplaces {
		wp := fmt.Sprintf("W%02d", w+1)
		wEffect := rng.NormFloat64() * 0.25
		trend := 0.05 + rng.Float64()*0.15
		for s := range cfg.SchoolsPerWorkplace {
			school := fmt.Sprintf("%s-%02d", wp, s+1)
			sEffect := wEffect + rng.NormFloat64()*0.25
			lo := max(1, cfg.StaffPerSchool/3)
			size := lo + rng.IntN(2*(cfg.StaffPerSchool-lo)+1)
			for r := range cfg.Rounds {
				for range size {
					role := syntheticRoles[len(syntheticRoles)-1].role
					u := rng.Float64()
					for _, sr := range syntheticRoles {
						if u < sr.share {
							role = sr.role
							break
						}
						u -= sr.share
					}
					person := rng.NormFloat64() * 0.4
					for sc := range latent {
						latent[sc] = 0.3 + sEffect + person + float64(r)*trend + rng.NormFloat64()*0.3
					}
					for p := range values {
						values[p] = Missing
					}
					for sc := range cfg.Scales {
						for i := range cfg.ItemsPerScale {
							p := sc*cfg.ItemsPerScale + i
							x := 3 + latent[sc] + rng.NormFloat64()*0.7
							if i == cfg.ItemsPerScale-1 && i > 0 {
								x = 6 - x
							}
							values[p] = likert(x)
							switch u := rng.Float64(); {
							case u < 0.05:
								values[p] = DontKnow
							case u < 0.08:
								values[p] = Missing
							}
						}
					}
					values[grade] = int8(min(10, max(1, math.Round(7+latent[0]+rng.NormFloat64()))))
					values[years] = int8(1 + rng.IntN(3))
					if r == cfg.Rounds-1 && r > 0 {
						values[newItem] = likert(3 + latent[0] + rng.NormFloat64()*0.7)
					}
					err := d.Add(Response{Round: r, Workplace: wp, School: school, Role: role, Values: values})
					if err != nil {
						return nil, fmt.Errorf("synthetic study: %w", err)
					}
				}
			}
		}
	}
	return d, nil
}

func likert(x float64) int8 {
	return int8(min(5, max(1, math.Round(x))))
}
