package survey

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Error codes for domain errors. A user interface shows Error.Message; logs
// keep the wrapped cause.
const (
	ENOTFOUND = "not_found"
	ECONFLICT = "conflict"
	EINVALID  = "invalid"
)

// Error is a domain error with a code and a message for the person using peil.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns a domain error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the domain error in err's chain, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsNotFound reports whether err says that something does not exist.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }

// StudyStore keeps studies, workplaces, schools and rounds.
//
// Rules every store keeps (package storetest checks them): a Create
// method assigns an empty ID, and refuses an ID already taken with
// ECONFLICT; a lookup of an id or code that is not there is ENOTFOUND;
// lists of a study that has none are empty, not an error.
type StudyStore interface {
	// CreateStudy stores a new study; an empty ID is assigned, a zero
	// MinGroupSize becomes DefaultMinGroupSize and a zero CreatedAt the
	// store's clock. A study needs a code (EINVALID) that no other study
	// has (ECONFLICT), and a MinGroupSize of at least 3 (EINVALID).
	CreateStudy(ctx context.Context, s Study) (Study, error)
	// Studies returns every study, ordered by code.
	Studies(ctx context.Context) ([]Study, error)
	// StudyByCode finds a study by its code.
	StudyByCode(ctx context.Context, code string) (Study, error)
	Study(ctx context.Context, id string) (Study, error)

	// CreateWorkplace stores a new workplace of an existing study
	// (ENOTFOUND). It needs a code (EINVALID), unique in the study
	// (ECONFLICT).
	CreateWorkplace(ctx context.Context, w Workplace) (Workplace, error)
	// Workplaces returns the study's workplaces, ordered by code.
	Workplaces(ctx context.Context, studyID string) ([]Workplace, error)

	// CreateSchool stores a new school of an existing workplace
	// (ENOTFOUND). It needs a code (EINVALID), unique across all
	// workplaces of the study (ECONFLICT); another study may use it.
	CreateSchool(ctx context.Context, s School) (School, error)
	// Schools returns every school of every workplace of the study,
	// ordered by workplace code, then school code.
	Schools(ctx context.Context, studyID string) ([]School, error)
	School(ctx context.Context, id string) (School, error)

	// CreateRound stores a new round of an existing study (ENOTFOUND).
	// It needs a name (EINVALID), unique in the study (ECONFLICT); its
	// instrument version must have been saved first (ENOTFOUND). A zero
	// CreatedAt is the store's clock.
	CreateRound(ctx context.Context, r Round) (Round, error)
	// Rounds returns the study's rounds, oldest first: by CreatedAt,
	// then name.
	Rounds(ctx context.Context, studyID string) ([]Round, error)
	Round(ctx context.Context, id string) (Round, error)
	// SetRoundOpen opens or closes a round; closed rounds take no new
	// responses and no changes to answers. Opening an open round is no
	// error.
	SetRoundOpen(ctx context.Context, roundID string, open bool) error

	// SetTarget stores (or replaces) the study's target for one scale or
	// item of an instrument. The study must exist (ENOTFOUND); the
	// instrument and measure ids must not be empty (EINVALID).
	SetTarget(ctx context.Context, t Target) error
	// Targets returns the study's targets, ordered by instrument and
	// measure.
	Targets(ctx context.Context, studyID string) ([]Target, error)
}

// Target is a value a study aims for on one scale or item of an
// instrument, e.g. the programme's average of 7.5 for the appreciation
// grade. Trend charts and tables show it beside the results.
type Target struct {
	StudyID      string
	InstrumentID string
	// MeasureID is the id of a scale or an item of the instrument.
	MeasureID string
	Value     float64
}

// InstrumentStore keeps the instrument versions that rounds use, so a
// database always holds the exact questions its answers belong to.
type InstrumentStore interface {
	// SaveInstrument stores an instrument version; saving the same
	// version again with the same content is a no-op, with other content
	// an ECONFLICT. An instrument needs an ID and a Version of at least 1
	// (EINVALID). An instrument read back from the store saves as the
	// same content.
	SaveInstrument(ctx context.Context, in *Instrument) error
	// Instrument returns a stored version with every exported field as
	// saved, or ENOTFOUND.
	Instrument(ctx context.Context, id string, version int) (*Instrument, error)
	// Instruments returns the newest stored version of every instrument,
	// ordered by id.
	Instruments(ctx context.Context) ([]*Instrument, error)
}

// ResponseStore keeps responses and their answers. Every method that
// changes an answer has it durably committed when it returns: a store
// opened again after it returned has it. A response or answer given to
// the store comes back exactly: the answer's Value as given (the store
// checks no value against its item; that is the Session's job).
type ResponseStore interface {
	// StartResponse stores a new in-progress response in an open round.
	// An empty ID is assigned, an empty Status is InProgress, empty
	// instrument fields take the round's instrument, an empty DeviceID is
	// the store's DeviceID, a zero StartedAt the store's clock. A
	// respondent has at most one response per round: starting a second
	// one is an ECONFLICT (the same respondent may answer in another
	// round). A missing round or school is ENOTFOUND; a closed round, a
	// school of another study, another instrument version, an empty
	// respondent code, or a response not in progress is EINVALID.
	StartResponse(ctx context.Context, r Response) (Response, error)
	// Response returns the response with the id, or ENOTFOUND.
	Response(ctx context.Context, id string) (Response, error)
	// ResponseFor returns the respondent's response in a round, or
	// ENOTFOUND.
	ResponseFor(ctx context.Context, roundID, respondentCode string) (Response, error)
	// Responses returns the round's responses, oldest first (by
	// StartedAt, then ID).
	Responses(ctx context.Context, roundID string) ([]Response, error)
	// Answers returns the response's answers in the order they were
	// given: by AnsweredAt, then item id.
	Answers(ctx context.Context, responseID string) ([]Answer, error)
	// SaveAnswer stores (or replaces) one answer and deletes the answers
	// to the items in cleared (answers that skip logic has hidden), in one
	// transaction; the saved item stays even when cleared names it. It
	// also records role as the response's role when not empty. A zero
	// AnsweredAt is the store's clock; an empty item id is EINVALID. The
	// response must exist (ENOTFOUND), be in progress and its round open
	// (EINVALID).
	SaveAnswer(ctx context.Context, responseID string, a Answer, cleared []string, role string) error
	// DeleteAnswer removes an answer (the respondent emptied it) and the
	// answers to the cleared items, in one transaction, under the rules of
	// SaveAnswer. Deleting an answer that is not there is no error.
	DeleteAnswer(ctx context.Context, responseID, itemID string, cleared []string) error
	// CompleteResponse marks the response complete at the given time (the
	// store's clock when zero), under the rules of SaveAnswer: completing
	// it twice is EINVALID.
	CompleteResponse(ctx context.Context, responseID string, at time.Time) error
	// ResponseCounts counts the round's responses per school, in progress
	// and complete, for every school of the round's study (schools
	// without responses count zero), in the order of Schools. An unknown
	// round is ENOTFOUND.
	ResponseCounts(ctx context.Context, roundID string) ([]SchoolCount, error)
	// ImportResponses stores responses collected elsewhere (another
	// laptop's data package, a generated demo study) with their answers,
	// in one transaction: all or nothing. It is idempotent by response ID:
	// a response already in the database is left as it is (even when its
	// content differs) and not counted. Rounds may be closed. It returns
	// the number of responses added.
	//
	// An empty ID is assigned, empty instrument fields take the round's,
	// an empty DeviceID is the store's DeviceID, an answer's zero
	// AnsweredAt the response's StartedAt. A response of a missing round
	// or school is ENOTFOUND; a respondent code already used in the round
	// is ECONFLICT; a school of another study, another instrument version,
	// no respondent code, no start time, a status other than InProgress
	// or Complete, a complete response without (or one in progress with)
	// a FinishedAt, an answer without an item, or an item answered twice
	// is EINVALID.
	ImportResponses(ctx context.Context, records []ResponseRecord) (int, error)
}

// SettingStore keeps small named settings of this database: the kiosk PIN
// hash, the device id, the kiosk's round and school.
type SettingStore interface {
	// Setting returns the setting's value, or "" and false.
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Store is everything peil keeps.
//
// Every store keeps times to the nanosecond and gives them back in UTC
// (ContentHash, and so Merge, depends on it), and takes the times it fills
// in (a zero CreatedAt, StartedAt, AnsweredAt, a completion without a
// time) from the clock it was opened with. Package storetest holds the
// tests every store passes.
type Store interface {
	StudyStore
	InstrumentStore
	ResponseStore
	ResponseLeaser
	ResponseScanner
	SettingStore
	Merger
	DatasetCache
	Maintainer
	// DeviceID returns the id of this database's device (the laptop that
	// collects responses), made on first use.
	DeviceID(ctx context.Context) (string, error)
}

// DatasetCache keeps data derived from responses (analysis datasets) under
// a stamp made from change counters, so that it is never served stale.
type DatasetCache interface {
	// RoundChanges returns a counter per round (in the order of roundIDs)
	// that goes up with every change to the round's complete responses
	// (the only ones a dataset holds): a response completed, an answer
	// saved to or deleted from a complete response (none may be), a
	// complete response imported or merged in (added or replacing
	// another). A change to one round leaves the other rounds' counters as
	// they are, and a call that fails moves none. Unknown rounds count
	// zero.
	RoundChanges(ctx context.Context, roundIDs []string) ([]int64, error)
	// Cached returns the data cached under key if it was cached with
	// stamp; ok is false when there is none or it has another stamp.
	Cached(ctx context.Context, key, stamp string) (data []byte, ok bool, err error)
	// Cache keeps data under key with its stamp, replacing what was
	// there; Cached gives it back at once (a store may forget old entries
	// as new ones come). A store that cannot keep it (read-only) returns
	// nil.
	Cache(ctx context.Context, key, stamp string, data []byte) error
}

// CacheEntries is how many cache entries a store keeps (the most recently
// saved): a national study's dataset takes about 2 MB whole, or 0.7 MB a
// round in the parts of analysis.LoadCached (one per round and instrument,
// rewritten only when the round changes: closed rounds' parts must outlive
// many saves of the open round's).
const CacheEntries = 32

// Maintainer checks and copies a store.
type Maintainer interface {
	// Backup writes a consistent copy of the store to path. A store that
	// cannot (a server database) returns an EINVALID error saying what to
	// use instead.
	Backup(ctx context.Context, path string) error
	// Check reads the whole store for damage and changes nothing. A
	// store used only through this interface has none.
	Check(ctx context.Context) (CheckResult, error)
	// RepairPacked mends what Check found in derived copies of answers,
	// returning how many responses it mended (0 when there was nothing to
	// mend, and for a store that keeps no derived copies).
	RepairPacked(ctx context.Context) (int, error)
}

// CheckResult is what a store's Check found. The zero value means all is
// well.
type CheckResult struct {
	// Damage lists what the database's own integrity check found wrong.
	Damage []string
	// Packed lists the responses whose packed copy of their answers does
	// not say what their answer rows say; RepairPacked mends these.
	Packed []string
}

// OK reports whether Check found nothing wrong.
func (r CheckResult) OK() bool { return len(r.Damage) == 0 && len(r.Packed) == 0 }

// ResponseRecord is a response with its answers, as analysis and export
// read them.
type ResponseRecord struct {
	Response Response
	Answers  []Answer
}

// ResponseFilter selects responses to read. Empty fields select all; the
// fields that are set all hold for every response selected.
type ResponseFilter struct {
	StudyID string
	// RoundIDs, SchoolIDs and WorkplaceIDs restrict to these rounds,
	// schools and workplaces.
	RoundIDs     []string
	SchoolIDs    []string
	WorkplaceIDs []string
	InstrumentID string
	// CompleteOnly leaves out responses still in progress.
	CompleteOnly bool
	// WithoutAnswers reads the responses only: every ResponseRecord's
	// Answers is nil. Counting or measuring responses this way costs a
	// fraction of reading their answers.
	WithoutAnswers bool
	// LendAnswers lends fn each record's Answers only until fn returns:
	// the scanner may reuse their memory for the next response. A caller
	// that turns answers into something else at once (analysis) saves
	// allocating every answer of the study anew.
	LendAnswers bool
}

// ResponseSummary is what a pass over responses without their answers
// learns: how many, which roles (including "" when some have none) and
// instrument versions (both sorted), and the longest response id and
// respondent code, in bytes.
type ResponseSummary struct {
	Responses            int
	Roles                []string
	Versions             []int
	MaxIDLen, MaxCodeLen int
}

// ResponseSummarizer is a ResponseScanner that can summarize the
// responses a filter selects without reading them one by one (a database
// query). Export uses it, when its scanner has it, for its first pass.
type ResponseSummarizer interface {
	SummarizeResponses(ctx context.Context, f ResponseFilter) (ResponseSummary, error)
}

// ResponseScanner streams responses with their answers, one at a time, so
// that analysis and export of a national study (45,000 responses, 1.8
// million answers) never hold it all in memory. Responses come ordered by
// round (oldest first: by CreatedAt, then id), school code and start
// time; each record's answers by item id. fn may keep the records it is
// given, unless the filter says LendAnswers. fn's error stops the scan and
// is returned (errors.Is finds it); when ctx ends, the scan stops with an
// error that wraps ctx.Err().
type ResponseScanner interface {
	ScanResponses(ctx context.Context, f ResponseFilter, fn func(ResponseRecord) error) error
}
