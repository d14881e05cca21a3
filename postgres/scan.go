package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"peil/answerpack"
	"peil/survey"
)

// ScanResponses calls fn with every response that f selects, with its
// answers (ordered by item id), one response at a time: ordered by round
// (oldest first), school code and start time, all from one snapshot of
// the database (a repeatable-read transaction). It first reads the keys
// of the selected responses in order, then the responses with their
// packed answers scanBatchSize at a time, on a goroutine of its own while
// this one unpacks and calls fn; memory stays at a few batches. fn may
// keep the records it is given (unless f.LendAnswers); fn's error stops
// the scan and is returned as is.
func (s *Store) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.StudyID != "" {
		where = append(where, "d.study_id = "+arg(f.StudyID))
	}
	in := func(col string, ids []string) {
		if len(ids) > 0 {
			where = append(where, col+" = ANY("+arg(ids)+")")
		}
	}
	in("r.round_id", f.RoundIDs)
	in("r.school_id", f.SchoolIDs)
	in("s.workplace_id", f.WorkplaceIDs)
	if f.InstrumentID != "" {
		where = append(where, "r.instrument_id = "+arg(f.InstrumentID))
	}
	if f.CompleteOnly {
		where = append(where, "r.status = 'complete'")
	}
	q := `SELECT r.nr
		FROM responses r
		JOIN rounds d ON d.id = r.round_id
		JOIN schools s ON s.id = r.school_id`
	if len(where) > 0 {
		q += "\n\t\tWHERE " + strings.Join(where, " AND ")
	}
	q += "\n\t\tORDER BY d.created_at, d.id, s.code, r.started_at, r.nr"

	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return s.errorf(err, "reading responses")
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return s.errorf(err, "reading responses")
	}
	nrs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return s.errorf(err, "reading responses")
	}

	// Two stages, one per core (answerpack.Scan): a goroutine reads
	// batches (the transaction is its alone from here on), this one
	// unpacks their answers and calls fn; the reader is stopped and
	// waited for before the transaction ends.
	r := &batchReader{tx: tx, withAnswers: !f.WithoutAnswers, index: make(map[int64]int, scanBatchSize)}
	read := func(ctx context.Context, nrs []int64) (answerpack.Batch, error) {
		b, err := r.read(ctx, nrs)
		if err != nil {
			return answerpack.Batch{}, s.errorf(err, "reading responses")
		}
		return *b, nil
	}
	return answerpack.Scan(ctx, nrs, scanBatchSize, f.LendAnswers, read, fn)
}

// scanBatchSize is how many responses ScanResponses reads at a time.
const scanBatchSize = 1000

// batchReader reads batches of responses by key.
type batchReader struct {
	tx          pgx.Tx
	withAnswers bool
	index       map[int64]int // nr → position in the batch
	// strs keeps one copy of the texts that repeat from response to
	// response (round, school, role, status, instrument, device).
	strs map[string]string
}

// str returns b as a string, the same string every time for the same
// bytes.
func (r *batchReader) str(b []byte) string {
	if s, ok := r.strs[string(b)]; ok {
		return s
	}
	if r.strs == nil {
		r.strs = make(map[string]string)
	}
	s := string(b)
	r.strs[s] = s
	return s
}

// read reads the responses with keys nrs, in the order of nrs.
func (r *batchReader) read(ctx context.Context, nrs []int64) (*answerpack.Batch, error) {
	clear(r.index)
	for i, nr := range nrs {
		r.index[nr] = i
	}
	b := &answerpack.Batch{Records: make([]survey.ResponseRecord, len(nrs)), Packed: make([][]byte, len(nrs))}
	answersCol := "NULL::bytea"
	if r.withAnswers {
		answersCol = "p.data"
	}
	rows, err := r.tx.Query(ctx, `SELECT r.nr, r.id, r.round_id, r.school_id, r.respondent_code, r.role, r.status,
			r.instrument_id, r.instrument_version, r.started_at, r.finished_at, r.device_id, `+answersCol+`
		FROM responses r LEFT JOIN packed_answers p ON p.response_nr = r.nr
		WHERE r.nr = ANY($1)`, nrs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var inProgress []int64
	var round, school, role, status, instrument, device []byte
	for rows.Next() {
		var (
			nr       int64
			started  int64
			finished *int64
			data     []byte
			resp     survey.Response
		)
		if err := rows.Scan(&nr, &resp.ID, &round, &school, &resp.RespondentCode, &role, &status,
			&instrument, &resp.InstrumentVersion, &started, &finished, &device, &data); err != nil {
			return nil, err
		}
		resp.RoundID, resp.SchoolID, resp.Role = r.str(round), r.str(school), r.str(role)
		resp.Status, resp.InstrumentID, resp.DeviceID = survey.Status(r.str(status)), r.str(instrument), r.str(device)
		resp.StartedAt = parseTime(started)
		resp.FinishedAt = parseNullTime(finished)
		i := r.index[nr]
		b.Records[i].Response = resp
		switch {
		case !r.withAnswers:
		case data != nil:
			b.Packed[i] = data
		case resp.Status == survey.Complete:
			return nil, fmt.Errorf("reading the answers of response %s: %w", resp.ID, answerpack.ErrMissing)
		default:
			inProgress = append(inProgress, nr)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range b.Records {
		if b.Records[i].Response.ID == "" {
			return nil, fmt.Errorf("response %d disappeared during the scan", nrs[i])
		}
	}
	if len(inProgress) > 0 {
		rows, err := r.tx.Query(ctx, `SELECT response_nr, `+answerpack.Columns+`
			FROM answers WHERE response_nr = ANY($1) ORDER BY response_nr, item_id`, inProgress)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var nr int64
			a, err := scanAnswer(rows, &nr)
			if err != nil {
				return nil, err
			}
			rec := &b.Records[r.index[nr]]
			rec.Answers = append(rec.Answers, a)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return b, nil
}
