package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"peil/survey"
)

// ScanResponses calls fn with every response that f selects, with its
// answers (ordered by item id), one response at a time: ordered by round
// (oldest first), school code and start time. One query reads responses
// and answers together; answers are grouped into their response as the
// rows arrive, so memory stays at one response whatever the study's size.
// fn's error stops the scan and is returned as is.
func (s *Store) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	var where []string
	var args []any
	if f.StudyID != "" {
		where = append(where, "d.study_id = ?")
		args = append(args, f.StudyID)
	}
	in := func(col string, ids []string) {
		if len(ids) == 0 {
			return
		}
		where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	in("r.round_id", f.RoundIDs)
	in("r.school_id", f.SchoolIDs)
	in("s.workplace_id", f.WorkplaceIDs)
	if f.InstrumentID != "" {
		where = append(where, "r.instrument_id = ?")
		args = append(args, f.InstrumentID)
	}
	if f.CompleteOnly {
		where = append(where, "r.status = 'complete'")
	}
	q := `SELECT r.nr, r.id, r.round_id, r.school_id, r.respondent_code, r.role, r.status,
			r.instrument_id, r.instrument_version, r.started_at, r.finished_at, r.device_id,
			a.item_id, a.number, a.choices, a.text, a.dont_know, a.answered_at
		FROM responses r
		JOIN rounds d ON d.id = r.round_id
		JOIN schools s ON s.id = r.school_id
		LEFT JOIN answers a ON a.response_nr = r.nr`
	if len(where) > 0 {
		q += "\n\t\tWHERE " + strings.Join(where, " AND ")
	}
	q += "\n\t\tORDER BY d.created_at, d.id, s.code, r.started_at, r.nr, a.item_id"

	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	defer rows.Close()
	var (
		rec    survey.ResponseRecord
		curNr  int64 = -1
		have   bool
		status string
	)
	var (
		nr            int64
		started       int64
		finished      sql.NullInt64
		item          sql.NullString
		number        sql.NullInt64
		choices, text sql.NullString
		dontKnow      sql.NullInt64
		answered      sql.NullInt64
		resp          survey.Response
	)
	for rows.Next() {
		if err := rows.Scan(&nr, &resp.ID, &resp.RoundID, &resp.SchoolID, &resp.RespondentCode, &resp.Role, &status,
			&resp.InstrumentID, &resp.InstrumentVersion, &started, &finished, &resp.DeviceID,
			&item, &number, &choices, &text, &dontKnow, &answered); err != nil {
			return fmt.Errorf("reading responses: %w", err)
		}
		if nr != curNr {
			if have {
				if err := fn(rec); err != nil {
					return err
				}
			}
			resp.Status = survey.Status(status)
			resp.StartedAt = parseTime(started)
			resp.FinishedAt = parseNullTime(finished)
			rec = survey.ResponseRecord{Response: resp}
			curNr, have = nr, true
		}
		if !item.Valid {
			continue // a response without answers
		}
		a := survey.Answer{ItemID: item.String, AnsweredAt: parseTime(answered.Int64)}
		a.Value.Number = int(number.Int64)
		a.Value.Text = text.String
		a.Value.DontKnow = dontKnow.Int64 == 1
		if a.Value.Choices, err = parseChoices(choices); err != nil {
			return fmt.Errorf("reading answer %s of response %s: %w", a.ItemID, rec.Response.ID, err)
		}
		rec.Answers = append(rec.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	if have {
		return fn(rec)
	}
	return nil
}
