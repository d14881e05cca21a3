package backend

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"peil/analysis"
	"peil/report"
	"peil/survey"
)

// TrendsData is one instrument's completed responses in a study, ready for
// analysis.Trends, with what a report says about them.
type TrendsData struct {
	Dataset *analysis.Dataset
	// Defaults are the study's options: its minimum group size and its
	// targets for this instrument.
	Defaults []analysis.Option
	Meta     report.Meta
}

// Trends computes the trend tables with the study's options and then opts.
func (td *TrendsData) Trends(opts ...analysis.Option) (*analysis.Report, error) {
	return analysis.Trends(td.Dataset, append(slices.Clone(td.Defaults), opts...)...)
}

// DefaultInstrument is the instrument trends and reports use when none is
// named: the culture survey, or the only instrument the rounds use.
func DefaultInstrument(s survey.Study, rounds []survey.Round) (string, error) {
	used := map[string]bool{}
	for _, r := range rounds {
		used[r.InstrumentID] = true
	}
	switch {
	case used["cultuursurvey"] || len(used) == 0:
		return "cultuursurvey", nil
	case len(used) == 1:
		for id := range used {
			return id, nil
		}
	}
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return "", survey.Errorf(survey.EINVALID, "the rounds of study %s use several instruments (%s); say which with --instrument", s.Code, strings.Join(ids, ", "))
}

// TrendsData reads the completed responses to one instrument of study s,
// over its rounds up to and including lastRound (all when empty), into an
// analysis dataset, through the dataset cache. An empty instrumentID means
// DefaultInstrument.
func (b *Backend) TrendsData(ctx context.Context, s survey.Study, instrumentID, lastRound string) (*TrendsData, error) {
	return b.reportData(ctx, s, instrumentID, lastRound, true)
}

// reportData is TrendsData for a report that leaves the machine: open
// rounds are left out unless includeOpen (analysis.ReportRounds), and
// Meta says which.
func (b *Backend) reportData(ctx context.Context, s survey.Study, instrumentID, lastRound string, includeOpen bool) (*TrendsData, error) {
	b.trendsMu.Lock()
	defer b.trendsMu.Unlock()
	return b.trendsData(ctx, s, instrumentID, lastRound, includeOpen)
}

// trendsSource is what the dataset of one instrument of a study is made
// from, with what a report says about the study's rounds.
type trendsSource struct {
	src analysis.Source
	// instrument is the instrument's id (DefaultInstrument when none was
	// asked for).
	instrument string
	// open names the open rounds: left out, or included as provisional.
	open []string
	// others are the other instruments the study's rounds use.
	others []string
}

// trendsSource reads the trendsSource of one instrument of study s, over
// its rounds up to and including lastRound. Open rounds are left out
// unless includeOpen.
func (b *Backend) trendsSource(ctx context.Context, s survey.Study, instrumentID, lastRound string, includeOpen bool) (ts trendsSource, err error) {
	all, err := b.store.Rounds(ctx, s.ID)
	if err != nil {
		return ts, err
	}
	if instrumentID == "" {
		if instrumentID, err = DefaultInstrument(s, all); err != nil {
			return ts, err
		}
	}
	var rounds []survey.Round
	for _, r := range all {
		switch {
		case r.InstrumentID == instrumentID:
			rounds = append(rounds, r)
		case !slices.Contains(ts.others, r.InstrumentID):
			ts.others = append(ts.others, r.InstrumentID)
		}
	}
	if len(rounds) == 0 {
		return ts, survey.Errorf(survey.ENOTFOUND, "study %s has no round of %s; see: peil round list", s.Code, instrumentID)
	}
	if lastRound != "" {
		i := slices.IndexFunc(rounds, func(r survey.Round) bool { return strings.EqualFold(r.Name, lastRound) })
		if i < 0 {
			names := make([]string, len(rounds))
			for j, r := range rounds {
				names[j] = fmt.Sprintf("%q", r.Name)
			}
			return ts, survey.Errorf(survey.ENOTFOUND, "study %s has no round %q of %s (it has %s)", s.Code, lastRound, instrumentID, strings.Join(names, ", "))
		}
		rounds = rounds[:i+1]
		if rounds[i].Open && !includeOpen {
			return ts, survey.Errorf(survey.EINVALID, "round %q is still open: its figures change with every respondent who finishes, and two reports side by side would show one person's answers; close it first (peil round close --name %q), or write a provisional report with --include-open", rounds[i].Name, rounds[i].Name)
		}
	}
	rounds, ts.open = analysis.ReportRounds(rounds, includeOpen)
	if len(rounds) == 0 {
		return ts, survey.Errorf(survey.EINVALID, "every round of %s in study %s is still open (%s): figures of an open round change with every respondent who finishes, and two reports side by side would show one person's answers; close a round first (peil round close), or write a provisional report with --include-open", instrumentID, s.Code, strings.Join(ts.open, ", "))
	}

	if ts.src, err = analysis.ReadSource(ctx, b.store, s.ID, rounds); err != nil {
		return ts, err
	}
	ts.instrument = instrumentID
	return ts, nil
}

func (b *Backend) trendsData(ctx context.Context, s survey.Study, instrumentID, lastRound string, includeOpen bool) (*TrendsData, error) {
	var meta report.Meta
	ts, err := b.trendsSource(ctx, s, instrumentID, lastRound, includeOpen)
	if err != nil {
		return nil, err
	}
	src, instrumentID, open := ts.src, ts.instrument, ts.open
	if includeOpen {
		meta.Provisional = open
	} else {
		meta.LeftOut = open
	}
	meta.Workplaces = map[string]string{}
	for _, w := range src.Workplaces {
		meta.Workplaces[w.Code] = w.Name
	}
	d, err := b.loadDataset(ctx, s, src)
	if err != nil {
		return nil, err
	}
	targets, err := b.store.Targets(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	tm := analysis.TargetMap(targets, instrumentID)
	k := s.MinGroupSize
	if k == 0 {
		k = survey.DefaultMinGroupSize
	}
	meta.Study, meta.StudyCode, meta.Instrument = s.Title, s.Code, src.Rounds[len(src.Rounds)-1].Instrument
	// The report covers one instrument; it names the others, which
	// have reports of their own.
	meta.OtherInstruments = ts.others
	return &TrendsData{
		Dataset:  d,
		Defaults: []analysis.Option{analysis.WithMinGroupSize(k), analysis.WithTargets(tm)},
		Meta:     meta,
	}, nil
}

// Trends computes the trend tables of one instrument of a study over all
// its rounds, with the study's options and then opts. The terminal
// interface's trends screen calls it.
func (b *Backend) Trends(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error) {
	s, err := b.store.Study(ctx, studyID)
	if err != nil {
		return nil, err
	}
	td, err := b.TrendsData(ctx, s, instrumentID, "")
	if err != nil {
		return nil, err
	}
	return td.Trends(opts...)
}

// loadDataset is analysis.Load of study s's responses to src's rounds,
// through the store's cache, one part per round (analysis.LoadCached): a
// round whose responses have not changed since its part was made is read
// back from its columns, so after a change in the open round only that
// round is read again. A missing, stale or unreadable part only means
// loading that round from the responses again.
func (b *Backend) loadDataset(ctx context.Context, s survey.Study, src analysis.Source) (*analysis.Dataset, error) {
	return analysis.LoadCached(ctx, b.store, b.store, survey.ResponseFilter{StudyID: s.ID}, src)
}

// TrendsReady reports whether the dataset of one instrument of a study is
// cached and up to date, so that Trends answers without reading the
// responses.
func (b *Backend) TrendsReady(ctx context.Context, studyID, instrumentID string) (bool, error) {
	s, err := b.store.Study(ctx, studyID)
	if err != nil {
		return false, err
	}
	ts, err := b.trendsSource(ctx, s, instrumentID, "", true)
	if err != nil {
		return false, err
	}
	src := ts.src
	n, err := analysis.CachedRounds(ctx, b.store, survey.ResponseFilter{StudyID: s.ID}, src)
	return n == len(src.Rounds), err
}

// PrepareTrends loads (and so caches) the dataset of every instrument the
// rounds of study studyID use, so that the trends screen and reports open
// at once the first time too, after new data arrived. A failure only
// means a slower first opening, and is not reported.
func (b *Backend) PrepareTrends(ctx context.Context, studyID string) {
	b.trendsMu.Lock()
	defer b.trendsMu.Unlock()
	s, err := b.store.Study(ctx, studyID)
	if err != nil {
		return
	}
	rounds, err := b.store.Rounds(ctx, studyID)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	for _, r := range rounds {
		if !seen[r.InstrumentID] {
			seen[r.InstrumentID] = true
			_, _ = b.trendsData(ctx, s, r.InstrumentID, "", true)
		}
	}
}
