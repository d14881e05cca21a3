package survey_test

import (
	"math"
	"testing"

	"peil/survey"
)

func TestScaleScore(t *testing.T) {
	four := survey.Scale{ID: "s", Items: []string{"a", "b", "c", "d"}, Reversed: []string{"d"}}
	tests := []struct {
		name     string
		scale    survey.Scale
		answers  map[string]survey.Value
		score    float64
		answered int
		ok       bool
	}{
		{
			name:  "all answered, reversed item counts as 6-x",
			scale: four,
			answers: map[string]survey.Value{
				"a": survey.Num(5), "b": survey.Num(4), "c": survey.Num(3), "d": survey.Num(1),
			},
			score: (5 + 4 + 3 + 5) / 4.0, answered: 4, ok: true,
		},
		{
			name:    "reversed 5 counts as 1, 3 stays 3",
			scale:   survey.Scale{Items: []string{"x", "y"}, Reversed: []string{"x", "y"}},
			answers: map[string]survey.Value{"x": survey.Num(5), "y": survey.Num(3)},
			score:   2, answered: 2, ok: true,
		},
		{
			name:  "don't know is missing, not a score",
			scale: four,
			answers: map[string]survey.Value{
				"a": survey.Num(2), "b": survey.DontKnowValue(), "c": survey.Num(4), "d": survey.DontKnowValue(),
			},
			score: 3, answered: 2, ok: true,
		},
		{
			name:    "exactly half answered meets the default threshold",
			scale:   four,
			answers: map[string]survey.Value{"a": survey.Num(1), "d": survey.Num(2)},
			score:   (1 + 4) / 2.0, answered: 2, ok: true,
		},
		{
			name:    "just below half is no score",
			scale:   four,
			answers: map[string]survey.Value{"a": survey.Num(1), "b": survey.DontKnowValue()},
			score:   0, answered: 1, ok: false,
		},
		{
			name:    "odd number of items rounds the threshold up: 2 of 5 is too few",
			scale:   survey.Scale{Items: []string{"a", "b", "c", "d", "e"}},
			answers: map[string]survey.Value{"a": survey.Num(4), "b": survey.Num(4)},
			score:   0, answered: 2, ok: false,
		},
		{
			name:    "odd number of items: 3 of 5 is enough",
			scale:   survey.Scale{Items: []string{"a", "b", "c", "d", "e"}},
			answers: map[string]survey.Value{"a": survey.Num(4), "b": survey.Num(4), "e": survey.Num(1)},
			score:   3, answered: 3, ok: true,
		},
		{
			name:    "MinAnswered 0.7 of 10 items needs exactly 7 (floating point 7.000000000000001)",
			scale:   survey.Scale{Items: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, MinAnswered: 0.7},
			answers: numbers(map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 1, "7": 5}),
			score:   3, answered: 7, ok: true,
		},
		{
			name:    "MinAnswered 0.7 of 10 items: 6 is too few",
			scale:   survey.Scale{Items: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, MinAnswered: 0.7},
			answers: numbers(map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 1}),
			score:   0, answered: 6, ok: false,
		},
		{
			name:    "MinAnswered 1 needs every item",
			scale:   survey.Scale{Items: []string{"a", "b", "c"}, MinAnswered: 1},
			answers: numbers(map[string]int{"a": 1, "b": 2}),
			score:   0, answered: 2, ok: false,
		},
		{
			name:    "a tiny MinAnswered still needs one answer",
			scale:   survey.Scale{Items: []string{"a", "b", "c"}, MinAnswered: 0.01},
			answers: map[string]survey.Value{"a": survey.DontKnowValue()},
			score:   0, answered: 0, ok: false,
		},
		{
			name:    "empty scale has no score",
			scale:   survey.Scale{ID: "leeg"},
			answers: numbers(map[string]int{"a": 3}),
			score:   0, answered: 0, ok: false,
		},
		{
			name:    "nil answers",
			scale:   four,
			answers: nil,
			score:   0, answered: 0, ok: false,
		},
		{
			name:    "values outside 1-5 and answers to other items are ignored",
			scale:   four,
			answers: numbers(map[string]int{"a": 0, "b": 6, "c": 2, "d": 4, "other": 5}),
			score:   2, answered: 2, ok: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, answered, ok := tt.scale.Score(tt.answers)
			if math.Abs(score-tt.score) > 1e-12 || answered != tt.answered || ok != tt.ok {
				t.Errorf("Score = %v, %d, %v; want %v, %d, %v", score, answered, ok, tt.score, tt.answered, tt.ok)
			}
		})
	}
}

func TestScaleMinItems(t *testing.T) {
	tests := []struct {
		items int
		share float64
		want  int
	}{
		{0, 0, 0},
		{1, 0, 1},
		{4, 0, 2},
		{5, 0, 3},
		{6, 0.5, 3},
		{10, 0.7, 7},
		{10, 0.3, 3},
		{3, 1, 3},
		{3, 0.34, 2},
		{100, 0.29, 29},
	}
	for _, tt := range tests {
		s := survey.Scale{Items: make([]string, tt.items), MinAnswered: tt.share}
		if got := s.MinItems(); got != tt.want {
			t.Errorf("%d items, MinAnswered %v: MinItems = %d, want %d", tt.items, tt.share, got, tt.want)
		}
	}
}

func numbers(m map[string]int) map[string]survey.Value {
	out := make(map[string]survey.Value, len(m))
	for k, n := range m {
		out[k] = survey.Num(n)
	}
	return out
}
