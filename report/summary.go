package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"peil/analysis"
)

// summaryChanges is how many scales a finding names per group.
const summaryChanges = 3

// summary writes the report's opening from shown cells only: the
// instrument it covers, per group (all workplaces, then each workplace)
// the scales whose mean changed most since the group's first round in
// its last shown round, the groups and rounds hidden because they are
// small, and the scales of low reliability.
func (v *viewer) summary(m Meta, instrument string) summary {
	t, f := v.t, v.f
	var s summary
	if instrument != "" {
		s.Scope = fmt.Sprintf(t.Scope, instrument)
		if m.Instrument != nil && m.Instrument.ID != "" && instrument != m.Instrument.ID {
			s.Scope = fmt.Sprintf(t.Scope, instrument+" ("+m.Instrument.ID+")")
		}
	}
	if len(m.OtherInstruments) > 0 {
		for _, id := range m.OtherInstruments {
			s.Commands = append(s.Commands, "peil report --instrument "+id)
		}
		s.Others = fmt.Sprintf(t.OthersNote, v.and(m.OtherInstruments))
	} else {
		s.Others = t.OneInstrument
	}
	var scales []*analysis.Measure
	for i := range v.rep.Measures {
		if v.rep.Measures[i].Kind == analysis.ScaleMeasure {
			scales = append(scales, &v.rep.Measures[i])
		}
	}
	n, _ := v.rep.Measure("n")
	compared := false
	// hidden groups, by the rounds they are hidden in ("" for every
	// round), in the order first met.
	var hiddenRounds []string
	hiddenGroups := map[string][]string{}
	hide := func(rounds, group string) {
		if _, ok := hiddenGroups[rounds]; !ok {
			hiddenRounds = append(hiddenRounds, rounds)
		}
		hiddenGroups[rounds] = append(hiddenGroups[rounds], group)
	}
	for _, g := range v.top() {
		grp := v.rep.Groups[g]
		// The group's last round with shown respondents.
		last := -1
		if n != nil {
			var gone []string
			for r, c := range n.Cells[g] {
				switch c.Status {
				case analysis.Shown:
					last = r
				case analysis.Suppressed:
					gone = append(gone, v.rep.Rounds[r])
				}
			}
			switch {
			case len(gone) == len(v.rep.Rounds):
				hide("", v.label(grp))
			case len(gone) > 0:
				hide(v.and(gone), v.label(grp))
			}
		}
		if last < 0 {
			continue
		}
		type move struct {
			name       string
			diff, d    float64
			hasD       bool
			base, last int
		}
		var moves []move
		for _, ms := range scales {
			c := ms.Cells[g][last]
			if c.Status != analysis.Shown || c.Change.Status != analysis.Compared {
				continue
			}
			moves = append(moves, move{name: ms.Label.Get(v.lang), diff: c.Change.Diff, d: c.Change.D,
				hasD: c.Change.D != 0, base: c.Change.Baseline, last: last})
			if moves[len(moves)-1].name == "" {
				moves[len(moves)-1].name = ms.ID
			}
		}
		if len(moves) == 0 {
			continue
		}
		compared = true
		// Largest first: by |d| (comparable across scales), then by
		// the size of the difference, then by name.
		slices.SortStableFunc(moves, func(a, b move) int {
			if c := cmp.Compare(math.Abs(b.d), math.Abs(a.d)); c != 0 {
				return c
			}
			if c := cmp.Compare(math.Abs(b.diff), math.Abs(a.diff)); c != 0 {
				return c
			}
			return strings.Compare(a.name, b.name)
		})
		var parts []string
		for _, mv := range moves[:min(len(moves), summaryChanges)] {
			p := mv.name + " " + f.signed(mv.diff, 2)
			if mv.hasD {
				p += " (d = " + f.signed(mv.d, 2) + ")"
			}
			parts = append(parts, p)
		}
		base := moves[0].base
		fd := finding{Group: v.name(grp)}
		fd.N = fmt.Sprintf(t.SummaryN, cellN(n.Cells[g][base], *t), v.rep.Rounds[base], cellN(n.Cells[g][last], *t), v.rep.Rounds[last])
		fd.Changes = fmt.Sprintf(t.SummaryChanges, v.rep.Rounds[base], strings.Join(parts, "; "))
		s.Findings = append(s.Findings, fd)
	}
	if !compared {
		s.NoCompared = t.NoCompared
	}
	var hidden []string
	for _, rounds := range hiddenRounds {
		if rounds == "" {
			hidden = append(hidden, fmt.Sprintf(t.HiddenAll, v.and(hiddenGroups[rounds])))
		} else {
			hidden = append(hidden, fmt.Sprintf(t.HiddenIn, v.and(hiddenGroups[rounds]), rounds))
		}
	}
	if len(hidden) > 0 {
		s.Hidden = fmt.Sprintf(t.HiddenNote, v.rep.K, strings.Join(hidden, "; "))
	}
	var low []string
	for _, ms := range scales {
		var rounds []string
		for r, c := range ms.Cells[0] {
			if c.Status == analysis.Shown && c.IsLowAlpha() {
				rounds = append(rounds, f.num(c.Alpha, 2)+" ("+v.rep.Rounds[r]+")")
			}
		}
		if len(rounds) > 0 {
			low = append(low, ms.Label.Get(v.lang)+" "+strings.Join(rounds, ", "))
		}
	}
	if len(low) > 0 {
		s.LowAlpha = fmt.Sprintf(t.LowAlphaSummary, f.num(analysis.LowAlpha, 2), strings.Join(low, "; "))
	}
	return s
}

// and joins names as "a, b en c" (Dutch) or "a, b and c".
func (v *viewer) and(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + v.t.And + " " + names[len(names)-1]
}

// caption joins a heading and a text into one caption without doubled
// punctuation: "Vraag?: tekst" and "Stelling.: tekst" become "Vraag? – tekst"
// and "Stelling: tekst".
func caption(head, text string) string {
	head = strings.TrimSpace(head)
	head = strings.TrimRight(head, ".:;,")
	switch {
	case head == "":
		return text
	case strings.HasSuffix(head, "?") || strings.HasSuffix(head, "!"):
		return head + " – " + text
	}
	return head + ": " + text
}

// sentence ends s with a full stop unless it ends a sentence already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}
