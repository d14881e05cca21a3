package analysis_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"peil/analysis"
	"peil/storage"
	"peil/survey"
)

// numberInstrument asks a whole number that may go far above 127, a
// decimal number, a grade, a date and a time of day.
func numberInstrument() *survey.Instrument {
	lo, hi := -5000.0, 5000.0
	return &survey.Instrument{ID: "getallen", Version: 1, Title: survey.Text{survey.Dutch: "Getallen"}, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "leerlingen", Type: survey.Integer, Min: 0, Max: 500, DontKnow: true, Text: survey.Text{survey.Dutch: "Hoeveel leerlingen?"}},
		{ID: "uren", Type: survey.Decimal, DecimalMin: &lo, DecimalMax: &hi, DontKnow: true, Text: survey.Text{survey.Dutch: "Hoeveel uur?"}},
		{ID: "cijfer", Type: survey.Grade, Text: survey.Text{survey.Dutch: "Cijfer"}},
		{ID: "datum", Type: survey.Date, Text: survey.Text{survey.Dutch: "Datum"}},
		{ID: "tijd", Type: survey.Time, Text: survey.Text{survey.Dutch: "Tijd"}},
	}}}}
}

// numberDataset adds one response per value to a one-round dataset of
// numberInstrument, the way Load does (analysis.Code and analysis.Number):
// value i goes to item id, workplace WOA or POINT by turns, and the last
// two to KLEIN, too few to show. Everyone also answers the grade, the
// date and the time.
func numberDataset(t *testing.T, id string, values []survey.Value) *analysis.Dataset {
	t.Helper()
	in := numberInstrument()
	d := analysis.NewDataset(len(values))
	_, err := d.AddRound("2026", in)
	check(t, err)
	for i, v := range values {
		wp := []string{"WOA", "POINT"}[i%2]
		if i >= len(values)-2 {
			wp = "KLEIN"
		}
		codes := make([]int8, d.NumItems())
		nums := make([]float64, d.NumItems())
		for p := range codes {
			codes[p], nums[p] = analysis.Missing, math.NaN()
		}
		answers := map[string]survey.Value{id: v, "cijfer": survey.Num(1 + i%10),
			"datum": survey.TextValue("2026-03-01"), "tijd": survey.TextValue("09:30")}
		for aid, av := range answers {
			it := in.Item(aid)
			p, ok := d.ItemIndex(aid)
			if !ok {
				continue // not analysed
			}
			codes[p] = analysis.Code(it, av)
			if x, ok := analysis.Number(it, av); ok {
				nums[p] = x
			}
		}
		check(t, d.Add(analysis.Response{Round: 0, Workplace: wp, School: wp + "-01", Role: survey.RoleTeacher, Values: codes, Numbers: nums}))
	}
	return d
}

// TestNumberItems: integer and decimal items are analysed as numbers: N,
// mean, SD and interval equal what the test computes straight from the
// answers (integers far above 127 included, which an int8 code cannot
// hold), "don't know" counts in DontKnow and not in N, there is no
// distribution and no agreement, the decimals shown follow the answers,
// and small groups are suppressed exactly as the grade answered by the
// same people. Dates and times are not in the analysis.
func TestNumberItems(t *testing.T) {
	ints := func(n int, f func(i int) int) []survey.Value {
		var out []survey.Value
		for i := range n {
			out = append(out, survey.Num(f(i)))
		}
		return out
	}
	decs := func(n int, f func(i int) string) []survey.Value {
		var out []survey.Value
		for i := range n {
			out = append(out, survey.TextValue(f(i)))
		}
		return out
	}
	withDK := func(vs []survey.Value, every int) []survey.Value {
		for i := range vs {
			if i%every == 3 {
				vs[i] = survey.DontKnowValue()
			}
		}
		return vs
	}
	for _, tt := range []struct {
		name     string
		id       string
		values   []survey.Value
		decimals int
	}{
		{"integers 0 to 500", "leerlingen", ints(60, func(i int) int { return i * 173 % 501 }), 2},
		{"integers, all above 127", "leerlingen", ints(30, func(i int) int { return 400 + i%7 }), 2},
		{"integers with don't know", "leerlingen", withDK(ints(40, func(i int) int { return 250 + i*3 }), 5), 2},
		{"decimals, two places", "uren", decs(50, func(i int) string { return survey.CanonicalDecimal(float64(i*137%1000) / 100) }), 3},
		{"decimals, one place, negative and large", "uren", decs(45, func(i int) string { return fmt.Sprintf("%.1f", -4000+float64(i*i)*3.7) }), 2},
		{"decimals that are whole", "uren", decs(20, func(i int) string { return fmt.Sprint(i * 11) }), 2},
		{"decimals with don't know", "uren", withDK(decs(40, func(i int) string { return fmt.Sprintf("%.3f", float64(i)/7) }), 4), 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := numberDataset(t, tt.id, tt.values)
			rep, err := analysis.Trends(d)
			check(t, err)
			for _, id := range []string{"datum", "tijd"} {
				if _, ok := rep.Measure(id); ok {
					t.Errorf("the trends report the %s item", id)
				}
			}
			ms, ok := rep.Measure(tt.id)
			if !ok {
				t.Fatalf("no measure for %s", tt.id)
			}
			if ms.Decimals != tt.decimals {
				t.Errorf("Decimals = %d, want %d", ms.Decimals, tt.decimals)
			}
			// Independently: the answers' numbers, two passes.
			var xs []float64
			dk := 0
			for _, v := range tt.values {
				switch {
				case v.DontKnow:
					dk++
				case v.Text != "":
					x, _, err := survey.ParseDecimal(v.Text)
					check(t, err)
					xs = append(xs, x)
				default:
					xs = append(xs, float64(v.Number))
				}
			}
			n := float64(len(xs))
			mean := 0.0
			for _, x := range xs {
				mean += x
			}
			mean /= n
			ss := 0.0
			for _, x := range xs {
				ss += (x - mean) * (x - mean)
			}
			sd := math.Sqrt(ss / (n - 1))
			half := analysis.TQuantile(0.975, n-1) * sd / math.Sqrt(n)
			c := ms.Cells[0][0]
			near := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*max(1, math.Abs(want)) }
			if c.Status != analysis.Shown || c.N != len(xs) || !near(c.Mean, mean) || !near(c.SD, sd) ||
				!near(c.CILow, mean-half) || !near(c.CIHigh, mean+half) {
				t.Errorf("all workplaces: %v [%g, %g], want n=%d M=%g SD=%g [%g, %g]", c, c.CILow, c.CIHigh, len(xs), mean, sd, mean-half, mean+half)
			}
			if want := float64(dk) / float64(len(tt.values)); !near(c.DontKnow, want) {
				t.Errorf("don't know share %g, want %g", c.DontKnow, want)
			}
			if c.Dist != nil || c.Agree != 0 || ms.AgreeFrom != 0 || len(ms.Options) != 0 {
				t.Errorf("a number item with a distribution or agreement: %+v, %+v", c, ms)
			}
			// Suppression: as for the grade, which the same people answered.
			grade, _ := rep.Measure("cijfer")
			suppressed := 0
			for g, grp := range rep.Groups {
				got, want := ms.Cells[g][0], grade.Cells[g][0]
				if dk == 0 && got.Status != want.Status {
					t.Errorf("%s: %v, the grade %v", grp.Label(), got.Status, want.Status)
				}
				if got.Status == analysis.Suppressed {
					suppressed++
					if !reflect.DeepEqual(got, analysis.Cell{Status: analysis.Suppressed, K: rep.K}) {
						t.Errorf("%s: a suppressed cell holds %+v", grp.Label(), got)
					}
				}
			}
			if suppressed < 2 {
				t.Errorf("%d suppressed groups, want KLEIN and one beside it", suppressed)
			}
		})
	}
}

// Numbers that are no answer to their item are refused, and change
// nothing.
func TestNumbersRefused(t *testing.T) {
	in := numberInstrument()
	d := analysis.NewDataset(0)
	_, err := d.AddRound("2026", in)
	check(t, err)
	li, _ := d.ItemIndex("leerlingen")
	ui, _ := d.ItemIndex("uren")
	row := func(p int, code int8, x float64) analysis.Response {
		codes, nums := make([]int8, d.NumItems()), make([]float64, d.NumItems())
		for i := range codes {
			codes[i], nums[i] = analysis.Missing, math.NaN()
		}
		codes[p], nums[p] = code, x
		return analysis.Response{Round: 0, Workplace: "WOA", School: "WOA-01", Values: codes, Numbers: nums}
	}
	for _, tt := range []struct {
		name string
		r    analysis.Response
	}{
		{"integer above its maximum", row(li, analysis.Missing, 501)},
		{"integer with a fraction", row(li, analysis.Missing, 12.5)},
		{"decimal below its minimum", row(ui, analysis.Missing, -5000.25)},
		{"infinite decimal", row(ui, analysis.Missing, math.Inf(1))},
		{"number and don't know", row(ui, analysis.DontKnow, 3)},
	} {
		if err := d.Add(tt.r); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
	if d.Len() != 0 {
		t.Fatalf("%d responses after refused ones", d.Len())
	}
	// A code in Values is an integer's number, as before Numbers.
	check(t, d.Add(row(li, 100, math.NaN())))
	rep, err := analysis.Trends(d, analysis.WithMinGroupSize(3))
	check(t, err)
	if ms, _ := rep.Measure("leerlingen"); ms.Cells[0][0].Status != analysis.Suppressed {
		t.Errorf("the integer given as a code: %v", ms.Cells[0][0])
	}
	d.Each(func(r analysis.Response) {
		if r.Numbers[li] != 100 || !math.IsNaN(r.Numbers[ui]) || r.Values[li] != analysis.Missing {
			t.Errorf("Each gives numbers %v and codes %v", r.Numbers, r.Values)
		}
	})
}

// The numbers go through the cache columns and come back exactly;
// columns of the first format, which had no numbers, are refused, not
// misread.
func TestColumnsCarryNumbers(t *testing.T) {
	var vs []survey.Value
	for i := range 40 {
		vs = append(vs, survey.TextValue(fmt.Sprintf("%.3f", float64(i*7919%100000)/1000-50)))
	}
	d := numberDataset(t, "uren", vs)
	b := d.AppendColumns(nil)
	fresh := func() *analysis.Dataset {
		e := analysis.NewDataset(0)
		_, err := e.AddRound("2026", numberInstrument())
		check(t, err)
		return e
	}
	back := fresh()
	check(t, back.ReadColumns(b))
	for _, sp := range []analysis.Split{analysis.ByWorkplace, analysis.BySchool} {
		if got, want := reportJSON(t, back, sp), reportJSON(t, d, sp); got != want {
			t.Errorf("split %v: the report from the columns differs", sp)
		}
	}
	rep, err := analysis.Trends(back)
	check(t, err)
	if ms, _ := rep.Measure("uren"); ms.Decimals != 4 || ms.Cells[0][0].N != 40 {
		t.Errorf("read back: %d decimals, %v", ms.Decimals, ms.Cells[0][0])
	}
	// The first format: version byte 1, no numbers after the codes.
	old := bytes.Clone(b[:len(b)-8*2*d.Len()])
	if !bytes.HasPrefix(old, []byte("peil-dataset\x02")) {
		t.Fatalf("columns start %q", old[:13])
	}
	old[len("peil-dataset")] = 1
	if err := fresh().ReadColumns(old); err == nil || !strings.Contains(err.Error(), "not a dataset's columns") {
		t.Errorf("old columns: %v", err)
	}
	// A number outside its item's bounds.
	bad := bytes.Clone(b)
	copy(bad[len(bad)-8:], binaryFloat(6000))
	if err := fresh().ReadColumns(bad); err == nil {
		t.Error("a number out of bounds was read")
	}
}

func binaryFloat(x float64) []byte {
	var b [8]byte
	u := math.Float64bits(x)
	for i := range b {
		b[i] = byte(u >> (8 * i))
	}
	return b[:]
}

// recordingCache records the entries a load writes.
type recordingCache struct {
	survey.DatasetCache
	keys, stamps []string
}

func (c *recordingCache) Cache(ctx context.Context, key, stamp string, data []byte) error {
	c.keys, c.stamps = append(c.keys, key), append(c.stamps, stamp)
	return c.DatasetCache.Cache(ctx, key, stamp, data)
}

// A cache entry of the first columns format, with a fresh stamp, is made
// again from the responses rather than served.
func TestLoadCachedRebuildsOldFormat(t *testing.T) {
	ctx := context.Background()
	st, study, src := exampleCulture(t)
	f := survey.ResponseFilter{StudyID: study.ID}
	rc := &recordingCache{DatasetCache: st}
	_, err := analysis.LoadCached(ctx, st, rc, f, src)
	check(t, err)
	if len(rc.keys) != len(src.Rounds) {
		t.Fatalf("%d entries cached for %d rounds", len(rc.keys), len(src.Rounds))
	}
	// Every entry in the first format: version 1, no numbers.
	for i, key := range rc.keys {
		data, ok, err := st.Cached(ctx, key, rc.stamps[i])
		check(t, err)
		if !ok {
			t.Fatalf("entry %s not cached", key)
		}
		part, err := src.Dataset()
		check(t, err)
		check(t, part.ReadColumns(data))
		old := bytes.Clone(data[:len(data)-8*part.Len()*numberItems(t, src.Rounds[0].Instrument)])
		old[len("peil-dataset")] = 1
		check(t, st.Cache(ctx, key, rc.stamps[i], old))
	}
	sc := &countingScanner{ResponseScanner: st}
	got, err := analysis.LoadCached(ctx, sc, st, f, src)
	check(t, err)
	if len(sc.scans) != len(src.Rounds) {
		t.Errorf("with old entries the load read %d rounds, want all %d", len(sc.scans), len(src.Rounds))
	}
	want, err := analysis.Load(ctx, st, f, src)
	check(t, err)
	if !bytes.Equal(got.AppendColumns(nil), want.AppendColumns(nil)) || got.Len() == 0 {
		t.Error("LoadCached with old entries made another dataset than Load")
	}
	for i, key := range rc.keys {
		data, ok, err := st.Cached(ctx, key, rc.stamps[i])
		check(t, err)
		if !ok || !bytes.HasPrefix(data, []byte("peil-dataset\x02")) {
			t.Errorf("entry %s was not written again in the current format", key)
		}
	}
}

// numberItems counts the integer and decimal items of in.
func numberItems(t *testing.T, in *survey.Instrument) int {
	n := 0
	for _, it := range in.Items() {
		if it.Type == survey.Integer || it.Type == survey.Decimal {
			n++
		}
	}
	if n == 0 {
		t.Fatalf("%s has no number item: the test tests nothing", in.Key())
	}
	return n
}

// Load reads integer answers above 127 and decimal answers from a real
// database into numbers, and leaves dates and times out.
func TestLoadNumbersFromSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"))
	check(t, err)
	defer st.Close()
	in := numberInstrument()
	check(t, st.SaveInstrument(ctx, in))
	study, err := st.CreateStudy(ctx, survey.Study{Code: "getallen", Title: "Getallen"})
	check(t, err)
	wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA", Name: "WOA"})
	check(t, err)
	school, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01", Name: "School"})
	check(t, err)
	round, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: in.Version})
	check(t, err)
	T := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var recs []survey.ResponseRecord
	var sumL, sumU float64
	for i := range 12 {
		l := 130 + i*31
		u := survey.CanonicalDecimal(float64(i)*1.25 - 3)
		x, _, _ := survey.ParseDecimal(u)
		sumL, sumU = sumL+float64(l), sumU+x
		recs = append(recs, survey.ResponseRecord{
			Response: survey.Response{RoundID: round.ID, SchoolID: school.ID, RespondentCode: fmt.Sprint("R", i), Role: survey.RoleTeacher,
				Status: survey.Complete, StartedAt: T, FinishedAt: T.Add(time.Minute)},
			Answers: []survey.Answer{
				{ItemID: "leerlingen", Value: survey.Num(l), AnsweredAt: T},
				{ItemID: "uren", Value: survey.TextValue(u), AnsweredAt: T},
				{ItemID: "datum", Value: survey.TextValue("2026-03-01"), AnsweredAt: T},
				{ItemID: "tijd", Value: survey.TextValue("09:30"), AnsweredAt: T},
			},
		})
	}
	_, err = st.ImportResponses(ctx, recs)
	check(t, err)
	src := loadSource(t, st, study.ID, in.ID)
	d, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: study.ID}, src)
	check(t, err)
	rep, err := analysis.Trends(d)
	check(t, err)
	for id, sum := range map[string]float64{"leerlingen": sumL, "uren": sumU} {
		ms, _ := rep.Measure(id)
		if c := ms.Cells[0][0]; c.N != 12 || math.Abs(c.Mean-sum/12) > 1e-9 {
			t.Errorf("%s: %v, want n=12 M=%g", id, c, sum/12)
		}
	}
	b, err := json.Marshal(rep)
	check(t, err)
	if strings.Contains(string(b), "datum") || strings.Contains(string(b), "tijd") {
		t.Error("the report has the date or time item")
	}
}
