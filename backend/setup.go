package backend

import (
	"context"
	"fmt"

	"peil/survey"
)

// CreateStudy makes a new study. k is the smallest group that reports
// show statistics for: at least 3, or respondents would be recognisable.
func (b *Backend) CreateStudy(ctx context.Context, code, title string, k int) (survey.Study, error) {
	if k < 3 {
		return survey.Study{}, survey.Errorf(survey.EINVALID, "--min-group must be at least 3: smaller groups would make respondents recognisable")
	}
	return b.store.CreateStudy(ctx, survey.Study{Code: code, Title: title, MinGroupSize: k})
}

// AddWorkplace adds a workplace to the study with the given code ("" for
// the only study).
func (b *Backend) AddWorkplace(ctx context.Context, study, code, name string) (survey.Study, survey.Workplace, error) {
	s, err := b.FindStudy(ctx, study)
	if err != nil {
		return s, survey.Workplace{}, err
	}
	w, err := b.store.CreateWorkplace(ctx, survey.Workplace{StudyID: s.ID, Code: code, Name: name})
	return s, w, err
}

// AddSchool adds a school to a workplace of the study.
func (b *Backend) AddSchool(ctx context.Context, study, workplace, code, name string) (survey.Workplace, survey.School, error) {
	s, err := b.FindStudy(ctx, study)
	if err != nil {
		return survey.Workplace{}, survey.School{}, err
	}
	wp, err := b.FindWorkplace(ctx, s, workplace)
	if err != nil {
		return wp, survey.School{}, err
	}
	sc, err := b.store.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: code, Name: name})
	return wp, sc, err
}

// OpenRound opens the study's round with the given name; a round that does
// not exist yet is created with the instrument that instrument returns
// (nil when none was named), which is stored first. created says which.
func (b *Backend) OpenRound(ctx context.Context, s survey.Study, name string, instrument func() (*survey.Instrument, string, error)) (r survey.Round, created bool, err error) {
	r, ok, err := b.FindRound(ctx, s, name)
	if err != nil {
		return r, false, err
	}
	if ok {
		return r, false, b.store.SetRoundOpen(ctx, r.ID, true)
	}
	var inst *survey.Instrument
	var source string
	if instrument != nil {
		if inst, source, err = instrument(); err != nil {
			return r, false, err
		}
	}
	if inst == nil {
		return r, false, survey.Errorf(survey.EINVALID, "study %s has no round %q yet; to create it, say which instrument it uses with --instrument (see: peil instrument list)", s.Code, name)
	}
	if err := b.store.SaveInstrument(ctx, inst); err != nil {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return r, false, fmt.Errorf("%w (in %s, raise version: to %d)", err, source, inst.Version+1)
		}
		return r, false, err
	}
	r, err = b.store.CreateRound(ctx, survey.Round{StudyID: s.ID, Name: name, InstrumentID: inst.ID, InstrumentVersion: inst.Version, Open: true})
	return r, true, err
}

// CloseRound closes the study's round with the given name: it takes no
// more answers.
func (b *Backend) CloseRound(ctx context.Context, s survey.Study, name string) (survey.Round, error) {
	r, err := b.Round(ctx, s, name)
	if err != nil {
		return r, err
	}
	return r, b.store.SetRoundOpen(ctx, r.ID, false)
}

// RoundCount is a round with its number of responses.
type RoundCount struct {
	Round                survey.Round
	Complete, InProgress int
}

// RoundCounts returns the study's rounds, oldest first, with their
// responses counted.
func (b *Backend) RoundCounts(ctx context.Context, s survey.Study) ([]RoundCount, error) {
	rounds, err := b.store.Rounds(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	out := make([]RoundCount, len(rounds))
	for i, r := range rounds {
		out[i].Round = r
		counts, err := b.store.ResponseCounts(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range counts {
			out[i].Complete += c.Complete
			out[i].InProgress += c.InProgress
		}
	}
	return out, nil
}
