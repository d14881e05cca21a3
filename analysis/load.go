package analysis

import (
	"context"
	"fmt"
	"math"

	"peil/survey"
)

// RoundSource is one round to load: the stored round and the instrument
// version it used.
type RoundSource struct {
	Round      survey.Round
	Instrument *survey.Instrument
}

// Source describes what Load reads: the rounds of one instrument in
// chronological order, and the study's workplaces and schools, which give
// each response its workplace and school code.
type Source struct {
	Rounds     []RoundSource
	Workplaces []survey.Workplace
	Schools    []survey.School
	// Capacity is the number of responses expected, if known (it saves
	// growing the columns).
	Capacity int
}

// SourceReader is what ReadSource reads from: instrument versions and a
// study's workplaces and schools (a survey.Store is one).
type SourceReader interface {
	Instrument(ctx context.Context, id string, version int) (*survey.Instrument, error)
	Workplaces(ctx context.Context, studyID string) ([]survey.Workplace, error)
	Schools(ctx context.Context, studyID string) ([]survey.School, error)
}

// ReadSource reads the Source of rounds, rounds of one instrument of
// study studyID in chronological order: each round's instrument version,
// and the study's workplaces and schools.
func ReadSource(ctx context.Context, st SourceReader, studyID string, rounds []survey.Round) (Source, error) {
	var src Source
	for _, r := range rounds {
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		if err != nil {
			return Source{}, fmt.Errorf("round %q: %w", r.Name, err)
		}
		src.Rounds = append(src.Rounds, RoundSource{Round: r, Instrument: in})
	}
	var err error
	if src.Workplaces, err = st.Workplaces(ctx, studyID); err != nil {
		return Source{}, err
	}
	if src.Schools, err = st.Schools(ctx, studyID); err != nil {
		return Source{}, err
	}
	return src, nil
}

// Dataset returns an empty dataset with src's rounds, as Load makes it
// before reading responses: what Dataset.ReadColumns needs to read a
// cached copy of Load's result.
func (src Source) Dataset() (*Dataset, error) {
	d, _, err := src.dataset()
	return d, err
}

// dataset makes the empty dataset and maps round ids to round indexes.
func (src Source) dataset() (*Dataset, map[string]int, error) {
	if len(src.Rounds) == 0 {
		return nil, nil, fmt.Errorf("loading responses: no rounds given")
	}
	d := NewDataset(src.Capacity)
	roundIndex := make(map[string]int, len(src.Rounds))
	instID := src.Rounds[0].Instrument.ID
	for _, rs := range src.Rounds {
		in := rs.Instrument
		if in.ID != instID {
			return nil, nil, fmt.Errorf("loading responses: round %q uses instrument %s, not %s; load one instrument at a time", rs.Round.Name, in.ID, instID)
		}
		if rs.Round.InstrumentID != in.ID || rs.Round.InstrumentVersion != in.Version {
			return nil, nil, fmt.Errorf("loading responses: round %q uses %s@%d, but %s was given", rs.Round.Name,
				rs.Round.InstrumentID, rs.Round.InstrumentVersion, in.Key())
		}
		i, err := d.AddRound(rs.Round.Name, in)
		if err != nil {
			return nil, nil, fmt.Errorf("loading responses: %w", err)
		}
		roundIndex[rs.Round.ID] = i
	}
	return d, roundIndex, nil
}

// Load reads the complete responses of src's rounds through sc and builds
// a Dataset of them, one round per RoundSource in the given order. f
// narrows the responses further (e.g. to some workplaces); Load sets its
// rounds (when empty) and CompleteOnly itself, and leaves out the
// responses to other instruments. Every
// round must use the same instrument id (versions may differ: items are
// matched by id, see Dataset.AddRound).
func Load(ctx context.Context, sc survey.ResponseScanner, f survey.ResponseFilter, src Source) (*Dataset, error) {
	d, roundIndex, err := src.dataset()
	if err != nil {
		return nil, err
	}
	instID := src.Rounds[0].Instrument.ID
	var roundIDs []string
	for _, rs := range src.Rounds {
		roundIDs = append(roundIDs, rs.Round.ID)
	}
	wpCode := make(map[string]string, len(src.Workplaces))
	for _, w := range src.Workplaces {
		wpCode[w.ID] = w.Code
	}
	type place struct{ workplace, school string }
	places := make(map[string]place, len(src.Schools))
	for _, s := range src.Schools {
		w, ok := wpCode[s.WorkplaceID]
		if !ok {
			return nil, fmt.Errorf("loading responses: school %s belongs to a workplace that was not given", s.Code)
		}
		places[s.ID] = place{w, s.Code}
	}

	if len(f.RoundIDs) == 0 {
		f.RoundIDs = roundIDs
	}
	// The instrument is checked here, response by response, rather than
	// asked of the store: no index of the responses holds their
	// instrument, so the store would read every response's row to sort
	// out the keys (for a national round about 50 ms of the 90 ms its
	// keys take); the rounds' responses answer their instrument anyway.
	f.InstrumentID = ""
	f.CompleteOnly = true
	f.LendAnswers = true // turned into codes at once
	// roundItems[r][p] is the item at position p as round r asks it, nil
	// when the round does not ask it.
	roundItems := make([][]*survey.Item, len(src.Rounds))
	for r, rs := range src.Rounds {
		roundItems[r] = make([]*survey.Item, d.NumItems())
		for _, it := range rs.Instrument.Items() {
			if p, ok := d.ItemIndex(it.ID); ok {
				roundItems[r][p] = it
			}
		}
	}
	values := make([]int8, d.NumItems())
	numbers := make([]float64, d.NumItems())
	numOf := d.numOf
	err = sc.ScanResponses(ctx, f, func(rec survey.ResponseRecord) error {
		r := rec.Response
		if r.InstrumentID != instID {
			return nil // another instrument's response in the round
		}
		ri, ok := roundIndex[r.RoundID]
		if !ok {
			return fmt.Errorf("response %s: its round %s was not given", r.ID, r.RoundID)
		}
		in := src.Rounds[ri].Instrument
		if r.InstrumentVersion != in.Version {
			return fmt.Errorf("response %s answers %s@%d, but round %q uses %s", r.ID, r.InstrumentID, r.InstrumentVersion,
				src.Rounds[ri].Round.Name, in.Key())
		}
		pl, ok := places[r.SchoolID]
		if !ok {
			return fmt.Errorf("response %s: its school %s was not given", r.ID, r.SchoolID)
		}
		for i := range values {
			values[i] = Missing
		}
		for _, p := range d.numPos {
			numbers[p] = math.NaN()
		}
		for _, a := range rec.Answers {
			p, ok := d.ItemIndex(a.ItemID)
			if !ok {
				continue // not an item the analysis reports on
			}
			it := roundItems[ri][p]
			if it == nil {
				continue // answered in another version; not asked here
			}
			if numOf[p] < 0 {
				values[p] = Code(it, a.Value)
			} else if x, ok := Number(it, a.Value); ok {
				numbers[p] = x
			} else {
				values[p] = Code(it, a.Value) // "don't know", or nothing
			}
		}
		if err := d.Add(Response{Round: ri, Workplace: pl.workplace, School: pl.school, Role: r.Role, Values: values, Numbers: numbers}); err != nil {
			return fmt.Errorf("response %s: %w", r.ID, err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading responses of %s: %w", instID, err)
	}
	return d, nil
}

// TargetMap returns the targets of one instrument as WithTargets takes
// them: by scale or item id.
func TargetMap(targets []survey.Target, instrumentID string) map[string]float64 {
	out := make(map[string]float64)
	for _, t := range targets {
		if t.InstrumentID == instrumentID {
			out[t.MeasureID] = t.Value
		}
	}
	return out
}
