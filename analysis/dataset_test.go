package analysis_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"peil/analysis"
	"peil/survey"
)

func TestCode(t *testing.T) {
	likert := &survey.Item{ID: "l", Type: survey.Likert, DontKnow: true}
	tests := []struct {
		name string
		it   *survey.Item
		v    survey.Value
		want int8
	}{
		{"agreement point", likert, survey.Num(4), 4},
		{"don't know", likert, survey.DontKnowValue(), analysis.DontKnow},
		{"empty", likert, survey.Value{}, analysis.Missing},
		{"grade", &survey.Item{ID: "g", Type: survey.Grade}, survey.Num(10), 10},
		{"integer zero is an answer", &survey.Item{ID: "i", Type: survey.Integer, Min: 0, Max: 40}, survey.Num(0), 0},
		{"integer", &survey.Item{ID: "i", Type: survey.Integer, Min: 0, Max: 40}, survey.Num(12), 12},
		{"integer too large", &survey.Item{ID: "i", Type: survey.Integer, Min: 0, Max: 400}, survey.Num(300), analysis.Missing},
		{"single choice", &survey.Item{ID: "s", Type: survey.SingleChoice, Options: []survey.Option{{Code: 2}}}, survey.Num(2), 2},
		{"role item", &survey.Item{ID: "r", Type: survey.SingleChoice, SetsRole: true}, survey.Num(2), analysis.Missing},
		{"open text", &survey.Item{ID: "t", Type: survey.OpenText}, survey.TextValue("x"), analysis.Missing},
		{"multiple choice", &survey.Item{ID: "m", Type: survey.MultipleChoice}, survey.ChoicesValue(1, 2), analysis.Missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analysis.Code(tt.it, tt.v); got != tt.want {
				t.Errorf("Code = %d, want %d", got, tt.want)
			}
		})
	}
}

// leadership is the scale of survey's Score example: l3 reverse-worded.
func leadershipInstrument() *survey.Instrument {
	var items []survey.Item
	for _, id := range []string{"l1", "l2", "l3", "l4"} {
		items = append(items, survey.Item{ID: id, Type: survey.Likert, DontKnow: true})
	}
	return &survey.Instrument{ID: "lead", Version: 1,
		Sections: []survey.Section{{ID: "s", Items: items}},
		Scales:   []survey.Scale{{ID: "leiderschap", Items: []string{"l1", "l2", "l3", "l4"}, Reversed: []string{"l3"}}},
	}
}

func TestDatasetErrors(t *testing.T) {
	in := leadershipInstrument()
	d := analysis.NewDataset(0)
	if _, err := d.AddRound("r1", in); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		r    analysis.Response
		want string
	}{
		{"unknown round", analysis.Response{Round: 3, Workplace: "WOA"}, "round 3 does not exist"},
		{"too many values", analysis.Response{Workplace: "WOA", Values: make([]int8, 9)}, "9 values for 4 items"},
		{"no workplace", analysis.Response{School: "x"}, "no workplace"},
		{"not an answer", analysis.Response{Workplace: "WOA", Values: []int8{4, 6}}, "item l2: 6 is not an answer to a likert item"},
	}
	for _, tt := range tests {
		if err := d.Add(tt.r); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if err := d.Add(analysis.Response{Workplace: "WOA", School: "S1"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Add(analysis.Response{Workplace: "WOU", School: "S1"}); err == nil || !strings.Contains(err.Error(), `school "S1" is in workplace "WOA"`) {
		t.Errorf("school in two workplaces: err = %v", err)
	}
	if _, err := d.AddRound("r2", in); err == nil {
		t.Error("a round added after responses was accepted")
	}
	bad := leadershipInstrument()
	bad.Sections[0].Items[1].Type = survey.Grade
	if _, err := analysis.NewDataset(0).AddRound("r1", bad); err == nil || !strings.Contains(err.Error(), "item l2 is not an agreement") {
		t.Errorf("scale over a grade item: err = %v", err)
	}
}

// TestScaleScores checks reverse coding, "don't know" and the
// min-answered threshold end to end: the scale cell's mean is the mean of
// survey.Scale.Score over the respondents who have a score.
func TestScaleScores(t *testing.T) {
	in := leadershipInstrument()
	dk, no := analysis.DontKnow, analysis.Missing
	rows := [][]int8{
		{4, dk, 2, no},  // 4 and 6-2=4: 4.0
		{5, 5, 1, 5},    // 5, 5, 5, 5: 5.0
		{1, 2, 5, 2},    // 1, 2, 1, 2: 1.5
		{3, dk, dk, 3},  // 3.0
		{dk, dk, dk, 4}, // one item of four: no score
		{2, 4, 4, 4},    // 2, 4, 2, 4: 3.0
		{no, no, 3, 3},  // 3, 3: 3.0
	}
	d := analysis.NewDataset(len(rows))
	if _, err := d.AddRound("r1", in); err != nil {
		t.Fatal(err)
	}
	for _, v := range rows {
		if err := d.Add(analysis.Response{Workplace: "WOA", School: "S", Role: "leerkracht", Values: v}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := rep.Measure("leiderschap")
	c := m.Cells[0][0]
	scores := []float64{4, 5, 1.5, 3, 3, 3}
	mean := (4 + 5 + 1.5 + 3 + 3 + 3) / 6.0
	ss := 0.0
	for _, s := range scores {
		ss += (s - mean) * (s - mean)
	}
	if c.Status != analysis.Shown || c.N != 6 || math.Abs(c.Mean-mean) > 1e-12 || math.Abs(c.SD-math.Sqrt(ss/5)) > 1e-12 {
		t.Errorf("scale cell %v (n=%d mean=%v sd=%v), want n=6 mean=%v sd=%v", c, c.N, c.Mean, c.SD, mean, math.Sqrt(ss/5))
	}
	if want := 2.0 / 6; math.Abs(c.Agree-want) > 1e-12 {
		t.Errorf("agree = %v, want %v (scores 4 and 5 of 6)", c.Agree, want)
	}
	// Alpha over the complete cases only: rows 2, 3 and 6 (fewer than
	// k = 5), so no alpha.
	if c.AlphaN != 0 {
		t.Errorf("alpha over %d complete cases, want none (3 < k)", c.AlphaN)
	}
	// Item l2: answers 5, 2, 4 and three "don't know" of six answers.
	l2, _ := rep.Measure("l2")
	if c := l2.Cells[0][0]; c.Status != analysis.Suppressed {
		t.Errorf("l2 has 3 scores, below k, but is %v", c.Status)
	}
	l1, _ := rep.Measure("l1")
	c = l1.Cells[0][0]
	// l1: 4, 5, 1, 3, dk, 2, missing: n=5, dk share 1/6.
	if c.N != 5 || math.Abs(c.DontKnow-1.0/6) > 1e-12 || math.Abs(c.Mean-3) > 1e-12 {
		t.Errorf("l1 cell: n=%d dk=%v mean=%v", c.N, c.DontKnow, c.Mean)
	}
	wantDist := []float64{1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}
	for j, w := range wantDist {
		if math.Abs(c.Dist[j]-w) > 1e-12 {
			t.Errorf("l1 dist[%d] = %v, want %v", j, c.Dist[j], w)
		}
	}
}

func TestBaselineTargetsAndNewItems(t *testing.T) {
	cfg := analysis.SyntheticConfig{Seed: 5, Workplaces: 2, SchoolsPerWorkplace: 3, Rounds: 3, StaffPerSchool: 20, Scales: 2, ItemsPerScale: 4}
	d, err := analysis.Synthetic(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := analysis.Trends(d, analysis.WithBaseline(1), analysis.WithTargets(map[string]float64{"cijfer": 7.5}))
	if err != nil {
		t.Fatal(err)
	}
	g, _ := rep.Measure("cijfer")
	if !g.HasTarget || g.Target != 7.5 || g.AgreeFrom != 6 {
		t.Errorf("grade measure: target %v/%v, agree from %v", g.Target, g.HasTarget, g.AgreeFrom)
	}
	if s, _ := rep.Measure("schaal1"); s.HasTarget {
		t.Error("a scale without a target has one")
	}
	for gi := range rep.Groups {
		for r, want := range []analysis.ChangeStatus{analysis.Compared, analysis.IsBaseline, analysis.Compared} {
			c := g.Cells[gi][r]
			if c.Change.Status != want || c.Change.Baseline != 1 {
				t.Errorf("%s round %d: change %v against %d, want %v against 1", rep.Groups[gi].Label(), r, c.Change.Status, c.Change.Baseline, want)
			}
		}
		if d := g.Cells[gi][2].Change.Diff; math.Abs(d-(g.Cells[gi][2].Mean-g.Cells[gi][1].Mean)) > 1e-12 {
			t.Errorf("diff %v is not the difference of the means", d)
		}
	}
	// "nieuw" is asked in the last round only.
	rep, err = analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := rep.Measure("nieuw")
	if n.Asked[0] || n.Asked[1] || !n.Asked[2] {
		t.Errorf("nieuw asked in %v", n.Asked)
	}
	for gi := range rep.Groups {
		if c := n.Cells[gi][0]; c.Status != analysis.NotAsked || c.String() != "not asked" {
			t.Errorf("nieuw round 1 is %v", c)
		}
		if c := n.Cells[gi][2]; c.Change.Status != analysis.NoEarlierRound {
			t.Errorf("%s: nieuw change %v, want no earlier round", rep.Groups[gi].Label(), c.Change.Status)
		}
	}
	if _, err := analysis.Trends(d, analysis.WithBaseline(3)); err == nil {
		t.Error("a baseline round that does not exist was accepted")
	}
}

func TestCellJSON(t *testing.T) {
	d := handStudy(t, group("WOA", "WOA-1", "leerkracht", 3, 1), group("WOU", "WOU-1", "leerkracht", 3, 2))
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := rep.Measure("q")
	b, err := json.Marshal(m.Cells[1][0])
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"n":"\u003c 5","status":"suppressed"}` {
		t.Errorf("suppressed cell marshals as %s", b)
	}
	if got := m.Cells[0][0].NText(); got != "6" {
		t.Errorf("merged total n = %q, want 6", got)
	}
	b, err = json.Marshal(m.Cells[0][0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"n":6`) || !strings.Contains(string(b), `"dist":[`) {
		t.Errorf("shown cell marshals as %s", b)
	}
}

func TestRespondentCounts(t *testing.T) {
	d := handStudy(t, group("WOA", "WOA-1", "leerkracht", 7, 1), group("WOU", "WOU-1", "leerkracht", 9, 2))
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := rep.Measure("n")
	for g, want := range []int{16, 7, 9} {
		c := m.Cells[g][0]
		if c.Status != analysis.Shown || c.N != want || c.Change.Status != analysis.NoChange || c.String() != fmt.Sprintf("n=%d", want) {
			t.Errorf("%s: %v (change %v), want n=%d and no change", rep.Groups[g].Label(), c, c.Change.Status, want)
		}
	}
}

func TestSplitByRoleWithoutRole(t *testing.T) {
	d := handStudy(t, group("WOA", "WOA-1", "", 6, 1), group("WOA", "WOA-1", "ib", 6, 2))
	rep, err := analysis.Trends(d, analysis.WithSplit(analysis.ByRole))
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, g := range rep.Groups {
		labels = append(labels, g.Label())
	}
	if got := strings.Join(labels, ", "); got != "all, WOA, WOA / (no role), WOA / ib" {
		t.Errorf("groups: %s", got)
	}
}

// TestSameSiblingInEveryColumn: the sibling hidden with a small group is
// chosen by respondents, not by answers to one item, so a workplace whose
// members skipped an item is not hidden in that item's column while the
// other sibling is hidden in the others.
func TestSameSiblingInEveryColumn(t *testing.T) {
	skipped := group("WOU", "WOU-1", "leerkracht", 12, 2)
	for i := range 6 {
		skipped[i].q = 0 // not answered
	}
	d := handStudy(t, group("POINT", "POINT-1", "leerkracht", 3, 1), group("WOA", "WOA-1", "leerkracht", 10, 3), skipped)
	rep, err := analysis.Trends(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"n", "q"} {
		m, _ := rep.Measure(id)
		for label, want := range map[string]analysis.Status{"POINT": analysis.Suppressed, "WOA": analysis.Suppressed, "WOU": analysis.Shown} {
			if c := m.Cells[groupIndex(t, rep, label)][0]; c.Status != want {
				t.Errorf("%s: %s is %v, want %v", id, label, c.Status, want)
			}
		}
	}
}
