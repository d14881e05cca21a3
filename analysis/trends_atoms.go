package analysis

import (
	"math"

	"peil/survey"
)

// atoms are the sums of a dataset that every trend report starts from,
// made in one pass over the responses (Dataset.trendAtoms) and shared by
// the reports of every split. An atom is the responses of one school and
// role: every group of every split (a workplace, a workplace's role, a
// school) is a union of atoms, and whole numbers (respondents, answer
// counts, alpha sums) add up exactly in any order, so a group's are its
// atoms' sums. Scale scores are fractions, whose float sums depend on
// their order: per workplace they are added up here response by response,
// and per split row by accumulate, likewise.
type atoms struct {
	lay *layout // with nG unset
	nA  int     // atoms
	// wp, school and role of each atom.
	wp, school, role []int32
	// Per atom and round: respondents, answer counts (lay.hist), the wide
	// items' sums and option counts (by their index in lay.hist.wide;
	// wideOptOff), the alpha sums (lay.alphaOff).
	n          []int64
	hist       []int32
	wide       []acc
	wideCounts []int64
	wideOptOff []int
	alphas     []int64
	// wpScales holds per workplace (by Dataset index), round and scale the
	// sums of the scale scores, wpNums per workplace, round and numeric
	// item the sums of the numbers (fractions too, so added up response
	// by response, like the scale scores).
	wpScales []acc
	wpNums   []acc
	// tq caches the t quantiles of the cells' intervals.
	tq tQuantiles
}

// trendAtoms returns the dataset's atoms, made on first use and kept until
// the dataset changes. Goroutines that compute reports at the same time
// may each make them once; they are the same.
func (d *Dataset) trendAtoms() *atoms {
	if at := d.atoms.Load(); at != nil {
		return at
	}
	at := newAtoms(d)
	d.atoms.Store(at)
	return at
}

// newAtoms adds up every response of d into its atom and its workplace.
func newAtoms(d *Dataset) *atoms {
	l := newLayout(d, 0)
	nR, nI, nS := l.nR, l.nI, l.nS
	nRoles := len(d.roles.list)
	at := &atoms{lay: l, wideOptOff: make([]int, len(l.hist.wide)+1)}
	for j, p := range l.hist.wide {
		at.wideOptOff[j+1] = at.wideOptOff[j] + len(l.itemOpts[p])
	}
	atomOf := make([]int32, len(d.schools.list)*nRoles)
	for i := range atomOf {
		atomOf[i] = -1
	}
	for i := range d.wp {
		k := int(d.school[i])*nRoles + int(d.role[i])
		if atomOf[k] < 0 {
			atomOf[k] = int32(at.nA)
			at.nA++
			at.wp = append(at.wp, d.wp[i])
			at.school = append(at.school, d.school[i])
			at.role = append(at.role, d.role[i])
		}
	}
	nH, nAl, nW, nWC := l.hist.slots, l.alphaOff[nS], len(l.hist.wide), at.wideOptOff[len(l.hist.wide)]
	cells := at.nA * nR
	at.n = make([]int64, cells)
	at.hist = make([]int32, cells*nH)
	at.wide = make([]acc, cells*nW)
	at.wideCounts = make([]int64, cells*nWC)
	at.alphas = make([]int64, cells*nAl)
	at.wpScales = make([]acc, len(d.workplaces.list)*nR*nS)
	nN := l.nN
	at.wpNums = make([]acc, len(d.workplaces.list)*nR*nN)

	slotOf := l.hist.slotOf
	item := make([]int8, 0, 16)
	for i := range d.wp {
		r := int(d.round[i])
		cell := int(atomOf[int(d.school[i])*nRoles+int(d.role[i])])*nR + r
		row := d.values[i*nI : (i+1)*nI : (i+1)*nI]
		sc := d.scores[i*nS : (i+1)*nS : (i+1)*nS]
		addScales(at.wpScales[(int(d.wp[i])*nR+r)*nS:], sc)
		addNumbers(at.wpNums[(int(d.wp[i])*nR+r)*nN:], d.nums[i*nN:(i+1)*nN:(i+1)*nN])
		at.n[cell]++
		h := at.hist[cell*nH : (cell+1)*nH]
		for p, v := range row {
			h[slotOf[p<<8|int(uint8(v))]]++
		}
		for j, p := range l.hist.wide {
			v := row[p]
			if v == Missing {
				continue
			}
			if o := l.codeSlot[p][int(v)+128]; o >= 0 {
				at.wideCounts[cell*nWC+at.wideOptOff[j]+o]++
			}
			at.wide[cell*nW+j].addAnswer(v, l.agreeItem[p])
		}
		al := at.alphas[cell*nAl : (cell+1)*nAl]
		for s := range nS {
			si := &l.rs[r][s]
			if len(si.pos) < 2 || math.IsNaN(sc[s]) { // no score: not a complete case
				continue
			}
			item = item[:0]
			for j, p := range si.pos {
				v := row[p]
				if si.rev[j] && v >= 1 && v <= survey.LikertPoints {
					v = survey.LikertPoints + 1 - v
				}
				item = append(item, v)
			}
			addAlphaCase(al[l.alphaOff[s]:l.alphaOff[s+1]], l.alphaK[s], item)
		}
	}
	return at
}

// addScales adds one response's scale scores sc to the scale sums base.
func addScales(base []acc, sc []float64) {
	for s, x := range sc {
		if math.IsNaN(x) {
			continue
		}
		a := &base[s]
		a.n++
		y := x - scaleShift
		a.sum += y
		a.sumsq += y * y
		if x >= 4 {
			a.agree++
		}
	}
}

// addNumbers adds one response's numbers xs (NaN: none) to the numeric
// items' sums base.
func addNumbers(base []acc, xs []float64) {
	for j, x := range xs {
		if !math.IsNaN(x) {
			base[j].addNumber(x)
		}
	}
}
