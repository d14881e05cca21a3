package analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"peil/survey"
)

// TestAccumulateMatchesReference: the accumulation from a dataset's atoms
// (one pass over the responses for all splits: histograms of whole
// numbers per school and role, added up into groups) gives exactly, bit
// for bit, the sums of the straightforward way that adds every response to its
// workplace and its split row on its own (accumulateReference, the code
// Trends used before), for every split: on the national synthetic study
// and on a random one with a wide single choice item (40 options), an
// integer item (0-500) and a decimal one, a single choice item, "don't
// know" answers, skipped items and a scale not in every round.
func TestAccumulateMatchesReference(t *testing.T) {
	national, err := Synthetic(SyntheticConfig{Seed: 3, Workplaces: 6, SchoolsPerWorkplace: 5, Rounds: 3, StaffPerSchool: 20, Scales: 4, ItemsPerScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range map[string]*Dataset{"synthetic": national, "random": randomDataset(t)} {
		for _, sp := range []Split{ByWorkplace, ByRole, BySchool} {
			t.Run(fmt.Sprintf("%s split %d", name, sp), func(t *testing.T) {
				rep := &Report{}
				gm := buildGroups(d, sp, rep)
				lay := newLayout(d, len(rep.Groups))
				got := lay.accumulate(d, d.trendAtoms(), rep.Groups, gm)
				want := lay.accumulateReference(d, rep.Groups,
					func(i int) int { return gm.leaf(d.wp[i], d.school[i], d.role[i]) }, func(i int) int { return gm.wp(d.wp[i]) })
				if len(lay.hist.narrow) == 0 {
					t.Fatal("no item is counted in a histogram: the test tests nothing")
				}
				if name == "random" && (len(lay.hist.wide) == 0 || lay.nN != 3) {
					t.Fatalf("%d wide and %d numeric items: the test misses addWide or the numbers", len(lay.hist.wide), lay.nN)
				}
				if name == "random" {
					x, _ := d.ItemIndex("x")
					if a := got.accs[1+lay.nS+x]; a.n < 100 || a.dk < 10 || a.sum == math.Trunc(a.sum) {
						t.Fatalf("the decimal item's total in round 1: %+v: the test misses the numbers", a)
					}
				}
				for i := range want.accs {
					if got.accs[i] != want.accs[i] {
						t.Fatalf("acc %d: got %+v, want %+v", i, got.accs[i], want.accs[i])
					}
				}
				if !reflect.DeepEqual(got.counts, want.counts) {
					t.Error("answer counts differ")
				}
				if !reflect.DeepEqual(got.alphas, want.alphas) {
					t.Error("alpha sums differ")
				}
			})
		}
	}
}

// randomDataset is a small study with every kind of item the tables use.
func randomDataset(t *testing.T) *Dataset {
	t.Helper()
	mk := func(version int) *survey.Instrument {
		items := []survey.Item{
			{ID: "a", Type: survey.Likert, DontKnow: true}, {ID: "b", Type: survey.Likert}, {ID: "c", Type: survey.Likert, DontKnow: true},
			{ID: "n", Type: survey.Integer, Min: 0, Max: 500, DontKnow: true},
			{ID: "m", Type: survey.Integer, Min: -5, Max: 5},
			{ID: "x", Type: survey.Decimal, DontKnow: true},
			{ID: "w", Type: survey.SingleChoice, Options: wideOptions(40)},
			{ID: "g", Type: survey.Grade},
			{ID: "k", Type: survey.SingleChoice, DontKnow: true, Options: []survey.Option{{Code: 1, Value: "x"}, {Code: 2, Value: "y"}, {Code: 9, Value: "z"}}},
		}
		scales := []survey.Scale{{ID: "s", Items: []string{"a", "b", "c"}, Reversed: []string{"b"}}}
		if version > 1 {
			items = append(items, survey.Item{ID: "d", Type: survey.Likert})
			scales = append(scales, survey.Scale{ID: "t", Items: []string{"c", "d"}})
		}
		return &survey.Instrument{ID: "random", Version: version, Sections: []survey.Section{{ID: "s", Items: items}}, Scales: scales}
	}
	d := NewDataset(0)
	for r := range 3 {
		in := mk(1)
		if r == 2 {
			in = mk(2)
		}
		if _, err := d.AddRound(fmt.Sprint("ronde ", r+1), in); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	roles := []string{"", survey.RoleTeacher, survey.RoleSchoolLeader}
	values := make([]int8, d.NumItems())
	numbers := make([]float64, d.NumItems())
	for range 3000 {
		school := rng.IntN(12)
		for p := range values {
			it := &d.items[p]
			numbers[p] = math.NaN()
			switch it.Type {
			case survey.Integer:
				numbers[p] = float64(it.Min + rng.IntN(it.Max-it.Min+1))
			case survey.Decimal:
				numbers[p] = float64(rng.IntN(100000)) / 100 // 0.00 to 999.99
			}
			var codes []int8
			for c := range 256 {
				if d.valid[p][c] {
					codes = append(codes, int8(c-128))
				}
			}
			values[p] = codes[rng.IntN(len(codes))]
			switch {
			case numeric(it.Type) && it.DontKnow && rng.IntN(10) == 0:
				values[p], numbers[p] = DontKnow, math.NaN()
			case numeric(it.Type):
				values[p] = Missing // the number is in numbers
			}
			if rng.IntN(8) == 0 || (it.Type == survey.Integer && rng.IntN(4) == 0) {
				values[p], numbers[p] = Missing, math.NaN()
			}
		}
		err := d.Add(Response{Round: rng.IntN(3), Workplace: fmt.Sprint("W", school%4), School: fmt.Sprint("S", school),
			Role: roles[rng.IntN(len(roles))], Values: values, Numbers: numbers})
		if err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// wideOptions returns n options coded 1 to n.
func wideOptions(n int) []survey.Option {
	out := make([]survey.Option, n)
	for i := range out {
		out[i] = survey.Option{Code: i + 1, Value: fmt.Sprint("o", i+1)}
	}
	return out
}

// accumulateReference adds every response of d to its groups (leafOf, wpOf: see
// buildGroups), then every workplace into the total.
func (l *layout) accumulateReference(d *Dataset, groups []Group, leafOf, wpOf func(i int) int) *sums {
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
		for j, p := range d.numPos {
			if x := d.nums[i*len(d.numPos)+j]; !math.IsNaN(x) {
				a := &base[1+nS+p]
				a.n++
				a.sum += x
				a.sumsq += x * x
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

// Reports computed at the same time from one dataset (its atoms made by
// whichever comes first, its measures built by several workers each) equal
// reports computed one by one from another copy; a change to the dataset
// drops its atoms, so the next report counts the new response.
func TestTrendsConcurrentAndAfterChange(t *testing.T) {
	cfg := SyntheticConfig{Seed: 5, Workplaces: 4, SchoolsPerWorkplace: 4, Rounds: 2, StaffPerSchool: 15, Scales: 3, ItemsPerScale: 3}
	fresh := func() *Dataset {
		d, err := Synthetic(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	splits := []Split{ByWorkplace, ByRole, BySchool}
	report := func(d *Dataset, sp Split) string {
		rep, err := Trends(d, WithSplit(sp))
		if err != nil {
			t.Error(err)
			return ""
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Error(err)
		}
		return string(b)
	}
	seq, want := fresh(), map[Split]string{}
	for _, sp := range splits {
		want[sp] = report(seq, sp)
	}
	conc := fresh()
	var wg sync.WaitGroup
	got := make([]string, 3*len(splits))
	for i := range got {
		wg.Go(func() { got[i] = report(conc, splits[i%len(splits)]) })
	}
	wg.Wait()
	for i, g := range got {
		if g != want[splits[i%len(splits)]] {
			t.Errorf("report %d (split %d) computed concurrently differs from the one computed alone", i, splits[i%len(splits)])
		}
	}

	before := report(conc, ByWorkplace)
	row := make([]int8, conc.NumItems())
	for p := range row {
		row[p] = 1
	}
	if err := conc.Add(Response{Round: 0, Workplace: conc.workplaces.list[0], School: conc.schools.list[0], Role: survey.RoleTeacher, Values: row}); err != nil {
		t.Fatal(err)
	}
	rep, err := Trends(conc)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := rep.Measure("n")
	if report(conc, ByWorkplace) == before || n.Cells[0][0].N != seq.roundCount(0)+1 {
		t.Errorf("after a response was added the report did not change (n = %d)", n.Cells[0][0].N)
	}
}

// roundCount counts the responses of round r.
func (d *Dataset) roundCount(r int) int {
	n := 0
	for _, x := range d.round {
		if int(x) == r {
			n++
		}
	}
	return n
}
