package pack

import (
	"time"

	"peil/survey"
)

// FormatVersion is the package format this peil writes and reads.
const FormatVersion = 1

// Names of the files inside a package, in the order they are written.
const (
	fileHeader      = "package.json"
	fileDefinitions = "definitions.json"
	dirResponses    = "responses/"
	fileManifest    = "manifest.json"
)

// Header describes a package: which laptop made it, and when.
type Header struct {
	Format int `json:"format"`
	// PackageID is a UUID made when the package is written.
	PackageID string `json:"package_id"`
	// DeviceID is the id of the database (laptop) the package comes from.
	DeviceID  string    `json:"device_id"`
	CreatedAt time.Time `json:"created_at"`
	// Setup marks a package with definitions only, made to set up a
	// laptop from the researcher's database.
	Setup bool `json:"setup,omitempty"`
	// Since, when not zero, says the package holds only the responses that
	// changed since this time (peil package export --since-last).
	Since time.Time `json:"since,omitzero"`
}

// Manifest closes a package: counts, and the size and SHA-256 of every
// file before it.
type Manifest struct {
	Format    int    `json:"format"`
	PackageID string `json:"package_id"`
	DeviceID  string `json:"device_id"`
	// Responses, Complete and Answers count what the responses files hold.
	Responses int `json:"responses"`
	Complete  int `json:"complete"`
	Answers   int `json:"answers"`
	// Schools counts the responses per school id.
	Schools map[string]int `json:"schools"`
	Files   []FileSum      `json:"files"`
}

// FileSum is the size and SHA-256 (hex) of one file in a package.
type FileSum struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// wireResponse is one line of a responses file.
type wireResponse struct {
	ID                string       `json:"id"`
	RoundID           string       `json:"round"`
	SchoolID          string       `json:"school"`
	RespondentCode    string       `json:"code"`
	Role              string       `json:"role,omitempty"`
	Status            string       `json:"status"`
	InstrumentID      string       `json:"instrument"`
	InstrumentVersion int          `json:"version"`
	StartedAt         time.Time    `json:"started"`
	FinishedAt        time.Time    `json:"finished,omitzero"`
	DeviceID          string       `json:"device"`
	Answers           []wireAnswer `json:"answers"`
}

// wireAnswer is one answer: exactly the value fields peil stores.
type wireAnswer struct {
	ItemID     string    `json:"item"`
	Number     int       `json:"n"`
	Choices    []int     `json:"choices,omitempty"`
	Text       string    `json:"text,omitempty"`
	DontKnow   bool      `json:"dk,omitempty"`
	AnsweredAt time.Time `json:"at"`
}

func toWire(rec survey.ResponseRecord) wireResponse {
	r := rec.Response
	w := wireResponse{
		ID: r.ID, RoundID: r.RoundID, SchoolID: r.SchoolID, RespondentCode: r.RespondentCode, Role: r.Role,
		Status: string(r.Status), InstrumentID: r.InstrumentID, InstrumentVersion: r.InstrumentVersion,
		StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt.UTC(), DeviceID: r.DeviceID,
		Answers: make([]wireAnswer, len(rec.Answers)),
	}
	if r.FinishedAt.IsZero() {
		w.FinishedAt = time.Time{}
	}
	for i, a := range rec.Answers {
		w.Answers[i] = wireAnswer{ItemID: a.ItemID, Number: a.Value.Number, Choices: a.Value.Choices,
			Text: a.Value.Text, DontKnow: a.Value.DontKnow, AnsweredAt: a.AnsweredAt.UTC()}
	}
	return w
}

func (w wireResponse) record() survey.ResponseRecord {
	rec := survey.ResponseRecord{Response: survey.Response{
		ID: w.ID, RoundID: w.RoundID, SchoolID: w.SchoolID, RespondentCode: w.RespondentCode, Role: w.Role,
		Status: survey.Status(w.Status), InstrumentID: w.InstrumentID, InstrumentVersion: w.InstrumentVersion,
		StartedAt: w.StartedAt.UTC(), DeviceID: w.DeviceID,
	}}
	if !w.FinishedAt.IsZero() {
		rec.Response.FinishedAt = w.FinishedAt.UTC()
	}
	rec.Answers = make([]survey.Answer, len(w.Answers))
	for i, a := range w.Answers {
		rec.Answers[i] = survey.Answer{ItemID: a.ItemID, AnsweredAt: a.AnsweredAt.UTC(),
			Value: survey.Value{Number: a.Number, Choices: a.Choices, Text: a.Text, DontKnow: a.DontKnow}}
	}
	return rec
}
