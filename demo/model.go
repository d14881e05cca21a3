package demo

import (
	"fmt"
	"math"
	"time"

	"peil/survey"
)

// The answer model. Every person has a level on the 1-5 agreement scale:
//
//	3.1 + workplace base + round × workplace trend + school effect
//	    + personal trait + scale offset + noise per answer
//
// Agreement answers round the level (reverse-worded items mirror it), "weet
// ik niet" is chosen 4% of the time (8% on statements about the school
// leader and researchers, which not everyone can judge), and optional items
// are skipped 2% of the time. Grades follow the same level on the 1-10
// scale. Yes/no questions say yes more often at a higher level. A response
// walks through the instrument with survey.Session, so only the items the
// skip logic shows are answered.

// cultureRoles are the roles of culture survey respondents and their
// shares.
var cultureRoles = []struct {
	role  string
	share float64
}{
	{survey.RoleTeacher, 0.66},
	{survey.RoleTeacherResearcher, 0.12},
	{survey.RoleSENCo, 0.09},
	{survey.RoleSchoolLeader, 0.08},
	{survey.RoleOther, 0.05},
}

// role draws the role of a new respondent to in.
func (g *generator) role(in *survey.Instrument) string {
	if in.RoleItem() == nil {
		if len(in.Audience) == 1 {
			return in.Audience[0]
		}
		return ""
	}
	u := g.rng.Float64()
	for _, r := range cultureRoles {
		if u < r.share {
			return r.role
		}
		u -= r.share
	}
	return survey.RoleOther
}

// firstOption is the chance of the first option (yes) of single choice
// items at an average level; other items get 0.7.
var firstOption = map[string]float64{
	"kent_deelnemer": 0.95, // 95% of colleagues knew a colleague took part
	"weet_onderwerp": 0.83, // 79% knew what the study was about (of all)
	"gelijkwaardig":  0.6,
}

// remarks are the open answers some respondents type.
var remarks = []string{
	"Fijn dat er aandacht is voor onderzoek op onze school.",
	"Meer tijd om samen naar de resultaten te kijken zou helpen.",
	"De bijeenkomsten van de werkplaats zijn erg waardevol.",
	"Ik merk er in de klas nog weinig van.",
	"Graag vaker terugkoppeling over wat er met de uitkomsten gebeurt.",
	"Via de studiedag en een kort artikel in de nieuwsbrief.",
}

// shape is what respond needs to know about an instrument, worked out
// once per instrument.
type shape struct {
	items   []*survey.Item
	scaleOf map[string]survey.Scale
	// decisive items are those a condition refers to, and the role item:
	// their answers go through the session, which then decides what is
	// shown. Other answers cannot change visibility and are only
	// validated, which keeps a national study quick to make.
	decisive map[string]bool
}

func (g *generator) shapeOf(in *survey.Instrument) *shape {
	if sh, ok := g.shapes[in]; ok {
		return sh
	}
	sh := &shape{items: in.Items(), scaleOf: make(map[string]survey.Scale), decisive: make(map[string]bool)}
	for _, sc := range in.Scales {
		for _, id := range sc.Items {
			sh.scaleOf[id] = sc
		}
	}
	for _, it := range sh.items {
		if it.SetsRole {
			sh.decisive[it.ID] = true
		}
		if it.ShowIf != nil {
			for _, id := range it.ShowIf.Refs() {
				sh.decisive[id] = true
			}
		}
	}
	g.shapes[in] = sh
	return sh
}

// respond generates one person's response to in in round r (0 for the
// first round) at school sc.
func (g *generator) respond(in *survey.Instrument, round survey.Round, sc *school, who *person, r int) (survey.ResponseRecord, error) {
	sh := g.shapeOf(in)
	level := 3.1 + sc.wp.base + float64(r)*sc.wp.trend + sc.effect + who.trait
	year := roundYears[0] + r
	started := time.Date(year, 10, 1, 7, 30, 0, 0, time.UTC).
		Add(time.Duration(g.rng.IntN(42*24)) * time.Hour / 3). // within two weeks, by 20 minutes
		Add(time.Duration(g.rng.IntN(3600)) * time.Second)
	open := r == len(roundYears)-1
	// In the open round some respondents are still busy: they stop
	// somewhere in the middle.
	stopAt := -1
	if open && g.rng.Float64() < 0.06 {
		stopAt = 1 + g.rng.IntN(max(1, len(sh.items)-1))
	}

	sess := survey.NewSession(in, who.role, nil)
	answers := make([]survey.Answer, 0, len(sh.items))
	for i, it := range sh.items {
		if i == stopAt {
			break
		}
		if !it.Type.Answerable() || !sess.Visible(it.ID) {
			continue
		}
		v, ok := g.value(it, who, level, sh.scaleOf)
		if !ok {
			continue
		}
		if sh.decisive[it.ID] {
			if _, err := sess.Set(it.ID, v); err != nil {
				return survey.ResponseRecord{}, fmt.Errorf("item %s: %w", it.ID, err)
			}
		} else if err := it.Validate(v); err != nil {
			return survey.ResponseRecord{}, fmt.Errorf("item %s: %w", it.ID, err)
		}
		answers = append(answers, survey.Answer{ItemID: it.ID, Value: v})
	}
	at := started
	for i := range answers {
		at = at.Add(time.Duration(8+g.rng.IntN(30)) * time.Second)
		answers[i].AnsweredAt = at
	}
	resp := survey.Response{
		ID: g.id(), RoundID: round.ID, SchoolID: sc.ID, RespondentCode: who.code, Role: sess.Role(),
		Status: survey.InProgress, InstrumentID: in.ID, InstrumentVersion: in.Version,
		StartedAt: started, DeviceID: fmt.Sprintf("demo-laptop-%s-%d", sc.wp.code, 1+g.rng.IntN(2)),
	}
	if stopAt < 0 {
		resp.Status = survey.Complete
		resp.FinishedAt = at.Add(time.Duration(20+g.rng.IntN(60)) * time.Second)
	}
	return survey.ResponseRecord{Response: resp, Answers: answers}, nil
}

// value draws the answer to item it; false leaves the item unanswered.
func (g *generator) value(it *survey.Item, who *person, level float64, scaleOf map[string]survey.Scale) (survey.Value, bool) {
	if it.SetsRole {
		for _, o := range it.Options {
			if o.Value == who.role {
				return survey.Num(o.Code), true
			}
		}
		return survey.Num(it.Options[len(it.Options)-1].Code), true
	}
	if !it.Required && g.rng.Float64() < 0.02 {
		return survey.Value{}, false
	}
	switch it.Type {
	case survey.Likert:
		dk := 0.04
		if hard(it.ID) {
			dk = 0.08
		}
		if it.DontKnow && g.rng.Float64() < dk {
			return survey.DontKnowValue(), true
		}
		sc := scaleOf[it.ID]
		x := level + scaleOffset(sc.ID) + g.rng.NormFloat64()*0.75
		if sc.IsReversed(it.ID) {
			x = 6 - x
		}
		return survey.Num(clamp(x, 1, survey.LikertPoints)), true
	case survey.Grade:
		return survey.Num(clamp(7+1.1*(level-3.1)+g.rng.NormFloat64()*0.9, survey.GradeMin, survey.GradeMax)), true
	case survey.Integer:
		lo, hi, _ := it.Bounds()
		hi = min(hi, lo+15)
		return survey.Num(lo + 1 + g.rng.IntN(max(1, hi-lo))), true
	case survey.SingleChoice:
		p, ok := firstOption[it.ID]
		if !ok {
			p = 0.7
		}
		p = min(0.99, max(0.01, p+0.15*(level-3.1)))
		if g.rng.Float64() < p {
			return survey.Num(it.Options[0].Code), true
		}
		return survey.Num(it.Options[1+g.rng.IntN(len(it.Options)-1)].Code), true
	case survey.MultipleChoice:
		var codes []int
		for _, o := range it.Options[:len(it.Options)-1] {
			if g.rng.Float64() < 0.35 {
				codes = append(codes, o.Code)
			}
		}
		if len(codes) == 0 {
			codes = append(codes, it.Options[len(it.Options)-1].Code)
		}
		return survey.ChoicesValue(codes...), true
	case survey.OpenText:
		if g.rng.Float64() < 0.15 {
			return survey.TextValue(remarks[g.rng.IntN(len(remarks))]), true
		}
	}
	return survey.Value{}, false
}

// hard reports whether an item asks about something not everyone can
// judge (the school leader, the researchers): more "weet ik niet".
func hard(id string) bool {
	return len(id) > 2 && (id[:2] == "ol" || id[:2] == "gs")
}

// scaleOffset makes scales differ: collaboration with researchers scores
// lower than the teachers' inquiring attitude.
func scaleOffset(id string) float64 {
	switch id {
	case "onderzoekende_houding":
		return 0.35
	case "collegiale_feedback":
		return 0.15
	case "datagebruik":
		return 0.05
	case "kennisbenutting":
		return -0.25
	case "gelijkwaardige_samenwerking":
		return -0.35
	case "ondersteunende_structuur":
		return -0.15
	}
	return 0
}

func clamp(x float64, lo, hi int) int {
	return int(min(float64(hi), max(float64(lo), math.Round(x))))
}

// schoolNames returns n made-up school names for a city.
func schoolNames(city string, n int) []string {
	names := []string{
		"De Regenboog", "Het Mozaïek", "De Springplank", "IKC Oostpoort", "De Vlindertuin", "Het Talent",
		"De Ontdekking", "De Wereldboom", "De Linde", "Het Kompas", "De Maasbrug", "Het Noorderlicht",
		"De Sterrenwacht", "De Zeppelin", "Het Palet", "De Klimop", "De Horizon", "Het Baken",
	}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s (%s)", names[(i+len(city))%len(names)], city)
		if i >= len(names) {
			out[i] = fmt.Sprintf("%s %d (%s)", names[(i+len(city))%len(names)], i/len(names)+1, city)
		}
	}
	return out
}

// nationalSchoolNames returns plain names for the national study.
func nationalSchoolNames(wp string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("School %d van werkplaats %s", i+1, wp)
	}
	return out
}
