package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"peil/analysis"
	"peil/report"
	"peil/storage"
	"peil/survey"
)

// trendsData is one instrument's completed responses in a study, ready for
// analysis.Trends, with what a report says about them.
type trendsData struct {
	dataset *analysis.Dataset
	// defaults are the study's options: its minimum group size and its
	// targets for this instrument.
	defaults []analysis.Option
	meta     report.Meta
}

// trends computes the trend tables with the study's options and then opts.
func (td *trendsData) trends(opts ...analysis.Option) (*analysis.Report, error) {
	return analysis.Trends(td.dataset, append(slices.Clone(td.defaults), opts...)...)
}

// loadTrendsData reads the completed responses to one instrument of study
// s, over its rounds up to and including lastRound (all when empty), into
// an analysis dataset. An empty instrumentID means the culture survey, or
// the only instrument the rounds use. Open rounds are left out unless
// includeOpen (analysis.ReportRounds): a report of an open round, written
// twice, shows one person's answers.
func loadTrendsData(ctx context.Context, st *storage.Store, s survey.Study, instrumentID, lastRound string, includeOpen bool) (*trendsData, error) {
	var meta report.Meta
	all, err := st.Rounds(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	if instrumentID == "" {
		used := map[string]bool{}
		for _, r := range all {
			used[r.InstrumentID] = true
		}
		switch {
		case used["cultuursurvey"] || len(used) == 0:
			instrumentID = "cultuursurvey"
		case len(used) == 1:
			for id := range used {
				instrumentID = id
			}
		default:
			ids := make([]string, 0, len(used))
			for id := range used {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			return nil, fmt.Errorf("the rounds of study %s use several instruments (%s); say which with --instrument", s.Code, strings.Join(ids, ", "))
		}
	}
	var rounds []survey.Round
	for _, r := range all {
		if r.InstrumentID == instrumentID {
			rounds = append(rounds, r)
		}
	}
	if len(rounds) == 0 {
		return nil, fmt.Errorf("study %s has no round of %s; see: peil round list", s.Code, instrumentID)
	}
	if lastRound != "" {
		i := slices.IndexFunc(rounds, func(r survey.Round) bool { return strings.EqualFold(r.Name, lastRound) })
		if i < 0 {
			names := make([]string, len(rounds))
			for j, r := range rounds {
				names[j] = fmt.Sprintf("%q", r.Name)
			}
			return nil, fmt.Errorf("study %s has no round %q of %s (it has %s)", s.Code, lastRound, instrumentID, strings.Join(names, ", "))
		}
		rounds = rounds[:i+1]
		if rounds[i].Open && !includeOpen {
			return nil, fmt.Errorf("round %q is still open: its figures change with every respondent who finishes, and two reports side by side would show one person's answers; close it first (peil round close --name %q), or write a provisional report with --include-open", rounds[i].Name, rounds[i].Name)
		}
	}
	rounds, open := analysis.ReportRounds(rounds, includeOpen)
	if includeOpen {
		meta.Provisional = open
	} else {
		meta.LeftOut = open
	}
	if len(rounds) == 0 {
		return nil, fmt.Errorf("every round of %s in study %s is still open (%s): figures of an open round change with every respondent who finishes, and two reports side by side would show one person's answers; close a round first (peil round close), or write a provisional report with --include-open", instrumentID, s.Code, strings.Join(open, ", "))
	}

	src := analysis.Source{}
	for _, r := range rounds {
		in, err := st.Instrument(ctx, r.InstrumentID, r.InstrumentVersion)
		if err != nil {
			return nil, fmt.Errorf("round %q: %w", r.Name, err)
		}
		src.Rounds = append(src.Rounds, analysis.RoundSource{Round: r, Instrument: in})
	}
	if src.Workplaces, err = st.Workplaces(ctx, s.ID); err != nil {
		return nil, err
	}
	if src.Schools, err = st.Schools(ctx, s.ID); err != nil {
		return nil, err
	}
	meta.Workplaces = map[string]string{}
	for _, w := range src.Workplaces {
		meta.Workplaces[w.Code] = w.Name
	}
	d, err := loadDataset(ctx, st, s, src)
	if err != nil {
		return nil, err
	}
	targets, err := st.Targets(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	tm := analysis.TargetMap(targets, instrumentID)
	k := s.MinGroupSize
	if k == 0 {
		k = survey.DefaultMinGroupSize
	}
	meta.Study, meta.StudyCode, meta.Instrument = s.Title, s.Code, src.Rounds[len(src.Rounds)-1].Instrument
	return &trendsData{
		dataset:  d,
		defaults: []analysis.Option{analysis.WithMinGroupSize(k), analysis.WithTargets(tm)},
		meta:     meta,
	}, nil
}

// loadTrends is the TUI's Config.LoadTrends: the trend tables of one
// instrument of a study, over all its rounds.
func loadTrends(st *storage.Store) func(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error) {
	return func(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error) {
		s, err := st.Study(ctx, studyID)
		if err != nil {
			return nil, err
		}
		// The trends screen is the researcher's own: open rounds too.
		td, err := loadTrendsData(ctx, st, s, instrumentID, "", true)
		if err != nil {
			return nil, err
		}
		return td.trends(opts...)
	}
}

// datasetCacheFormat names the way a cached dataset is made: change it
// when analysis.Load or analysis.Code change what they make of responses,
// so that no dataset made the old way is used again.
const datasetCacheFormat = "load-1"

// loadDataset is analysis.Load of study s's responses to src's rounds,
// through the store's cache: a dataset whose rounds have not changed since
// it was made (storage.RoundChanges) is read back from its columns, which
// takes a fraction of reading 1.8 million answers. A missing, stale or
// unreadable cache entry only means loading from the responses again.
func loadDataset(ctx context.Context, st *storage.Store, s survey.Study, src analysis.Source) (*analysis.Dataset, error) {
	key, stamp, err := datasetStamp(ctx, st, s, src)
	if err != nil {
		return nil, err
	}
	if data, ok, err := st.Cached(ctx, key, stamp); err == nil && ok {
		d, err := src.Dataset()
		if err != nil {
			return nil, err
		}
		if err := d.ReadColumns(data); err == nil {
			return d, nil
		}
	}
	d, err := analysis.Load(ctx, st, survey.ResponseFilter{StudyID: s.ID}, src)
	if err != nil {
		return nil, err
	}
	// A cache that cannot be written (a busy or read-only database) costs
	// only time the next time.
	_ = st.Cache(ctx, key, stamp, d.AppendColumns(nil))
	return d, nil
}

// datasetStamp returns the cache key of study s's dataset of src's rounds,
// and the stamp of everything the dataset is made from: the rounds, their
// instrument versions and change counters, and the workplace and school of
// every school.
func datasetStamp(ctx context.Context, st *storage.Store, s survey.Study, src analysis.Source) (key, stamp string, err error) {
	ids := make([]string, len(src.Rounds))
	for i, r := range src.Rounds {
		ids[i] = r.Round.ID
	}
	changes, err := st.RoundChanges(ctx, ids)
	if err != nil {
		return "", "", err
	}
	k := sha256.New()
	fmt.Fprintf(k, "%s\x00%s\x00%s", s.ID, src.Rounds[0].Instrument.ID, strings.Join(ids, "\x00"))
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", datasetCacheFormat)
	for i, r := range src.Rounds {
		fmt.Fprintf(h, "round %s %q %s %d\x00", r.Round.ID, r.Round.Name, r.Instrument.Key(), changes[i])
	}
	for _, w := range src.Workplaces {
		fmt.Fprintf(h, "workplace %s %q\x00", w.ID, w.Code)
	}
	for _, sc := range src.Schools {
		fmt.Fprintf(h, "school %s %q %s\x00", sc.ID, sc.Code, sc.WorkplaceID)
	}
	return "dataset " + hex.EncodeToString(k.Sum(nil)), hex.EncodeToString(h.Sum(nil)), nil
}

// warmTrends loads (and so caches) the dataset of every instrument the
// rounds of study studyID use, so that the trends screen and reports open
// at once the first time too, after new data arrived. A failure only
// means a slower first opening, and is not reported.
func warmTrends(ctx context.Context, st *storage.Store, studyID string) {
	s, err := st.Study(ctx, studyID)
	if err != nil {
		return
	}
	rounds, err := st.Rounds(ctx, studyID)
	if err != nil {
		return
	}
	seen := map[string]bool{}
	for _, r := range rounds {
		if !seen[r.InstrumentID] {
			seen[r.InstrumentID] = true
			_, _ = loadTrendsData(ctx, st, s, r.InstrumentID, "", true)
		}
	}
}
