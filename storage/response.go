package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"peil/answerpack"
	"peil/survey"
)

// StartResponse stores a new in-progress response in an open round. An
// empty ID is assigned; empty instrument fields take the round's
// instrument, an empty DeviceID this database's device id, a zero
// StartedAt the current time. A respondent has at most one response per
// round: a second one is a survey.ECONFLICT.
func (s *Store) StartResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if err := survey.CheckNewResponse(&r, s.nowUTC); err != nil {
		return survey.Response{}, err
	}
	var roundName string
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		rd := survey.Round{ID: r.RoundID}
		err := tx.QueryRowContext(ctx, `SELECT study_id, name, instrument_id, instrument_version, open FROM rounds WHERE id = ?`, r.RoundID).
			Scan(&rd.StudyID, &rd.Name, &rd.InstrumentID, &rd.InstrumentVersion, &rd.Open)
		if err != nil {
			return notFound(err, "finding round "+r.RoundID, "there is no round with id %s", r.RoundID)
		}
		roundName = rd.Name
		if err := survey.CheckStartRound(&r, rd); err != nil {
			return err
		}
		var schoolStudy, schoolCode string
		err = tx.QueryRowContext(ctx, `SELECT study_id, code FROM schools WHERE id = ?`, r.SchoolID).Scan(&schoolStudy, &schoolCode)
		if err != nil {
			return notFound(err, "finding school "+r.SchoolID, "there is no school with id %s", r.SchoolID)
		}
		if err := survey.CheckStartSchool(schoolCode, schoolStudy, rd); err != nil {
			return err
		}
		if r.DeviceID == "" {
			if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, SettingDeviceID).Scan(&r.DeviceID); err != nil {
				return notFound(err, "reading the device id", "database %s has no device id", s.path)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO responses
			(id, round_id, school_id, respondent_code, role, status, instrument_id, instrument_version,
			 started_at, finished_at, device_id, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
			r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role, string(r.Status), r.InstrumentID, r.InstrumentVersion,
			formatTime(r.StartedAt), r.DeviceID, formatTime(s.nowUTC()))
		return err
	})
	if cols, ok := uniqueViolation(err); ok {
		if cols == "responses.id" {
			return survey.Response{}, survey.IDTaken("response", r.ID)
		}
		return survey.Response{}, survey.RespondentTaken(r.RespondentCode, roundName)
	}
	if err != nil {
		return survey.Response{}, wrap(err, "starting a response for "+r.RespondentCode)
	}
	return r, nil
}

const responseColumns = `id, round_id, school_id, respondent_code, role, status, instrument_id, instrument_version,
	started_at, finished_at, device_id`

func scanResponse(row interface{ Scan(...any) error }) (survey.Response, error) {
	var r survey.Response
	var status string
	var started int64
	var finished sql.NullInt64
	if err := row.Scan(&r.ID, &r.RoundID, &r.SchoolID, &r.RespondentCode, &r.Role, &status,
		&r.InstrumentID, &r.InstrumentVersion, &started, &finished, &r.DeviceID); err != nil {
		return survey.Response{}, err
	}
	r.Status = survey.Status(status)
	r.StartedAt = parseTime(started)
	r.FinishedAt = parseNullTime(finished)
	return r, nil
}

// Response finds a response by its id.
func (s *Store) Response(ctx context.Context, id string) (survey.Response, error) {
	r, err := scanResponse(s.db.QueryRowContext(ctx, `SELECT `+responseColumns+` FROM responses WHERE id = ?`, id))
	if err != nil {
		return survey.Response{}, notFound(err, "finding response "+id, "there is no response with id %s", id)
	}
	return r, nil
}

// ResponseFor returns the respondent's response in a round.
func (s *Store) ResponseFor(ctx context.Context, roundID, respondentCode string) (survey.Response, error) {
	r, err := scanResponse(s.db.QueryRowContext(ctx,
		`SELECT `+responseColumns+` FROM responses WHERE round_id = ? AND respondent_code = ?`, roundID, respondentCode))
	if err != nil {
		return survey.Response{}, notFound(err, "finding the response of "+respondentCode,
			"respondent %s has no response in this round", respondentCode)
	}
	return r, nil
}

// Responses returns the round's responses, oldest first.
func (s *Store) Responses(ctx context.Context, roundID string) ([]survey.Response, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+responseColumns+` FROM responses WHERE round_id = ? ORDER BY started_at, id`, roundID)
	if err != nil {
		return nil, fmt.Errorf("listing responses: %w", err)
	}
	defer rows.Close()
	var out []survey.Response
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			return nil, fmt.Errorf("listing responses: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing responses: %w", err)
	}
	return out, nil
}

// Answers returns the response's answers in the order they were given.
func (s *Store) Answers(ctx context.Context, responseID string) ([]survey.Answer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT item_id, number, choices, text, dont_know, answered_at
		FROM answers WHERE response_nr = (SELECT nr FROM responses WHERE id = ?) ORDER BY answered_at, item_id`, responseID)
	if err != nil {
		return nil, fmt.Errorf("reading answers of response %s: %w", responseID, err)
	}
	out, err := scanAnswers(rows)
	if err != nil {
		return nil, fmt.Errorf("reading answers of response %s: %w", responseID, err)
	}
	return out, nil
}

// checkWritable returns the response's key (responses.nr), or an error
// unless the response exists, is in progress, and its round is open.
func checkWritable(ctx context.Context, tx *sql.Tx, responseID string) (int64, error) {
	var nr int64
	var status, code, round string
	var open bool
	err := tx.QueryRowContext(ctx, `SELECT r.nr, r.status, r.respondent_code, d.name, d.open
		FROM responses r JOIN rounds d ON d.id = r.round_id WHERE r.id = ?`, responseID).
		Scan(&nr, &status, &code, &round, &open)
	if err != nil {
		return 0, notFound(err, "finding response "+responseID, "there is no response with id %s", responseID)
	}
	if err := survey.CheckWritable(survey.Status(status), open, code, round); err != nil {
		return 0, err
	}
	return nr, nil
}

// deleteCleared deletes the answers to the cleared items.
func (s *Store) deleteCleared(ctx context.Context, tx *sql.Tx, nr int64, cleared []string) error {
	if len(cleared) == 0 {
		return nil
	}
	ids, err := json.Marshal(cleared)
	if err != nil {
		return err
	}
	del, err := s.stmt(ctx, tx, `DELETE FROM answers WHERE response_nr = ? AND item_id IN (SELECT value FROM json_each(?))`)
	if err != nil {
		return err
	}
	_, err = del.ExecContext(ctx, nr, string(ids))
	return err
}

// writableSQL reads what decides whether an answer of a response may
// change: its key, status and role, and whether its round is open.
const writableSQL = `SELECT r.nr, r.status, r.role, d.open
	FROM responses r JOIN rounds d ON d.id = r.round_id WHERE r.id = ?`

// roleSQL records a response's role (and so the time its row changed).
const roleSQL = `UPDATE responses SET role = ?, updated_at = ? WHERE nr = ?`

// saveAnswerSQL stores or replaces one answer.
const saveAnswerSQL = `INSERT INTO answers (response_nr, item_id, number, choices, text, dont_know, answered_at)
	VALUES (?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (response_nr, item_id) DO UPDATE SET
		number = excluded.number, choices = excluded.choices, text = excluded.text,
		dont_know = excluded.dont_know, answered_at = excluded.answered_at`

// touchWritable returns the key of a response whose answers may change
// (in progress, its round open), or checkWritable's error, and records
// role as its role when not empty and new. It reads, and writes nothing
// else: an answer's commit then writes the answer's page only (the
// answer carries its own time, answered_at; responses.updated_at changes
// with the response row: started, role, completed, imported). The
// answer path runs it with every answer given.
func (s *Store) touchWritable(ctx context.Context, tx *sql.Tx, responseID, role string) (int64, error) {
	q, err := s.stmt(ctx, tx, writableSQL)
	if err != nil {
		return 0, err
	}
	var nr int64
	var status, have string
	var open bool
	err = q.QueryRowContext(ctx, responseID).Scan(&nr, &status, &have, &open)
	if err != nil || survey.Status(status) != survey.InProgress || !open {
		if _, err := checkWritable(ctx, tx, responseID); err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("response %s could not be changed", responseID)
	}
	if role != "" && role != have {
		upd, err := s.stmt(ctx, tx, roleSQL)
		if err != nil {
			return 0, err
		}
		if _, err := upd.ExecContext(ctx, role, formatTime(s.nowUTC()), nr); err != nil {
			return 0, err
		}
	}
	return nr, nil
}

// SaveAnswer stores (or replaces) one answer, deletes the answers to the
// cleared items, and records role as the response's role when not empty,
// in one transaction that is durably committed when SaveAnswer returns. The
// response must be in progress and its round open. Most answers write one
// page: the answer's.
func (s *Store) SaveAnswer(ctx context.Context, responseID string, a survey.Answer, cleared []string, role string) error {
	if err := survey.CheckAnswer(a); err != nil {
		return err
	}
	if a.AnsweredAt.IsZero() {
		a.AnsweredAt = s.nowUTC()
	}
	number, choices, text := answerpack.StoredValue(a.Value)
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		nr, err := s.touchWritable(ctx, tx, responseID, role)
		if err != nil {
			return err
		}
		// Cleared answers go first, so the answer saved here stays even
		// if cleared names its item.
		if err := s.deleteCleared(ctx, tx, nr, cleared); err != nil {
			return err
		}
		ins, err := s.stmt(ctx, tx, saveAnswerSQL)
		if err != nil {
			return err
		}
		_, err = ins.ExecContext(ctx, nr, a.ItemID, number, choices, text, boolInt(a.Value.DontKnow), formatTime(a.AnsweredAt))
		return err
	})
	return wrap(err, fmt.Sprintf("saving answer %s of response %s", a.ItemID, responseID))
}

// DeleteAnswer removes an answer (the respondent emptied it) and the
// answers to the cleared items, in one durable transaction.
func (s *Store) DeleteAnswer(ctx context.Context, responseID, itemID string, cleared []string) error {
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		nr, err := s.touchWritable(ctx, tx, responseID, "")
		if err != nil {
			return err
		}
		return s.deleteCleared(ctx, tx, nr, append([]string{itemID}, cleared...))
	})
	return wrap(err, fmt.Sprintf("deleting answer %s of response %s", itemID, responseID))
}

// CompleteResponse marks an in-progress response of an open round complete
// at the given time (the current time when zero).
func (s *Store) CompleteResponse(ctx context.Context, responseID string, at time.Time) error {
	if at.IsZero() {
		at = s.nowUTC()
	}
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		nr, err := checkWritable(ctx, tx, responseID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE responses SET status = ?, finished_at = ?, updated_at = ? WHERE nr = ?`,
			string(survey.Complete), formatTime(at), formatTime(s.nowUTC()), nr)
		if err != nil {
			return err
		}
		return packResponse(ctx, tx, nr)
	})
	return wrap(err, "completing response "+responseID)
}

// ResponseCounts counts the round's responses per school, in progress and
// complete, for every school of the round's study (schools without
// responses count zero), ordered by workplace code, then school code.
func (s *Store) ResponseCounts(ctx context.Context, roundID string) ([]survey.SchoolCount, error) {
	var studyID string
	if err := s.db.QueryRowContext(ctx, `SELECT study_id FROM rounds WHERE id = ?`, roundID).Scan(&studyID); err != nil {
		return nil, notFound(err, "finding round "+roundID, "there is no round with id %s", roundID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.workplace_id, s.code, s.name, w.id, w.study_id, w.code, w.name,
			count(r.id) FILTER (WHERE r.status = 'in_progress'),
			count(r.id) FILTER (WHERE r.status = 'complete')
		FROM schools s
		JOIN workplaces w ON w.id = s.workplace_id
		LEFT JOIN responses r ON r.round_id = ? AND r.school_id = s.id
		WHERE s.study_id = ?
		GROUP BY s.id
		ORDER BY w.code, s.code`, roundID, studyID)
	if err != nil {
		return nil, fmt.Errorf("counting responses of round %s: %w", roundID, err)
	}
	defer rows.Close()
	var out []survey.SchoolCount
	for rows.Next() {
		var c survey.SchoolCount
		if err := rows.Scan(&c.School.ID, &c.School.WorkplaceID, &c.School.Code, &c.School.Name,
			&c.Workplace.ID, &c.Workplace.StudyID, &c.Workplace.Code, &c.Workplace.Name,
			&c.InProgress, &c.Complete); err != nil {
			return nil, fmt.Errorf("counting responses of round %s: %w", roundID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting responses of round %s: %w", roundID, err)
	}
	return out, nil
}
