package survey_test

import (
	"fmt"
	"testing"

	"peil/survey"
)

// benchInstrument has gates gate items, each followed by per Likert items
// shown only after "ja"; when chain is set, every gate is itself shown only
// after "ja" to the gate before it.
func benchInstrument(gates, per int, chain bool) *survey.Instrument {
	var items []survey.Item
	for g := range gates {
		cond := ""
		if chain && g > 0 {
			cond = fmt.Sprintf("g%d = 'ja'", g-1)
		}
		items = append(items, yesNo(fmt.Sprintf("g%d", g), "", cond, false, false))
		for i := range per {
			items = append(items, survey.Item{ID: fmt.Sprintf("g%d_%d", g, i), Type: survey.Likert,
				ShowIf: survey.MustParseCondition(fmt.Sprintf("g%d = 'ja'", g))})
		}
	}
	return &survey.Instrument{ID: "bench", Sections: []survey.Section{{Items: items}}}
}

func benchmarkSet(b *testing.B, gates, per int, chain bool) {
	inst := benchInstrument(gates, per, chain)
	var answers []survey.Answer
	for g := range gates {
		answers = append(answers, survey.Answer{ItemID: fmt.Sprintf("g%d", g), Value: ja})
	}
	s := survey.NewSession(inst, "", answers)
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.Set("g0_0", survey.Num(1+i%5)); err != nil {
			b.Fatal(err)
		}
	}
}

// One answer on a culture-survey sized instrument (60 items).
func BenchmarkSessionSet60(b *testing.B)      { benchmarkSet(b, 10, 5, false) }
func BenchmarkSessionSet60Chain(b *testing.B) { benchmarkSet(b, 10, 5, true) }

// A large instrument, to see how the cost grows.
func BenchmarkSessionSet240Chain(b *testing.B) { benchmarkSet(b, 40, 5, true) }
