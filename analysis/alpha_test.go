package analysis_test

import (
	"math"
	"testing"

	"peil/analysis"
)

// alphaByDefinition is Cronbach's alpha written out the long way, with
// two-pass variances: the reference for AlphaSums.
func alphaByDefinition(rows [][]int) float64 {
	k, n := len(rows[0]), float64(len(rows))
	variance := func(xs []float64) float64 {
		m := 0.0
		for _, x := range xs {
			m += x
		}
		m /= n
		v := 0.0
		for _, x := range xs {
			v += (x - m) * (x - m)
		}
		return v / (n - 1)
	}
	sumVar := 0.0
	for j := range k {
		col := make([]float64, len(rows))
		for i, r := range rows {
			col[i] = float64(r[j])
		}
		sumVar += variance(col)
	}
	tot := make([]float64, len(rows))
	for i, r := range rows {
		for _, v := range r {
			tot[i] += float64(v)
		}
	}
	kf := float64(k)
	return kf / (kf - 1) * (1 - sumVar/variance(tot))
}

func TestAlphaSums(t *testing.T) {
	complete := [][]int{{3, 4, 3}, {4, 5, 4}, {2, 3, 3}, {5, 5, 4}, {3, 3, 2}, {4, 4, 5}}
	tests := []struct {
		name  string
		rows  [][]int
		minN  int
		wantN int
	}{
		{"complete cases", complete, 5, 6},
		{"a don't know and a missing answer leave cases out", append(append([][]int{}, complete...), []int{4, int(analysis.DontKnow), 3}, []int{0, 4, 4}), 5, 6},
		{"too few complete cases", complete[:4], 5, 0},
		{"no variance", [][]int{{3, 3, 3}, {3, 3, 3}, {3, 3, 3}}, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analysis.NewAlphaSums(3)
			for _, r := range tt.rows {
				a.Add(r)
			}
			got, n := a.Alpha(tt.minN)
			if n != tt.wantN {
				t.Fatalf("alpha over %d cases, want %d", n, tt.wantN)
			}
			if n > 0 {
				if want := alphaByDefinition(complete); math.Abs(got-want) > 1e-12 {
					t.Errorf("alpha %.15f, want %.15f", got, want)
				}
			}
		})
	}
}

// TestAlphaSumsEqualsTrends: an export's alpha (AlphaSums over the raw
// answers, reverse-coded) is the alpha of the trend report's merged row.
func TestAlphaSumsEqualsTrends(t *testing.T) {
	cfg := analysis.SyntheticConfig{Seed: 5, Workplaces: 3, SchoolsPerWorkplace: 2, Rounds: 2, StaffPerSchool: 15, Scales: 2, ItemsPerScale: 4}
	d, err := analysis.Synthetic(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := analysis.SyntheticInstruments(cfg)
	for _, sc := range v1.Scales {
		ms, _ := rep.Measure(sc.ID)
		for r := range rep.Rounds {
			a := analysis.NewAlphaSums(len(sc.Items))
			d.Each(func(resp analysis.Response) {
				if resp.Round != r {
					return
				}
				vals := make([]int, len(sc.Items))
				for j, id := range sc.Items {
					p, _ := d.ItemIndex(id)
					vals[j] = int(resp.Values[p])
					if sc.IsReversed(id) && vals[j] >= 1 && vals[j] <= 5 {
						vals[j] = 6 - vals[j]
					}
				}
				a.Add(vals)
			})
			got, n := a.Alpha(rep.K)
			c := ms.Cells[0][r]
			if c.AlphaN == 0 {
				t.Fatalf("%s round %d has no alpha in the trend report", sc.ID, r)
			}
			if n != c.AlphaN || math.Abs(got-c.Alpha) > 1e-12 {
				t.Errorf("%s round %d: AlphaSums %.12f over %d, Trends %.12f over %d", sc.ID, r, got, n, c.Alpha, c.AlphaN)
			}
		}
	}
}

func TestIsLowAlpha(t *testing.T) {
	for _, tt := range []struct {
		c    analysis.Cell
		want bool
	}{
		{analysis.Cell{Status: analysis.Shown, Alpha: 0.69, AlphaN: 20}, true},
		{analysis.Cell{Status: analysis.Shown, Alpha: 0.70, AlphaN: 20}, false},
		{analysis.Cell{Status: analysis.Shown, Alpha: 0, AlphaN: 0}, false},
	} {
		if got := tt.c.IsLowAlpha(); got != tt.want {
			t.Errorf("alpha %v over %d: low %v, want %v", tt.c.Alpha, tt.c.AlphaN, got, tt.want)
		}
	}
}
