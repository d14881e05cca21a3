package survey

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// The rules a store checks before it writes, the same for every store (the
// SQLite and the PostgreSQL store call these): what a new definition or
// response needs, and what an imported response must agree with. They
// read nothing; a store looks up what they compare against (a round, a
// school's study) and keeps what only its database can check (a code
// already taken, an id that is not there).

// CheckNewStudy checks a study before it is created, and gives a zero
// MinGroupSize the default (DefaultMinGroupSize) and a zero CreatedAt
// now(); CreatedAt is kept in UTC. A study needs a code, and reports may
// hide no group smaller than 3.
func CheckNewStudy(st *Study, now func() time.Time) error {
	if st.Code == "" {
		return Errorf(EINVALID, "a study needs a code")
	}
	if st.MinGroupSize == 0 {
		st.MinGroupSize = DefaultMinGroupSize
	}
	if st.MinGroupSize < 3 {
		return Errorf(EINVALID, "study %s: the smallest group shown must be at least 3 people, not %d", st.Code, st.MinGroupSize)
	}
	st.CreatedAt = utcOrNow(st.CreatedAt, now)
	return nil
}

// utcOrNow returns t in UTC, or now() in UTC when t is zero.
func utcOrNow(t time.Time, now func() time.Time) time.Time {
	if t.IsZero() {
		t = now()
	}
	return t.UTC()
}

// CheckNewWorkplace checks a workplace before it is created: it needs a
// code.
func CheckNewWorkplace(w Workplace) error {
	if w.Code == "" {
		return Errorf(EINVALID, "a workplace needs a code")
	}
	return nil
}

// CheckNewSchool checks a school before it is created: it needs a code.
func CheckNewSchool(sc School) error {
	if sc.Code == "" {
		return Errorf(EINVALID, "a school needs a code")
	}
	return nil
}

// CheckNewRound checks a round before it is created, and gives a zero
// CreatedAt now(); CreatedAt is kept in UTC. A round needs a name.
func CheckNewRound(r *Round, now func() time.Time) error {
	if r.Name == "" {
		return Errorf(EINVALID, "a round needs a name")
	}
	r.CreatedAt = utcOrNow(r.CreatedAt, now)
	return nil
}

// CheckNewResponse checks a response before it is started, and gives an
// empty Status InProgress and a zero StartedAt now(); StartedAt is kept in
// UTC. A response needs a respondent code, and a new one is in progress,
// without a finish time.
func CheckNewResponse(r *Response, now func() time.Time) error {
	if r.RespondentCode == "" {
		return Errorf(EINVALID, "a response needs a respondent code")
	}
	if r.Status == "" {
		r.Status = InProgress
	}
	if r.Status != InProgress || !r.FinishedAt.IsZero() {
		return Errorf(EINVALID, "a new response must be in progress, not %s", r.Status)
	}
	r.StartedAt = utcOrNow(r.StartedAt, now)
	return nil
}

// CheckStartRound checks a new response against the round it starts in:
// the round must be open and the response use the round's instrument
// version (empty instrument fields take it).
func CheckStartRound(r *Response, rd Round) error {
	if !rd.Open {
		return Errorf(EINVALID, "round %q is closed and takes no new responses; a researcher can open it again", rd.Name)
	}
	if err := roundInstrument(r, rd); err != nil {
		return err
	}
	return nil
}

// CheckStartSchool checks that the school of a new response (its code and
// its study's id) takes part in the study of the response's round.
func CheckStartSchool(schoolCode, schoolStudyID string, rd Round) error {
	if schoolStudyID != rd.StudyID {
		return Errorf(EINVALID, "school %s does not take part in the study of round %q", schoolCode, rd.Name)
	}
	return nil
}

// roundInstrument fills r's empty instrument fields with rd's, and
// refuses another instrument version than rd's.
func roundInstrument(r *Response, rd Round) *Error {
	if r.InstrumentID == "" {
		r.InstrumentID, r.InstrumentVersion = rd.InstrumentID, rd.InstrumentVersion
	}
	if r.InstrumentID != rd.InstrumentID || r.InstrumentVersion != rd.InstrumentVersion {
		return Errorf(EINVALID, "round %q uses instrument %s@%d, not %s@%d",
			rd.Name, rd.InstrumentID, rd.InstrumentVersion, r.InstrumentID, r.InstrumentVersion)
	}
	return nil
}

// CheckImportedResponse checks a response collected elsewhere (a data
// package, a generated study) against its round (open or closed:
// imported responses are history) and the study of its school, and
// fills its empty instrument fields from the round. It needs a respondent
// code and a start time, and is in progress without a finish time or
// complete with one.
func CheckImportedResponse(r *Response, rd Round, schoolStudyID string) error {
	if r.RespondentCode == "" {
		return Errorf(EINVALID, "response %s has no respondent code", r.ID)
	}
	if schoolStudyID != rd.StudyID {
		return Errorf(EINVALID, "response %s: its school does not take part in the study of round %q", r.ID, rd.Name)
	}
	if err := roundInstrument(r, rd); err != nil {
		return Errorf(EINVALID, "response %s: %s", r.ID, err.Message)
	}
	if r.StartedAt.IsZero() {
		return Errorf(EINVALID, "response %s has no start time", r.ID)
	}
	switch r.Status {
	case InProgress:
		if !r.FinishedAt.IsZero() {
			return Errorf(EINVALID, "response %s is in progress but has a finish time", r.ID)
		}
	case Complete:
		if r.FinishedAt.IsZero() {
			return Errorf(EINVALID, "response %s is complete but has no finish time", r.ID)
		}
	default:
		return Errorf(EINVALID, "response %s has unknown status %q", r.ID, r.Status)
	}
	return nil
}

// CheckAnswer checks an answer before it is saved: it needs an item id.
func CheckAnswer(a Answer) error {
	if a.ItemID == "" {
		return Errorf(EINVALID, "an answer needs an item id")
	}
	return nil
}

// CheckImportedAnswer checks an answer of an imported response: it needs
// an item id.
func CheckImportedAnswer(responseID string, a Answer) error {
	if a.ItemID == "" {
		return Errorf(EINVALID, "response %s: an answer has no item id", responseID)
	}
	return nil
}

// AnsweredTwice is the error for an imported response that answers an
// item twice.
func AnsweredTwice(responseID, itemID string) error {
	return Errorf(EINVALID, "response %s answers item %s twice", responseID, itemID)
}

// The rules of a merge's definitions (Merger): the package's own checks,
// the comparison of a definition with the database's one of the same id,
// and the errors for a code or name another definition has.

// CheckStudy checks that the package names its study.
func (d Definitions) CheckStudy() error {
	if d.Study.ID == "" || d.Study.Code == "" {
		return Errorf(EINVALID, "the package names no study; it is not a peil data package")
	}
	return nil
}

// CheckWorkplace checks that a workplace of the package belongs to its
// study.
func (d Definitions) CheckWorkplace(w Workplace) error {
	if w.StudyID != d.Study.ID {
		return Errorf(EINVALID, "workplace %s in the package does not belong to its study %s", w.Code, d.Study.Code)
	}
	return nil
}

// CheckInstrument checks that an instrument of the package has an id and
// a version.
func (d Definitions) CheckInstrument(in *Instrument) error {
	if in == nil || in.ID == "" || in.Version < 1 {
		return Errorf(EINVALID, "the package holds an instrument without an id or version")
	}
	return nil
}

// CheckRound checks that a round of the package belongs to its study.
func (d Definitions) CheckRound(r Round) error {
	if r.StudyID != d.Study.ID {
		return Errorf(EINVALID, "round %q in the package does not belong to its study %s", r.Name, d.Study.Code)
	}
	return nil
}

// CheckResponse checks a response of the package: it has an id and a
// device id (peil gives every response both), and belongs to one of the
// package's rounds.
func (d Definitions) CheckResponse(r Response) error {
	if r.ID == "" || r.DeviceID == "" {
		return Errorf(EINVALID, "a response in the package has no id or no device id; the package is not from peil")
	}
	for _, rd := range d.Rounds {
		if rd.ID == r.RoundID {
			return nil
		}
	}
	return Errorf(EINVALID, "response %s belongs to round %s, which is not one of the package's rounds", r.ID, r.RoundID)
}

// differs is the error for a definition of the package that is not the
// database's one with the same id.
func (d Definitions) differs(kind, name string) error {
	return Errorf(ECONFLICT,
		"%s %s in the package differs from the one with the same id in this database; the package was made from another setup of study %s",
		kind, name, d.Study.Code)
}

// sameTime compares times as a store keeps them: in nanoseconds.
func sameTime(a, b time.Time) bool { return a.UnixNano() == b.UnixNano() }

// SameStudy returns nil when have, the database's study with the
// package's study id, is the package's study (code, title, k and creation
// time), else an ECONFLICT error.
func (d Definitions) SameStudy(have Study) error {
	st := d.Study
	if have.Code != st.Code || have.Title != st.Title || have.MinGroupSize != st.MinGroupSize || !sameTime(have.CreatedAt, st.CreatedAt) {
		return d.differs("study", st.Code)
	}
	return nil
}

// SameWorkplace returns nil when have, the database's workplace with w's
// id, is w (study, code and name), else an ECONFLICT error.
func (d Definitions) SameWorkplace(have, w Workplace) error {
	if have.StudyID != w.StudyID || have.Code != w.Code || have.Name != w.Name {
		return d.differs("workplace", w.Code)
	}
	return nil
}

// SameSchool returns nil when have, the database's school with sc's id,
// is sc (workplace, code and name), else an ECONFLICT error.
func (d Definitions) SameSchool(have, sc School) error {
	if have.WorkplaceID != sc.WorkplaceID || have.Code != sc.Code || have.Name != sc.Name {
		return d.differs("school", sc.Code)
	}
	return nil
}

// SameRound returns nil when have, the database's round with r's id, is
// r (study, name, instrument version and creation time; not its open
// state, which each database keeps), else an ECONFLICT error.
func (d Definitions) SameRound(have, r Round) error {
	if have.StudyID != r.StudyID || have.Name != r.Name || have.InstrumentID != r.InstrumentID ||
		have.InstrumentVersion != r.InstrumentVersion || !sameTime(have.CreatedAt, r.CreatedAt) {
		return d.differs("round", fmt.Sprintf("%q", r.Name))
	}
	return nil
}

// InstrumentDiffers is the error for an instrument of the package whose
// content is not that of the database's version with the same number.
func (d Definitions) InstrumentDiffers(in *Instrument) error {
	return Errorf(ECONFLICT,
		"instrument %s in the package differs from the version with the same number in this database; the laptop used a changed instrument without a new version number", in.Key())
}

// StudyCodeTaken is the error for a package whose study is new to the
// database while another study there has its code.
func (d Definitions) StudyCodeTaken() error {
	return Errorf(ECONFLICT,
		"this database has another study with code %q: the package belongs to a study set up elsewhere. Import it into the database the laptop was set up from", d.Study.Code)
}

// WorkplaceCodeTaken is the error for a new workplace of the package
// whose code another workplace of the study has.
func (d Definitions) WorkplaceCodeTaken(w Workplace) error {
	return Errorf(ECONFLICT, "study %s already has another workplace with code %q; the package was made from another setup", d.Study.Code, w.Code)
}

// SchoolCodeTaken is the error for a new school of the package whose
// code another school of the study has.
func (d Definitions) SchoolCodeTaken(sc School) error {
	return Errorf(ECONFLICT, "study %s already has another school with code %q; the package was made from another setup", d.Study.Code, sc.Code)
}

// SchoolWithoutWorkplace is the error for a new school of the package
// whose workplace is no workplace of the study.
func (d Definitions) SchoolWithoutWorkplace(sc School) error {
	return Errorf(EINVALID, "school %s in the package belongs to no workplace of study %s", sc.Code, d.Study.Code)
}

// RoundNameTaken is the error for a new round of the package whose name
// another round of the study has.
func (d Definitions) RoundNameTaken(r Round) error {
	return Errorf(ECONFLICT, "study %s already has another round named %q; the package was made from another setup", d.Study.Code, r.Name)
}

// RoundWithoutInstrument is the error for a new round of the package
// whose instrument version neither the package nor the database holds.
func (d Definitions) RoundWithoutInstrument(r Round) error {
	return Errorf(EINVALID, "round %q uses instrument %s@%d, which neither the package nor this database holds",
		r.Name, r.InstrumentID, r.InstrumentVersion)
}

// CheckNewInstrument checks an instrument version before it is saved: it
// needs an id and a version of 1 or more.
func CheckNewInstrument(in *Instrument) error {
	if in == nil || in.ID == "" || in.Version < 1 {
		return Errorf(EINVALID, "an instrument needs an id and a version of 1 or more")
	}
	return nil
}

// StoredInstrument returns what a store keeps of an instrument version:
// its definition (JSON) and the definition's SHA-256 in hex, by which the
// store tells a changed instrument from the same one saved again.
func StoredInstrument(in *Instrument) (definition, hash string, err error) {
	b, err := json.Marshal(in)
	if err != nil {
		return "", "", fmt.Errorf("instrument %s: encoding as JSON: %w", in.Key(), err)
	}
	sum := sha256.Sum256(b)
	return string(b), hex.EncodeToString(sum[:]), nil
}

// InstrumentChanged is the error for saving an instrument version that
// the database holds with other content.
func InstrumentChanged(in *Instrument) error {
	return Errorf(ECONFLICT,
		"instrument %s is already in this database with different content; give the changed instrument a new version number", in.Key())
}

// CheckTarget checks a target before it is saved: it needs an instrument
// and a scale or item, and a value that is a number.
func CheckTarget(t Target) error {
	if t.InstrumentID == "" || t.MeasureID == "" {
		return Errorf(EINVALID, "a target needs an instrument and a scale or item")
	}
	if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
		return Errorf(EINVALID, "target for %s of %s: %v is not a number", t.MeasureID, t.InstrumentID, t.Value)
	}
	return nil
}

// The errors for a new definition or response that takes what another
// one has: the store finds out (a unique constraint), the words are the
// same for every store.

// IDTaken is the error for a new study, workplace, school, round or
// response (kind) whose id another already has.
func IDTaken(kind, id string) error {
	return Errorf(ECONFLICT, "there is already a %s with id %s", kind, id)
}

// StudyCodeTaken is the error for a new study whose code another study
// has.
func StudyCodeTaken(code string) error {
	return Errorf(ECONFLICT, "there is already a study with code %q; choose another code", code)
}

// WorkplaceCodeTaken is the error for a new workplace whose code another
// workplace of its study (code studyCode) has.
func WorkplaceCodeTaken(studyCode, code string) error {
	return Errorf(ECONFLICT, "study %s already has a workplace with code %q; choose another code", studyCode, code)
}

// SchoolCodeTaken is the error for a new school whose code another school
// of its study has.
func SchoolCodeTaken(code string) error {
	return Errorf(ECONFLICT, "the study already has a school with code %q; school codes are unique across all workplaces of a study", code)
}

// RoundNameTaken is the error for a new round whose name another round of
// its study (code studyCode) has.
func RoundNameTaken(studyCode, name string) error {
	return Errorf(ECONFLICT, "study %s already has a round named %q; choose another name", studyCode, name)
}

// RespondentTaken is the error for starting a response of a respondent
// who already has one in the round.
func RespondentTaken(respondentCode, roundName string) error {
	return Errorf(ECONFLICT, "respondent %s already has a response in round %q; continue that one instead of starting again", respondentCode, roundName)
}

// ImportedRespondentTaken is the error for an imported response whose
// respondent already has another response in the round.
func ImportedRespondentTaken(responseID, respondentCode, roundName string) error {
	return Errorf(ECONFLICT,
		"response %s: respondent %s already has another response in round %q; the data to import conflict with this database",
		responseID, respondentCode, roundName)
}

// CheckWritable says whether answers of a response may change: only while
// it is in progress and its round is open. code and round name the
// respondent and the round in the message.
func CheckWritable(status Status, roundOpen bool, code, round string) error {
	if status == Complete {
		return Errorf(EINVALID, "the response of %s in round %q is already complete and can no longer be changed", code, round)
	}
	if !roundOpen {
		return Errorf(EINVALID, "round %q is closed; answers can no longer be changed. A researcher can open the round again", round)
	}
	return nil
}
