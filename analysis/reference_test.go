package analysis_test

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"peil/analysis"
	"peil/survey"
)

var update = flag.Bool("update", false, "rewrite testdata/responses.csv and testdata/design.json from the synthetic generator")

// referenceConfig is the small study whose expected values SciPy computes:
// three workplaces of three schools, some of them below k, three rounds.
var referenceConfig = analysis.SyntheticConfig{Seed: 7, Workplaces: 3, SchoolsPerWorkplace: 3, Rounds: 3, StaffPerSchool: 9, Scales: 3, ItemsPerScale: 4}

// design describes the reference study for both this test and reference.py.
type design struct {
	K      int           `json:"k"`
	Items  []designItem  `json:"items"`
	Rounds []designRound `json:"rounds"`
}

type designItem struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	DontKnow bool   `json:"dont_know"`
	Options  []int  `json:"options,omitempty"`
}

type designRound struct {
	Name   string        `json:"name"`
	Items  []string      `json:"items"`
	Scales []designScale `json:"scales"`
}

type designScale struct {
	ID          string   `json:"id"`
	Items       []string `json:"items"`
	Reversed    []string `json:"reversed"`
	MinAnswered float64  `json:"min_answered"`
}

// writeReference writes the reference study's data and design.
func writeReference(t *testing.T) {
	v1, v2 := analysis.SyntheticInstruments(referenceConfig)
	// A stricter threshold on one scale, so min-answered is exercised
	// beyond the default.
	for _, in := range []*survey.Instrument{v1, v2} {
		in.Scales[1].MinAnswered = 0.75
	}
	ds := design{K: 5}
	for _, it := range v2.Items() {
		if it.SetsRole {
			continue
		}
		di := designItem{ID: it.ID, Type: string(it.Type), DontKnow: it.DontKnow}
		for _, o := range it.Options {
			di.Options = append(di.Options, o.Code)
		}
		ds.Items = append(ds.Items, di)
	}
	for r := range referenceConfig.Rounds {
		in := v1
		if r == referenceConfig.Rounds-1 {
			in = v2
		}
		dr := designRound{Name: fmt.Sprintf("ronde %d", r+1)}
		for _, it := range in.Items() {
			if !it.SetsRole {
				dr.Items = append(dr.Items, it.ID)
			}
		}
		for _, s := range in.Scales {
			dr.Scales = append(dr.Scales, designScale{ID: s.ID, Items: s.Items, Reversed: s.Reversed, MinAnswered: s.MinAnswered})
		}
		ds.Rounds = append(ds.Rounds, dr)
	}
	b, err := json.MarshalIndent(ds, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "design.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := analysis.Synthetic(referenceConfig)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join("testdata", "responses.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	head := []string{"round", "workplace", "school", "role"}
	for _, it := range ds.Items {
		head = append(head, it.ID)
	}
	w.Write(head)
	d.Each(func(r analysis.Response) {
		rec := []string{strconv.Itoa(r.Round), r.Workplace, r.School, r.Role}
		for _, it := range ds.Items {
			p, _ := d.ItemIndex(it.ID)
			switch v := r.Values[p]; v {
			case analysis.Missing:
				rec = append(rec, "")
			case analysis.DontKnow:
				rec = append(rec, "dk")
			default:
				rec = append(rec, strconv.Itoa(int(v)))
			}
		}
		w.Write(rec)
	})
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// loadReference builds a Dataset from testdata/design.json and
// testdata/responses.csv, the way the storage layer would: instruments per
// round, then one Response per row with values encoded by analysis.Code.
func loadReference(t *testing.T) (*analysis.Dataset, design) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "design.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ds design
	if err := json.Unmarshal(b, &ds); err != nil {
		t.Fatal(err)
	}
	d := analysis.NewDataset(0)
	for r, dr := range ds.Rounds {
		in := &survey.Instrument{ID: "ref", Version: r + 1}
		sec := survey.Section{ID: "s"}
		for _, id := range dr.Items {
			for _, di := range ds.Items {
				if di.ID != id {
					continue
				}
				it := survey.Item{ID: di.ID, Type: survey.ItemType(di.Type), DontKnow: di.DontKnow}
				for _, c := range di.Options {
					it.Options = append(it.Options, survey.Option{Code: c, Value: strconv.Itoa(c)})
				}
				sec.Items = append(sec.Items, it)
			}
		}
		in.Sections = []survey.Section{sec}
		for _, s := range dr.Scales {
			in.Scales = append(in.Scales, survey.Scale{ID: s.ID, Items: s.Items, Reversed: s.Reversed, MinAnswered: s.MinAnswered})
		}
		if _, err := d.AddRound(dr.Name, in); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(filepath.Join("testdata", "responses.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	for _, rec := range recs[1:] {
		round, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Fatal(err)
		}
		values := make([]int8, d.NumItems())
		for i := range values {
			values[i] = analysis.Missing
		}
		for j := 4; j < len(rec); j++ {
			p, ok := d.ItemIndex(head[j])
			if !ok {
				t.Fatalf("column %s is not an item", head[j])
			}
			it := survey.Item{ID: head[j], Type: survey.ItemType(ds.Items[j-4].Type), DontKnow: ds.Items[j-4].DontKnow}
			for _, c := range ds.Items[j-4].Options {
				it.Options = append(it.Options, survey.Option{Code: c})
			}
			var v survey.Value
			switch rec[j] {
			case "":
			case "dk":
				v = survey.DontKnowValue()
			default:
				n, err := strconv.Atoi(rec[j])
				if err != nil {
					t.Fatal(err)
				}
				v = survey.Num(n)
			}
			values[p] = analysis.Code(&it, v)
		}
		if err := d.Add(analysis.Response{Round: round, Workplace: rec[1], School: rec[2], Role: rec[3], Values: values}); err != nil {
			t.Fatal(err)
		}
	}
	return d, ds
}

// expected is one record of testdata/expected.json, written by
// reference.py.
type expected struct {
	Split     string    `json:"split"`
	Workplace string    `json:"workplace"`
	Sub       string    `json:"sub"`
	Measure   string    `json:"measure"`
	Round     int       `json:"round"`
	N         int       `json:"n"`
	DK        int       `json:"dk"`
	Mean      *float64  `json:"mean"`
	SD        *float64  `json:"sd"`
	CILow     *float64  `json:"ci_low"`
	CIHigh    *float64  `json:"ci_high"`
	Agree     *float64  `json:"agree"`
	DontKnow  *float64  `json:"dont_know"`
	Dist      []float64 `json:"dist"`
	Alpha     *float64  `json:"alpha"`
	AlphaN    int       `json:"alpha_n"`
	Baseline  *int      `json:"baseline"`
	Status    string    `json:"change_status"`
	Diff      *float64  `json:"diff"`
	D         *float64  `json:"d"`
	T         *float64  `json:"t"`
	DF        *float64  `json:"df"`
	P         *float64  `json:"p"`
}

const (
	tol  = 1e-9  // means, SDs, CIs, shares, alpha, d, t, df
	pTol = 1e-10 // p-values, relative
)

func near(t *testing.T, what string, got float64, want *float64, tol float64) {
	t.Helper()
	if want == nil {
		t.Errorf("%s: got %v, reference has no value", what, got)
		return
	}
	if math.Abs(got-*want) > tol*math.Max(1, math.Abs(*want)) {
		t.Errorf("%s: got %.15g, want %.15g", what, got, *want)
	}
}

func TestAgainstSciPy(t *testing.T) {
	if *update {
		writeReference(t)
		t.Log("wrote testdata; now run: /usr/bin/python3 testdata/reference.py")
	}
	d, ds := loadReference(t)
	b, err := os.ReadFile(filepath.Join("testdata", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []expected
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	splits := map[string]analysis.Split{"workplace": analysis.ByWorkplace, "role": analysis.ByRole, "school": analysis.BySchool}
	reports := map[string]*analysis.Report{}
	for name, sp := range splits {
		rep, err := analysis.Trends(d, analysis.WithSplit(sp), analysis.WithMinGroupSize(ds.K))
		if err != nil {
			t.Fatal(err)
		}
		reports[name] = rep
	}
	var shown, suppressed, compared, alphas, newItems int
	for _, e := range want {
		rep := reports[e.Split]
		g := -1
		for i, gr := range rep.Groups {
			if gr.Workplace == e.Workplace && gr.Sub == e.Sub {
				g = i
			}
		}
		if g < 0 {
			t.Fatalf("%s split: no group %q/%q", e.Split, e.Workplace, e.Sub)
		}
		m, ok := rep.Measure(e.Measure)
		if !ok {
			t.Fatalf("no measure %s", e.Measure)
		}
		c := m.Cells[g][e.Round]
		what := fmt.Sprintf("%s %s %s round %d", e.Split, rep.Groups[g].Label(), e.Measure, e.Round)
		if e.N < ds.K {
			if e.N+e.DK > 0 && c.Status != analysis.Suppressed {
				t.Errorf("%s: n=%d < k=%d but the cell is %v", what, e.N, ds.K, c.Status)
			}
			if e.N+e.DK == 0 && c.Status != analysis.Empty {
				t.Errorf("%s: nobody answered but the cell is %v", what, c.Status)
			}
			continue
		}
		if c.Status == analysis.Suppressed {
			suppressed++ // secondary suppression; checked in suppress_test.go
			continue
		}
		if c.Status != analysis.Shown {
			t.Errorf("%s: cell is %v, want shown", what, c.Status)
			continue
		}
		shown++
		if c.N != e.N {
			t.Errorf("%s: n=%d, want %d", what, c.N, e.N)
		}
		if e.Mean != nil {
			near(t, what+" mean", c.Mean, e.Mean, tol)
			near(t, what+" sd", c.SD, e.SD, tol)
			near(t, what+" ci low", c.CILow, e.CILow, tol)
			near(t, what+" ci high", c.CIHigh, e.CIHigh, tol)
		}
		if e.Agree != nil {
			near(t, what+" agree", c.Agree, e.Agree, tol)
		}
		if e.DontKnow != nil {
			near(t, what+" don't know", c.DontKnow, e.DontKnow, tol)
		}
		if len(c.Dist) != len(e.Dist) {
			t.Errorf("%s: %d distribution entries, want %d", what, len(c.Dist), len(e.Dist))
		} else {
			for j := range e.Dist {
				near(t, fmt.Sprintf("%s dist[%d]", what, j), c.Dist[j], &e.Dist[j], tol)
			}
		}
		if c.AlphaN != e.AlphaN {
			t.Errorf("%s: alpha over %d complete cases, want %d", what, c.AlphaN, e.AlphaN)
		} else if e.AlphaN > 0 {
			near(t, what+" alpha", c.Alpha, e.Alpha, tol)
			alphas++
		}
		switch e.Status {
		case "baseline":
			if c.Change.Status != analysis.IsBaseline {
				t.Errorf("%s: change %v, want baseline", what, c.Change.Status)
			}
		case "no earlier round":
			newItems++
			if c.Change.Status != analysis.NoEarlierRound {
				t.Errorf("%s: change %v, want no earlier round", what, c.Change.Status)
			}
		case "compared":
			if c.Change.Baseline != *e.Baseline {
				t.Errorf("%s: baseline round %d, want %d", what, c.Change.Baseline, *e.Baseline)
			}
			if c.Change.Status == analysis.BaselineSuppressed {
				continue
			}
			if c.Change.Status != analysis.Compared {
				t.Errorf("%s: change %v, want compared", what, c.Change.Status)
				continue
			}
			compared++
			near(t, what+" diff", c.Change.Diff, e.Diff, tol)
			near(t, what+" d", c.Change.D, e.D, tol)
			near(t, what+" t", c.Change.T, e.T, tol)
			near(t, what+" df", c.Change.DF, e.DF, tol)
			near(t, what+" p", c.Change.P, e.P, pTol)
		}
	}
	t.Logf("%d cells compared with SciPy (%d alphas, %d changes, %d new items), %d secondarily suppressed", shown, alphas, compared, newItems, suppressed)
	if shown < 200 || compared < 100 || alphas < 50 || newItems == 0 {
		t.Errorf("too few values compared: %d cells, %d changes, %d alphas, %d new items", shown, compared, alphas, newItems)
	}
}
