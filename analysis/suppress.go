package analysis

import "slices"

// suppress applies secondary suppression to one column (one measure in one
// round) of a report whose cells already carry primary suppression (fewer
// than k scores). weights[g] is the number of answers of group g (0 means
// the group is empty and its zero is public).
//
// The groups form a tree (all workplaces, each workplace, each of its split
// rows), and every parent is the sum of its children: one linear equation
// per parent. A cell a reader cannot see is an unknown of that system. The
// rule: every equation must have no unknown or at least two. An equation
// with a single unknown gets a second one: the shown, non-empty child with
// the fewest respondents in the round (sizes; the one whose loss costs
// least), or, when there is none, the parent. Choosing by respondents, not
// by this column's answers, hides the same sibling in every column of a
// round, so a hidden sibling's scale cannot be rebuilt from its shown item
// cells (with complete answers a scale mean is the mean of item means).
//
// In a tree in which each equation has zero or at least two unknowns, no
// unknown is determined: from any unknown, walk to another unknown of each
// of its (at most two) equations, and on, never revisiting an equation
// (it is a tree); every walk ends in a cell that is in one equation only.
// Setting +1, -1, +1, ... along the path changes no sum, so the unknown
// can take another value. See docs/analysis.md.
//
// The workplace level is settled first and never changed by the split
// level, which only suppresses split rows: a workplace's cell is then the
// same whether a report is split by role, by school or not at all, so two
// reports with different splits cannot be combined to undo each other's
// suppression.
func suppress(groups []Group, weights, sizes []int64, cell func(g int) *Cell, k int, sc *suppressScratch) {
	hidden := func(g int) bool { return cell(g).Status == Suppressed }
	children := sc.children(groups, weights)
	// settle makes the equation of parent p have zero or ≥2 unknowns;
	// it reports whether it suppressed a cell. mayHideParent is false on
	// the split level.
	settle := func(p int, mayHideParent bool) bool {
		unknowns := 0
		if hidden(p) {
			unknowns++
		}
		best := -1
		for _, c := range children(p) {
			if hidden(c) {
				unknowns++
			} else if best < 0 || sizes[c] < sizes[best] {
				best = c
			}
		}
		if unknowns != 1 {
			return false
		}
		switch {
		case best >= 0:
			*cell(best) = suppressedCell(k)
		case mayHideParent:
			*cell(p) = suppressedCell(k)
		default:
			// A split row with a single unknown and no shown sibling:
			// the parent is hidden, so at least two unknowns exist;
			// this case cannot occur.
			return false
		}
		return true
	}
	// Workplace level: the merged total and its workplaces.
	for settle(0, true) {
	}
	// Split level: each workplace and its rows. A split row's own
	// equation does not exist (it has no children), so one pass suffices.
	for _, w := range children(0) {
		for settle(w, false) {
		}
	}
}

// suppressScratch is suppress's memory, reused from column to column: the
// non-empty children of every group, in group order, as kids[start[p]:
// start[p+1]].
type suppressScratch struct {
	start, next, kids []int
}

// children lists the non-empty children of every group and returns the
// list of group p's.
func (sc *suppressScratch) children(groups []Group, weights []int64) func(p int) []int {
	n := len(groups)
	sc.start = slices.Grow(sc.start[:0], n+1)[:n+1]
	clear(sc.start)
	for g := 1; g < n; g++ {
		if weights[g] > 0 {
			sc.start[groups[g].Parent+1]++
		}
	}
	for p := range n {
		sc.start[p+1] += sc.start[p]
	}
	sc.next = append(sc.next[:0], sc.start[:n]...)
	sc.kids = slices.Grow(sc.kids[:0], sc.start[n])[:sc.start[n]]
	for g := 1; g < n; g++ {
		if weights[g] > 0 {
			p := groups[g].Parent
			sc.kids[sc.next[p]] = g
			sc.next[p]++
		}
	}
	return func(p int) []int { return sc.kids[sc.start[p]:sc.start[p+1]] }
}
