package survey

// The rules a store checks before it writes, the same for every store (the
// SQLite and the PostgreSQL store call these): what a new definition or
// response needs, and what an imported response must agree with. They
// read nothing; a store looks up what they compare against (a round, a
// school's study) and keeps what only its database can check (a code
// already taken, an id that is not there).

// CheckNewStudy checks a study before it is created, and gives a zero
// MinGroupSize the default (DefaultMinGroupSize): it needs a code, and
// reports may hide no group smaller than 3.
func CheckNewStudy(st *Study) error {
	if st.Code == "" {
		return Errorf(EINVALID, "a study needs a code")
	}
	if st.MinGroupSize == 0 {
		st.MinGroupSize = DefaultMinGroupSize
	}
	if st.MinGroupSize < 3 {
		return Errorf(EINVALID, "study %s: the smallest group shown must be at least 3 people, not %d", st.Code, st.MinGroupSize)
	}
	return nil
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

// CheckNewRound checks a round before it is created: it needs a name.
func CheckNewRound(r Round) error {
	if r.Name == "" {
		return Errorf(EINVALID, "a round needs a name")
	}
	return nil
}

// CheckNewResponse checks a response before it is started, and gives an
// empty Status InProgress: it needs a respondent code, and a new response
// is in progress, without a finish time.
func CheckNewResponse(r *Response) error {
	if r.RespondentCode == "" {
		return Errorf(EINVALID, "a response needs a respondent code")
	}
	if r.Status == "" {
		r.Status = InProgress
	}
	if r.Status != InProgress || !r.FinishedAt.IsZero() {
		return Errorf(EINVALID, "a new response must be in progress, not %s", r.Status)
	}
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
