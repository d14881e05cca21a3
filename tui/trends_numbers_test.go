package tui

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"peil/analysis"
	"peil/survey"
)

// numbersDataset is the demo culture survey with two number items added:
// how many pupils (0-500, mostly above 127) and hours a week (a decimal
// in quarter hours).
func numbersDataset(t *testing.T) *analysis.Dataset {
	t.Helper()
	v1, v2 := demoInstruments()
	for _, in := range []*survey.Instrument{v1, v2} {
		in.Sections[0].Items = append(in.Sections[0].Items,
			survey.Item{ID: "leerlingen", Type: survey.Integer, Min: 0, Max: 500, Text: survey.Text{survey.Dutch: "Aantal leerlingen", survey.English: "Number of pupils"}},
			survey.Item{ID: "uren", Type: survey.Decimal, Text: survey.Text{survey.Dutch: "Uren per week", survey.English: "Hours a week"}})
	}
	d := analysis.NewDataset(0)
	addDemoRounds(t, d, v1, v2)
	li, _ := d.ItemIndex("leerlingen")
	ui, _ := d.ItemIndex("uren")
	rng := rand.New(rand.NewPCG(5, 5))
	for _, wp := range []string{"POINT", "WOA", "WOU"} {
		for r := range 3 {
			for range 20 {
				vals := make([]int8, d.NumItems())
				nums := make([]float64, d.NumItems())
				for i := range vals {
					vals[i], nums[i] = int8(1+rng.IntN(5)), math.NaN()
				}
				if r < 2 {
					h4, _ := d.ItemIndex("h4")
					vals[h4] = analysis.Missing
				}
				vals[li], vals[ui] = analysis.Missing, analysis.Missing
				nums[li] = float64(150 + 40*r + rng.IntN(260))
				nums[ui] = float64(rng.IntN(40)) / 4
				if err := d.Add(analysis.Response{Round: r, Workplace: wp, School: wp + "-01", Role: survey.RoleTeacher, Values: vals, Numbers: nums}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return d
}

// TestTrendsNumberItems: after the scales the list offers the number
// items; the table shows their means of hundreds in the column made for
// 3,41 (fewer decimals rather than a cut number), the chart has an axis
// of their own values, and Enter (the items of a scale) does nothing on
// them.
func TestTrendsNumberItems(t *testing.T) {
	d := newTrendsDriver(t, survey.Dutch, numbersDataset(t), 100, 30)
	d.press("down", "down")
	v := plain(d.m.View())
	if !strings.Contains(v, "› Aantal leerlingen") {
		t.Fatalf("the number item is not chosen:\n%s", v)
	}
	ms, _ := d.m.report().Measure("leerlingen")
	for g, grp := range d.m.report().Groups {
		if grp.Workplace == "" {
			continue
		}
		row := line(v, grp.Workplace)
		c := ms.Cells[g][0]
		want := d.m.txt.num(c.Mean, 1) // 312,45 does not fit: 312,5
		if c.Mean < 128 || row == "" || !strings.Contains(row, " "+want+" ") {
			t.Errorf("%s: mean %v, want %q in row %q", grp.Workplace, c.Mean, want, row)
		}
	}
	// The axis: labels of hundreds, not 1 to 5.
	if !strings.Contains(v, "300┤") || strings.Contains(v, "  5┤") {
		t.Errorf("no axis of the number item's values:\n%s", v)
	}
	d.press("enter")
	if got := plain(d.m.View()); got != v {
		t.Errorf("Enter on a number item changed the screen:\n%s", got)
	}
	d.press("down")
	v = plain(d.m.View())
	ms, _ = d.m.report().Measure("uren")
	if ms.Decimals != 3 || !strings.Contains(v, "› Uren per week") {
		t.Fatalf("the decimal item: %d decimals\n%s", ms.Decimals, v)
	}
	if c := ms.Cells[1][0]; !strings.Contains(line(v, d.m.report().Groups[1].Workplace), " "+d.m.txt.num(c.Mean, 3)+" ") {
		t.Errorf("the decimal item's mean %v is not shown with 3 decimals:\n%s", c.Mean, v)
	}
}

// TestTrendsNumberItemGolden: the screen of a number item.
func TestTrendsNumberItemGolden(t *testing.T) {
	d := newTrendsDriver(t, survey.Dutch, numbersDataset(t), 80, 24)
	d.press("down", "down")
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	if _, err := w.WriteString(d.m.View()); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, b.String())
}
