package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"peil/answerpack"
	"peil/survey"
)

// ImportResponses stores responses collected elsewhere (another laptop's
// data package, a generated demo study) with their answers, in one
// transaction: all of them or, on an error, none. It is idempotent by
// response ID: a response whose ID is already in the database is left as
// it is and not counted. It returns the number of responses added.
//
// Rounds may be closed. Each response must belong to a round and a school
// of the same study, use the round's instrument version (empty instrument
// fields take it), be in progress or complete with a FinishedAt, and have
// a respondent code not used by another response of the round. An empty ID
// is assigned, an empty DeviceID is this database's device id.
func (s *Store) ImportResponses(ctx context.Context, records []survey.ResponseRecord) (int, error) {
	added := 0
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		ins, err := s.newInserter(ctx, tx)
		if err != nil {
			return err
		}
		var rounds []string
		for _, rec := range records {
			rounds = append(rounds, rec.Response.RoundID)
		}
		if err := lockRounds(ctx, tx, rounds); err != nil {
			return err
		}
		for chunk := range slices.Chunk(records, insertBatch) {
			for _, rec := range chunk {
				if err := ins.add(ctx, rec); err != nil {
					return err
				}
			}
			if err := ins.flush(ctx); err != nil {
				return err
			}
		}
		added = ins.added
		if len(ins.changed) > 0 {
			return countChanges(ctx, tx, ins.changedRounds()...)
		}
		return nil
	})
	if err != nil {
		return 0, s.wrap(err, "importing responses")
	}
	return added, nil
}

// insertBatch is how many responses go to the server at a time.
const insertBatch = 500

// inserter inserts imported responses with their answers inside one
// transaction; ImportResponses and Merge share it.
type inserter struct {
	s       *Store
	tx      pgx.Tx
	device  string
	rounds  map[string]survey.Round
	schools map[string]string // school id → study id
	added   int
	changed map[string]bool // rounds with a response added
	pending pending         // checked responses that flush writes
}

func (s *Store) newInserter(ctx context.Context, tx pgx.Tx) (*inserter, error) {
	in := &inserter{s: s, tx: tx, rounds: make(map[string]survey.Round), schools: make(map[string]string), changed: make(map[string]bool)}
	if err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, SettingDeviceID).Scan(&in.device); err != nil {
		return nil, s.notFound(err, "reading the device id", "%s has no device id", s.name)
	}
	return in, nil
}

func (in *inserter) changedRounds() []string {
	var out []string
	for id := range in.changed {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// pending is a batch of checked responses that flush writes in three
// steps: the responses (one INSERT, getting their keys), their answer rows
// (COPY) and their packed answers (one INSERT). A statement per response
// made merging a national study a fifth slower.
type pending struct {
	ids, rounds, schools, codes, roles, statuses, instIDs, devices []string
	instVersions                                                   []int32
	started, updated                                               []int64
	finished                                                       []*int64
	answers                                                        [][]survey.Answer // stored form, by item id
	packed                                                         [][]byte          // nil for a response in progress
	names                                                          []string          // round names, for messages
}

func (p *pending) len() int { return len(p.ids) }

// add checks one response and adds it to the batch of responses that
// flush writes. The caller's record stays as it is.
func (in *inserter) add(ctx context.Context, rec survey.ResponseRecord) error {
	tx := in.tx
	resp := rec.Response
	r := &resp
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	rd, ok := in.rounds[r.RoundID]
	if !ok {
		err := tx.QueryRow(ctx, `SELECT study_id, name, instrument_id, instrument_version FROM rounds WHERE id = $1`, r.RoundID).
			Scan(&rd.StudyID, &rd.Name, &rd.InstrumentID, &rd.InstrumentVersion)
		if err != nil {
			return in.s.notFound(err, "finding round "+r.RoundID, "response %s: there is no round with id %s", r.ID, r.RoundID)
		}
		in.rounds[r.RoundID] = rd
	}
	schoolStudy, ok := in.schools[r.SchoolID]
	if !ok {
		err := tx.QueryRow(ctx, `SELECT study_id FROM schools WHERE id = $1`, r.SchoolID).Scan(&schoolStudy)
		if err != nil {
			return in.s.notFound(err, "finding school "+r.SchoolID, "response %s: there is no school with id %s", r.ID, r.SchoolID)
		}
		in.schools[r.SchoolID] = schoolStudy
	}
	if err := survey.CheckImportedResponse(r, rd, schoolStudy); err != nil {
		return err
	}
	if r.DeviceID == "" {
		r.DeviceID = in.device
	}
	updated := r.StartedAt
	if !r.FinishedAt.IsZero() {
		updated = r.FinishedAt
	}
	// The answers as the answer rows will give them back, in item id
	// order: for the rows, and for the packed copy of a complete response.
	stored := make([]survey.Answer, len(rec.Answers))
	for i, a := range rec.Answers {
		if err := survey.CheckImportedAnswer(r.ID, a); err != nil {
			return err
		}
		if a.AnsweredAt.IsZero() {
			a.AnsweredAt = r.StartedAt
		}
		if a.AnsweredAt.After(updated) {
			updated = a.AnsweredAt
		}
		a.AnsweredAt = parseTime(formatTime(a.AnsweredAt))
		if len(a.Value.Choices) == 0 {
			a.Value.Choices = nil
		}
		stored[i] = a
	}
	slices.SortFunc(stored, func(a, b survey.Answer) int { return strings.Compare(a.ItemID, b.ItemID) })
	for i := 1; i < len(stored); i++ {
		if stored[i-1].ItemID == stored[i].ItemID {
			return survey.AnsweredTwice(r.ID, stored[i].ItemID)
		}
	}
	var packed []byte
	if r.Status == survey.Complete {
		packed = answerpack.Append(nil, stored)
	}
	p := &in.pending
	p.ids = append(p.ids, r.ID)
	p.rounds = append(p.rounds, r.RoundID)
	p.schools = append(p.schools, r.SchoolID)
	p.codes = append(p.codes, r.RespondentCode)
	p.roles = append(p.roles, r.Role)
	p.statuses = append(p.statuses, string(r.Status))
	p.instIDs = append(p.instIDs, r.InstrumentID)
	p.instVersions = append(p.instVersions, int32(r.InstrumentVersion))
	p.started = append(p.started, formatTime(r.StartedAt))
	p.finished = append(p.finished, nullTime(r.FinishedAt))
	p.devices = append(p.devices, r.DeviceID)
	p.updated = append(p.updated, formatTime(updated))
	p.answers = append(p.answers, stored)
	p.packed = append(p.packed, packed)
	p.names = append(p.names, rd.Name)
	return nil
}

// flush writes the pending responses with their answers and empties the
// batch. A response whose id is already in the database (or earlier in
// the batch) is left out and not counted.
func (in *inserter) flush(ctx context.Context) error {
	p := &in.pending
	if p.len() == 0 {
		return nil
	}
	defer func() { *p = pending{} }()
	rows, err := in.tx.Query(ctx, `INSERT INTO responses (id, round_id, school_id, respondent_code, role, status,
			instrument_id, instrument_version, started_at, finished_at, device_id, updated_at)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
			$7::text[], $8::int4[], $9::int8[], $10::int8[], $11::text[], $12::int8[])
		ON CONFLICT (id) DO NOTHING
		RETURNING id, nr`,
		p.ids, p.rounds, p.schools, p.codes, p.roles, p.statuses, p.instIDs, p.instVersions, p.started, p.finished, p.devices, p.updated)
	if err != nil {
		return err
	}
	nrs := make(map[string]int64, p.len())
	for rows.Next() {
		var id string
		var nr int64
		if err := rows.Scan(&id, &nr); err != nil {
			rows.Close()
			return err
		}
		nrs[id] = nr
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "responses_round_id_respondent_code_key" {
			for i := range p.ids {
				if pe.Detail == fmt.Sprintf("Key (round_id, respondent_code)=(%s, %s) already exists.", p.rounds[i], p.codes[i]) {
					return survey.ImportedRespondentTaken(p.ids[i], p.codes[i], p.names[i])
				}
			}
			return survey.Errorf(survey.ECONFLICT, "a respondent of the data to import already has another response in the round; the data to import conflict with this database")
		}
		return err
	}
	var answerRows [][]any
	var pNrs []int64
	var pData [][]byte
	for i, id := range p.ids {
		nr, ok := nrs[id]
		if !ok {
			continue // already here
		}
		delete(nrs, id) // a second copy in this batch is not added again
		in.added++
		if survey.Status(p.statuses[i]) == survey.Complete {
			in.changed[p.rounds[i]] = true // datasets hold complete responses only
		}
		for _, a := range p.answers[i] {
			number, choices, text := answerpack.StoredValue(a.Value)
			answerRows = append(answerRows, []any{nr, a.ItemID, number, choices, text, a.Value.DontKnow, formatTime(a.AnsweredAt)})
		}
		if p.packed[i] != nil {
			pNrs, pData = append(pNrs, nr), append(pData, p.packed[i])
		}
	}
	if len(answerRows) > 0 {
		// COPY: the answers are most of the rows, and COPY writes them
		// faster than an INSERT.
		if _, err := in.tx.CopyFrom(ctx, pgx.Identifier{"answers"},
			[]string{"response_nr", "item_id", "number", "choices", "text", "dont_know", "answered_at"},
			pgx.CopyFromRows(answerRows)); err != nil {
			return err
		}
	}
	var b pgx.Batch
	if len(pNrs) > 0 {
		b.Queue(`INSERT INTO packed_answers (response_nr, data) SELECT * FROM unnest($1::int8[], $2::bytea[])`, pNrs, pData)
	}
	if b.Len() == 0 {
		return nil
	}
	return in.tx.SendBatch(ctx, &b).Close()
}
