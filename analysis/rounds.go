package analysis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"peil/survey"
)

// Append adds the responses of other to d, after d's own. other must have
// the same structure (made from the same Source: the same rounds, items
// and scales in the same order, and items with the same possible answers,
// which Trends relies on), as the parts that LoadCached reads
// round by round have. Names (workplaces, schools, roles) are matched by
// text; a school in another workplace than in d is an error, and then d
// is left as it was.
func (d *Dataset) Append(other *Dataset) error {
	d.atoms.Store(nil) // a change: trend reports add up again
	if !slices.Equal(d.Rounds(), other.Rounds()) || !slices.EqualFunc(d.items, other.items, func(a, b survey.Item) bool { return a.ID == b.ID }) ||
		!slices.Equal(d.scaleIDs, other.scaleIDs) || !slices.Equal(d.valid, other.valid) ||
		!slices.Equal(d.numPos, other.numPos) {
		return fmt.Errorf("appending responses: the datasets have other rounds, items or scales")
	}
	for s, w := range other.schoolWorkplace {
		name := other.schools.list[s]
		if i, ok := d.schools.index[name]; ok && d.workplaces.list[d.schoolWorkplace[i]] != other.workplaces.list[w] {
			return fmt.Errorf("appending responses: school %q is in workplace %q, not %q", name,
				d.workplaces.list[d.schoolWorkplace[i]], other.workplaces.list[w])
		}
	}
	remap := func(dst *names, src *names) []int32 {
		m := make([]int32, len(src.list))
		for i, s := range src.list {
			m[i] = dst.id(s)
		}
		return m
	}
	wp := remap(&d.workplaces, &other.workplaces)
	school := remap(&d.schools, &other.schools)
	role := remap(&d.roles, &other.roles)
	for s, w := range other.schoolWorkplace {
		if int(school[s]) == len(d.schoolWorkplace) {
			d.schoolWorkplace = append(d.schoolWorkplace, wp[w])
		}
	}
	for i := range other.wp {
		d.wp = append(d.wp, wp[other.wp[i]])
		d.school = append(d.school, school[other.school[i]])
		d.role = append(d.role, role[other.role[i]])
	}
	d.round = append(d.round, other.round...)
	d.values = append(d.values, other.values...)
	d.nums = append(d.nums, other.nums...)
	for j, k := range other.numDecimals {
		d.numDecimals[j] = max(d.numDecimals[j], k)
	}
	d.scores = append(d.scores, other.scores...)
	return nil
}

// roundCacheFormat names the way LoadCached makes and keeps a round's
// part: change it when Load, Code or AppendColumns change what they make
// of responses, so that no part made the old way is used again. round-2:
// the numbers column (columns format 2, which ReadColumns also checks).
const roundCacheFormat = "round-2"

// LoadCached is Load through a cache of one part per round: the responses
// of each round, as a Dataset with all of src's rounds, cached under a
// stamp of everything the part is made from (the round and its change
// counter, survey.DatasetCache.RoundChanges; the instrument versions of
// all rounds; the workplace and school of every school; f). A round whose
// part is missing, stale or unreadable is loaded from sc and cached again;
// the others are read from the cache. So after a change in the open round
// (a response completed, a package merged) only that round is read again.
// The result equals Load's: the same responses in the same order. A cache
// that cannot be written (read-only) only costs time the next time.
func LoadCached(ctx context.Context, sc survey.ResponseScanner, cache survey.DatasetCache, f survey.ResponseFilter, src Source) (*Dataset, error) {
	d, _, err := src.dataset()
	if err != nil {
		return nil, err
	}
	roundIDs := make([]string, len(src.Rounds))
	for i, rs := range src.Rounds {
		roundIDs[i] = rs.Round.ID
	}
	for _, id := range f.RoundIDs {
		if !slices.Contains(roundIDs, id) {
			return nil, fmt.Errorf("loading responses: round %s is not one of the rounds given", id)
		}
	}
	changes, err := cache.RoundChanges(ctx, roundIDs)
	if err != nil {
		return nil, err
	}
	for i, rs := range src.Rounds {
		if len(f.RoundIDs) > 0 && !slices.Contains(f.RoundIDs, rs.Round.ID) {
			continue
		}
		key, stamp := src.roundStamp(f, i, changes[i])
		part, err := src.Dataset()
		if err != nil {
			return nil, err
		}
		data, ok, err := cache.Cached(ctx, key, stamp)
		if err != nil || !ok || part.ReadColumns(data) != nil {
			rf := f
			rf.RoundIDs = []string{rs.Round.ID}
			if part, err = Load(ctx, sc, rf, src); err != nil {
				return nil, err
			}
			_ = cache.Cache(ctx, key, stamp, part.AppendColumns(nil))
		}
		if d.Len() == 0 && len(d.schools.list) == 0 {
			d = part // the same as appending it to the empty dataset, without the copy
			continue
		}
		if err := d.Append(part); err != nil {
			return nil, fmt.Errorf("loading responses of round %q: %w", rs.Round.Name, err)
		}
	}
	return d, nil
}

// roundStamp returns the cache key of round i's part and the stamp of
// everything it is made from, given the round's change counter.
func (src Source) roundStamp(f survey.ResponseFilter, i int, changes int64) (key, stamp string) {
	k := sha256.New()
	fmt.Fprintf(k, "%s\x00%q\x00%q\x00%q\x00%s", f.StudyID, f.WorkplaceIDs, f.SchoolIDs, src.Rounds[i].Round.ID, src.Rounds[0].Instrument.ID)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%q %d\x00", roundCacheFormat, src.Rounds[i].Round.Name, changes)
	// The structure: every round's instrument version gives item positions.
	for _, r := range src.Rounds {
		fmt.Fprintf(h, "round %s %q %s\x00", r.Round.ID, r.Round.Name, r.Instrument.Key())
	}
	for _, w := range src.Workplaces {
		fmt.Fprintf(h, "workplace %s %q\x00", w.ID, w.Code)
	}
	for _, sc := range src.Schools {
		fmt.Fprintf(h, "school %s %q %s\x00", sc.ID, sc.Code, sc.WorkplaceID)
	}
	return "dataset round " + hex.EncodeToString(k.Sum(nil)), hex.EncodeToString(h.Sum(nil))
}

// CachedRounds counts the rounds of src (of f.RoundIDs, when given) whose
// part LoadCached would read from the cache rather than load: cached, and
// with a fresh stamp. It reads only the stamps' entries.
func CachedRounds(ctx context.Context, cache survey.DatasetCache, f survey.ResponseFilter, src Source) (int, error) {
	roundIDs := make([]string, len(src.Rounds))
	for i, rs := range src.Rounds {
		roundIDs[i] = rs.Round.ID
	}
	changes, err := cache.RoundChanges(ctx, roundIDs)
	if err != nil {
		return 0, err
	}
	n := 0
	for i, rs := range src.Rounds {
		if len(f.RoundIDs) > 0 && !slices.Contains(f.RoundIDs, rs.Round.ID) {
			continue
		}
		key, stamp := src.roundStamp(f, i, changes[i])
		if _, ok, err := cache.Cached(ctx, key, stamp); err != nil {
			return n, err
		} else if ok {
			n++
		}
	}
	return n, nil
}
