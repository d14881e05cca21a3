package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"peil/answerpack"
	"peil/survey"
)

// ImportResponses stores responses collected elsewhere (another laptop's
// data package, a generated demo study) with their answers, in one
// transaction: all of them or, on an error, none. It is idempotent by
// response ID: a response whose ID is already in the database is left as
// it is (answers included) and not counted. It returns the number of
// responses added.
//
// Rounds may be closed: imported responses are history, not new answers.
// Each response must belong to a round and a school of the same study,
// use the round's instrument version (empty instrument fields take it), be
// in progress or complete with a FinishedAt, and have a respondent code
// not used by another response of the round. An empty ID is assigned, an
// empty DeviceID is this database's device id.
func (s *Store) ImportResponses(ctx context.Context, records []survey.ResponseRecord) (int, error) {
	added := 0
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		ins, err := s.newInserter(ctx, tx)
		if err != nil {
			return err
		}
		defer ins.close()
		for _, rec := range records {
			_, ok, err := ins.insert(ctx, rec)
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, wrap(err, "importing responses")
	}
	return added, nil
}

// inserter inserts imported responses with their answers inside one
// transaction; ImportResponses and Merge share it.
type inserter struct {
	tx      *sql.Tx
	device  string
	insResp *sql.Stmt
	// insPacked stores a complete response's packed answers; packed and
	// stored are its buffers, reused from response to response.
	insPacked *sql.Stmt
	packed    []byte
	stored    []survey.Answer
	// insAns[n] inserts n answer rows in one statement (made when first
	// needed): a response's answers go in one or a few statements instead
	// of one statement per answer.
	insAns  [answersPerInsert + 1]*sql.Stmt
	args    []any // the arguments of one answer insert, reused
	rounds  map[string]survey.Round
	schools map[string]string // school id → study id
}

// answersPerInsert is the most answer rows one insert statement takes
// (7 parameters each, far below SQLite's limit of 32,766).
const answersPerInsert = 64

// answerInsert returns the statement that inserts n answer rows.
func (in *inserter) answerInsert(ctx context.Context, n int) (*sql.Stmt, error) {
	if st := in.insAns[n]; st != nil {
		return st, nil
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO answers (response_nr, item_id, number, choices, text, dont_know, answered_at) VALUES `)
	for i := range n {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?)")
	}
	st, err := in.tx.PrepareContext(ctx, q.String())
	if err != nil {
		return nil, err
	}
	in.insAns[n] = st
	return st, nil
}

func (s *Store) newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	in := &inserter{tx: tx, rounds: make(map[string]survey.Round), schools: make(map[string]string)}
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, SettingDeviceID).Scan(&in.device); err != nil {
		return nil, notFound(err, "reading the device id", "database %s has no device id", s.path)
	}
	var err error
	in.insResp, err = tx.PrepareContext(ctx, `INSERT INTO responses
		(id, round_id, school_id, respondent_code, role, status, instrument_id, instrument_version,
		 started_at, finished_at, device_id, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return nil, err
	}
	in.insPacked, err = tx.PrepareContext(ctx, `INSERT INTO packed_answers (response_nr, data) VALUES (?, ?)`)
	if err != nil {
		in.insResp.Close()
		return nil, err
	}
	return in, nil
}

func (in *inserter) close() {
	in.insResp.Close()
	in.insPacked.Close()
	for _, st := range in.insAns {
		if st != nil {
			st.Close()
		}
	}
}

// insert stores one response with its answers. added is false (and nr 0)
// when a response with its id is already in the database.
func (in *inserter) insert(ctx context.Context, rec survey.ResponseRecord) (nr int64, added bool, err error) {
	tx := in.tx
	resp := rec.Response // the caller's records stay as they are
	r := &resp
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	rd, ok := in.rounds[r.RoundID]
	if !ok {
		err := tx.QueryRowContext(ctx, `SELECT study_id, name, instrument_id, instrument_version FROM rounds WHERE id = ?`, r.RoundID).
			Scan(&rd.StudyID, &rd.Name, &rd.InstrumentID, &rd.InstrumentVersion)
		if err != nil {
			return 0, false, notFound(err, "finding round "+r.RoundID, "response %s: there is no round with id %s", r.ID, r.RoundID)
		}
		in.rounds[r.RoundID] = rd
	}
	schoolStudy, ok := in.schools[r.SchoolID]
	if !ok {
		err := tx.QueryRowContext(ctx, `SELECT study_id FROM schools WHERE id = ?`, r.SchoolID).Scan(&schoolStudy)
		if err != nil {
			return 0, false, notFound(err, "finding school "+r.SchoolID, "response %s: there is no school with id %s", r.ID, r.SchoolID)
		}
		in.schools[r.SchoolID] = schoolStudy
	}
	if err := survey.CheckImportedResponse(r, rd, schoolStudy); err != nil {
		return 0, false, err
	}
	if r.DeviceID == "" {
		r.DeviceID = in.device
	}
	updated := r.StartedAt
	if !r.FinishedAt.IsZero() {
		updated = r.FinishedAt
	}
	for _, a := range rec.Answers {
		if a.AnsweredAt.After(updated) {
			updated = a.AnsweredAt
		}
	}
	res, err := in.insResp.ExecContext(ctx, r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role, string(r.Status),
		r.InstrumentID, r.InstrumentVersion, formatTime(r.StartedAt), nullTime(r.FinishedAt), r.DeviceID, formatTime(updated))
	if _, ok := uniqueViolation(err); ok {
		return 0, false, survey.ImportedRespondentTaken(r.ID, r.RespondentCode, rd.Name)
	}
	if err != nil {
		return 0, false, fmt.Errorf("response %s: %w", r.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, false, err
	} else if n == 0 {
		return 0, false, nil // already here
	}
	nr, err = res.LastInsertId()
	if err != nil {
		return 0, false, err
	}
	// stored is the answers as the answer rows will give them back, for
	// the packed copy of a complete response.
	complete := r.Status == survey.Complete
	stored := in.stored[:0]
	for i, a := range rec.Answers {
		if err := survey.CheckImportedAnswer(r.ID, a); err != nil {
			return 0, false, err
		}
		at := a.AnsweredAt
		if at.IsZero() {
			at = r.StartedAt
		}
		if complete {
			v := a.Value
			if len(v.Choices) == 0 {
				v.Choices = nil
			}
			stored = append(stored, survey.Answer{ItemID: a.ItemID, Value: v, AnsweredAt: parseTime(formatTime(at))})
		}
		number, choices, text := answerpack.StoredValue(a.Value)
		in.args = append(in.args, nr, a.ItemID, number, choices, text, boolInt(a.Value.DontKnow), formatTime(at))
		if n := len(in.args) / 7; n == answersPerInsert || i == len(rec.Answers)-1 {
			if err := in.flushAnswers(ctx, n); err != nil {
				if _, ok := uniqueViolation(err); ok {
					return 0, false, survey.AnsweredTwice(r.ID, twice(rec.Answers))
				}
				return 0, false, fmt.Errorf("response %s, answers: %w", r.ID, err)
			}
		}
	}
	if complete {
		slices.SortFunc(stored, func(a, b survey.Answer) int { return strings.Compare(a.ItemID, b.ItemID) })
		in.packed = answerpack.Append(in.packed[:0], stored)
		if _, err := in.insPacked.ExecContext(ctx, nr, in.packed); err != nil {
			return 0, false, fmt.Errorf("response %s: packing the answers: %w", r.ID, err)
		}
		clear(stored)
		in.stored = stored[:0]
	}
	return nr, true, nil
}

// flushAnswers inserts the n answer rows whose arguments are in in.args.
func (in *inserter) flushAnswers(ctx context.Context, n int) error {
	st, err := in.answerInsert(ctx, n)
	if err == nil {
		_, err = st.ExecContext(ctx, in.args...)
	}
	clear(in.args)
	in.args = in.args[:0]
	return err
}

// twice returns an item id that answers has twice.
func twice(answers []survey.Answer) string {
	ids := make([]string, len(answers))
	for i, a := range answers {
		ids[i] = a.ItemID
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return ids[i]
		}
	}
	return "?"
}
