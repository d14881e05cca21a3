package storage

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"peil/survey"
)

// ScanResponses calls fn with every response that f selects, with its
// answers (ordered by item id), one response at a time: ordered by round
// (oldest first), school code and start time. One query reads responses
// and their answers together, streaming, so memory stays at one response
// whatever the study's size.
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
	// Each response comes with its answers packed into one text by a
	// subquery that reads them through the answers primary key: one row
	// per response instead of one per answer saves repeating (and
	// allocating) the response's columns 40 times, which made a national
	// study take seconds. Fields are separated by 0x1f, answers by 0x1e;
	// open text is hex-encoded so that it may hold any character. The
	// subquery walks the answers primary key (response_nr, item_id), so
	// the answers come in item order without a sort per response.
	answersCol := "coalesce(r.packed, " + packedAnswersSQL("r.nr") + ")"
	if f.WithoutAnswers {
		answersCol = "NULL"
	}
	q := `SELECT r.id, r.round_id, r.school_id, r.respondent_code, r.role, r.status,
			r.instrument_id, r.instrument_version, r.started_at, r.finished_at, r.device_id,
			` + answersCol + `
		FROM responses r
		JOIN rounds d ON d.id = r.round_id
		JOIN schools s ON s.id = r.school_id`
	if len(where) > 0 {
		q += "\n\t\tWHERE " + strings.Join(where, " AND ")
	}
	q += "\n\t\tORDER BY d.created_at, d.id, s.code, r.started_at, r.nr"

	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r        survey.Response
			status   string
			started  int64
			finished sql.NullInt64
			packed   sql.NullString
		)
		if err := rows.Scan(&r.ID, &r.RoundID, &r.SchoolID, &r.RespondentCode, &r.Role, &status,
			&r.InstrumentID, &r.InstrumentVersion, &started, &finished, &r.DeviceID, &packed); err != nil {
			return fmt.Errorf("reading responses: %w", err)
		}
		r.Status = survey.Status(status)
		r.StartedAt = parseTime(started)
		r.FinishedAt = parseNullTime(finished)
		answers, err := unpackAnswers(packed.String)
		if err != nil {
			return fmt.Errorf("reading the answers of response %s: %w", r.ID, err)
		}
		if err := fn(survey.ResponseRecord{Response: r, Answers: answers}); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	return nil
}

// packedAnswersSQL is the subquery that packs the answers of the response
// whose nr is the SQL expression nr into one text: fields separated by
// 0x1f, answers by 0x1e, open text hex-encoded so that it may hold any
// character. It walks the answers primary key (response_nr, item_id), so
// the answers come in item order without a sort. A completed response
// keeps this text in responses.packed (migration 0003), so reading a
// national study reads one row per response instead of one per answer.
func packedAnswersSQL(nr string) string {
	return `(SELECT group_concat(a.item_id || '` + fieldSep + `' || ifnull(a.number, '') || '` + fieldSep + `' || ifnull(a.choices, '')
					|| '` + fieldSep + `' || ifnull(hex(a.text), '') || '` + fieldSep + `' || a.dont_know || '` + fieldSep + `' || a.answered_at,
				'` + answerSep + `')
			 FROM answers a WHERE a.response_nr = ` + nr + `)`
}

// packSQL stores the packed answers of a completed response (one
// parameter: its nr); it runs in the transaction that completes or
// imports the response.
var packSQL = `UPDATE responses SET packed = ` + packedAnswersSQL("responses.nr") + ` WHERE nr = ? AND status = 'complete'`

// The separators of packed answers: fields, and answers.
const (
	fieldSep  = "\x1f"
	answerSep = "\x1e"
)

// unpackAnswers reads the answers ScanResponses packs into one text.
func unpackAnswers(packed string) ([]survey.Answer, error) {
	if packed == "" {
		return nil, nil
	}
	out := make([]survey.Answer, 0, strings.Count(packed, answerSep)+1)
	for rec := range strings.SplitSeq(packed, answerSep) {
		var f [6]string
		rest := rec
		for i := range 5 {
			var ok bool
			f[i], rest, ok = strings.Cut(rest, fieldSep)
			if !ok {
				return nil, fmt.Errorf("bad answer record %q in database", rec)
			}
		}
		f[5] = rest
		a := survey.Answer{ItemID: f[0]}
		var err error
		if f[1] != "" {
			if a.Value.Number, err = strconv.Atoi(f[1]); err != nil {
				return nil, fmt.Errorf("answer %s: bad number %q in database", f[0], f[1])
			}
		}
		if a.Value.Choices, err = parseChoices(sql.NullString{String: f[2], Valid: f[2] != ""}); err != nil {
			return nil, fmt.Errorf("answer %s: %w", f[0], err)
		}
		if f[3] != "" {
			b, err := hex.DecodeString(f[3])
			if err != nil {
				return nil, fmt.Errorf("answer %s: bad text in database", f[0])
			}
			a.Value.Text = string(b)
		}
		a.Value.DontKnow = f[4] == "1"
		ns, err := strconv.ParseInt(f[5], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("answer %s: bad time %q in database", f[0], f[5])
		}
		a.AnsweredAt = parseTime(ns)
		out = append(out, a)
	}
	return out, nil
}
