package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"peil/survey"
)

// workplaceSpec describes one workplace of the study to generate.
type workplaceSpec struct {
	code, name string
	schools    []string
	// base and trend shift the workplace's answers on the 1-5 scale: base
	// in every round, trend once more each round.
	base, trend float64
	// sizes are the responses per instrument id in the latest round.
	sizes map[string]int
}

// pilot is the example study: the workplaces of the domain brief with
// their school counts and the response counts of the monitoring report.
func pilot() []workplaceSpec {
	return []workplaceSpec{
		{"WOA", "Werkplaats Onderwijsonderzoek Amsterdam", schoolNames("Amsterdam", 12), 0.0, 0.15,
			map[string]int{CultureSurvey: 44, TeacherResearcher: 13, Colleague: 31}},
		{"POINT", "Passend Onderwijs voor Ieder Nieuw Talent (Tilburg)", schoolNames("Tilburg", 11), 0.2, 0.22,
			map[string]int{CultureSurvey: 102, TeacherResearcher: 9, Colleague: 93}},
		{"WOU", "Werkplaats Onderwijsonderzoek Utrecht", schoolNames("Utrecht", 15), -0.1, 0.07,
			map[string]int{CultureSurvey: 50, TeacherResearcher: 12, Colleague: 38}},
		{"KWP", "Kenniswerkplaats Rotterdams Talent", schoolNames("Rotterdam", 4), -0.2, 0.12,
			map[string]int{CultureSurvey: 26, TeacherResearcher: 5, Colleague: 17}},
	}
}

// roundYears are the years of the three rounds; the last is open.
var roundYears = [...]int{2024, 2025, 2026}

// roundGrowth scales each round's size: participation grows a little.
var roundGrowth = [...]float64{0.85, 0.93, 1.0}

// generator holds the random source and what has been made so far.
type generator struct {
	cfg   Config
	rng   *rand.Rand
	codes map[string]bool // every respondent code used in the study
	sum   Summary
	total int // responses to make, for Progress
	done  int
	batch []survey.ResponseRecord
	nAns  int // answers in batch
	// shapes caches what respond needs per instrument.
	shapes map[*survey.Instrument]*shape
}

func newGenerator(cfg Config) *generator {
	return &generator{
		cfg:    cfg,
		rng:    rand.New(rand.NewPCG(cfg.Seed, 0xdea0)),
		codes:  make(map[string]bool),
		shapes: make(map[*survey.Instrument]*shape),
	}
}

// Read makes the generator an io.Reader of its random bytes, for
// survey.NewRespondentCode.
func (g *generator) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(g.rng.Uint32())
	}
	return len(p), nil
}

// id returns a random (version 4 layout) UUID from the seeded source, so
// that the same seed gives the same ids.
func (g *generator) id() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		a>>32, (a>>16)&0xffff, a&0xfff, 0x8000|(b>>48)&0x3fff, b&0xffffffffffff)
}

// code returns a respondent code not used before in the study.
func (g *generator) code() (string, error) {
	for {
		c, err := survey.NewRespondentCode(g)
		if err != nil {
			return "", err
		}
		if !g.codes[c] {
			g.codes[c] = true
			return c, nil
		}
	}
}

// school is a generated school with its respondents per instrument.
type school struct {
	survey.School
	wp     *workplaceSpec
	effect float64
	weight float64
	// staff per instrument id: the people who answered it before.
	staff map[string][]*person
}

// person is a respondent: a code kept across rounds, a role, and a
// lasting personal tendency.
type person struct {
	code  string
	role  string
	trait float64
}

func (g *generator) run(ctx context.Context, st survey.Store, insts []*survey.Instrument) (Summary, error) {
	specs := pilot()
	code, title := StudyCode, "Voorbeeldstudie werkplaatsen onderwijsonderzoek"
	if g.cfg.Scale == National {
		specs = g.national()
		code, title = NationalStudyCode, "Voorbeeldstudie landelijk programma (500 scholen)"
	}
	study, err := st.CreateStudy(ctx, survey.Study{
		ID: g.id(), Code: code, Title: title, MinGroupSize: survey.DefaultMinGroupSize,
		CreatedAt: time.Date(roundYears[0], 9, 1, 9, 0, 0, 0, time.UTC),
	})
	if err != nil {
		return Summary{}, fmt.Errorf("creating the demo study: %w", err)
	}
	g.sum.Study = study

	var schools []*school
	for i := range specs {
		w := &specs[i]
		wp, err := st.CreateWorkplace(ctx, survey.Workplace{ID: g.id(), StudyID: study.ID, Code: w.code, Name: w.name})
		if err != nil {
			return Summary{}, fmt.Errorf("creating workplace %s: %w", w.code, err)
		}
		g.sum.Workplaces++
		for j, name := range w.schools {
			sc, err := st.CreateSchool(ctx, survey.School{
				ID: g.id(), WorkplaceID: wp.ID, Code: fmt.Sprintf("%s-%02d", w.code, j+1), Name: name,
			})
			if err != nil {
				return Summary{}, fmt.Errorf("creating school %s of %s: %w", name, w.code, err)
			}
			schools = append(schools, &school{
				School: sc, wp: w,
				effect: g.rng.NormFloat64() * 0.2,
				// Lognormal weights: a few big schools, several small ones.
				weight: math.Exp(g.rng.NormFloat64() * 0.6),
				staff:  make(map[string][]*person),
			})
		}
	}
	g.sum.Schools = len(schools)

	for _, in := range insts {
		if err := st.SaveInstrument(ctx, in); err != nil {
			return Summary{}, fmt.Errorf("saving instrument %s: %w", in.Key(), err)
		}
		if err := g.targets(ctx, st, study.ID, in); err != nil {
			return Summary{}, err
		}
	}

	// Sizes first, so Progress knows the total.
	type plan struct {
		in    *survey.Instrument
		round survey.Round
		year  int
		sizes []int // per school
	}
	var plans []plan
	for r, year := range roundYears {
		for _, in := range insts {
			round, err := st.CreateRound(ctx, survey.Round{
				ID: g.id(), StudyID: study.ID, Name: roundName(in, year),
				InstrumentID: in.ID, InstrumentVersion: in.Version,
				Open:      r == len(roundYears)-1,
				CreatedAt: time.Date(year, 9, 15, 9, 0, 0, 0, time.UTC).Add(time.Duration(len(plans)) * time.Minute),
			})
			if err != nil {
				return Summary{}, fmt.Errorf("creating round %d of %s: %w", year, in.ID, err)
			}
			g.sum.Rounds = append(g.sum.Rounds, round)
			p := plan{in: in, round: round, year: year, sizes: g.sizes(schools, in.ID, r)}
			for _, n := range p.sizes {
				g.total += n
			}
			plans = append(plans, p)
		}
	}
	for _, p := range plans {
		r := p.year - roundYears[0]
		for i, sc := range schools {
			people, err := g.attend(sc, p.in, p.sizes[i])
			if err != nil {
				return Summary{}, err
			}
			for _, who := range people {
				rec, err := g.respond(p.in, p.round, sc, who, r)
				if err != nil {
					return Summary{}, fmt.Errorf("generating a response to %s: %w", p.in.Key(), err)
				}
				g.batch = append(g.batch, rec)
				g.nAns += len(rec.Answers)
				if g.nAns >= 100_000 {
					if err := g.flush(ctx, st); err != nil {
						return Summary{}, err
					}
				}
			}
		}
	}
	if err := g.flush(ctx, st); err != nil {
		return Summary{}, err
	}
	return g.sum, nil
}

// national is the national programme: 25 workplaces of 20 schools, each
// with its own level and trend; schools average 30 staff.
func (g *generator) national() []workplaceSpec {
	specs := make([]workplaceSpec, 25)
	for i := range specs {
		code := fmt.Sprintf("W%02d", i+1)
		specs[i] = workplaceSpec{
			code: code, name: fmt.Sprintf("Werkplaats %02d", i+1),
			schools: nationalSchoolNames(code, 20),
			base:    g.rng.NormFloat64() * 0.2, trend: 0.03 + g.rng.Float64()*0.17,
			sizes: map[string]int{CultureSurvey: 20 * 30},
		}
	}
	return specs
}

// roundName names a round: "Meting 2024" for the culture survey, the
// instrument's title and the year for others (round names are unique in a
// study).
func roundName(in *survey.Instrument, year int) string {
	switch in.ID {
	case CultureSurvey:
		return fmt.Sprintf("Meting %d", year)
	case TeacherResearcher:
		return fmt.Sprintf("Leerkracht-onderzoekers %d", year)
	case Colleague:
		return fmt.Sprintf("Collega's %d", year)
	}
	return fmt.Sprintf("%s %d", in.Title.Get(survey.Dutch), year)
}

// targets sets the study's example targets: 7.5 for every grade (the
// programme's appreciation target) and 3.5 for the culture survey's
// inquiring attitude and data use.
func (g *generator) targets(ctx context.Context, st survey.Store, studyID string, in *survey.Instrument) error {
	set := func(measure string, v float64) error {
		err := st.SetTarget(ctx, survey.Target{StudyID: studyID, InstrumentID: in.ID, MeasureID: measure, Value: v})
		if err != nil {
			return fmt.Errorf("setting the target for %s of %s: %w", measure, in.ID, err)
		}
		return nil
	}
	for _, it := range in.Items() {
		if it.Type == survey.Grade {
			if err := set(it.ID, 7.5); err != nil {
				return err
			}
		}
	}
	if in.ID == CultureSurvey {
		for _, id := range []string{"onderzoekende_houding", "datagebruik"} {
			if _, ok := in.Scale(id); ok {
				if err := set(id, 3.5); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sizes divides the workplace's responses to instrument id in round r over
// its schools, in proportion to their weights.
func (g *generator) sizes(schools []*school, id string, r int) []int {
	out := make([]int, len(schools))
	// Workplaces in the order of their schools (not map order), so the
	// random draws, and the study, follow from the seed.
	var order []*workplaceSpec
	byWP := make(map[*workplaceSpec][]int)
	for i, sc := range schools {
		if byWP[sc.wp] == nil {
			order = append(order, sc.wp)
		}
		byWP[sc.wp] = append(byWP[sc.wp], i)
	}
	for _, wp := range order {
		idx := byWP[wp]
		want, ok := wp.sizes[id]
		if !ok {
			want = wp.sizes[CultureSurvey]
		}
		if g.cfg.Scale == National {
			// Every school has about 30 staff, a third to five thirds.
			for _, i := range idx {
				out[i] = int(math.Round(float64(10+g.rng.IntN(41)) * (0.97 + 0.03*float64(r))))
			}
			continue
		}
		total := int(math.Round(float64(want) * roundGrowth[r] * (0.95 + 0.1*g.rng.Float64())))
		if r == len(roundYears)-1 {
			total = want
		}
		var sum float64
		for _, i := range idx {
			sum += schools[i].weight
		}
		// Largest remainder: the school counts add up to total.
		given := 0
		rest := make([]float64, len(idx))
		for k, i := range idx {
			x := float64(total) * schools[i].weight / sum
			out[i] = int(x)
			rest[k] = x - float64(out[i])
			given += out[i]
		}
		for ; given < total; given++ {
			best := 0
			for k := range rest {
				if rest[k] > rest[best] {
					best = k
				}
			}
			out[idx[best]]++
			rest[best] = -1
		}
	}
	return out
}

// attend returns the n people of the school who answer instrument in this
// round: most of those who answered last time (they keep their codes),
// and new people for the rest.
func (g *generator) attend(sc *school, in *survey.Instrument, n int) ([]*person, error) {
	before := sc.staff[in.ID]
	var out []*person
	for _, i := range g.rng.Perm(len(before)) {
		if len(out) == n {
			break
		}
		if g.rng.Float64() < 0.8 {
			out = append(out, before[i])
		}
	}
	for len(out) < n {
		c, err := g.code()
		if err != nil {
			return nil, err
		}
		p := &person{code: c, role: g.role(in), trait: g.rng.NormFloat64() * 0.35}
		out = append(out, p)
		sc.staff[in.ID] = append(sc.staff[in.ID], p)
	}
	return out, nil
}

// flush stores the batch in one transaction.
func (g *generator) flush(ctx context.Context, st survey.Store) error {
	if len(g.batch) == 0 {
		return nil
	}
	n, err := st.ImportResponses(ctx, g.batch)
	if err != nil {
		return fmt.Errorf("storing generated responses: %w", err)
	}
	g.sum.Responses += n
	g.sum.Answers += g.nAns
	g.done += len(g.batch)
	g.batch, g.nAns = g.batch[:0], 0
	if g.cfg.Progress != nil {
		g.cfg.Progress(g.done, g.total)
	}
	return nil
}
