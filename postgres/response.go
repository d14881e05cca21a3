package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

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
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		if err := lockRounds(ctx, tx, []string{r.RoundID}); err != nil {
			return err
		}
		rd := survey.Round{ID: r.RoundID}
		err := tx.QueryRow(ctx, `SELECT study_id, name, instrument_id, instrument_version, open FROM rounds WHERE id = $1`, r.RoundID).
			Scan(&rd.StudyID, &rd.Name, &rd.InstrumentID, &rd.InstrumentVersion, &rd.Open)
		if err != nil {
			return s.notFound(err, "finding round "+r.RoundID, "there is no round with id %s", r.RoundID)
		}
		roundName = rd.Name
		if err := survey.CheckStartRound(&r, rd); err != nil {
			return err
		}
		var schoolStudy, schoolCode string
		err = tx.QueryRow(ctx, `SELECT study_id, code FROM schools WHERE id = $1`, r.SchoolID).Scan(&schoolStudy, &schoolCode)
		if err != nil {
			return s.notFound(err, "finding school "+r.SchoolID, "there is no school with id %s", r.SchoolID)
		}
		if err := survey.CheckStartSchool(schoolCode, schoolStudy, rd); err != nil {
			return err
		}
		if r.DeviceID == "" {
			if err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, SettingDeviceID).Scan(&r.DeviceID); err != nil {
				return s.notFound(err, "reading the device id", "%s has no device id", s.name)
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO responses
			(id, round_id, school_id, respondent_code, role, status, instrument_id, instrument_version,
			 started_at, finished_at, device_id, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11)`,
			r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role, string(r.Status), r.InstrumentID, r.InstrumentVersion,
			formatTime(r.StartedAt), r.DeviceID, formatTime(s.nowUTC()))
		// A response in progress changes no dataset: the round's counter
		// counts changes to complete responses only.
		return err
	})
	if c, ok := uniqueViolation(err); ok {
		if c == "responses_id_key" {
			return survey.Response{}, survey.IDTaken("response", r.ID)
		}
		return survey.Response{}, survey.RespondentTaken(r.RespondentCode, roundName)
	}
	if err != nil {
		return survey.Response{}, s.wrap(err, "starting a response for "+r.RespondentCode)
	}
	return r, nil
}

const responseColumns = `id, round_id, school_id, respondent_code, role, status, instrument_id, instrument_version,
	started_at, finished_at, device_id`

func scanResponse(row pgx.Row) (survey.Response, error) {
	var r survey.Response
	var status string
	var started int64
	var finished *int64
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
	r, err := scanResponse(s.pool.QueryRow(ctx, `SELECT `+responseColumns+` FROM responses WHERE id = $1`, id))
	if err != nil {
		return survey.Response{}, s.notFound(err, "finding response "+id, "there is no response with id %s", id)
	}
	return r, nil
}

// ResponseFor returns the respondent's response in a round.
func (s *Store) ResponseFor(ctx context.Context, roundID, respondentCode string) (survey.Response, error) {
	r, err := scanResponse(s.pool.QueryRow(ctx,
		`SELECT `+responseColumns+` FROM responses WHERE round_id = $1 AND respondent_code = $2`, roundID, respondentCode))
	if err != nil {
		return survey.Response{}, s.notFound(err, "finding the response of "+respondentCode,
			"respondent %s has no response in this round", respondentCode)
	}
	return r, nil
}

// Responses returns the round's responses, oldest first.
func (s *Store) Responses(ctx context.Context, roundID string) ([]survey.Response, error) {
	return list(ctx, s, "listing responses",
		`SELECT `+responseColumns+` FROM responses WHERE round_id = $1 ORDER BY started_at, id`, scanResponse, roundID)
}

// scanAnswer reads a row whose last columns are answerpack.Columns; lead
// receives the columns before them.
func scanAnswer(row pgx.Row, lead ...any) (survey.Answer, error) {
	var item string
	var number pgtype.Int8
	var choices, text pgtype.Text
	var dontKnow bool
	var answered int64
	if err := row.Scan(append(lead, &item, &number, &choices, &text, &dontKnow, &answered)...); err != nil {
		return survey.Answer{}, err
	}
	return answerpack.LoadAnswer(item, number.Int64, choices.String, text.String, dontKnow, parseTime(answered))
}

// Answers returns the response's answers in the order they were given.
func (s *Store) Answers(ctx context.Context, responseID string) ([]survey.Answer, error) {
	out, err := list(ctx, s, "reading answers of response "+responseID, `SELECT `+answerpack.Columns+`
		FROM answers WHERE response_nr = (SELECT nr FROM responses WHERE id = $1) ORDER BY answered_at, item_id`,
		func(row pgx.Row) (survey.Answer, error) { return scanAnswer(row) }, responseID)
	return out, err
}

// answersByItem reads the answers of the response with key nr in item id
// order: the truth that packed answers are made from.
func answersByItem(ctx context.Context, q querier, nr int64) ([]survey.Answer, error) {
	rows, err := q.Query(ctx, `SELECT `+answerpack.Columns+` FROM answers WHERE response_nr = $1 ORDER BY item_id`, nr)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []survey.Answer
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// writable locks the response's round (lockRounds) and the response, and
// returns the response's key and round, or an error unless the response
// exists, is in progress, and its round is open.
func (s *Store) writable(ctx context.Context, tx pgx.Tx, responseID string) (nr int64, round string, err error) {
	// One round trip, two statements in order: the round's lock first
	// (as every writer takes it), then the response's row.
	var status, code, name string
	var open, found bool
	var b pgx.Batch
	b.Queue(`SELECT round_id FROM round_changes
		WHERE round_id = (SELECT round_id FROM responses WHERE id = $1) FOR UPDATE`, responseID).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&round)
		if isNoRows(err) {
			return nil
		}
		return err
	})
	b.Queue(`SELECT r.nr, r.status, r.respondent_code, d.name, d.open
		FROM responses r JOIN rounds d ON d.id = r.round_id WHERE r.id = $1 FOR UPDATE OF r`, responseID).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&nr, &status, &code, &name, &open)
		if isNoRows(err) {
			return nil
		}
		found = err == nil
		return err
	})
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return 0, "", s.wrap(err, "finding response "+responseID)
	}
	if !found || round == "" {
		return 0, "", survey.Errorf(survey.ENOTFOUND, "there is no response with id %s", responseID)
	}
	if err := survey.CheckWritable(survey.Status(status), open, code, name); err != nil {
		return 0, "", err
	}
	return nr, round, nil
}

// SaveAnswer stores (or replaces) one answer, deletes the answers to the
// cleared items, and records role as the response's role when not empty,
// in one transaction that is committed when SaveAnswer returns. The
// response must be in progress and its round open.
func (s *Store) SaveAnswer(ctx context.Context, responseID string, a survey.Answer, cleared []string, role string) error {
	if err := survey.CheckAnswer(a); err != nil {
		return err
	}
	if a.AnsweredAt.IsZero() {
		a.AnsweredAt = s.nowUTC()
	}
	number, choices, text := answerpack.StoredValue(a.Value)
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		nr, _, err := s.writable(ctx, tx, responseID)
		if err != nil {
			return err
		}
		// One round trip: cleared answers go first, so the answer saved
		// here stays even if cleared names its item.
		var b pgx.Batch
		if len(cleared) > 0 {
			b.Queue(`DELETE FROM answers WHERE response_nr = $1 AND item_id = ANY($2)`, nr, cleared)
		}
		b.Queue(`INSERT INTO answers (response_nr, item_id, number, choices, text, dont_know, answered_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (response_nr, item_id) DO UPDATE SET
				number = excluded.number, choices = excluded.choices, text = excluded.text,
				dont_know = excluded.dont_know, answered_at = excluded.answered_at`,
			nr, a.ItemID, number, choices, text, a.Value.DontKnow, formatTime(a.AnsweredAt))
		// The response's row changes only with a new role, as on SQLite:
		// an answer's commit writes the answer alone.
		if role != "" {
			b.Queue(`UPDATE responses SET role = $1, updated_at = $2 WHERE nr = $3 AND role <> $1`,
				role, formatTime(s.nowUTC()), nr)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
	return s.wrap(err, fmt.Sprintf("saving answer %s of response %s", a.ItemID, responseID))
}

// DeleteAnswer removes an answer (the respondent emptied it) and the
// answers to the cleared items, in one transaction.
func (s *Store) DeleteAnswer(ctx context.Context, responseID, itemID string, cleared []string) error {
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		nr, _, err := s.writable(ctx, tx, responseID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM answers WHERE response_nr = $1 AND item_id = ANY($2)`, nr, append([]string{itemID}, cleared...))
		return err
	})
	return s.wrap(err, fmt.Sprintf("deleting answer %s of response %s", itemID, responseID))
}

// CompleteResponse marks an in-progress response of an open round complete
// at the given time (the current time when zero), and packs its answers.
func (s *Store) CompleteResponse(ctx context.Context, responseID string, at time.Time) error {
	if at.IsZero() {
		at = s.nowUTC()
	}
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		nr, round, err := s.writable(ctx, tx, responseID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE responses SET status = $1, finished_at = $2, updated_at = $3 WHERE nr = $4`,
			string(survey.Complete), formatTime(at), formatTime(s.nowUTC()), nr); err != nil {
			return err
		}
		if err := packResponse(ctx, tx, nr); err != nil {
			return err
		}
		return countChanges(ctx, tx, round)
	})
	return s.wrap(err, "completing response "+responseID)
}

// packResponse stores the packed answers of the completed response with
// key nr, made from its answer rows.
func packResponse(ctx context.Context, tx pgx.Tx, nr int64) error {
	answers, err := answersByItem(ctx, tx, nr)
	if err != nil {
		return fmt.Errorf("packing the answers: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO packed_answers (response_nr, data) VALUES ($1, $2)
		ON CONFLICT (response_nr) DO UPDATE SET data = excluded.data`, nr, answerpack.Append(nil, answers))
	if err != nil {
		return fmt.Errorf("packing the answers: %w", err)
	}
	return nil
}

// ResponseCounts counts the round's responses per school, in progress and
// complete, for every school of the round's study (schools without
// responses count zero), ordered by workplace code, then school code.
func (s *Store) ResponseCounts(ctx context.Context, roundID string) ([]survey.SchoolCount, error) {
	var studyID string
	if err := s.pool.QueryRow(ctx, `SELECT study_id FROM rounds WHERE id = $1`, roundID).Scan(&studyID); err != nil {
		return nil, s.notFound(err, "finding round "+roundID, "there is no round with id %s", roundID)
	}
	return list(ctx, s, "counting responses of round "+roundID,
		`SELECT s.id, s.workplace_id, s.code, s.name, w.id, w.study_id, w.code, w.name,
			count(r.id) FILTER (WHERE r.status = 'in_progress'),
			count(r.id) FILTER (WHERE r.status = 'complete')
		FROM schools s
		JOIN workplaces w ON w.id = s.workplace_id
		LEFT JOIN responses r ON r.round_id = $1 AND r.school_id = s.id
		WHERE s.study_id = $2
		GROUP BY s.id, w.id
		ORDER BY w.code, s.code`,
		func(row pgx.Row) (survey.SchoolCount, error) {
			var c survey.SchoolCount
			err := row.Scan(&c.School.ID, &c.School.WorkplaceID, &c.School.Code, &c.School.Name,
				&c.Workplace.ID, &c.Workplace.StudyID, &c.Workplace.Code, &c.Workplace.Name,
				&c.InProgress, &c.Complete)
			return c, err
		}, roundID, studyID)
}
