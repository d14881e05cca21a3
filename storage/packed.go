package storage

import (
	"context"
	"database/sql"
	"fmt"

	"peil/answerpack"
	"peil/survey"
)

// A completed response keeps its answers packed into one blob in
// packed_answers (migration 0004) besides its rows in answers; the format
// is answerpack's, shared with the PostgreSQL store. The answers table
// stays the truth: the tests check a blob against the rows with
// CheckPacked after every way of writing one.

// answersByItem reads the answers of the response with key nr in item id
// order: the truth that packed answers are made from.
func answersByItem(ctx context.Context, q querier, nr int64) ([]survey.Answer, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+answerpack.Columns+` FROM answers WHERE response_nr = ? ORDER BY item_id`, nr)
	if err != nil {
		return nil, err
	}
	return scanAnswers(rows)
}

// scanAnswer reads the current row, whose last columns are
// answerpack.Columns; lead receives the columns before them.
func scanAnswer(rows *sql.Rows, lead ...any) (survey.Answer, error) {
	var item string
	var number sql.NullInt64
	var choices, text sql.NullString
	var dontKnow bool
	var answered int64
	if err := rows.Scan(append(lead, &item, &number, &choices, &text, &dontKnow, &answered)...); err != nil {
		return survey.Answer{}, err
	}
	return answerpack.LoadAnswer(item, number.Int64, choices.String, text.String, dontKnow, parseTime(answered))
}

// scanAnswers reads answer rows (answerpack.Columns) and closes them.
func scanAnswers(rows *sql.Rows) ([]survey.Answer, error) {
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

// packResponse stores the packed answers of the completed response with
// key nr; it runs in the transaction that completes, imports or merges
// the response.
func packResponse(ctx context.Context, tx *sql.Tx, nr int64) error {
	answers, err := answersByItem(ctx, tx, nr)
	if err != nil {
		return fmt.Errorf("packing the answers: %w", err)
	}
	return storePacked(ctx, tx, nr, answers)
}

// storePacked stores answers, which must be ordered by item id and be
// exactly what the response's answer rows hold, as its packed answers.
func storePacked(ctx context.Context, tx *sql.Tx, nr int64, answers []survey.Answer) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO packed_answers (response_nr, data) VALUES (?, ?)
		ON CONFLICT (response_nr) DO UPDATE SET data = excluded.data`, nr, answerpack.Append(nil, answers))
	if err != nil {
		return fmt.Errorf("packing the answers: %w", err)
	}
	return nil
}

// packAll packs the answers of every completed response that has none
// packed yet: the Go half of migration 0004.
func packAll(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT nr FROM responses
		WHERE status = 'complete' AND nr NOT IN (SELECT response_nr FROM packed_answers) ORDER BY nr`)
	if err != nil {
		return err
	}
	var nrs []int64
	for rows.Next() {
		var nr int64
		if err := rows.Scan(&nr); err != nil {
			rows.Close()
			return err
		}
		nrs = append(nrs, nr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, nr := range nrs {
		if err := packResponse(ctx, tx, nr); err != nil {
			return err
		}
	}
	return nil
}
