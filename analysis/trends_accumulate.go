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

// addNumber adds one answer x to a numeric item's sums.
func (a *acc) addNumber(x float64) {
	a.n++
	a.sum += x
	a.sumsq += x * x
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
	nN         int // numeric (integer and decimal) items
	nM         int // measures: respondents, scales, items
	// numPos lists the numeric items' positions (Dataset.numPos).
	numPos []int
	nG     int // groups
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
	hist     histLayout
}

// histLayout places the answer counts of one group in one round: a slot
// per item and possible answer (slot 0 takes what is not counted: missing
// answers, and the answers of wide items). A numeric item's only possible
// answer here is "don't know": its numbers are added up on their own.
type histLayout struct {
	slots int // per group and round
	// slotOf[p<<8|uint8(code)] is the slot of answer code to item p.
	slotOf []int32
	// off[p] is item p's first slot, codes[p] the answer of each of its
	// slots.
	off   []int
	codes [][]int8
	// narrow items are counted in slots; wide ones (more than
	// maxHistCodes possible answers, e.g. a number from 0 to 100) are
	// added up per answer (acc.addAnswer).
	narrow, wide []int
}

// maxHistCodes is the most possible answers an item counted in a
// histogram has.
const maxHistCodes = 32

// newHistLayout lays out the answer counts of d's items.
func newHistLayout(d *Dataset) histLayout {
	nI := len(d.items)
	h := histLayout{slots: 1, slotOf: make([]int32, nI<<8), off: make([]int, nI), codes: make([][]int8, nI)}
	for p := range d.items {
		var codes []int8
		for c := range 256 {
			if d.valid[p][c] && (d.numOf[p] < 0 || int8(c-128) == DontKnow) {
				codes = append(codes, int8(c-128))
			}
		}
		if len(codes) > maxHistCodes {
			h.wide = append(h.wide, p)
			continue
		}
		h.narrow = append(h.narrow, p)
		h.off[p], h.codes[p] = h.slots, codes
		for _, c := range codes {
			h.slotOf[p<<8|int(uint8(c))] = int32(h.slots)
			h.slots++
		}
	}
	return h
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
	l := &layout{nR: nR, nI: nI, nS: nS, nN: len(d.numPos), nM: 1 + nS + nI, nG: nG, numPos: d.numPos}

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
	l.hist = newHistLayout(d)
	return l
}

// sums are a trend report's sums, placed as its layout says.
type sums struct {
	accs   []acc   // per group, round, measure
	counts []int64 // per group, round, item option
	alphas []int64 // per group, round, scale's alpha sums
}

// addAnswer adds one answer v (not Missing) to an item's sums; agreeFrom
// is the item's layout.agreeItem.
func (a *acc) addAnswer(v, agreeFrom int8) {
	if v == DontKnow {
		a.dk++
		return
	}
	a.n++
	f := float64(v)
	a.sum += f
	a.sumsq += f * f
	if v >= agreeFrom {
		a.agree++
	}
}

// accumulate makes the sums of a report with groups from the atoms at of
// d: each atom into its leaf group (gm: its split row, or its workplace
// when not split), the scale scores of the split rows response by
// response, then every split row into its workplace, every workplace into
// the total, and last the answer counts into the items' sums.
//
// Every workplace's sums are made in the same order whatever the split,
// so its cells are identical in every report (see suppress.go for why
// that matters), and every float sum is made in the order it was before
// the atoms (TestAccumulateMatchesReference): results are the same to the
// last bit.
func (l *layout) accumulate(d *Dataset, at *atoms, groups []Group, gm *groupMap) *sums {
	nR, nI, nS, nM, nG := l.nR, l.nI, l.nS, l.nM, l.nG
	nC, nAl, nH := l.optOff[nI], l.alphaOff[nS], l.hist.slots
	nW, nWC := len(l.hist.wide), at.wideOptOff[len(l.hist.wide)]
	t := &sums{
		accs:   make([]acc, nG*nR*nM),
		counts: make([]int64, nG*nR*nC),
		alphas: make([]int64, nG*nR*nAl),
	}
	hist := make([]int32, nG*nR*nH)

	// Scale scores and numbers: workplaces from the atoms, split rows
	// response by response.
	nN := l.nN
	for w := range d.workplaces.list {
		g := gm.wp(int32(w))
		for r := range nR {
			copy(t.accs[(g*nR+r)*nM+1:(g*nR+r)*nM+1+nS], at.wpScales[(w*nR+r)*nS:(w*nR+r+1)*nS])
			for j, p := range l.numPos {
				t.accs[(g*nR+r)*nM+1+nS+p] = at.wpNums[(w*nR+r)*nN+j]
			}
		}
	}
	if gm.split != ByWorkplace {
		for i := range d.wp {
			g, r := gm.leaf(d.wp[i], d.school[i], d.role[i]), int(d.round[i])
			addScales(t.accs[(g*nR+r)*nM+1:(g*nR+r)*nM+1+nS], d.scores[i*nS:(i+1)*nS:(i+1)*nS])
			if nN > 0 {
				base := t.accs[(g*nR+r)*nM+1+nS : (g*nR+r+1)*nM]
				for j, p := range l.numPos {
					if x := d.nums[i*nN+j]; !math.IsNaN(x) {
						base[p].addNumber(x)
					}
				}
			}
		}
	}

	// Whole numbers: atoms into their leaves.
	for a := range at.nA {
		g := gm.leaf(at.wp[a], at.school[a], at.role[a])
		for r := range nR {
			src, dst := a*nR+r, g*nR+r
			t.accs[dst*nM].n += at.n[src]
			addInts(hist[dst*nH:(dst+1)*nH], at.hist[src*nH:(src+1)*nH])
			addInts(t.alphas[dst*nAl:(dst+1)*nAl], at.alphas[src*nAl:(src+1)*nAl])
			for j, p := range l.hist.wide {
				t.accs[dst*nM+1+nS+p].add(&at.wide[src*nW+j])
				addInts(t.counts[dst*nC+l.optOff[p]:dst*nC+l.optOff[p+1]], at.wideCounts[src*nWC+at.wideOptOff[j]:src*nWC+at.wideOptOff[j+1]])
			}
		}
	}

	// Leaves into their parents: split rows into workplaces, then
	// workplaces into the total (scale scores too, in workplace order).
	for _, level := range []bool{false, true} {
		for g := 1; g < nG; g++ {
			p := groups[g].Parent
			if (p == 0) != level {
				continue
			}
			for r := range nR {
				src, dst := g*nR+r, p*nR+r
				if level {
					for m := 1; m <= nS; m++ {
						t.accs[dst*nM+m].add(&t.accs[src*nM+m])
					}
					for _, q := range l.numPos {
						t.accs[dst*nM+1+nS+q].add(&t.accs[src*nM+1+nS+q])
					}
				}
				t.accs[dst*nM].n += t.accs[src*nM].n
				for _, q := range l.hist.wide {
					t.accs[dst*nM+1+nS+q].add(&t.accs[src*nM+1+nS+q])
				}
				addInts(t.counts[dst*nC:(dst+1)*nC], t.counts[src*nC:(src+1)*nC])
				addInts(t.alphas[dst*nAl:(dst+1)*nAl], t.alphas[src*nAl:(src+1)*nAl])
				addInts(hist[dst*nH:(dst+1)*nH], hist[src*nH:(src+1)*nH])
			}
		}
	}

	// The answer counts into the items' sums and distributions.
	for cell := range nG * nR {
		h := hist[cell*nH : (cell+1)*nH]
		for _, p := range l.hist.narrow {
			a := &t.accs[cell*nM+1+nS+p]
			if d.numOf[p] >= 0 { // the numbers are summed: "don't know" alone here
				if l.hist.codes[p] != nil {
					a.dk += int64(h[l.hist.off[p]])
				}
				continue
			}
			var n, sum, sumsq int64
			for j, code := range l.hist.codes[p] {
				k := int64(h[l.hist.off[p]+j])
				if code == DontKnow {
					a.dk += k
					continue
				}
				x := int64(code)
				n += k
				sum += k * x
				sumsq += k * x * x
				if code >= l.agreeItem[p] {
					a.agree += k
				}
			}
			a.n, a.sum, a.sumsq = n, float64(sum), float64(sumsq)
			cnt := t.counts[cell*nC+l.optOff[p] : cell*nC+l.optOff[p+1]]
			for j, o := range l.itemOpts[p] {
				if s := l.hist.slotOf[p<<8|int(uint8(o.Code))]; s > 0 {
					cnt[j] = int64(h[s])
				}
			}
		}
	}
	return t
}

func addInts[T int32 | int64](dst, src []T) {
	for j, x := range src {
		dst[j] += x
	}
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
