package analysis

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"peil/survey"
)

// builder makes a trend report's measures from its sums: respondents,
// then every scale, then every item, each cell suppressed where its group
// is too small and compared with the baseline round.
type builder struct {
	d    *Dataset
	lay  *layout
	sums *sums
	st   settings
	rep  *Report
	tq   *tQuantiles
}

// scratch is the memory a builder's worker reuses from measure to measure.
type scratch struct {
	// weights and sizes, one per group, feed suppress.
	weights, sizes []int64
	sup            suppressScratch
}

func newBuilder(d *Dataset, lay *layout, s *sums, tq *tQuantiles, st settings, rep *Report) *builder {
	return &builder{d: d, lay: lay, sums: s, st: st, rep: rep, tq: tq}
}

// maxWorkers is the most goroutines that build one report's measures.
const maxWorkers = 4

// build makes every measure of the report. Measures depend on the sums
// alone, not on each other, so they are built by up to maxWorkers
// goroutines (one per processor), each taking the next measure not yet
// taken and writing its own place in rep.Measures: the report is the
// same whatever their number.
func (b *builder) build() {
	nM := b.lay.nM
	b.rep.Measures = make([]Measure, nM)
	var next atomic.Int64
	work := func() {
		sc := &scratch{weights: make([]int64, b.lay.nG), sizes: make([]int64, b.lay.nG)}
		for {
			mi := int(next.Add(1)) - 1
			if mi >= nM {
				return
			}
			b.measure(mi, sc)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), maxWorkers, nM)
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// measure builds measure mi: 0 the respondents, then the scales, then the
// items.
func (b *builder) measure(mi int, sc *scratch) {
	switch nS := b.lay.nS; {
	case mi == 0:
		b.rep.Measures[mi] = b.respondents()
	case mi <= nS:
		b.rep.Measures[mi] = b.scale(mi - 1)
	default:
		b.rep.Measures[mi] = b.item(mi - 1 - nS)
	}
	b.finish(&b.rep.Measures[mi], mi, sc)
}

// acc returns the sums of measure mi for group g in round r.
func (b *builder) acc(g, r, mi int) *acc {
	return &b.sums.accs[(g*b.lay.nR+r)*b.lay.nM+mi]
}

// newMeasure makes a measure with a cell for every group and round.
func (b *builder) newMeasure(kind MeasureKind, id string, label survey.Text, typ survey.ItemType) Measure {
	nR, nG := b.lay.nR, b.lay.nG
	m := Measure{Kind: kind, ID: id, Label: label, Type: typ, Asked: make([]bool, nR), Cells: make([][]Cell, nG)}
	if t, ok := b.st.targets[id]; ok {
		m.Target, m.HasTarget = t, true
	}
	cells := make([]Cell, nG*nR) // one allocation for the measure
	for g := range m.Cells {
		m.Cells[g] = cells[g*nR : (g+1)*nR : (g+1)*nR]
	}
	return m
}

// finish finishes measure mi: suppression across the groups of every
// round, then the changes from the baseline.
func (b *builder) finish(fm *Measure, mi int, sc *scratch) {
	for r := range b.lay.nR {
		for g := range b.lay.nG {
			a := b.acc(g, r, mi)
			sc.weights[g] = a.n + a.dk
			sc.sizes[g] = b.acc(g, r, 0).n
		}
		col := func(g int) *Cell { return &fm.Cells[g][r] }
		suppress(b.rep.Groups, sc.weights, sc.sizes, col, b.st.k, &sc.sup)
	}
	if fm.Kind != Respondents {
		changes(fm, b.st.baseline)
	}
}

// respondents makes the measure that counts respondents.
func (b *builder) respondents() Measure {
	k := b.st.k
	m := b.newMeasure(Respondents, "n", survey.Text{survey.Dutch: "Aantal respondenten", survey.English: "Respondents"}, "")
	for r := range b.lay.nR {
		m.Asked[r] = true
		for g := range b.lay.nG {
			a := b.acc(g, r, 0)
			c := &m.Cells[g][r]
			*c = Cell{K: k, Status: Empty}
			switch {
			case a.n >= int64(k):
				c.Status, c.N = Shown, int(a.n)
			case a.n > 0:
				*c = suppressedCell(k)
			}
		}
	}
	return m
}

// scale makes the measure of scale s, with Cronbach's alpha.
func (b *builder) scale(s int) Measure {
	d, l, k := b.d, b.lay, b.st.k
	m := b.newMeasure(ScaleMeasure, d.scaleIDs[s], d.scaleNames[s], survey.Likert)
	m.AgreeFrom = 4
	m.Decimals = 2
	for r := range l.nR {
		m.Asked[r] = d.rounds[r].scales[s].ID != ""
		for g := range l.nG {
			c := &m.Cells[g][r]
			if !m.Asked[r] {
				*c = Cell{K: k, Status: NotAsked}
				continue
			}
			*c = stats(b.acc(g, r, 1+s), scaleShift, 4, k, b.tq)
			if c.Status == Shown {
				cell := (g*l.nR + r) * l.alphaOff[l.nS]
				al := b.sums.alphas[cell+l.alphaOff[s] : cell+l.alphaOff[s+1]]
				c.Alpha, c.AlphaN = cronbach(al, len(d.rounds[r].scales[s].Items), l.alphaK[s], k)
			}
		}
	}
	return m
}

// item makes the measure of the item at position p, with its answers'
// distribution.
func (b *builder) item(p int) Measure {
	d, l, k := b.d, b.lay, b.st.k
	it := &d.items[p]
	m := b.newMeasure(ItemMeasure, it.ID, it.Text, it.Type)
	m.AgreeFrom = float64(agreeFrom(it.Type))
	m.Options = l.itemOpts[p]
	m.Decimals = 2
	if j := d.numOf[p]; it.Type == survey.Decimal && j >= 0 {
		m.Decimals = max(2, int(d.numDecimals[j])+1)
	}
	numeric := it.Type != survey.SingleChoice
	af := m.AgreeFrom
	if af == 0 {
		af = math.Inf(1)
	}
	m.Reworded = make([]bool, l.nR)
	// The distributions of the measure's cells, in one allocation.
	nOpt := len(l.itemOpts[p])
	var dists []float64
	prev := ""
	for r := range l.nR {
		m.Asked[r] = d.rounds[r].asked[p]
		if m.Asked[r] {
			m.Reworded[r] = prev != "" && d.rounds[r].text[p] != prev
			prev = d.rounds[r].text[p]
		}
		for g := range l.nG {
			c := &m.Cells[g][r]
			if !m.Asked[r] {
				*c = Cell{K: k, Status: NotAsked}
				continue
			}
			a := b.acc(g, r, 1+l.nS+p)
			*c = stats(a, 0, af, k, b.tq)
			if c.Status != Shown {
				continue
			}
			if !numeric {
				c.Mean, c.SD, c.CILow, c.CIHigh, c.hasMean = 0, 0, 0, 0, false
			}
			total := float64(a.n + a.dk)
			c.DontKnow = float64(a.dk) / total
			if nOpt > 0 {
				if len(dists) < nOpt {
					dists = make([]float64, nOpt*l.nG*l.nR)
				}
				c.Dist, dists = dists[:nOpt:nOpt], dists[nOpt:]
				cnt := b.sums.counts[(g*l.nR+r)*l.optOff[l.nI]+l.optOff[p]:]
				for j := range c.Dist {
					c.Dist[j] = float64(cnt[j]) / total
				}
			}
		}
	}
	return m
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

// tQuantiles caches t(0.975, df) per whole df for the reports of one
// dataset (it is kept with its atoms); reports may use it at the same
// time.
type tQuantiles struct {
	mu sync.Mutex
	q  map[int]float64
}

func (t *tQuantiles) get(df int) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if q, ok := t.q[df]; ok {
		return q
	}
	if t.q == nil {
		t.q = make(map[int]float64)
	}
	q := TQuantile(0.975, float64(df))
	t.q[df] = q
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
