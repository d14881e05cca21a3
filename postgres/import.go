package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"peil/survey"
)

// importRound is what an imported response is checked against.
type importRound struct {
	study, name, instID string
	instVersion         int
}

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
			var b pgx.Batch
			for _, rec := range chunk {
				if err := ins.queue(ctx, &b, rec, func(bool) {}); err != nil {
					return err
				}
			}
			if err := tx.SendBatch(ctx, &b).Close(); err != nil {
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

// insertBatch is how many responses go to the server in one round trip.
const insertBatch = 250

// inserter inserts imported responses with their answers inside one
// transaction; ImportResponses and Merge share it.
type inserter struct {
	s       *Store
	tx      pgx.Tx
	device  string
	rounds  map[string]importRound
	schools map[string]string // school id → study id
	added   int
	changed map[string]bool // rounds with a response added
}

func (s *Store) newInserter(ctx context.Context, tx pgx.Tx) (*inserter, error) {
	in := &inserter{s: s, tx: tx, rounds: make(map[string]importRound), schools: make(map[string]string), changed: make(map[string]bool)}
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

// insertResponse inserts one response with its answer rows and, when
// given, its packed answers, in one statement; it returns the response's
// key, or no row when a response with its id is already there.
const insertResponse = `WITH r AS (
	INSERT INTO responses (id, round_id, school_id, respondent_code, role, status, instrument_id, instrument_version,
		started_at, finished_at, device_id, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
	ON CONFLICT (id) DO NOTHING
	RETURNING nr
), a AS (
	INSERT INTO answers (response_nr, item_id, number, choices, text, dont_know, answered_at)
	SELECT r.nr, x.item_id, x.number, x.choices, x.text, x.dont_know, x.answered_at
	FROM r, unnest($13::text[], $14::int8[], $15::text[], $16::text[], $17::bool[], $18::int8[])
		AS x (item_id, number, choices, text, dont_know, answered_at)
), p AS (
	INSERT INTO packed_answers (response_nr, data)
	SELECT r.nr, $19::bytea FROM r WHERE $19::bytea IS NOT NULL
)
SELECT nr FROM r`

// queue checks one response and queues its insertion in b; done is
// called, when the batch runs, with whether it was added (false: a
// response with its id was already there).
func (in *inserter) queue(ctx context.Context, b *pgx.Batch, rec survey.ResponseRecord, done func(added bool)) error {
	tx := in.tx
	resp := rec.Response // the caller's records stay as they are
	r := &resp
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	rd, ok := in.rounds[r.RoundID]
	if !ok {
		err := tx.QueryRow(ctx, `SELECT study_id, name, instrument_id, instrument_version FROM rounds WHERE id = $1`, r.RoundID).
			Scan(&rd.study, &rd.name, &rd.instID, &rd.instVersion)
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
	if err := checkImported(r, rd, schoolStudy); err != nil {
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
		if a.ItemID == "" {
			return survey.Errorf(survey.EINVALID, "response %s: an answer has no item id", r.ID)
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
	n := len(stored)
	items, numbers := make([]string, n), make([]*int64, n)
	choices, texts := make([]*string, n), make([]*string, n)
	dontKnow, times := make([]bool, n), make([]int64, n)
	for i, a := range stored {
		if i > 0 && stored[i-1].ItemID == a.ItemID {
			return survey.Errorf(survey.EINVALID, "response %s answers item %s twice", r.ID, a.ItemID)
		}
		items[i], dontKnow[i], times[i] = a.ItemID, a.Value.DontKnow, formatTime(a.AnsweredAt)
		numbers[i], choices[i], texts[i] = answerColumns(a.Value)
	}
	var packed []byte
	if r.Status == survey.Complete {
		packed = appendPacked(nil, stored)
	}
	id, round, code, roundName := r.ID, r.RoundID, r.RespondentCode, rd.name
	b.Queue(insertResponse, r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role, string(r.Status),
		r.InstrumentID, r.InstrumentVersion, formatTime(r.StartedAt), nullTime(r.FinishedAt), r.DeviceID, formatTime(updated),
		items, numbers, choices, texts, dontKnow, times, packed).
		QueryRow(func(row pgx.Row) error {
			var nr int64
			err := row.Scan(&nr)
			if isNoRows(err) {
				done(false) // already here
				return nil
			}
			if _, ok := uniqueViolation(err); ok {
				return survey.Errorf(survey.ECONFLICT,
					"response %s: respondent %s already has another response in round %q; the data to import conflict with this database",
					id, code, roundName)
			}
			if err != nil {
				return fmt.Errorf("response %s: %w", id, err)
			}
			in.added++
			in.changed[round] = true
			done(true)
			return nil
		})
	return nil
}

// checkImported checks an imported response against its round and
// school, filling the instrument from the round when empty.
func checkImported(r *survey.Response, rd importRound, schoolStudy string) error {
	if r.RespondentCode == "" {
		return survey.Errorf(survey.EINVALID, "response %s has no respondent code", r.ID)
	}
	if schoolStudy != rd.study {
		return survey.Errorf(survey.EINVALID, "response %s: its school does not take part in the study of round %q", r.ID, rd.name)
	}
	if r.InstrumentID == "" {
		r.InstrumentID, r.InstrumentVersion = rd.instID, rd.instVersion
	}
	if r.InstrumentID != rd.instID || r.InstrumentVersion != rd.instVersion {
		return survey.Errorf(survey.EINVALID, "response %s: round %q uses instrument %s@%d, not %s@%d",
			r.ID, rd.name, rd.instID, rd.instVersion, r.InstrumentID, r.InstrumentVersion)
	}
	if r.StartedAt.IsZero() {
		return survey.Errorf(survey.EINVALID, "response %s has no start time", r.ID)
	}
	switch r.Status {
	case survey.InProgress:
		if !r.FinishedAt.IsZero() {
			return survey.Errorf(survey.EINVALID, "response %s is in progress but has a finish time", r.ID)
		}
	case survey.Complete:
		if r.FinishedAt.IsZero() {
			return survey.Errorf(survey.EINVALID, "response %s is complete but has no finish time", r.ID)
		}
	default:
		return survey.Errorf(survey.EINVALID, "response %s has unknown status %q", r.ID, r.Status)
	}
	return nil
}
