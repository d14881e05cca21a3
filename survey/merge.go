package survey

import (
	"bytes"
	"context"
	"crypto/sha256"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Definitions are what a data package (or a hub's setup) brings besides
// responses: its study, workplaces, schools, rounds and instrument
// versions.
type Definitions struct {
	Study       Study
	Workplaces  []Workplace
	Schools     []School
	Rounds      []Round
	Instruments []*Instrument
}

// MergeResult says what a merge did.
type MergeResult struct {
	// Added counts responses new to the database, Duplicates responses it
	// already had with the same content.
	Added, Duplicates int
	// Conflicts lists every response the database had with other content
	// (or another response of the same respondent in the same round), and
	// which version was kept.
	Conflicts []MergeConflict
	// Schools counts new, duplicate and conflicting responses per school,
	// ordered by school code.
	Schools []SchoolMerge
	// DefinitionsAdded counts studies, workplaces, schools, rounds and
	// instrument versions the merge added.
	DefinitionsAdded int
}

// SchoolMerge counts one school's responses in a merge.
type SchoolMerge struct {
	School                    School
	New, Duplicate, Conflicts int
}

// Which version of a conflicting response a merge kept.
const (
	KeptIncoming = "package"
	KeptExisting = "database"
)

// MergeConflict is one response present in the database and in the merged
// data with different content.
type MergeConflict struct {
	// ResponseID is the incoming response; ExistingID the database's
	// (the same unless one respondent code has two responses in a round).
	ResponseID, ExistingID string
	RoundName              string
	SchoolID, SchoolCode   string
	RespondentCode         string
	// Kept is KeptIncoming or KeptExisting; Reason says why.
	Kept, Reason string
}

// Merger merges another database's definitions and responses (a data
// package, a laptop's upload to a hub) into a store.
type Merger interface {
	// Merge adds defs and records in one transaction: when records yields
	// an error, or anything else fails, nothing changes, the error is
	// returned (errors.Is finds the iterator's) with a zero MergeResult.
	// Definitions are added when new; one already present must be
	// identical (a round's open state aside: the store keeps its own), or
	// Merge fails with ECONFLICT; so does a new one whose code (or round
	// name) another already has. Responses merge by id, into closed
	// rounds too: new ones are added; one with the same ContentHash is a
	// duplicate and changes nothing; one with other content (or another
	// response of the same respondent in the same round) is a conflict,
	// kept by Newer, the loser dropped. Merging the same data in any
	// order, any number of times, gives the same database.
	//
	// defs must name its study, and every record needs an ID and a
	// DeviceID and must belong to one of defs.Rounds; otherwise Merge
	// fails with EINVALID.
	Merge(ctx context.Context, defs Definitions, records iter.Seq2[ResponseRecord, error]) (MergeResult, error)
}

// NormalizedRecord returns rec as a store gives it back: answers ordered
// by item id, a zero answer time replaced by the response's start time.
func NormalizedRecord(rec ResponseRecord) ResponseRecord {
	out := ResponseRecord{Response: rec.Response, Answers: slices.Clone(rec.Answers)}
	for i := range out.Answers {
		if out.Answers[i].AnsweredAt.IsZero() {
			out.Answers[i].AnsweredAt = rec.Response.StartedAt
		}
	}
	slices.SortFunc(out.Answers, func(a, b Answer) int { return strings.Compare(a.ItemID, b.ItemID) })
	return out
}

// StoredNumber reports whether a store keeps v's Number: when it is not
// zero, or when it is the whole value (no choices, text or "don't know").
func (v Value) StoredNumber() bool {
	return v.Number != 0 || (len(v.Choices) == 0 && v.Text == "" && !v.DontKnow)
}

// ContentHash is the SHA-256 of a response's content as stored: every
// field of the response and of its answers (in item id order), times in
// nanoseconds. Two copies with the same hash are the same response.
func ContentHash(rec ResponseRecord) [32]byte {
	rec = NormalizedRecord(rec)
	var b bytes.Buffer
	r := rec.Response
	str := func(s string) { b.WriteString(strconv.Quote(s)); b.WriteByte(' ') }
	num := func(n int64) { b.WriteString(strconv.FormatInt(n, 10)); b.WriteByte(' ') }
	tm := func(t time.Time) {
		if t.IsZero() {
			num(-1)
		} else {
			num(t.UnixNano())
		}
	}
	str(r.ID)
	str(r.RoundID)
	str(r.SchoolID)
	str(r.RespondentCode)
	str(r.Role)
	str(string(r.Status))
	str(r.InstrumentID)
	num(int64(r.InstrumentVersion))
	tm(r.StartedAt)
	tm(r.FinishedAt)
	str(r.DeviceID)
	for _, a := range rec.Answers {
		b.WriteByte('\n')
		str(a.ItemID)
		if a.Value.StoredNumber() {
			num(int64(a.Value.Number))
		} else {
			b.WriteString("- ")
		}
		num(int64(len(a.Value.Choices)))
		for _, c := range a.Value.Choices {
			num(int64(c))
		}
		str(a.Value.Text)
		if a.Value.DontKnow {
			num(1)
		} else {
			num(0)
		}
		tm(a.AnsweredAt)
	}
	return sha256.Sum256(b.Bytes())
}

// Resolve decides an incoming response of a merge, in, that the database
// has a version of, have (by its id, or the respondent's response in the
// round): duplicate when both have the same ContentHash; otherwise the
// conflict to list, whose Kept says whether in replaces have (Newer).
// roundName is for the conflict's RoundName.
func Resolve(in, have ResponseRecord, roundName string) (c MergeConflict, duplicate bool) {
	if ContentHash(in) == ContentHash(have) {
		return MergeConflict{}, true
	}
	r := in.Response
	c = MergeConflict{ResponseID: r.ID, ExistingID: have.Response.ID, RoundName: roundName,
		SchoolID: r.SchoolID, RespondentCode: r.RespondentCode, Kept: KeptExisting}
	newer, reason := Newer(in, have)
	c.Reason = reason
	if newer {
		c.Kept = KeptIncoming
	}
	return c, false
}

// SortSchools orders the result's Schools by school code (then id), and
// gives every conflict its school's code: the last step of a merge, once
// a store has read the schools it counted.
func (res *MergeResult) SortSchools() {
	slices.SortFunc(res.Schools, func(a, b SchoolMerge) int {
		if c := strings.Compare(a.School.Code, b.School.Code); c != 0 {
			return c
		}
		return strings.Compare(a.School.ID, b.School.ID)
	})
	for i := range res.Conflicts {
		c := &res.Conflicts[i]
		for _, sm := range res.Schools {
			if sm.School.ID == c.SchoolID {
				c.SchoolCode = sm.School.Code
			}
		}
	}
}

// versionTime is the time a response's version is judged by: its finish
// time when complete, else its last answer (or its start).
func versionTime(rec ResponseRecord) time.Time {
	r := rec.Response
	if r.Status == Complete {
		return r.FinishedAt
	}
	t := r.StartedAt
	for _, a := range rec.Answers {
		if a.AnsweredAt.After(t) {
			t = a.AnsweredAt
		}
	}
	return t
}

// Newer reports whether response version a beats version b in a merge, and
// why: a complete response beats one in progress; otherwise the later
// version time (finish time of a complete response, last answer of one in
// progress) wins; at equal times the larger ContentHash wins, so the choice
// never depends on the order in which packages arrive.
func Newer(a, b ResponseRecord) (bool, string) {
	ac, bc := a.Response.Status == Complete, b.Response.Status == Complete
	if ac != bc {
		return ac, "a complete response beats one in progress"
	}
	at, bt := versionTime(a), versionTime(b)
	if !at.Equal(bt) {
		if ac {
			return at.After(bt), "the later finished response wins"
		}
		return at.After(bt), "the response with the later last answer wins"
	}
	ah, bh := ContentHash(a), ContentHash(b)
	return bytes.Compare(ah[:], bh[:]) > 0, "same time: the larger content hash wins"
}
