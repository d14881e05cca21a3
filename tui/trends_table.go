package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"peil/analysis"
)

// tableRounds chooses the rounds that fit in width w beside the group
// column: the first round (the baseline, n and mean only) and as many of
// the last rounds as fit.
func tableRounds(nR, w int) []int {
	first := 1 + trendsNW + 1 + trendsMeanW + 1 + trendsAlphaW
	rest := first + 1 + trendsDiffW + 1 + trendsDW // each later round
	fit := 1 + max((w-first)/rest, 0)
	out := []int{0}
	for r := max(1, nR-fit+1); r < nR; r++ {
		out = append(out, r)
	}
	return out
}

// table is the n, mean, change and d of each group in view, per round.
func (m *trends) table(ms *analysis.Measure, groups []int) []string {
	t, w := m.txt, m.width
	rep := m.report()
	labW := 10
	rounds := tableRounds(len(rep.Rounds), w-labW)
	head1 := cellLeft("", labW)
	head2 := cellLeft(t.ColGroup, labW)
	// The baseline's columns (n and mean) are the narrowest: their width
	// bounds every round's label, so that the labels shorten alike.
	names := roundLabels(rep.Rounds, trendsNW+1+trendsMeanW+1+trendsAlphaW)
	for _, r := range rounds {
		cols := " " + cellRight(t.ColN, trendsNW) + " " + cellRight(t.ColMean, trendsMeanW) + " " + cellRight(t.ColAlpha, trendsAlphaW)
		if r > 0 {
			cols += " " + cellRight(t.ColDiff, trendsDiffW) + " " + cellRight(t.ColD, trendsDW)
		}
		head1 += " " + cellLeft(names[r], len([]rune(cols))-1)
		head2 += cols
	}
	out := []string{m.st.TableHead.Render(cellLeft(head1, w)), m.st.TableHead.Render(cellLeft(head2, w))}
	for i, g := range groups {
		mark := "  "
		if i < len(chartMarkers) {
			mark = string(chartMarkers[i]) + " "
		}
		line := m.st.Cell.Render(cellLeft(mark+m.groupLabel(g), labW))
		for _, r := range rounds {
			c := ms.Cells[g][r]
			n, mean, alpha, diff, d := "–", "", "", "", ""
			alphaStyle := &m.st.Cell
			switch c.Status {
			case analysis.Shown:
				n, mean = c.NText(), t.fitNum(c.Mean, ms.Decimals, trendsMeanW)
				if c.AlphaN > 0 {
					alpha = t.num(c.Alpha, 2)
					if c.Alpha < 0 && alpha != t.num(0, 2) {
						alpha = "−" + t.num(-c.Alpha, 2)
					}
				}
				if c.IsLowAlpha() {
					alpha += "!"
					alphaStyle = &m.st.Warning
				}
				switch c.Change.Status {
				case analysis.Compared:
					diff, d = t.fitSigned(c.Change.Diff, ms.Decimals, trendsDiffW), t.signed(c.Change.D, 2)
				case analysis.NoEarlierRound:
					diff = t.New
				case analysis.BaselineSuppressed:
					diff = "–"
				}
			case analysis.Suppressed, analysis.Empty:
				n = c.NText()
			}
			line += m.st.Cell.Render(" "+cellRight(n, trendsNW)+" "+cellRight(mean, trendsMeanW)+" ") + alphaStyle.Render(cellRight(alpha, trendsAlphaW))
			if r > 0 {
				line += m.st.Cell.Render(" " + cellRight(diff, trendsDiffW) + " " + cellRight(d, trendsDW))
			}
		}
		out = append(out, line+m.st.Cell.Render(strings.Repeat(" ", max(w-ansi.StringWidth(line), 0))))
	}
	return out
}
