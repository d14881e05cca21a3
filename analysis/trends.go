package analysis

import (
	"fmt"
	"math"
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

// acc accumulates one measure for one group in one round. Item values are
// whole numbers, so their sums are exact; scale scores are shifted by 3
// before squaring.
type acc struct {
	n, dk, agree int64
	sum, sumsq   float64
}

func (a *acc) add(b *acc) {
	a.n += b.n
	a.dk += b.dk
	a.agree += b.agree
	a.sum += b.sum
	a.sumsq += b.sumsq
}

// scaleShift centres scale scores before they are summed and squared.
const scaleShift = 3

// Trends computes every trend table of d.
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
	leafOf, wpOf := buildGroups(d, st.split, rep)

	nR, nI, nS := len(d.rounds), len(d.items), len(d.scaleIDs)
	nM := 1 + nS + nI // respondents, scales, items
	nG := len(rep.Groups)

	// Option layout of the items' distributions.
	optOff := make([]int, nI+1)
	itemOpts := make([][]AnswerOption, nI)
	for p := range d.items {
		itemOpts[p] = answerOptions(&d.items[p])
		optOff[p+1] = optOff[p] + len(itemOpts[p])
	}
	// Alpha layout: per scale, room for its largest definition.
	alphaK := make([]int, nS)
	for _, r := range d.rounds {
		for s, sc := range r.scales {
			alphaK[s] = max(alphaK[s], len(sc.Items))
		}
	}
	alphaOff := make([]int, nS+1)
	for s := range nS {
		alphaOff[s+1] = alphaOff[s] + 3 + 2*alphaK[s] // nc, Σtot, Σtot², Σx_i, Σx_i²
	}
	// Per round and scale, the item positions and reverse flags.
	type scaleItems struct {
		pos []int
		rev []bool
	}
	rs := make([][]scaleItems, nR)
	for r, rd := range d.rounds {
		rs[r] = make([]scaleItems, nS)
		for s, sc := range rd.scales {
			for _, id := range sc.Items {
				rs[r][s].pos = append(rs[r][s].pos, d.itemIndex[id])
				rs[r][s].rev = append(rs[r][s].rev, sc.IsReversed(id))
			}
		}
	}

	accs := make([]acc, nG*nR*nM)
	counts := make([]int64, nG*nR*optOff[nI])
	alphas := make([]int64, nG*nR*alphaOff[nS])
	agreeItem := make([]int8, nI)
	for p := range d.items {
		agreeItem[p] = int8(agreeFrom(d.items[p].Type))
		if agreeItem[p] == 0 {
			agreeItem[p] = math.MaxInt8
		}
	}
	codeSlot := make([][]int, nI) // value code+128 -> index into opts[p], -1 if none
	for p := range d.items {
		codeSlot[p] = make([]int, 256)
		for i := range codeSlot[p] {
			codeSlot[p][i] = -1
		}
		for j, o := range itemOpts[p] {
			codeSlot[p][int(o.Code)+128] = j
		}
	}

	item := make([]int8, 16)
	// Every response is added to its workplace and, when split, to its
	// split row as well: a workplace's sums are then computed in the same
	// order whatever the split, so its cells are identical in every report
	// (see suppress.go for why that matters).
	add := func(i, g int) {
		r := int(d.round[i])
		cell := (g*nR + r)
		base := accs[cell*nM : (cell+1)*nM]
		base[0].n++
		row := d.values[i*nI : (i+1)*nI]
		sc := d.scores[i*nS : (i+1)*nS]
		for s, x := range sc {
			if math.IsNaN(x) {
				continue
			}
			a := &base[1+s]
			a.n++
			y := x - scaleShift
			a.sum += y
			a.sumsq += y * y
			if x >= 4 {
				a.agree++
			}
		}
		cnt := counts[cell*optOff[nI] : (cell+1)*optOff[nI]]
		for p, v := range row {
			if v == Missing {
				continue
			}
			a := &base[1+nS+p]
			if j := codeSlot[p][int(v)+128]; j >= 0 {
				cnt[optOff[p]+j]++
			}
			if v == DontKnow {
				a.dk++
				continue
			}
			a.n++
			f := float64(v)
			a.sum += f
			a.sumsq += f * f
			if v >= agreeItem[p] {
				a.agree++
			}
		}
		al := alphas[cell*alphaOff[nS] : (cell+1)*alphaOff[nS]]
	scales:
		for s := range nS {
			si := rs[r][s]
			if len(si.pos) < 2 {
				continue
			}
			item = item[:0]
			for j, p := range si.pos {
				v := row[p]
				if v < 1 || v > survey.LikertPoints {
					continue scales
				}
				if si.rev[j] {
					v = survey.LikertPoints + 1 - v
				}
				item = append(item, v)
			}
			b := al[alphaOff[s]:alphaOff[s+1]]
			tot := int64(0)
			for j, v := range item {
				x := int64(v)
				tot += x
				b[3+j] += x
				b[3+alphaK[s]+j] += x * x
			}
			b[0]++
			b[1] += tot
			b[2] += tot * tot
		}
	}
	for i := range d.wp {
		w := wpOf(i)
		add(i, w)
		if g := leafOf(i); g != w {
			add(i, g)
		}
	}
	// Add each workplace into the merged total, in workplace order.
	for g := 1; g < nG; g++ {
		p := rep.Groups[g].Parent
		if p != 0 {
			continue
		}
		for r := range nR {
			src, dst := (g*nR+r)*nM, (p*nR+r)*nM
			for m := range nM {
				accs[dst+m].add(&accs[src+m])
			}
			so, do := (g*nR+r)*optOff[nI], (p*nR+r)*optOff[nI]
			for j := range optOff[nI] {
				counts[do+j] += counts[so+j]
			}
			so, do = (g*nR+r)*alphaOff[nS], (p*nR+r)*alphaOff[nS]
			for j := range alphaOff[nS] {
				alphas[do+j] += alphas[so+j]
			}
		}
	}

	tq := tQuantiles{}
	newMeasure := func(kind MeasureKind, id string, label survey.Text, typ survey.ItemType) Measure {
		m := Measure{Kind: kind, ID: id, Label: label, Type: typ, Asked: make([]bool, nR), Cells: make([][]Cell, nG)}
		if t, ok := st.targets[id]; ok {
			m.Target, m.HasTarget = t, true
		}
		for g := range m.Cells {
			m.Cells[g] = make([]Cell, nR)
		}
		return m
	}
	// Respondents.
	m := newMeasure(Respondents, "n", survey.Text{survey.Dutch: "Aantal respondenten", survey.English: "Respondents"}, "")
	for r := range nR {
		m.Asked[r] = true
		for g := range nG {
			a := accs[(g*nR+r)*nM]
			c := &m.Cells[g][r]
			*c = Cell{K: st.k, Status: Empty}
			switch {
			case a.n >= int64(st.k):
				c.Status, c.N = Shown, int(a.n)
			case a.n > 0:
				*c = suppressedCell(st.k)
			}
		}
	}
	rep.Measures = append(rep.Measures, m)
	weights := make([]int64, nG)
	sizes := make([]int64, nG)
	finish := func(m *Measure, mi int) {
		for r := range nR {
			for g := range nG {
				a := accs[(g*nR+r)*nM+mi]
				weights[g] = a.n + a.dk
				sizes[g] = accs[(g*nR+r)*nM].n
			}
			col := func(g int) *Cell { return &m.Cells[g][r] }
			suppress(rep.Groups, weights, sizes, col, st.k)
		}
		if m.Kind != Respondents {
			changes(m, st.baseline)
		}
	}
	finish(&rep.Measures[0], 0)

	for s := range nS {
		m := newMeasure(ScaleMeasure, d.scaleIDs[s], d.scaleNames[s], survey.Likert)
		m.AgreeFrom = 4
		for r := range nR {
			m.Asked[r] = d.rounds[r].scales[s].ID != ""
			for g := range nG {
				c := &m.Cells[g][r]
				if !m.Asked[r] {
					*c = Cell{K: st.k, Status: NotAsked}
					continue
				}
				a := &accs[(g*nR+r)*nM+1+s]
				*c = stats(a, scaleShift, 4, st.k, &tq)
				if c.Status == Shown {
					al := alphas[(g*nR+r)*alphaOff[nS]+alphaOff[s] : (g*nR+r)*alphaOff[nS]+alphaOff[s+1]]
					c.Alpha, c.AlphaN = cronbach(al, len(d.rounds[r].scales[s].Items), alphaK[s], st.k)
				}
			}
		}
		rep.Measures = append(rep.Measures, m)
		finish(&rep.Measures[len(rep.Measures)-1], 1+s)
	}
	for p := range d.items {
		it := &d.items[p]
		m := newMeasure(ItemMeasure, it.ID, it.Text, it.Type)
		m.AgreeFrom = float64(agreeFrom(it.Type))
		m.Options = itemOpts[p]
		numeric := it.Type != survey.SingleChoice
		af := m.AgreeFrom
		if af == 0 {
			af = math.Inf(1)
		}
		m.Reworded = make([]bool, nR)
		prev := ""
		for r := range nR {
			m.Asked[r] = d.rounds[r].asked[p]
			if m.Asked[r] {
				m.Reworded[r] = prev != "" && d.rounds[r].text[p] != prev
				prev = d.rounds[r].text[p]
			}
			for g := range nG {
				c := &m.Cells[g][r]
				if !m.Asked[r] {
					*c = Cell{K: st.k, Status: NotAsked}
					continue
				}
				a := &accs[(g*nR+r)*nM+1+nS+p]
				*c = stats(a, 0, af, st.k, &tq)
				if c.Status != Shown {
					continue
				}
				if !numeric {
					c.Mean, c.SD, c.CILow, c.CIHigh, c.hasMean = 0, 0, 0, 0, false
				}
				total := float64(a.n + a.dk)
				c.DontKnow = float64(a.dk) / total
				if len(itemOpts[p]) > 0 {
					c.Dist = make([]float64, len(itemOpts[p]))
					cnt := counts[(g*nR+r)*optOff[nI]+optOff[p]:]
					for j := range c.Dist {
						c.Dist[j] = float64(cnt[j]) / total
					}
				}
			}
		}
		rep.Measures = append(rep.Measures, m)
		finish(&rep.Measures[len(rep.Measures)-1], 1+nS+p)
	}
	return rep, nil
}

// agreeFrom returns the score from which an item of type t counts as
// agreeing (Likert 4) or sufficient (grade 6), or 0.
func agreeFrom(t survey.ItemType) int {
	switch t {
	case survey.Likert:
		return 4
	case survey.Grade:
		return 6
	}
	return 0
}

// answerOptions lists the distribution entries of an item.
func answerOptions(it *survey.Item) []AnswerOption {
	var out []AnswerOption
	switch it.Type {
	case survey.Likert:
		for i, l := range survey.LikertLabels {
			out = append(out, AnswerOption{Code: int8(i + 1), Label: l})
		}
		if it.DontKnow {
			out = append(out, AnswerOption{Code: DontKnow, Label: survey.DontKnowLabel})
		}
	case survey.Grade:
		for g := survey.GradeMin; g <= survey.GradeMax; g++ {
			out = append(out, AnswerOption{Code: int8(g), Label: survey.Text{survey.Dutch: fmt.Sprint(g)}})
		}
	case survey.SingleChoice:
		for _, o := range it.Options {
			if o.Code > int(DontKnow) && o.Code <= math.MaxInt8 {
				out = append(out, AnswerOption{Code: int8(o.Code), Label: o.Label})
			}
		}
	}
	return out
}

// stats turns an accumulator into a cell, suppressed when fewer than k
// scores (or answers) were given.
func stats(a *acc, shift, agreeFrom float64, k int, tq *tQuantiles) Cell {
	switch {
	case a.n+a.dk == 0:
		return Cell{K: k, Status: Empty}
	case a.n < int64(k):
		return suppressedCell(k)
	}
	n := float64(a.n)
	c := Cell{Status: Shown, K: k, N: int(a.n), hasMean: true}
	c.Mean = shift + a.sum/n
	v := (a.sumsq - a.sum*a.sum/n) / (n - 1)
	c.SD = math.Sqrt(max(v, 0))
	h := tq.get(int(a.n)-1) * c.SD / math.Sqrt(n)
	c.CILow, c.CIHigh = c.Mean-h, c.Mean+h
	if !math.IsInf(agreeFrom, 1) {
		c.Agree = float64(a.agree) / n
	}
	return c
}

// tQuantiles caches t(0.975, df) per whole df for one report.
type tQuantiles map[int]float64

func (t *tQuantiles) get(df int) float64 {
	if q, ok := (*t)[df]; ok {
		return q
	}
	q := TQuantile(0.975, float64(df))
	(*t)[df] = q
	return q
}

// cronbach computes alpha from the complete-case sums of one scale:
// b = [n, Σtot, Σtot², Σx_1..Σx_kmax, Σx_1²..Σx_kmax²]. Sums are exact
// integers.
func cronbach(b []int64, k, kmax, minN int) (float64, int) {
	n := b[0]
	if k < 2 || n < int64(minN) || n < 2 {
		return 0, 0
	}
	nf := float64(n)
	variance := func(s, ss int64) float64 {
		// (Σx² - (Σx)²/n)/(n-1), computed as (nΣx² - (Σx)²)/(n(n-1)) in
		// exact integers.
		return float64(n*ss-s*s) / (nf * (nf - 1))
	}
	sumVar := 0.0
	for j := range k {
		sumVar += variance(b[3+j], b[3+kmax+j])
	}
	totVar := variance(b[1], b[2])
	if totVar == 0 {
		return 0, 0
	}
	kf := float64(k)
	return kf / (kf - 1) * (1 - sumVar/totVar), int(n)
}

// buildGroups fills rep.Groups (total, workplaces sorted by code, each
// followed by its split rows sorted by code) and returns the leaf group
// and the workplace group of each response.
func buildGroups(d *Dataset, split Split, rep *Report) (leafOf, wpOf func(i int) int) {
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
	switch split {
	case ByRole:
		table := make([]int, len(d.workplaces.list)*len(d.roles.list))
		for k := range table {
			w, r := k/len(d.roles.list), k%len(d.roles.list)
			table[k] = subRow[[2]string{d.workplaces.list[w], roleName(d.roles.list[r])}]
		}
		nr := len(d.roles.list)
		leafOf = func(i int) int { return table[int(d.wp[i])*nr+int(d.role[i])] }
	case BySchool:
		table := make([]int, len(d.schools.list))
		for s, w := range d.schoolWorkplace {
			table[s] = subRow[[2]string{d.workplaces.list[w], d.schools.list[s]}]
		}
		leafOf = func(i int) int { return table[d.school[i]] }
	}
	wpOf = func(i int) int { return wpRow[d.wp[i]] }
	if leafOf == nil {
		leafOf = wpOf
	}
	return leafOf, wpOf
}

func roleName(r string) string {
	if r == "" {
		return NoRole
	}
	return r
}

// changes fills Cell.Change of every shown cell of m.
func changes(m *Measure, baseline int) {
	for g := range m.Cells {
		row := m.Cells[g]
		b := baseline
		if b < 0 {
			// The group's first round with answers to this measure.
			for r, c := range row {
				if c.Status == Shown || c.Status == Suppressed {
					b = r
					break
				}
			}
		}
		for r := range row {
			c := &row[r]
			if c.Status != Shown {
				continue
			}
			switch {
			case b < 0:
				// unreachable: c itself has answers
			case r == b:
				c.Change = Change{Status: IsBaseline, Baseline: b}
				// A measure new in this round: the group answered
				// other measures in an earlier round.
				for e := range r {
					if !m.Asked[e] {
						c.Change.Status = NoEarlierRound
						break
					}
				}
			case !m.Asked[b]:
				c.Change = Change{Status: NoEarlierRound, Baseline: b}
			case row[b].Status != Shown:
				c.Change = Change{Status: BaselineSuppressed, Baseline: b}
			default:
				c.Change = compare(row[b], *c, m.Type == survey.SingleChoice)
				c.Change.Baseline = b
			}
		}
	}
}

func compare(base, c Cell, nominal bool) Change {
	ch := Change{Status: Compared}
	if nominal {
		return ch
	}
	ch.Diff = c.Mean - base.Mean
	if d := CohensD(base.Mean, base.SD, base.N, c.Mean, c.SD, c.N); !math.IsNaN(d) {
		ch.D = d
	}
	if w := WelchTest(base.Mean, base.SD, base.N, c.Mean, c.SD, c.N); !math.IsNaN(w.P) {
		ch.T, ch.DF, ch.P = w.T, w.DF, w.P
	}
	return ch
}
