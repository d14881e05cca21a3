package analysis_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"peil/analysis"
	"peil/survey"
)

// member is one respondent of a hand-made study: one agreement item q.
type member struct {
	wp, school, role string
	q                int
}

// group makes n members of one school answering q = first, first+1, ...
// (cycling through 1-5), so every group has its own mean.
func group(wp, school, role string, n, first int) []member {
	out := make([]member, n)
	for i := range out {
		out[i] = member{wp, school, role, (first+i-1)%5 + 1}
	}
	return out
}

func handStudy(t *testing.T, ms ...[]member) *analysis.Dataset {
	t.Helper()
	in := &survey.Instrument{ID: "hand", Version: 1, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "q", Type: survey.Likert, DontKnow: true},
	}}}}
	d := analysis.NewDataset(0)
	if _, err := d.AddRound("r1", in); err != nil {
		t.Fatal(err)
	}
	for _, g := range ms {
		for _, m := range g {
			v := int8(m.q)
			if m.q == 0 {
				v = analysis.Missing
			}
			if err := d.Add(analysis.Response{Round: 0, Workplace: m.wp, School: m.school, Role: m.role, Values: []int8{v}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return d
}

// truth computes n and mean of q over members matching keep.
func truth(ms [][]member, keep func(member) bool) (int, float64) {
	n, sum := 0, 0
	for _, g := range ms {
		for _, m := range g {
			if keep(m) {
				n++
				sum += m.q
			}
		}
	}
	return n, float64(sum) / float64(n)
}

// subtract is the attack on a suppressed group: its parent's total minus
// every shown sibling. It returns what the attacker learns (n and mean) and
// whether the parent was shown at all.
func subtract(m *analysis.Measure, groups []analysis.Group, g, r int) (n int, mean float64, ok bool) {
	p := groups[g].Parent
	parent := m.Cells[p][r]
	if parent.Status != analysis.Shown {
		return 0, 0, false
	}
	n, sum := parent.N, float64(parent.N)*parent.Mean
	for s, gr := range groups {
		if gr.Parent == p && s != g && m.Cells[s][r].Status == analysis.Shown {
			n -= m.Cells[s][r].N
			sum -= float64(m.Cells[s][r].N) * m.Cells[s][r].Mean
		}
	}
	return n, sum / float64(n), true
}

// determined is the general attack: it solves the linear system "every
// parent is the sum of its children" for the cells it cannot see, and
// returns the suppressed groups whose value the shown cells pin down. It
// reasons about structure only, so it covers n, the sum behind the mean,
// and every count of the distribution at once.
func determined(m *analysis.Measure, groups []analysis.Group, r int) []int {
	unk := map[int]int{}
	var ids []int
	for g := range groups {
		if m.Cells[g][r].Status == analysis.Suppressed {
			unk[g] = len(ids)
			ids = append(ids, g)
		}
	}
	var rows [][]float64
	for p := range groups {
		row := make([]float64, len(ids))
		hasChildren, hasUnknown := false, false
		for c, gr := range groups {
			if gr.Parent == p {
				hasChildren = true
				if j, ok := unk[c]; ok {
					row[j], hasUnknown = -1, true
				}
			}
		}
		if j, ok := unk[p]; ok {
			row[j], hasUnknown = 1, true
		}
		if hasChildren && hasUnknown {
			rows = append(rows, row)
		}
	}
	base := rank(rows)
	var out []int
	for j, g := range ids {
		e := make([]float64, len(ids))
		e[j] = 1
		if rank(append(append([][]float64{}, rows...), e)) == base {
			out = append(out, g)
		}
	}
	return out
}

// rank is Gaussian elimination with partial pivoting.
func rank(a [][]float64) int {
	m := make([][]float64, len(a))
	for i := range a {
		m[i] = append([]float64(nil), a[i]...)
	}
	if len(m) == 0 {
		return 0
	}
	rk := 0
	for col := 0; col < len(m[0]) && rk < len(m); col++ {
		piv := rk
		for i := rk; i < len(m); i++ {
			if math.Abs(m[i][col]) > math.Abs(m[piv][col]) {
				piv = i
			}
		}
		if math.Abs(m[piv][col]) < 1e-9 {
			continue
		}
		m[rk], m[piv] = m[piv], m[rk]
		for i := range m {
			if i != rk && m[i][col] != 0 {
				f := m[i][col] / m[rk][col]
				for j := col; j < len(m[i]); j++ {
					m[i][j] -= f * m[rk][j]
				}
			}
		}
		rk++
	}
	return rk
}

func groupIndex(t *testing.T, rep *analysis.Report, label string) int {
	t.Helper()
	for i, g := range rep.Groups {
		if g.Label() == label {
			return i
		}
	}
	t.Fatalf("no group %s", label)
	return -1
}

func TestSubtractionAttackFails(t *testing.T) {
	tests := []struct {
		name   string
		split  analysis.Split
		groups [][]member
		// small is the group below k; alsoHidden the ones the rule must
		// hide with it.
		small      string
		alsoHidden []string
	}{
		{
			name:  "one small workplace: the next smallest is hidden too",
			split: analysis.ByWorkplace,
			groups: [][]member{
				group("WOA", "WOA-1", "leerkracht", 20, 1),
				group("POINT", "POINT-1", "leerkracht", 3, 5),
				group("WOU", "WOU-1", "leerkracht", 30, 2),
			},
			small: "POINT", alsoHidden: []string{"WOA"},
		},
		{
			name:  "one small school: its smallest sibling school is hidden",
			split: analysis.BySchool,
			groups: [][]member{
				group("WOA", "WOA-1", "leerkracht", 4, 5),
				group("WOA", "WOA-2", "leerkracht", 12, 2),
				group("WOA", "WOA-3", "leerkracht", 25, 3),
				group("WOU", "WOU-1", "leerkracht", 30, 2),
			},
			small: "WOA / WOA-1", alsoHidden: []string{"WOA / WOA-2"},
		},
		{
			name:  "nine teacher-researchers: a small role and its sibling",
			split: analysis.ByRole,
			groups: [][]member{
				group("WOA", "WOA-1", "leerkracht-onderzoeker", 2, 4),
				group("WOA", "WOA-1", "leerkracht", 31, 1),
				group("WOA", "WOA-2", "ib", 7, 2),
				group("POINT", "POINT-1", "leerkracht", 40, 3),
			},
			small: "WOA / leerkracht-onderzoeker", alsoHidden: []string{"WOA / ib"},
		},
		{
			name:  "a small workplace with one other: the merged total is hidden",
			split: analysis.ByWorkplace,
			groups: [][]member{
				group("WOA", "WOA-1", "leerkracht", 20, 1),
				group("POINT", "POINT-1", "leerkracht", 4, 5),
			},
			small: "POINT", alsoHidden: []string{"WOA"},
		},
		{
			name:  "a workplace hidden by its sibling keeps a school hidden too",
			split: analysis.BySchool,
			groups: [][]member{
				group("WOA", "WOA-1", "leerkracht", 60, 1),
				group("POINT", "POINT-1", "leerkracht", 3, 5),
				group("WOU", "WOU-1", "leerkracht", 8, 2),
				group("WOU", "WOU-2", "leerkracht", 9, 4),
				group("WOU", "WOU-3", "leerkracht", 30, 3),
			},
			small: "POINT", alsoHidden: []string{"WOU", "WOU / WOU-1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := handStudy(t, tt.groups...)
			rep, err := analysis.Trends(d, analysis.WithSplit(tt.split))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"n", "q"} {
				m, _ := rep.Measure(id)
				for _, label := range append([]string{tt.small}, tt.alsoHidden...) {
					if c := m.Cells[groupIndex(t, rep, label)][0]; c.Status != analysis.Suppressed {
						t.Errorf("%s: %s is %v (%v), want suppressed", id, label, c.Status, c)
					}
				}
				if got := determined(m, rep.Groups, 0); len(got) > 0 {
					t.Errorf("%s: the shown cells determine suppressed groups %v", id, got)
				}
			}
			// The explicit attack: parent minus shown siblings.
			g := groupIndex(t, rep, tt.small)
			gr := rep.Groups[g]
			trueN, trueMean := truth(tt.groups, func(m member) bool {
				return m.wp == gr.Workplace && (gr.Sub == "" || gr.Sub == m.school || gr.Sub == m.role)
			})
			m, _ := rep.Measure("q")
			if n, mean, ok := subtract(m, rep.Groups, g, 0); ok && (n == trueN || math.Abs(mean-trueMean) < 1e-9) {
				t.Errorf("subtraction recovers %s: n=%d mean=%.4f (true n=%d mean=%.4f)", tt.small, n, mean, trueN, trueMean)
			}
		})
	}
}

// TestSubtractionAttackWorksWithoutSecondarySuppression shows that the
// attack in TestSubtractionAttackFails is real: with only the small group
// hidden, subtraction recovers its n and mean exactly.
func TestSubtractionAttackWorksWithoutSecondarySuppression(t *testing.T) {
	groups := [][]member{
		group("WOA", "WOA-1", "leerkracht", 20, 1),
		group("POINT", "POINT-1", "leerkracht", 3, 5),
		group("WOU", "WOU-1", "leerkracht", 30, 2),
	}
	rep, err := analysis.Trends(handStudy(t, groups...))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := rep.Measure("q")
	// Undo the secondary suppression from true data, as a naive report
	// would have shown it.
	woa := groupIndex(t, rep, "WOA")
	n, mean := truth(groups, func(m member) bool { return m.wp == "WOA" })
	m.Cells[woa][0] = analysis.Cell{Status: analysis.Shown, N: n, Mean: mean}
	point := groupIndex(t, rep, "POINT")
	gotN, gotMean, ok := subtract(m, rep.Groups, point, 0)
	trueN, trueMean := truth(groups, func(m member) bool { return m.wp == "POINT" })
	if !ok || gotN != trueN || math.Abs(gotMean-trueMean) > 1e-9 {
		t.Fatalf("attack on a naive report: n=%d mean=%v ok=%v, want n=%d mean=%v", gotN, gotMean, ok, trueN, trueMean)
	}
	if got := determined(m, rep.Groups, 0); len(got) != 1 || got[0] != point {
		t.Fatalf("general attack on a naive report determined %v, want [%d]", got, point)
	}
}

// TestSuppressionOnSyntheticStudy runs the general attack on every column
// of a study with many small groups, in all three splits, and checks that
// suppressed cells hold nothing and that workplace and total cells do not
// depend on the split (else two reports could be combined).
func TestSuppressionOnSyntheticStudy(t *testing.T) {
	cfg := analysis.SyntheticConfig{Seed: 3, Workplaces: 6, SchoolsPerWorkplace: 4, Rounds: 3, StaffPerSchool: 6, Scales: 2, ItemsPerScale: 3}
	d, err := analysis.Synthetic(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{3, 5, 10} {
		var reports []*analysis.Report
		for _, sp := range []analysis.Split{analysis.ByWorkplace, analysis.ByRole, analysis.BySchool} {
			rep, err := analysis.Trends(d, analysis.WithSplit(sp), analysis.WithMinGroupSize(k))
			if err != nil {
				t.Fatal(err)
			}
			reports = append(reports, rep)
			hidden := 0
			for mi := range rep.Measures {
				m := &rep.Measures[mi]
				for r := range rep.Rounds {
					if got := determined(m, rep.Groups, r); len(got) > 0 {
						t.Errorf("k=%d split %d %s round %d: suppressed groups %v are determined", k, sp, m.ID, r, got)
					}
					for g := range rep.Groups {
						c := m.Cells[g][r]
						if c.Status == analysis.Suppressed {
							hidden++
							if !reflect.DeepEqual(c, analysis.Cell{Status: analysis.Suppressed, K: k}) {
								t.Errorf("suppressed cell holds values: %#v", c)
							}
							if c.String() != fmt.Sprintf("< %d", k) {
								t.Errorf("suppressed cell prints %q", c.String())
							}
						}
					}
				}
			}
			if hidden == 0 && sp != analysis.ByWorkplace {
				t.Errorf("k=%d split %d: nothing suppressed; the test proves nothing", k, sp)
			}
		}
		// Workplace-level rows are identical across splits.
		base := reports[0]
		for _, rep := range reports[1:] {
			for mi := range base.Measures {
				for g, bg := range base.Groups {
					h := groupIndex(t, rep, bg.Label())
					for r := range base.Rounds {
						if a, b := base.Measures[mi].Cells[g][r], rep.Measures[mi].Cells[h][r]; !reflect.DeepEqual(a, b) {
							t.Errorf("k=%d %s %s round %d differs between splits: %v and %v", k, base.Measures[mi].ID, bg.Label(), r, a, b)
						}
					}
				}
			}
		}
	}
}

func TestMinGroupSizeBelowThree(t *testing.T) {
	d := handStudy(t, group("WOA", "WOA-1", "leerkracht", 5, 1))
	for _, k := range []int{-1, 0, 1, 2} {
		if _, err := analysis.Trends(d, analysis.WithMinGroupSize(k)); err == nil {
			t.Errorf("k=%d accepted", k)
		}
	}
	if _, err := analysis.Trends(d, analysis.WithMinGroupSize(3)); err != nil {
		t.Errorf("k=3: %v", err)
	}
}
