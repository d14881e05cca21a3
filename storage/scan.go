package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
	// First the keys of the responses, sorted: sorting 45,000 integers is
	// quick, sorting whole responses (let alone 1.8 million answers) was
	// not. Then the responses with their answers, a batch of keys at a
	// time, in the same read transaction (one snapshot, whatever kiosks
	// write meanwhile): the packed blob of a completed response, the
	// answer rows of one in progress. Memory stays at one batch, plus
	// 8 bytes a response for the keys.
	q := `SELECT r.nr
		FROM responses r
		JOIN rounds d ON d.id = r.round_id
		JOIN schools s ON s.id = r.school_id`
	if len(where) > 0 {
		q += "\n\t\tWHERE " + strings.Join(where, " AND ")
	}
	q += "\n\t\tORDER BY d.created_at, d.id, s.code, r.started_at, r.nr"

	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	defer tx.Rollback()
	var nrs []int64
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	for rows.Next() {
		var nr int64
		if err := rows.Scan(&nr); err != nil {
			rows.Close()
			return fmt.Errorf("reading responses: %w", err)
		}
		nrs = append(nrs, nr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	b := &scanBatch{tx: tx, unpacker: newUnpacker(), withAnswers: !f.WithoutAnswers,
		index: make(map[int64]int, scanBatchSize), strs: make(map[string]string)}
	for len(nrs) > 0 {
		n := min(len(nrs), scanBatchSize)
		if err := b.read(ctx, nrs[:n], fn); err != nil {
			return err
		}
		nrs = nrs[n:]
	}
	return nil
}

// scanBatchSize is how many responses ScanResponses reads at a time:
// enough to make the cost per query small, few enough to keep memory flat.
const scanBatchSize = 500

// scanBatch reads batches of responses by key.
type scanBatch struct {
	tx          *sql.Tx
	unpacker    *unpacker
	withAnswers bool
	recs        []survey.ResponseRecord
	index       map[int64]int // nr → position in recs
	// strs keeps one copy of the texts that repeat from response to
	// response (round, school, role, status, instrument, device).
	strs map[string]string
}

// str returns b as a string, the same string every time for the same
// bytes.
func (b *scanBatch) str(raw sql.RawBytes) string {
	if s, ok := b.strs[string(raw)]; ok {
		return s
	}
	s := string(raw)
	b.strs[s] = s
	return s
}

// read reads the responses with keys nrs and calls fn with each, in the
// order of nrs. An error of fn comes back as is.
func (b *scanBatch) read(ctx context.Context, nrs []int64, fn func(survey.ResponseRecord) error) error {
	clear(b.index)
	for i, nr := range nrs {
		b.index[nr] = i
	}
	b.recs = slices.Grow(b.recs[:0], len(nrs))[:len(nrs)]
	clear(b.recs)
	list := keyList(nrs)
	answersCol := "NULL"
	if b.withAnswers {
		answersCol = "p.data"
	}
	rows, err := b.tx.QueryContext(ctx, `SELECT r.nr, r.id, r.round_id, r.school_id, r.respondent_code, r.role, r.status,
			r.instrument_id, r.instrument_version, r.started_at, r.finished_at, r.device_id, `+answersCol+`
		FROM responses r LEFT JOIN packed_answers p ON p.response_nr = r.nr
		WHERE r.nr IN (`+list+`)`)
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	defer rows.Close()
	var inProgress []int64
	var round, school, role, status, instrument, device sql.RawBytes
	for rows.Next() {
		var (
			nr       int64
			started  int64
			finished sql.NullInt64
			data     sql.RawBytes // valid until the next row: unpacked at once
		)
		var r survey.Response
		if err := rows.Scan(&nr, &r.ID, &round, &school, &r.RespondentCode, &role, &status,
			&instrument, &r.InstrumentVersion, &started, &finished, &device, &data); err != nil {
			return fmt.Errorf("reading responses: %w", err)
		}
		r.RoundID, r.SchoolID, r.Role = b.str(round), b.str(school), b.str(role)
		r.Status, r.InstrumentID, r.DeviceID = survey.Status(b.str(status)), b.str(instrument), b.str(device)
		r.StartedAt = parseTime(started)
		r.FinishedAt = parseNullTime(finished)
		rec := &b.recs[b.index[nr]]
		rec.Response = r
		switch {
		case !b.withAnswers:
		case data != nil:
			if rec.Answers, err = b.unpacker.unpack(data); err != nil {
				return fmt.Errorf("reading the answers of response %s: %w", r.ID, err)
			}
		case r.Status == survey.Complete:
			return fmt.Errorf("reading the answers of response %s: it is complete but its answers were not packed; the database is damaged, restore a backup", r.ID)
		default:
			inProgress = append(inProgress, nr)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	rows.Close()
	if len(inProgress) > 0 {
		if err := b.readAnswerRows(ctx, inProgress); err != nil {
			return err
		}
	}
	for i := range b.recs {
		if b.recs[i].Response.ID == "" {
			return fmt.Errorf("reading responses: response %d disappeared during the scan", nrs[i])
		}
		if err := fn(b.recs[i]); err != nil {
			return err
		}
	}
	return nil
}

// readAnswerRows fills in the answers of responses in progress from their
// answer rows.
func (b *scanBatch) readAnswerRows(ctx context.Context, nrs []int64) error {
	rows, err := b.tx.QueryContext(ctx, `SELECT response_nr, item_id, number, choices, text, dont_know, answered_at
		FROM answers WHERE response_nr IN (`+keyList(nrs)+`) ORDER BY response_nr, item_id`)
	if err != nil {
		return fmt.Errorf("reading answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a survey.Answer
		var nr int64
		var number sql.NullInt64
		var choices, text sql.NullString
		var answered int64
		if err := rows.Scan(&nr, &a.ItemID, &number, &choices, &text, &a.Value.DontKnow, &answered); err != nil {
			return fmt.Errorf("reading answers: %w", err)
		}
		rec := &b.recs[b.index[nr]]
		a.Value.Number = int(number.Int64)
		a.Value.Text = text.String
		if a.Value.Choices, err = parseChoices(choices); err != nil {
			return fmt.Errorf("reading answer %s of response %s: %w", a.ItemID, rec.Response.ID, err)
		}
		a.AnsweredAt = parseTime(answered)
		rec.Answers = append(rec.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading answers: %w", err)
	}
	return nil
}

// keyList writes response keys as an SQL list: 1,2,3. Keys are integers
// from the database, so they need no quoting.
func keyList(nrs []int64) string {
	var sb strings.Builder
	for i, nr := range nrs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.FormatInt(nr, 10))
	}
	return sb.String()
}
