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
type StudyStore interface {
	// CreateStudy stores a new study; an empty ID is assigned.
	CreateStudy(ctx context.Context, s Study) (Study, error)
	Studies(ctx context.Context) ([]Study, error)
	// StudyByCode finds a study by its code.
	StudyByCode(ctx context.Context, code string) (Study, error)
	Study(ctx context.Context, id string) (Study, error)

	CreateWorkplace(ctx context.Context, w Workplace) (Workplace, error)
	Workplaces(ctx context.Context, studyID string) ([]Workplace, error)

	CreateSchool(ctx context.Context, s School) (School, error)
	// Schools returns every school of every workplace of the study.
	Schools(ctx context.Context, studyID string) ([]School, error)
	School(ctx context.Context, id string) (School, error)

	CreateRound(ctx context.Context, r Round) (Round, error)
	Rounds(ctx context.Context, studyID string) ([]Round, error)
	Round(ctx context.Context, id string) (Round, error)
	// SetRoundOpen opens or closes a round; closed rounds take no answers.
	SetRoundOpen(ctx context.Context, roundID string, open bool) error

	// SetTarget stores (or replaces) the study's target for one scale or
	// item of an instrument.
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
	// version again with the same content is a no-op, with other content a
	// conflict.
	SaveInstrument(ctx context.Context, in *Instrument) error
	Instrument(ctx context.Context, id string, version int) (*Instrument, error)
	// Instruments returns the newest stored version of every instrument.
	Instruments(ctx context.Context) ([]*Instrument, error)
}

// ResponseStore keeps responses and their answers. Every method that
// changes an answer has it durably committed when it returns.
type ResponseStore interface {
	// StartResponse stores a new in-progress response; an empty ID is
	// assigned. A respondent has at most one response per round: starting
	// a second one is a conflict.
	StartResponse(ctx context.Context, r Response) (Response, error)
	Response(ctx context.Context, id string) (Response, error)
	// ResponseFor returns the respondent's response in a round.
	ResponseFor(ctx context.Context, roundID, respondentCode string) (Response, error)
	// Responses returns the round's responses, oldest first.
	Responses(ctx context.Context, roundID string) ([]Response, error)
	Answers(ctx context.Context, responseID string) ([]Answer, error)
	// SaveAnswer stores (or replaces) one answer and deletes the answers
	// to the items in cleared (answers that skip logic has hidden), in one
	// transaction. It also records role as the response's role when not
	// empty. The response must be in progress.
	SaveAnswer(ctx context.Context, responseID string, a Answer, cleared []string, role string) error
	// DeleteAnswer removes an answer (the respondent emptied it).
	DeleteAnswer(ctx context.Context, responseID, itemID string, cleared []string) error
	// CompleteResponse marks the response complete at the given time.
	CompleteResponse(ctx context.Context, responseID string, at time.Time) error
	// ResponseCounts counts the round's responses per school, for every
	// school of the round's study.
	ResponseCounts(ctx context.Context, roundID string) ([]SchoolCount, error)
	// ImportResponses stores responses collected elsewhere (another
	// laptop's data package, a generated demo study) with their answers,
	// in one transaction: all or nothing. It is idempotent by response ID:
	// a response already in the database is left as it is and not counted.
	// Rounds may be closed. It returns the number of responses added.
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
type Store interface {
	StudyStore
	InstrumentStore
	ResponseStore
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
	// (the only ones a dataset holds). Unknown rounds count zero.
	RoundChanges(ctx context.Context, roundIDs []string) ([]int64, error)
	// Cached returns the data cached under key if it was cached with
	// stamp; ok is false when there is none or it has another stamp.
	Cached(ctx context.Context, key, stamp string) (data []byte, ok bool, err error)
	// Cache keeps data under key with its stamp, replacing what was
	// there. A store that cannot keep it (read-only) returns nil.
	Cache(ctx context.Context, key, stamp string, data []byte) error
}

// Maintainer checks and copies a store.
type Maintainer interface {
	// Backup writes a consistent copy of the store to path. A store that
	// cannot (a server database) returns an EINVALID error saying what to
	// use instead.
	Backup(ctx context.Context, path string) error
	// Check reads the whole store for damage and changes nothing.
	Check(ctx context.Context) (CheckResult, error)
	// RepairPacked mends what Check found in derived copies of answers,
	// returning how many responses it mended.
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

// ResponseFilter selects responses to read. Empty fields select all.
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
// round, school and start time; fn's error stops the scan and is returned.
type ResponseScanner interface {
	ScanResponses(ctx context.Context, f ResponseFilter, fn func(ResponseRecord) error) error
}
