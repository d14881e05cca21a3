package analysis_test

import (
	"fmt"
	"reflect"
	"strings"

	"peil/analysis"
	"peil/survey"
)

func ExampleTrends() {
	// One agreement item, asked in two rounds at two workplaces.
	in := &survey.Instrument{ID: "mini", Version: 1, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "feedback", Type: survey.Likert, DontKnow: true, Text: survey.Text{survey.Dutch: "Ik krijg feedback van collega's."}},
	}}}}
	d := analysis.NewDataset(0)
	for _, name := range []string{"nulmeting", "2026"} {
		if _, err := d.AddRound(name, in); err != nil {
			fmt.Println(err)
			return
		}
	}
	add := func(round int, wp string, answers ...int8) {
		for _, a := range answers {
			d.Add(analysis.Response{Round: round, Workplace: wp, School: wp + "-1", Role: "leerkracht", Values: []int8{a}})
		}
	}
	add(0, "WOA", 2, 3, 3, 4, 2, 3, analysis.DontKnow)
	add(1, "WOA", 3, 4, 4, 5, 3, 4, 4)
	add(0, "WOU", 3, 4, 2, 3, 4, 3)
	add(1, "WOU", 4, 4) // two respondents: fewer than k = 5

	rep, err := analysis.Trends(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := rep.Measure("feedback")
	for g, group := range rep.Groups {
		line := fmt.Sprintf("%-4s", group.Label())
		for r := range rep.Rounds {
			c := m.Cells[g][r]
			line += fmt.Sprintf(" | %-20s", c)
			if c.Change.Status == analysis.Compared {
				line += fmt.Sprintf(" d=%.2f p=%.3f", c.Change.D, c.Change.P)
			}
		}
		fmt.Println(strings.TrimRight(line, " "))
	}
	// In 2026 WOU has two respondents, so it shows "< 5"; WOA is hidden
	// as well, since the merged total minus WOA would give WOU away.
	// Output:
	// all  | n=12 M=3.00 SD=0.74  | n=9 M=3.89 SD=0.60   d=1.30 p=0.007
	// WOA  | n=6 M=2.83 SD=0.75   | < 5
	// WOU  | n=6 M=3.17 SD=0.75   | < 5
}

func ExampleCell_String() {
	in := &survey.Instrument{ID: "mini", Version: 1, Sections: []survey.Section{{ID: "s", Items: []survey.Item{
		{ID: "cijfer", Type: survey.Grade},
	}}}}
	d := analysis.NewDataset(0)
	d.AddRound("2026", in)
	for i, grade := range []int8{7, 8, 6, 9, 7, 8, 7, 8, 6, 9, 8, 7} {
		school := "WOA-1"
		if i >= 8 {
			school = "WOA-2" // four respondents: fewer than k
		}
		d.Add(analysis.Response{Workplace: "WOA", School: school, Values: []int8{grade}})
	}
	rep, _ := analysis.Trends(d, analysis.WithSplit(analysis.BySchool), analysis.WithMinGroupSize(5))
	m, _ := rep.Measure("cijfer")
	for g, group := range rep.Groups {
		c := m.Cells[g][0]
		fmt.Printf("%-13s n=%-4s %v\n", group.Label(), c.NText(), c)
	}
	// WOA-1 alone would give WOA-2 away (WOA minus WOA-1), so it is
	// hidden too. A hidden cell holds nothing but its status and k.
	fmt.Println(reflect.DeepEqual(m.Cells[3][0], analysis.Cell{Status: analysis.Suppressed, K: 5}))
	// Output:
	// all           n=12   n=12 M=7.50 SD=1.00
	// WOA           n=12   n=12 M=7.50 SD=1.00
	// WOA / WOA-1   n=< 5  < 5
	// WOA / WOA-2   n=< 5  < 5
	// true
}
