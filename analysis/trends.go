package analysis

import (
	"fmt"
	"slices"
	"sort"

	"peil/survey"
)

// Split chooses the groups a workplace is divided into.
type Split uint8

// Splits.
const (
	// ByWorkplace shows each workplace as one group.
	ByWorkplace Split = iota
	// ByRole divides each workplace by respondent role.
	ByRole
	// BySchool divides each workplace by school.
	BySchool
)

// Option sets an optional setting of Trends.
type Option func(*settings)

type settings struct {
	k        int
	split    Split
	baseline int // -1: the group's first round
	targets  map[string]float64
}

// WithMinGroupSize sets k, the smallest group whose statistics are shown
// (default survey.DefaultMinGroupSize; never below 3).
func WithMinGroupSize(k int) Option { return func(s *settings) { s.k = k } }

// WithSplit divides each workplace by role or school.
func WithSplit(sp Split) Option { return func(s *settings) { s.split = sp } }

// WithBaseline compares every round with the given round instead of each
// group's first round.
func WithBaseline(round int) Option { return func(s *settings) { s.baseline = round } }

// WithTargets sets targets per scale or item id (e.g. 7.5 for a grade);
// they are carried in Measure.Target for views to show.
func WithTargets(t map[string]float64) Option { return func(s *settings) { s.targets = t } }

// Group is one row of the tables.
type Group struct {
	// Workplace is the workplace code, "" for all workplaces merged.
	Workplace string
	// Sub is the role or school code of a split row, "" otherwise.
	Sub string
	// Parent is the index of the group this one is part of, -1 for the
	// merged total.
	Parent int
}

// NoRole is the Sub of the split row of respondents without a role.
const NoRole = "(no role)"

// Label returns "all", "WOA" or "WOA / leerkracht".
func (g Group) Label() string {
	switch {
	case g.Workplace == "":
		return "all"
	case g.Sub == "":
		return g.Workplace
	}
	return g.Workplace + " / " + g.Sub
}

// MeasureKind says what a Measure measures.
type MeasureKind uint8

// Measure kinds.
const (
	// Respondents counts the group's respondents (N only).
	Respondents MeasureKind = iota
	// ScaleMeasure is a scale score.
	ScaleMeasure
	// ItemMeasure is one item.
	ItemMeasure
)

// AnswerOption labels one entry of Cell.Dist.
type AnswerOption struct {
	// Code is the stored value; DontKnow for "don't know".
	Code  int8
	Label survey.Text
}

// Measure is one trend table: a cell per group per round.
type Measure struct {
	Kind  MeasureKind
	ID    string
	Label survey.Text
	// Type is the item type (survey.Likert for scales).
	Type survey.ItemType
	// Asked reports, per round, whether the round's instrument asked it.
	Asked []bool
	// Reworded reports, per round, that an item was asked in other words
	// (question or option labels) than in the previous round that asked
	// it: the instrument version changed it, so a change in the results
	// may come from the wording. Only item measures set it.
	Reworded []bool
	// AgreeFrom is the score from which Cell.Agree counts (4 or 6), or 0.
	AgreeFrom float64
	// Target is the study's target, when HasTarget.
	Target    float64
	HasTarget bool
	// Options label Cell.Dist.
	Options []AnswerOption
	// Decimals is how many digits after the decimal point a mean or SD of
	// the measure is shown with: 2, or for a decimal item one more than
	// its answers have, at least 2 (0 for the respondent counts).
	Decimals int
	// Cells[g][r] is group g in round r.
	Cells [][]Cell
}

// Report holds every trend table of a dataset.
type Report struct {
	Rounds []string
	// K is the smallest group size shown.
	K      int
	Split  Split
	Groups []Group
	// Measures: the respondent counts first, then the scales, then the
	// items, in dataset order.
	Measures []Measure
}

// Measure returns the measure with the given id ("n" for the respondent
// counts).
func (r *Report) Measure(id string) (*Measure, bool) {
	for i := range r.Measures {
		if r.Measures[i].ID == id {
			return &r.Measures[i], true
		}
	}
	return nil, false
}

// Trends computes every trend table of d, in three steps: the dataset's
// atoms, one pass over the responses that the reports of every split
// share (made by the first report after a change), their sums added into
// the report's groups (trends_accumulate.go), then the measures made from
// the sums (trends_build.go).
func Trends(d *Dataset, opts ...Option) (*Report, error) {
	st := settings{k: survey.DefaultMinGroupSize, baseline: -1}
	for _, o := range opts {
		o(&st)
	}
	if st.k < 3 {
		return nil, fmt.Errorf("minimum group size %d is too small: it must be at least 3", st.k)
	}
	if st.baseline >= len(d.rounds) {
		return nil, fmt.Errorf("baseline round %d does not exist (the dataset has %d rounds)", st.baseline, len(d.rounds))
	}
	if st.split > BySchool {
		return nil, fmt.Errorf("unknown split %d", st.split)
	}
	rep := &Report{Rounds: d.Rounds(), K: st.k, Split: st.split}
	gm := buildGroups(d, st.split, rep)
	at := d.trendAtoms()
	lay := *at.lay
	lay.nG = len(rep.Groups)
	b := newBuilder(d, &lay, lay.accumulate(d, at, rep.Groups, gm), &at.tq, st, rep)
	b.build()
	return rep, nil
}

// groupMap gives the groups of a report's responses.
type groupMap struct {
	split  Split
	wpRow  []int // the group of each workplace (by Dataset index)
	table  []int // ByRole: per workplace × role; BySchool: per school
	nRoles int
}

// wp returns the group of workplace w.
func (m *groupMap) wp(w int32) int { return m.wpRow[w] }

// leaf returns the group the responses of workplace w, school s and role
// r are counted in: their split row, or their workplace when not split.
func (m *groupMap) leaf(w, s, r int32) int {
	switch m.split {
	case ByRole:
		return m.table[int(w)*m.nRoles+int(r)]
	case BySchool:
		return m.table[s]
	}
	return m.wpRow[w]
}

// buildGroups fills rep.Groups (total, workplaces sorted by code, each
// followed by its split rows sorted by code) and returns which group each
// response is in.
func buildGroups(d *Dataset, split Split, rep *Report) *groupMap {
	rep.Groups = append(rep.Groups, Group{Parent: -1})
	wps := slices.Clone(d.workplaces.list)
	sort.Strings(wps)
	wpRow := make([]int, len(d.workplaces.list))
	var subsOf [][]string // per workplace id, sorted sub codes present
	switch split {
	case ByRole:
		subsOf = make([][]string, len(d.workplaces.list))
		seen := make([]bool, len(d.workplaces.list)*len(d.roles.list))
		for i := range d.wp {
			k := int(d.wp[i])*len(d.roles.list) + int(d.role[i])
			if !seen[k] {
				seen[k] = true
				subsOf[d.wp[i]] = append(subsOf[d.wp[i]], roleName(d.roles.list[d.role[i]]))
			}
		}
	case BySchool:
		subsOf = make([][]string, len(d.workplaces.list))
		for s, w := range d.schoolWorkplace {
			subsOf[w] = append(subsOf[w], d.schools.list[s])
		}
	}
	subRow := map[[2]string]int{}
	for _, w := range wps {
		wid := d.workplaces.index[w]
		wpRow[wid] = len(rep.Groups)
		parent := len(rep.Groups)
		rep.Groups = append(rep.Groups, Group{Workplace: w, Parent: 0})
		if subsOf != nil {
			subs := subsOf[wid]
			sort.Strings(subs)
			for _, s := range subs {
				subRow[[2]string{w, s}] = len(rep.Groups)
				rep.Groups = append(rep.Groups, Group{Workplace: w, Sub: s, Parent: parent})
			}
		}
	}
	m := &groupMap{split: split, wpRow: wpRow, nRoles: len(d.roles.list)}
	switch split {
	case ByRole:
		m.table = make([]int, len(d.workplaces.list)*len(d.roles.list))
		for k := range m.table {
			w, r := k/len(d.roles.list), k%len(d.roles.list)
			m.table[k] = subRow[[2]string{d.workplaces.list[w], roleName(d.roles.list[r])}]
		}
	case BySchool:
		m.table = make([]int, len(d.schools.list))
		for s, w := range d.schoolWorkplace {
			m.table[s] = subRow[[2]string{d.workplaces.list[w], d.schools.list[s]}]
		}
	}
	return m
}

func roleName(r string) string {
	if r == "" {
		return NoRole
	}
	return r
}
