package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"peil/answerpack"
	"peil/survey"
)

// ScanResponses calls fn with every response that f selects, with its
// answers (ordered by item id), one response at a time: ordered by round
// (oldest first), school code and start time, all from one snapshot of
// the database. Memory stays at a few batches of 500 responses (plus 40
// bytes a response for the sorted keys) whatever the study's size; a
// second goroutine reads the next batches from SQLite while fn runs.
// fn may keep the records it is given. fn's error stops the scan and is
// returned as is.
func (s *Store) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	defer tx.Rollback()
	// First the keys of the responses, in scan order; then the responses
	// with their answers, a batch of keys at a time, in the same read
	// transaction (one snapshot, whatever kiosks write meanwhile): the
	// packed blob of a completed response, the answer rows of one in
	// progress. Memory stays at a few batches, plus 40 bytes a response
	// for the keys.
	ks, err := scanKeys(ctx, tx, f)
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}

	// Two stages, one per core (answerpack.Scan): a goroutine reads
	// batches (the transaction is its alone from here on), this one
	// unpacks their answers and calls fn; the reader is stopped and
	// waited for before the transaction ends.
	r := &batchReader{tx: tx, withAnswers: !f.WithoutAnswers, instrument: f.InstrumentID, keys: ks,
		index: make(map[int64]int, scanBatchSize), strs: make(map[string]string), free: make(chan *batchBuf, 4)}
	read := func(ctx context.Context, nrs []int64) (answerpack.Batch, error) {
		b, err := r.read(ctx, nrs)
		if err != nil {
			return answerpack.Batch{}, err
		}
		return *b, nil
	}
	return answerpack.Scan(ctx, ks.nrs, scanBatchSize, f.LendAnswers, read, fn)
}

// scanKey is a response's place in scan order: its round's and school's
// ranks, its start time and its key; and its school's position in
// keySet.schoolIDs.
type scanKey struct {
	round, school, schoolAt int32
	started, nr             int64
}

// keySet is the responses a scan reads, in order, and the ids of their
// rounds (by rank) and schools, so that a batch need not read them again.
type keySet struct {
	keys      []scanKey
	nrs       []int64 // the keys' nr, in order
	roundIDs  []string
	schoolIDs []string
}

// scanKeys returns the keys of the responses f selects, ordered by round
// (created_at, then id), school code, start time and key. The rounds and
// schools are read first (a few hundred rows), the responses from the
// index on (round_id, school_id, status, started_at) alone, and sorted
// here: sorting 45,000 keys with their texts in SQLite and looking each
// response up in its table cost more than the rest of the scan. The
// instrument is not in the index: a batch leaves out the responses of
// another instrument (batchReader.read), so a key may stand for nothing.
func scanKeys(ctx context.Context, tx *sql.Tx, f survey.ResponseFilter) (*keySet, error) {
	ks := &keySet{}
	type round struct {
		id      string
		created int64
	}
	var rounds []round
	q, args := "SELECT id, created_at FROM rounds", []any(nil)
	if f.StudyID != "" {
		q, args = q+" WHERE study_id = ?", append(args, f.StudyID)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r round
		if err := rows.Scan(&r.id, &r.created); err != nil {
			rows.Close()
			return nil, err
		}
		if len(f.RoundIDs) == 0 || slices.Contains(f.RoundIDs, r.id) {
			rounds = append(rounds, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(rounds) == 0 {
		return ks, nil
	}
	slices.SortFunc(rounds, func(a, b round) int {
		if c := cmp.Compare(a.created, b.created); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	roundRank := make(map[string]int32, len(rounds))
	for i, r := range rounds {
		roundRank[r.id] = int32(i)
		ks.roundIDs = append(ks.roundIDs, r.id)
	}

	// Schools by code: a round's schools are its study's, whose codes
	// are unique, so the rank of the code orders them as the code does.
	type school struct{ id, code string }
	var schools []school
	rows, err = tx.QueryContext(ctx, "SELECT id, code, workplace_id FROM schools")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sc school
		var workplace string
		if err := rows.Scan(&sc.id, &sc.code, &workplace); err != nil {
			rows.Close()
			return nil, err
		}
		if len(f.SchoolIDs) > 0 && !slices.Contains(f.SchoolIDs, sc.id) ||
			len(f.WorkplaceIDs) > 0 && !slices.Contains(f.WorkplaceIDs, workplace) {
			continue
		}
		schools = append(schools, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(schools, func(a, b school) int { return strings.Compare(a.code, b.code) })
	type schoolPlace struct{ rank, at int32 }
	schoolRank := make(map[string]schoolPlace, len(schools))
	for i, sc := range schools {
		rank := int32(i)
		if i > 0 && sc.code == schools[i-1].code {
			rank = schoolRank[schools[i-1].id].rank
		}
		schoolRank[sc.id] = schoolPlace{rank, int32(i)}
		ks.schoolIDs = append(ks.schoolIDs, sc.id)
	}

	q = "SELECT nr, round_id, school_id, started_at FROM responses WHERE round_id IN (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(rounds)), ", ") + ")"
	args = args[:0]
	for _, r := range rounds {
		args = append(args, r.id)
	}
	if f.CompleteOnly {
		q += " AND status = 'complete'"
	}
	rows, err = tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []scanKey
	var roundID, schoolID sql.RawBytes
	for rows.Next() {
		var k scanKey
		if err := rows.Scan(&k.nr, &roundID, &schoolID, &k.started); err != nil {
			return nil, err
		}
		sp, ok := schoolRank[string(schoolID)]
		if !ok {
			continue
		}
		k.round, k.school, k.schoolAt = roundRank[string(roundID)], sp.rank, sp.at
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(keys, func(a, b scanKey) int {
		if c := cmp.Compare(a.round, b.round); c != 0 {
			return c
		}
		if c := cmp.Compare(a.school, b.school); c != 0 {
			return c
		}
		if c := cmp.Compare(a.started, b.started); c != 0 {
			return c
		}
		return cmp.Compare(a.nr, b.nr)
	})
	ks.keys, ks.nrs = keys, make([]int64, len(keys))
	for i, k := range keys {
		ks.nrs[i] = k.nr
	}
	return ks, nil
}

// scanBatchSize is how many responses ScanResponses reads at a time:
// enough to make the cost per query small, few enough to keep memory flat.
const scanBatchSize = 500

// batchReader reads batches of responses by key.
type batchReader struct {
	tx          *sql.Tx
	withAnswers bool
	// instrument, when not empty, leaves out the responses to other
	// instruments (scanKeys does not look).
	instrument string
	// keys are the scan's keys; answerpack.Scan asks for them in order,
	// a batch at a time, and done counts those read.
	keys *keySet
	done int
	// stmt is the batch query (prepare), args its arguments, reused.
	stmt  *sql.Stmt
	args  []any
	index map[int64]int // nr → position in the batch
	// strs keeps one copy of the texts that repeat from response to
	// response (role, device).
	strs map[string]string
	// free holds the memory of batches the scan is done with
	// (answerpack.Batch.Release), for the next batches.
	free chan *batchBuf
}

// batchBuf is the memory of one batch: its records, and its blobs copied
// one after the other into data.
type batchBuf struct {
	recs   []survey.ResponseRecord
	packed [][]byte
	data   []byte
}

// str returns b as a string, the same string every time for the same
// bytes.
func (r *batchReader) str(raw sql.RawBytes) string {
	if s, ok := r.strs[string(raw)]; ok {
		return s
	}
	s := string(raw)
	r.strs[s] = s
	return s
}

// prepare prepares the query of a batch, once a scan: the texts of 90
// queries with their keys written out took SQLite longer to parse than
// the one with scanBatchSize parameters.
func (r *batchReader) prepare(ctx context.Context) error {
	answersCol := "NULL"
	if r.withAnswers {
		answersCol = "p.data"
	}
	// The round and school come from the keys; with an instrument to
	// select, whether the response is one of it (NULL: no string).
	instrumentCol := "r.instrument_id"
	if r.instrument != "" {
		instrumentCol = "CASE WHEN r.instrument_id = ? THEN NULL ELSE r.instrument_id END"
	}
	stmt, err := r.tx.PrepareContext(ctx, `SELECT r.nr, r.id, r.respondent_code, r.role, r.status = 'complete',
			`+instrumentCol+`, r.instrument_version, r.started_at, r.finished_at, r.device_id, `+answersCol+`
		FROM responses r LEFT JOIN packed_answers p ON p.response_nr = r.nr
		WHERE r.nr IN (`+strings.TrimSuffix(strings.Repeat("?,", scanBatchSize), ",")+`)`)
	if err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	r.stmt = stmt
	return nil
}

// read reads the responses with keys nrs, the next of the scan's keys, in
// the order of nrs.
func (r *batchReader) read(ctx context.Context, nrs []int64) (*answerpack.Batch, error) {
	if len(nrs) == 0 || r.done+len(nrs) > len(r.keys.keys) || r.keys.keys[r.done].nr != nrs[0] {
		return nil, fmt.Errorf("reading responses: a batch that does not follow the one before (peil's mistake)")
	}
	keys := r.keys.keys[r.done : r.done+len(nrs)]
	r.done += len(nrs)
	clear(r.index)
	for i, nr := range nrs {
		r.index[nr] = i
	}
	var buf *batchBuf
	select {
	case buf = <-r.free:
	default:
		buf = &batchBuf{}
	}
	buf.recs = slices.Grow(buf.recs[:0], len(nrs))[:len(nrs)]
	buf.packed = slices.Grow(buf.packed[:0], len(nrs))[:len(nrs)]
	clear(buf.recs)
	clear(buf.packed)
	buf.data = buf.data[:0]
	b := &answerpack.Batch{Records: buf.recs, Packed: buf.packed, Release: func() {
		select {
		case r.free <- buf:
		default:
		}
	}}
	if r.stmt == nil {
		if err := r.prepare(ctx); err != nil {
			return nil, err
		}
	}
	// The statement takes scanBatchSize keys: a shorter batch repeats
	// its last key, which IN does not count twice.
	r.args = r.args[:0]
	if r.instrument != "" {
		r.args = append(r.args, r.instrument)
	}
	for i := range scanBatchSize {
		r.args = append(r.args, nrs[min(i, len(nrs)-1)])
	}
	rows, err := r.stmt.QueryContext(ctx, r.args...)
	if err != nil {
		return nil, fmt.Errorf("reading responses: %w", err)
	}
	defer rows.Close()
	var inProgress []int64
	var role, device, data sql.RawBytes
	for rows.Next() {
		var (
			nr       int64
			started  int64
			finished sql.NullInt64
			complete bool
			other    sql.NullString // the instrument, NULL for the one selected
			resp     survey.Response
		)
		// The status is 'complete' or 'in_progress' (a CHECK): read as
		// a number, it costs no string. The blob is copied into the
		// batch's memory (RawBytes: no copy of its own).
		if err := rows.Scan(&nr, &resp.ID, &resp.RespondentCode, &role, &complete,
			&other, &resp.InstrumentVersion, &started, &finished, &device, &data); err != nil {
			return nil, fmt.Errorf("reading responses: %w", err)
		}
		i, ok := r.index[nr]
		if !ok {
			return nil, fmt.Errorf("reading responses: response %d was not asked for (peil's mistake)", nr)
		}
		k := &keys[i]
		resp.RoundID, resp.SchoolID = r.keys.roundIDs[k.round], r.keys.schoolIDs[k.schoolAt]
		resp.Role, resp.DeviceID = r.str(role), r.str(device)
		resp.InstrumentID = other.String
		if !other.Valid {
			resp.InstrumentID = r.instrument
		}
		resp.Status = survey.InProgress
		if complete {
			resp.Status = survey.Complete
		}
		resp.StartedAt = parseTime(started)
		resp.FinishedAt = parseNullTime(finished)
		b.Records[i].Response = resp
		switch {
		case r.instrument != "" && resp.InstrumentID != r.instrument:
			// Left out below.
		case !r.withAnswers:
		case data != nil:
			at := len(buf.data)
			buf.data = append(buf.data, data...)
			b.Packed[i] = buf.data[at:len(buf.data):len(buf.data)]
		case resp.Status == survey.Complete:
			return nil, fmt.Errorf("reading the answers of response %s: %w", resp.ID, answerpack.ErrMissing)
		default:
			inProgress = append(inProgress, nr)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading responses: %w", err)
	}
	rows.Close()
	for i := range b.Records {
		if b.Records[i].Response.ID == "" {
			return nil, fmt.Errorf("reading responses: response %d disappeared during the scan", nrs[i])
		}
	}
	if len(inProgress) > 0 {
		if err := r.readAnswerRows(ctx, b, inProgress); err != nil {
			return nil, err
		}
	}
	if r.instrument != "" {
		n := 0
		for i := range b.Records {
			if b.Records[i].Response.InstrumentID == r.instrument {
				b.Records[n], b.Packed[n] = b.Records[i], b.Packed[i]
				n++
			}
		}
		b.Records, b.Packed = b.Records[:n], b.Packed[:n]
	}
	return b, nil
}

// readAnswerRows fills in the answers of responses in progress from their
// answer rows.
func (r *batchReader) readAnswerRows(ctx context.Context, b *answerpack.Batch, nrs []int64) error {
	rows, err := r.tx.QueryContext(ctx, `SELECT response_nr, `+answerpack.Columns+`
		FROM answers WHERE response_nr IN (`+keyList(nrs)+`) ORDER BY response_nr, item_id`)
	if err != nil {
		return fmt.Errorf("reading answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var nr int64
		a, err := scanAnswer(rows, &nr)
		if err != nil {
			return fmt.Errorf("reading answers: %w", err)
		}
		rec := &b.Records[r.index[nr]]
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
