package survey

import "time"

// Study is a monitoring study: a set of workplaces, their schools, and the
// measurement rounds in which they are surveyed.
type Study struct {
	ID string
	// Code is a short name researchers type (e.g. "monitor-po").
	Code  string
	Title string
	// MinGroupSize is the smallest group for which reports show
	// statistics (k, at least 3; default 5).
	MinGroupSize int
	CreatedAt    time.Time
}

// DefaultMinGroupSize is the default k below which groups are suppressed.
const DefaultMinGroupSize = 5

// Workplace is a werkplaats onderwijsonderzoek: a partnership of school
// boards, schools and higher-education institutions.
type Workplace struct {
	ID      string
	StudyID string
	// Code is the workplace's short name, unique in the study (WOA, POINT).
	Code string
	Name string
}

// School is a school taking part in a workplace.
type School struct {
	ID          string
	WorkplaceID string
	// Code is unique in the study (e.g. "WOA-03").
	Code string
	Name string
}

// Round is a measurement round (meetmoment) of one instrument in a study.
type Round struct {
	ID      string
	StudyID string
	// Name is what researchers call the round ("2025 najaar", "nulmeting").
	Name              string
	InstrumentID      string
	InstrumentVersion int
	Open              bool
	CreatedAt         time.Time
}

// The respondent roles peil knows. Instruments may use others.
const (
	RoleTeacherResearcher = "leerkracht-onderzoeker"
	RoleTeacher           = "leerkracht"
	RoleColleague         = "collega"
	RoleSENCo             = "ib"
	RoleSchoolLeader      = "schoolleider"
	RoleOther             = "anders"
)

// Status is the state of a response.
type Status string

// Response states.
const (
	InProgress Status = "in_progress"
	Complete   Status = "complete"
)

// Response is one respondent's answers to one round's instrument.
type Response struct {
	// ID is a UUID, unique across laptops, so data from several laptops
	// merges without duplicates.
	ID       string
	RoundID  string
	SchoolID string
	// RespondentCode is the pseudonymous code that links a person across
	// rounds. No names are stored anywhere.
	RespondentCode    string
	Role              string
	Status            Status
	InstrumentID      string
	InstrumentVersion int
	StartedAt         time.Time
	// FinishedAt is zero while the response is in progress.
	FinishedAt time.Time
	// DeviceID identifies the laptop that collected the response.
	DeviceID string
}

// SchoolCount is the number of responses at one school in a round.
type SchoolCount struct {
	School     School
	Workplace  Workplace
	InProgress int
	Complete   int
}
