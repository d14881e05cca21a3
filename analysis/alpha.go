package analysis

import "peil/survey"

// LowAlpha is the reliability below which a scale's Cronbach's alpha is
// reported as low ("lage betrouwbaarheid"): .70, the usual lower bound
// for a scale that compares groups (Nunnally, 1978). See docs/analysis.md.
const LowAlpha = 0.70

// IsLowAlpha reports whether a cell has an alpha and it is below LowAlpha.
func (c Cell) IsLowAlpha() bool { return c.AlphaN > 0 && c.Alpha < LowAlpha }

// AlphaSums adds up the complete cases of one scale for Cronbach's alpha,
// as Trends does: a case counts only when every item has an answer from 1
// to survey.LikertPoints ("don't know" and missing leave it out), and a
// reverse-worded item counts as LikertPoints+1-x. Exports use it to print
// the alpha of a scale without a trend report; its result equals the
// Alpha of Trends for the same responses.
type AlphaSums struct {
	k int
	// b is [n, Σtot, Σtot², Σx_1..Σx_k, Σx_1²..Σx_k²], exact integers.
	b []int64
}

// NewAlphaSums returns the sums of a scale of k items.
func NewAlphaSums(k int) *AlphaSums {
	return &AlphaSums{k: k, b: make([]int64, 3+2*max(k, 0))}
}

// Add adds one respondent's answers to the scale's items, in the scale's
// order, already reverse-coded; it reports whether the case was complete
// (and so counted).
func (a *AlphaSums) Add(values []int) bool {
	if len(values) != a.k {
		return false
	}
	return addAlphaCase(a.b, a.k, values)
}

// addAlphaCase adds one case to the alpha sums b of a scale, laid out for
// at most kmax items: b = [n, Σtot, Σtot², Σx_1..Σx_kmax,
// Σx_1²..Σx_kmax²]. values are the case's answers to the scale's items,
// reverse-coded; the case counts only when every one is from 1 to
// survey.LikertPoints. It reports whether it counted. Trends (per group
// and round) and AlphaSums (an export's codebook) both add cases with it,
// so their alphas are the same.
func addAlphaCase[T int | int8](b []int64, kmax int, values []T) bool {
	for _, v := range values {
		if v < 1 || v > survey.LikertPoints {
			return false
		}
	}
	tot := int64(0)
	for j, v := range values {
		x := int64(v)
		tot += x
		b[3+j] += x
		b[3+kmax+j] += x * x
	}
	b[0]++
	b[1] += tot
	b[2] += tot * tot
	return true
}

// Alpha returns Cronbach's alpha over the complete cases and their number;
// n is 0 when there is no alpha (fewer than two items, fewer than minN
// complete cases, or no variance in the total).
func (a *AlphaSums) Alpha(minN int) (alpha float64, n int) {
	return cronbach(a.b, a.k, a.k, max(minN, 2))
}
