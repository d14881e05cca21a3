package tui

import (
	"fmt"
	"slices"
	"strings"

	"peil/analysis"
	"peil/survey"
)

// itemsView is the drill-down: per item of the scale, a stacked bar of
// its answers per round for one group.
func (m *trends) itemsView(h int) []string {
	t, w := m.txt, m.width
	rep := m.report()
	ms := m.scaleMeasures()[m.scale]
	rows := m.rows()
	if len(rows) == 0 {
		return []string{"", m.st.Muted.Render(cellLeft(t.RoleMerged, w))}
	}
	g := rows[min(m.group, len(rows)-1)]
	head := append([]string{
		m.st.Header.Render(cellLeft(fmt.Sprintf(t.ItemsTitle, ms.Label.Get(t.lang), m.groupLabel(g)), w)),
	}, m.legend()...)
	var scale *survey.Scale
	for i, sc := range m.instruments[m.instr].Scales {
		if sc.ID == ms.ID {
			scale = &m.instruments[m.instr].Scales[i]
		}
	}
	roundW := 0
	for _, r := range rep.Rounds {
		roundW = max(roundW, len([]rune(r)))
	}
	roundW = min(roundW, 14)
	roundNames := roundLabels(rep.Rounds, roundW)
	tailW := 22 // " wn 12% · eens 100%"
	barW := max(w-2-roundW-1-tailW, 10)
	var body []string
	for i := range rep.Measures {
		it := &rep.Measures[i]
		if it.Kind != analysis.ItemMeasure {
			continue
		}
		if scale != nil && !slices.Contains(scale.Items, it.ID) {
			continue
		}
		label := it.ID + " " + it.Label.Get(t.lang)
		if scale != nil && scale.IsReversed(it.ID) {
			label += " " + t.Reversed
		}
		if !it.Asked[0] {
			label += " · " + t.NoEarlier
		}
		if slices.Contains(it.Reworded, true) {
			label += " · " + t.Reworded
		}
		body = append(body, m.st.Header.Render(cellLeft(label, w)))
		for r, c := range it.Cells[g] {
			prefix := "  " + cellLeft(roundNames[r], roundW) + " "
			switch c.Status {
			case analysis.Shown:
				tail := fmt.Sprintf(" %s %s", t.DontKnowShort, t.percent(c.DontKnow))
				if it.AgreeFrom > 0 {
					tail += fmt.Sprintf(" · %s %s", t.Agree, t.percent(c.Agree))
				}
				body = append(body, prefix+m.bar(it, c, barW)+m.st.Muted.Render(cellLeft(tail, tailW)))
			case analysis.NotAsked:
				body = append(body, m.st.Muted.Render(cellLeft(prefix+t.NotAsked, w)))
			default:
				body = append(body, m.st.Muted.Render(cellLeft(prefix+c.NText(), w)))
			}
		}
	}
	room := max(h-len(head), 1)
	m.offset = min(m.offset, max(len(body)-room, 0))
	end := min(len(body), m.offset+room)
	if end < len(body) {
		end--
		body = append(body[:end:end], m.st.Muted.Render(cellLeft(fmt.Sprintf(t.ScrollMore, len(body)-end), w)))
		return append(head, body[m.offset:]...)
	}
	return append(head, body[m.offset:end]...)
}

// legend explains the bar segments: fill character, code and label.
func (m *trends) legend() []string {
	t := m.txt
	parts := make([]string, 0, 6)
	for i := range survey.LikertPoints {
		parts = append(parts, m.st.Agreement[i].Render(fmt.Sprintf("%c%c %d", barFills[i], barFills[i], i+1)))
	}
	parts = append(parts, m.st.Agreement[5].Render(fmt.Sprintf("%c%c %s", barFills[5], barFills[5], survey.DontKnowLabel.Get(t.lang))))
	ends := fmt.Sprintf("1 = %s · 5 = %s", strings.ToLower(survey.LikertLabels[0].Get(t.lang)), strings.ToLower(survey.LikertLabels[4].Get(t.lang)))
	return []string{cellLeft(strings.Join(parts, "  "), m.width), m.st.Muted.Render(cellLeft(ends, m.width))}
}

// bar draws an item's answer distribution in w cells: one segment per
// agreement point and one for "don't know", sized by largest remainder so
// the segments fill the bar exactly.
func (m *trends) bar(it *analysis.Measure, c analysis.Cell, w int) string {
	if len(c.Dist) == 0 || it.Type != survey.Likert {
		return cellLeft("", w)
	}
	cells := make([]int, len(c.Dist))
	rem := make([]float64, len(c.Dist))
	used := 0
	for i, s := range c.Dist {
		x := s * float64(w)
		cells[i] = int(x)
		rem[i] = x - float64(cells[i])
		used += cells[i]
	}
	for ; used < w; used++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		cells[best]++
		rem[best] = -1
	}
	var b strings.Builder
	for i, n := range cells {
		if n == 0 {
			continue
		}
		slot := i
		if it.Options[i].Code == analysis.DontKnow {
			slot = 5
		} else if code := int(it.Options[i].Code); code >= 1 && code <= survey.LikertPoints {
			slot = code - 1
		}
		b.WriteString(m.st.Agreement[slot].Render(strings.Repeat(string(barFills[slot]), n)))
	}
	return b.String()
}
