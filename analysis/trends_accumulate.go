package analysis

import (
	"fmt"
	"math"

	"peil/survey"
)

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

// layout places every sum of a trend report in flat slices: per group,
// round and measure an acc; per group, round and item option a count; per
// group, round and scale the complete-case sums of Cronbach's alpha.
type layout struct {
	nR, nI, nS int // rounds, items, scales
	nM         int // measures: respondents, scales, items
	nG         int // groups
	// optOff[p] is where item p's options start in a cell's counts;
	// optOff[nI] is the number of counts per cell.
	optOff   []int
	itemOpts [][]AnswerOption
	// alphaK[s] is the most items scale s has in any round; alphaOff[s]
	// is where its alpha sums start in a cell's, alphaOff[nS] their
	// number.
	alphaK, alphaOff []int
	// rs holds, per round and scale, the item positions and reverse
	// flags.
	rs [][]scaleItems
	// agreeItem[p] is the value from which item p counts as agreeing
	// (MaxInt8 when it never does).
	agreeItem []int8
	// codeSlot[p][code+128] is the index of the value code in
	// itemOpts[p], -1 if none.
	codeSlot [][]int
}

// scaleItems are the item positions and reverse flags of one scale in one
// round.
type scaleItems struct {
	pos []int
	rev []bool
}

// newLayout lays out the sums of d's trend report with nG groups.
func newLayout(d *Dataset, nG int) *layout {
	nR, nI, nS := len(d.rounds), len(d.items), len(d.scaleIDs)
	l := &layout{nR: nR, nI: nI, nS: nS, nM: 1 + nS + nI, nG: nG}

	// Option layout of the items' distributions.
	l.optOff = make([]int, nI+1)
	l.itemOpts = make([][]AnswerOption, nI)
	for p := range d.items {
		l.itemOpts[p] = answerOptions(&d.items[p])
		l.optOff[p+1] = l.optOff[p] + len(l.itemOpts[p])
	}
	// Alpha layout: per scale, room for its largest definition.
	l.alphaK = make([]int, nS)
	for _, r := range d.rounds {
		for s, sc := range r.scales {
			l.alphaK[s] = max(l.alphaK[s], len(sc.Items))
		}
	}
	l.alphaOff = make([]int, nS+1)
	for s := range nS {
		l.alphaOff[s+1] = l.alphaOff[s] + 3 + 2*l.alphaK[s] // nc, Σtot, Σtot², Σx_i, Σx_i²
	}
	l.rs = make([][]scaleItems, nR)
	for r, rd := range d.rounds {
		l.rs[r] = make([]scaleItems, nS)
		for s, sc := range rd.scales {
			for _, id := range sc.Items {
				l.rs[r][s].pos = append(l.rs[r][s].pos, d.itemIndex[id])
				l.rs[r][s].rev = append(l.rs[r][s].rev, sc.IsReversed(id))
			}
		}
	}
	l.agreeItem = make([]int8, nI)
	for p := range d.items {
		l.agreeItem[p] = int8(agreeFrom(d.items[p].Type))
		if l.agreeItem[p] == 0 {
			l.agreeItem[p] = math.MaxInt8
		}
	}
	l.codeSlot = make([][]int, nI)
	for p := range d.items {
		l.codeSlot[p] = make([]int, 256)
		for i := range l.codeSlot[p] {
			l.codeSlot[p][i] = -1
		}
		for j, o := range l.itemOpts[p] {
			l.codeSlot[p][int(o.Code)+128] = j
		}
	}
	return l
}

// sums are a trend report's sums, placed as its layout says.
type sums struct {
	accs   []acc   // per group, round, measure
	counts []int64 // per group, round, item option
	alphas []int64 // per group, round, scale's alpha sums
}

// accumulate adds every response of d to its groups (leafOf, wpOf: see
// buildGroups), then every workplace into the total.
func (l *layout) accumulate(d *Dataset, groups []Group, leafOf, wpOf func(i int) int) *sums {
	nR, nI, nS, nM, nG := l.nR, l.nI, l.nS, l.nM, l.nG
	optOff, alphaOff, alphaK := l.optOff, l.alphaOff, l.alphaK
	t := &sums{
		accs:   make([]acc, nG*nR*nM),
		counts: make([]int64, nG*nR*optOff[nI]),
		alphas: make([]int64, nG*nR*alphaOff[nS]),
	}
	accs, counts, alphas := t.accs, t.counts, t.alphas

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
			if j := l.codeSlot[p][int(v)+128]; j >= 0 {
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
			if v >= l.agreeItem[p] {
				a.agree++
			}
		}
		al := alphas[cell*alphaOff[nS] : (cell+1)*alphaOff[nS]]
	scales:
		for s := range nS {
			si := l.rs[r][s]
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
		p := groups[g].Parent
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
	return t
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
