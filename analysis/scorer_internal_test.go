package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"peil/survey"
)

// The compiled scorer gives exactly survey.Scale.Score, the one definition
// of a scale score, on random rows: every code (missing, don't know, out
// of range, 1-5), reversed items, and minimum shares from 0 (the default)
// to all items.
func TestScorerAgreesWithScaleScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	index := map[string]int{}
	ids := []string{"a", "b", "c", "d", "e", "f", "g"}
	for i, id := range ids {
		index[id] = len(ids) - 1 - i // positions are not the scale's order
	}
	codes := []int8{Missing, DontKnow, 0, 1, 2, 3, 4, 5, 6, 10}
	checked, scored := 0, 0
	for range 2000 {
		n := 1 + rng.IntN(len(ids))
		sc := survey.Scale{ID: "s", Items: ids[:n], MinAnswered: []float64{0, 0.3, 0.5, 0.7, 1}[rng.IntN(5)]}
		for _, id := range sc.Items {
			if rng.IntN(3) == 0 {
				sc.Reversed = append(sc.Reversed, id)
			}
		}
		s := newScorer(sc, index)
		row := make([]int8, len(ids))
		answers := map[string]survey.Value{}
		for _, id := range ids {
			v := codes[rng.IntN(len(codes))]
			row[index[id]] = v
			switch v {
			case Missing:
			case DontKnow:
				answers[id] = survey.DontKnowValue()
			default:
				answers[id] = survey.Num(int(v))
			}
		}
		want, _, ok := sc.Score(answers)
		got := s.score(row)
		checked++
		switch {
		case !ok && !math.IsNaN(got):
			t.Fatalf("scale %+v, row %v: scorer gives %v, Scale.Score gives no score", sc, row, got)
		case ok && got != want:
			t.Fatalf("scale %+v, row %v: scorer gives %v, Scale.Score %v", sc, row, got, want)
		case ok:
			scored++
		}
	}
	if scored < checked/4 || scored == checked {
		t.Errorf("%d of %d rows scored: the test does not exercise both outcomes", scored, checked)
	}
	var none scorer
	none.none = true
	if !math.IsNaN(none.score(nil)) {
		t.Error("a scale not in the round scores")
	}
}
