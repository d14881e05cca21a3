package survey

import "math"

// Score computes the scale score of one respondent from their answers,
// keyed by item id: the mean of the scale's answered items, with
// reverse-coded items counted as 6-x on the 1-5 agreement scale.
//
// Only numeric answers from 1 to LikertPoints count. A "don't know" answer
// (Value.DontKnow), a missing item, or a value outside 1-5 is missing: it
// is left out of the mean, and answered counts only the items that were
// used.
//
// ok is false, and score zero, when fewer than ceil(MinAnswered ×
// len(Items)) items are answered (MinAnswered zero means
// DefaultMinAnswered), or when no item at all is answered, which includes a
// scale without items.
func (s Scale) Score(answers map[string]Value) (score float64, answered int, ok bool) {
	sum := 0
	for _, id := range s.Items {
		v, has := answers[id]
		if !has || v.DontKnow || v.Number < 1 || v.Number > LikertPoints {
			continue
		}
		x := v.Number
		if s.IsReversed(id) {
			x = LikertPoints + 1 - x
		}
		sum += x
		answered++
	}
	if answered == 0 || answered < s.MinItems() {
		return 0, answered, false
	}
	return float64(sum) / float64(answered), answered, true
}

// MinItems returns the number of answered items a scale score needs:
// ceil(MinAnswered × len(Items)), with MinAnswered zero meaning
// DefaultMinAnswered. A share such as 0.7 of 10 items needs 7, not 8: the
// product is rounded to a tolerance before the ceiling is taken.
func (s Scale) MinItems() int {
	share := s.MinAnswered
	if share <= 0 {
		share = DefaultMinAnswered
	}
	// 0.7*10 is 7.000000000000001 in floating point; don't let that
	// demand an eighth item.
	return int(math.Ceil(share*float64(len(s.Items)) - 1e-9))
}
