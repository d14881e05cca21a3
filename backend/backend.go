package backend

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"peil/instruments"
	"peil/survey"
)

// Backend carries out peil's use cases on one store. It is safe for
// concurrent use.
type Backend struct {
	store survey.Store
	now   func() time.Time
	// trendsMu makes trend loading and its background preparation take
	// turns, so that a dataset is never loaded twice at once: the second
	// finds the first's cache entry.
	trendsMu sync.Mutex
}

// New returns a Backend on store. The caller keeps the store and closes
// it.
func New(store survey.Store) *Backend {
	return &Backend{store: store, now: time.Now}
}

// Store returns the store the Backend works on, for front-ends that take
// answers (the kiosk) and read what they show.
func (b *Backend) Store() survey.Store { return b.store }

// FindStudy returns the study with the given code, or the only study when
// code is empty.
func (b *Backend) FindStudy(ctx context.Context, code string) (survey.Study, error) {
	if code != "" {
		s, err := b.store.StudyByCode(ctx, code)
		if survey.IsNotFound(err) {
			return s, survey.Errorf(survey.ENOTFOUND, "there is no study %q; see the studies with: peil study list", code)
		}
		return s, err
	}
	studies, err := b.store.Studies(ctx)
	if err != nil {
		return survey.Study{}, err
	}
	switch len(studies) {
	case 0:
		return survey.Study{}, survey.Errorf(survey.ENOTFOUND, "this database has no study yet; make one with: peil study init --code CODE --title TITLE")
	case 1:
		return studies[0], nil
	}
	codes := make([]string, len(studies))
	for i, s := range studies {
		codes[i] = s.Code
	}
	return survey.Study{}, survey.Errorf(survey.EINVALID, "this database has several studies (%s); say which with --study", strings.Join(codes, ", "))
}

// FindRound returns the study's round with the given name (case does not
// matter); ok is false when there is none.
func (b *Backend) FindRound(ctx context.Context, s survey.Study, name string) (r survey.Round, ok bool, err error) {
	rounds, err := b.store.Rounds(ctx, s.ID)
	if err != nil {
		return survey.Round{}, false, err
	}
	for _, r := range rounds {
		if strings.EqualFold(r.Name, name) {
			return r, true, nil
		}
	}
	return survey.Round{}, false, nil
}

// Round is FindRound for use cases that need the round to exist.
func (b *Backend) Round(ctx context.Context, s survey.Study, name string) (survey.Round, error) {
	r, ok, err := b.FindRound(ctx, s, name)
	if err == nil && !ok {
		err = survey.Errorf(survey.ENOTFOUND, "study %s has no round %q; see: peil round list", s.Code, name)
	}
	return r, err
}

// FindSchool returns the study's school with the given code (case does not
// matter).
func (b *Backend) FindSchool(ctx context.Context, s survey.Study, code string) (survey.School, error) {
	schools, err := b.store.Schools(ctx, s.ID)
	if err != nil {
		return survey.School{}, err
	}
	codes := make([]string, 0, len(schools))
	for _, sc := range schools {
		if strings.EqualFold(sc.Code, code) {
			return sc, nil
		}
		codes = append(codes, sc.Code)
	}
	return survey.School{}, survey.Errorf(survey.ENOTFOUND, "study %s has no school %q (schools: %s)", s.Code, code, strings.Join(codes, ", "))
}

// FindWorkplace returns the study's workplace with the given code (case
// does not matter).
func (b *Backend) FindWorkplace(ctx context.Context, s survey.Study, code string) (survey.Workplace, error) {
	wps, err := b.store.Workplaces(ctx, s.ID)
	if err != nil {
		return survey.Workplace{}, err
	}
	i := slices.IndexFunc(wps, func(w survey.Workplace) bool { return strings.EqualFold(w.Code, code) })
	if i < 0 {
		return survey.Workplace{}, survey.Errorf(survey.ENOTFOUND, "study %s has no workplace %q; see: peil workplace list", s.Code, code)
	}
	return wps[i], nil
}

// Catalogue is what a researcher can choose for a new round: the built-in
// instruments and those added to this database from files, each at its
// newest version.
func (b *Backend) Catalogue(ctx context.Context) ([]*survey.Instrument, error) {
	all, err := instruments.Builtins()
	if err != nil {
		return nil, err
	}
	stored, err := b.store.Instruments(ctx)
	if err != nil {
		return nil, err
	}
	for _, in := range stored {
		i := slices.IndexFunc(all, func(x *survey.Instrument) bool { return x.ID == in.ID })
		switch {
		case i < 0:
			all = append(all, in)
		case in.Version > all[i].Version:
			all[i] = in
		}
	}
	return all, nil
}

// studyInstruments returns the instrument version of every round of the
// study, each once, in round order.
func (b *Backend) studyInstruments(ctx context.Context, rounds []survey.Round) ([]*survey.Instrument, error) {
	var insts []*survey.Instrument
	for _, r := range rounds {
		if slices.ContainsFunc(insts, func(in *survey.Instrument) bool { return in.ID == r.InstrumentID && in.Version == r.InstrumentVersion }) {
			continue
		}
		in, err := b.store.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		if err != nil {
			return nil, fmt.Errorf("round %q: %w", r.Name, err)
		}
		insts = append(insts, in)
	}
	return insts, nil
}
