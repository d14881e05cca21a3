package analysis

import (
	"encoding/json"
	"fmt"
)

// Status says what a Cell shows.
type Status uint8

// Cell states.
const (
	// NotAsked: the round's instrument did not ask the item or scale.
	NotAsked Status = iota
	// Empty: nobody in the group answered; n is 0.
	Empty
	// Suppressed: fewer than k people answered, or showing the cell
	// would let a reader recover a suppressed cell by subtraction. The
	// cell holds no statistics.
	Suppressed
	// Shown: the cell holds its statistics.
	Shown
)

var statusNames = [...]string{"not asked", "empty", "suppressed", "shown"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", s)
}

// Cell is the statistics of one measure (scale or item) for one group in
// one round. Only a Shown cell has numbers: a Suppressed cell is made
// afresh with nothing but its Status and K, so no field can leak what it
// hid, and it prints as "< K".
type Cell struct {
	Status Status
	// K is the smallest group size that is shown.
	K int
	// N is the number of scores: respondents with a scale score, or
	// answers other than "don't know" to an item (for a single choice
	// item, all answers).
	N int
	// Mean and SD (with n-1) of the scores; zero for single choice items.
	Mean, SD float64
	// CILow and CIHigh bound the 95% confidence interval of the mean,
	// mean ± t(0.975, n-1)·SD/√n.
	CILow, CIHigh float64
	// Agree is the share of the N scores at or above the measure's
	// AgreeFrom (4 on agreement items and scales, 6 on grades); zero when
	// the measure has no AgreeFrom.
	Agree float64
	// DontKnow is the share of "don't know" among all answers to an item
	// (N plus the "don't know" answers).
	DontKnow float64
	// Dist holds, per Measure.Options, the share of all answers (N plus
	// "don't know") that chose the option; the last entry is "don't know"
	// when the item offers it. Nil for scales and integer items.
	Dist []float64
	// Alpha is Cronbach's alpha of a scale over the AlphaN respondents
	// who answered every item of the scale (reverse-coded); AlphaN is 0
	// when there is no alpha (items, or fewer than K complete cases).
	Alpha  float64
	AlphaN int
	// Change compares the cell with the group's baseline round.
	Change Change

	hasMean bool // Mean and SD mean something (not counts, not single choice)
}

// suppressedCell returns the only form a suppressed cell takes.
func suppressedCell(k int) Cell { return Cell{Status: Suppressed, K: k} }

// NText returns n as a reader should see it: the number, or "< K" for a
// suppressed cell, or "" when not asked.
func (c Cell) NText() string {
	switch c.Status {
	case Suppressed:
		return fmt.Sprintf("< %d", c.K)
	case NotAsked:
		return ""
	}
	return fmt.Sprint(c.N)
}

// String returns a short summary: "n=12 M=3.41 SD=0.62", "< 5", "n=0" or
// "not asked".
func (c Cell) String() string {
	switch c.Status {
	case Suppressed:
		return c.NText()
	case NotAsked:
		return "not asked"
	case Empty:
		return "n=0"
	}
	if !c.hasMean {
		return fmt.Sprintf("n=%d", c.N)
	}
	return fmt.Sprintf("n=%d M=%.2f SD=%.2f", c.N, c.Mean, c.SD)
}

// MarshalJSON writes a suppressed cell as {"status":"suppressed","n":"< 5"}
// and a shown cell with its statistics.
func (c Cell) MarshalJSON() ([]byte, error) {
	switch c.Status {
	case Shown:
		type shown struct {
			Status   string    `json:"status"`
			N        int       `json:"n"`
			Mean     float64   `json:"mean"`
			SD       float64   `json:"sd"`
			CILow    float64   `json:"ci_low"`
			CIHigh   float64   `json:"ci_high"`
			Agree    float64   `json:"agree"`
			DontKnow float64   `json:"dont_know"`
			Dist     []float64 `json:"dist,omitempty"`
			Alpha    *float64  `json:"alpha,omitempty"`
			AlphaN   int       `json:"alpha_n,omitempty"`
			Change   *Change   `json:"change,omitempty"`
		}
		s := shown{Status: c.Status.String(), N: c.N, Mean: c.Mean, SD: c.SD, CILow: c.CILow, CIHigh: c.CIHigh,
			Agree: c.Agree, DontKnow: c.DontKnow, Dist: c.Dist, AlphaN: c.AlphaN}
		if c.AlphaN > 0 {
			s.Alpha = &c.Alpha
		}
		if c.Change.Status != NoChange {
			s.Change = &c.Change
		}
		return json.Marshal(s)
	case Suppressed:
		return json.Marshal(map[string]string{"status": c.Status.String(), "n": c.NText()})
	}
	return json.Marshal(map[string]any{"status": c.Status.String(), "n": 0})
}

// ChangeStatus says what a Change holds.
type ChangeStatus uint8

// Change states.
const (
	// NoChange: nothing to compare (the cell is not shown).
	NoChange ChangeStatus = iota
	// IsBaseline: the cell is the baseline round itself.
	IsBaseline
	// NoEarlierRound: the item or scale was not asked in the baseline
	// round (it is new), so there is nothing to compare with.
	NoEarlierRound
	// BaselineSuppressed: the baseline cell is suppressed or empty.
	BaselineSuppressed
	// Compared: Diff, D, T, DF and P hold the comparison.
	Compared
)

var changeNames = [...]string{"none", "baseline", "no earlier round", "baseline suppressed", "compared"}

func (s ChangeStatus) String() string {
	if int(s) < len(changeNames) {
		return changeNames[s]
	}
	return fmt.Sprintf("ChangeStatus(%d)", s)
}

// MarshalText writes the status's name.
func (s ChangeStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Change compares a cell with the same group's cell in the baseline round.
type Change struct {
	Status ChangeStatus `json:"status"`
	// Baseline is the index of the round compared with.
	Baseline int `json:"baseline"`
	// Diff is mean minus baseline mean.
	Diff float64 `json:"diff"`
	// D is Cohen's d: Diff over the pooled SD.
	D float64 `json:"d"`
	// T, DF and P are Welch's t test (two-sided p); NaN-free: when both
	// SDs are zero, T, DF and P are zero and Status is still Compared.
	T  float64 `json:"t"`
	DF float64 `json:"df"`
	P  float64 `json:"p"`
}
