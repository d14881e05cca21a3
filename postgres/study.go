package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"peil/survey"
)

// CreateStudy stores a new study. An empty ID is assigned, a zero
// MinGroupSize becomes survey.DefaultMinGroupSize and a zero CreatedAt the
// current time.
func (s *Store) CreateStudy(ctx context.Context, st survey.Study) (survey.Study, error) {
	if st.ID == "" {
		st.ID = uuid.NewString()
	}
	if err := survey.CheckNewStudy(&st, s.nowUTC); err != nil {
		return survey.Study{}, err
	}
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx,
			`INSERT INTO studies (id, code, title, min_group_size, created_at) VALUES ($1, $2, $3, $4, $5)`,
			st.ID, st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt))
		return err
	})
	if c, ok := uniqueViolation(err); ok {
		if c == "studies_code_key" {
			return survey.Study{}, survey.StudyCodeTaken(st.Code)
		}
		return survey.Study{}, survey.IDTaken("study", st.ID)
	}
	if err != nil {
		return survey.Study{}, s.wrap(err, fmt.Sprintf("saving study %s", st.Code))
	}
	return st, nil
}

const studyColumns = `id, code, title, min_group_size, created_at`

func scanStudy(row pgx.Row) (survey.Study, error) {
	var st survey.Study
	var created int64
	if err := row.Scan(&st.ID, &st.Code, &st.Title, &st.MinGroupSize, &created); err != nil {
		return survey.Study{}, err
	}
	st.CreatedAt = parseTime(created)
	return st, nil
}

// list runs a query and scans every row with scan.
func list[T any](ctx context.Context, s *Store, doing, query string, scan func(pgx.Row) (T, error), args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, s.wrap(err, doing)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.wrap(err, doing)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err, doing)
	}
	return out, nil
}

// Studies returns every study, ordered by code.
func (s *Store) Studies(ctx context.Context) ([]survey.Study, error) {
	return list(ctx, s, "listing studies", `SELECT `+studyColumns+` FROM studies ORDER BY code`, scanStudy)
}

// StudyByCode finds a study by its code.
func (s *Store) StudyByCode(ctx context.Context, code string) (survey.Study, error) {
	st, err := scanStudy(s.pool.QueryRow(ctx, `SELECT `+studyColumns+` FROM studies WHERE code = $1`, code))
	if err != nil {
		return survey.Study{}, s.notFound(err, "finding study "+code, "there is no study with code %q", code)
	}
	return st, nil
}

// Study finds a study by its id.
func (s *Store) Study(ctx context.Context, id string) (survey.Study, error) {
	st, err := scanStudy(s.pool.QueryRow(ctx, `SELECT `+studyColumns+` FROM studies WHERE id = $1`, id))
	if err != nil {
		return survey.Study{}, s.notFound(err, "finding study "+id, "there is no study with id %s", id)
	}
	return st, nil
}

// studyCode returns the code of a study, for messages.
func (s *Store) studyCode(ctx context.Context, q querier, id string) (string, error) {
	var code string
	err := q.QueryRow(ctx, `SELECT code FROM studies WHERE id = $1`, id).Scan(&code)
	if err != nil {
		return "", s.notFound(err, "finding study "+id, "there is no study with id %s", id)
	}
	return code, nil
}

// CreateWorkplace stores a new workplace of an existing study. Its code is
// unique in the study; an empty ID is assigned.
func (s *Store) CreateWorkplace(ctx context.Context, w survey.Workplace) (survey.Workplace, error) {
	if w.ID == "" {
		w.ID = uuid.NewString()
	}
	if err := survey.CheckNewWorkplace(w); err != nil {
		return survey.Workplace{}, err
	}
	var study string
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		var err error
		if study, err = s.studyCode(ctx, tx, w.StudyID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO workplaces (id, study_id, code, name) VALUES ($1, $2, $3, $4)`,
			w.ID, w.StudyID, w.Code, w.Name)
		return err
	})
	if c, ok := uniqueViolation(err); ok {
		if c == "workplaces_pkey" {
			return survey.Workplace{}, survey.IDTaken("workplace", w.ID)
		}
		return survey.Workplace{}, survey.WorkplaceCodeTaken(study, w.Code)
	}
	if err != nil {
		return survey.Workplace{}, s.wrap(err, fmt.Sprintf("saving workplace %s", w.Code))
	}
	return w, nil
}

// Workplaces returns the study's workplaces, ordered by code.
func (s *Store) Workplaces(ctx context.Context, studyID string) ([]survey.Workplace, error) {
	return list(ctx, s, "listing workplaces",
		`SELECT id, study_id, code, name FROM workplaces WHERE study_id = $1 ORDER BY code`,
		func(row pgx.Row) (survey.Workplace, error) {
			var w survey.Workplace
			err := row.Scan(&w.ID, &w.StudyID, &w.Code, &w.Name)
			return w, err
		}, studyID)
}

// CreateSchool stores a new school of an existing workplace. Its code is
// unique in the workplace's study; an empty ID is assigned.
func (s *Store) CreateSchool(ctx context.Context, sc survey.School) (survey.School, error) {
	if sc.ID == "" {
		sc.ID = uuid.NewString()
	}
	if err := survey.CheckNewSchool(sc); err != nil {
		return survey.School{}, err
	}
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		var studyID string
		err := tx.QueryRow(ctx, `SELECT study_id FROM workplaces WHERE id = $1`, sc.WorkplaceID).Scan(&studyID)
		if err != nil {
			return s.notFound(err, "finding workplace "+sc.WorkplaceID, "there is no workplace with id %s", sc.WorkplaceID)
		}
		_, err = tx.Exec(ctx,
			`INSERT INTO schools (id, workplace_id, study_id, code, name) VALUES ($1, $2, $3, $4, $5)`,
			sc.ID, sc.WorkplaceID, studyID, sc.Code, sc.Name)
		return err
	})
	if c, ok := uniqueViolation(err); ok {
		if c == "schools_pkey" {
			return survey.School{}, survey.IDTaken("school", sc.ID)
		}
		return survey.School{}, survey.SchoolCodeTaken(sc.Code)
	}
	if err != nil {
		return survey.School{}, s.wrap(err, fmt.Sprintf("saving school %s", sc.Code))
	}
	return sc, nil
}

const schoolColumns = `s.id, s.workplace_id, s.code, s.name`

func scanSchool(row pgx.Row) (survey.School, error) {
	var sc survey.School
	err := row.Scan(&sc.ID, &sc.WorkplaceID, &sc.Code, &sc.Name)
	return sc, err
}

// Schools returns every school of every workplace of the study, ordered by
// workplace code, then school code.
func (s *Store) Schools(ctx context.Context, studyID string) ([]survey.School, error) {
	return list(ctx, s, "listing schools", `SELECT `+schoolColumns+` FROM schools s
		JOIN workplaces w ON w.id = s.workplace_id
		WHERE s.study_id = $1 ORDER BY w.code, s.code`, scanSchool, studyID)
}

// School finds a school by its id.
func (s *Store) School(ctx context.Context, id string) (survey.School, error) {
	sc, err := scanSchool(s.pool.QueryRow(ctx, `SELECT `+schoolColumns+` FROM schools s WHERE s.id = $1`, id))
	if err != nil {
		return survey.School{}, s.notFound(err, "finding school "+id, "there is no school with id %s", id)
	}
	return sc, nil
}

// CreateRound stores a new round of an existing study. The round's
// instrument version must have been saved (SaveInstrument) first. An empty
// ID is assigned, a zero CreatedAt is the current time.
func (s *Store) CreateRound(ctx context.Context, r survey.Round) (survey.Round, error) {
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if err := survey.CheckNewRound(&r, s.nowUTC); err != nil {
		return survey.Round{}, err
	}
	var study string
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		var err error
		if study, err = s.studyCode(ctx, tx, r.StudyID); err != nil {
			return err
		}
		var one int
		err = tx.QueryRow(ctx, `SELECT 1 FROM instruments WHERE id = $1 AND version = $2`,
			r.InstrumentID, r.InstrumentVersion).Scan(&one)
		if err != nil {
			return s.notFound(err, "finding instrument", "instrument %s@%d is not in this database; save the instrument before creating round %q",
				r.InstrumentID, r.InstrumentVersion, r.Name)
		}
		return insertRound(ctx, tx, r)
	})
	if c, ok := uniqueViolation(err); ok {
		if c == "rounds_pkey" {
			return survey.Round{}, survey.IDTaken("round", r.ID)
		}
		return survey.Round{}, survey.RoundNameTaken(study, r.Name)
	}
	if err != nil {
		return survey.Round{}, s.wrap(err, fmt.Sprintf("saving round %q", r.Name))
	}
	return r, nil
}

// insertRound inserts a round with its change counter.
func insertRound(ctx context.Context, tx pgx.Tx, r survey.Round) error {
	_, err := tx.Exec(ctx, `INSERT INTO rounds
		(id, study_id, name, instrument_id, instrument_version, open, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		r.ID, r.StudyID, r.Name, r.InstrumentID, r.InstrumentVersion, r.Open, formatTime(r.CreatedAt))
	if err == nil {
		_, err = tx.Exec(ctx, `INSERT INTO round_changes (round_id, changes) VALUES ($1, 0)`, r.ID)
	}
	return err
}

const roundColumns = `id, study_id, name, instrument_id, instrument_version, open, created_at`

func scanRound(row pgx.Row) (survey.Round, error) {
	var r survey.Round
	var created int64
	if err := row.Scan(&r.ID, &r.StudyID, &r.Name, &r.InstrumentID, &r.InstrumentVersion, &r.Open, &created); err != nil {
		return survey.Round{}, err
	}
	r.CreatedAt = parseTime(created)
	return r, nil
}

// Rounds returns the study's rounds, oldest first.
func (s *Store) Rounds(ctx context.Context, studyID string) ([]survey.Round, error) {
	return list(ctx, s, "listing rounds",
		`SELECT `+roundColumns+` FROM rounds WHERE study_id = $1 ORDER BY created_at, name`, scanRound, studyID)
}

// Round finds a round by its id.
func (s *Store) Round(ctx context.Context, id string) (survey.Round, error) {
	r, err := scanRound(s.pool.QueryRow(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = $1`, id))
	if err != nil {
		return survey.Round{}, s.notFound(err, "finding round "+id, "there is no round with id %s", id)
	}
	return r, nil
}

// SetRoundOpen opens or closes a round; a closed round takes no new
// responses and no changes to answers. It waits for the round's writers
// (it takes the round's lock as they do), so an answer is either saved
// before the round closes or refused.
func (s *Store) SetRoundOpen(ctx context.Context, roundID string, open bool) error {
	return s.transaction(ctx, func(tx pgx.Tx) error {
		if err := lockRounds(ctx, tx, []string{roundID}); err != nil {
			return s.wrap(err, "opening or closing round "+roundID)
		}
		tag, err := tx.Exec(ctx, `UPDATE rounds SET open = $1 WHERE id = $2`, open, roundID)
		if err != nil {
			return s.wrap(err, "opening or closing round "+roundID)
		}
		if tag.RowsAffected() == 0 {
			return survey.Errorf(survey.ENOTFOUND, "there is no round with id %s", roundID)
		}
		return nil
	})
}

// SetTarget stores (or replaces) the study's target for one scale or item
// of an instrument. The study must exist.
func (s *Store) SetTarget(ctx context.Context, t survey.Target) error {
	if err := survey.CheckTarget(t); err != nil {
		return err
	}
	err := s.transaction(ctx, func(tx pgx.Tx) error {
		if _, err := s.studyCode(ctx, tx, t.StudyID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO targets (study_id, instrument_id, measure_id, value) VALUES ($1, $2, $3, $4)
			ON CONFLICT (study_id, instrument_id, measure_id) DO UPDATE SET value = excluded.value`,
			t.StudyID, t.InstrumentID, t.MeasureID, t.Value)
		return err
	})
	return s.wrap(err, fmt.Sprintf("saving the target for %s of %s", t.MeasureID, t.InstrumentID))
}

// Targets returns the study's targets, ordered by instrument and measure.
func (s *Store) Targets(ctx context.Context, studyID string) ([]survey.Target, error) {
	return list(ctx, s, "listing targets", `SELECT study_id, instrument_id, measure_id, value FROM targets
		WHERE study_id = $1 ORDER BY instrument_id, measure_id`,
		func(row pgx.Row) (survey.Target, error) {
			var t survey.Target
			err := row.Scan(&t.StudyID, &t.InstrumentID, &t.MeasureID, &t.Value)
			return t, err
		}, studyID)
}

// Setting returns the setting's value, or "" and false when it is not set.
func (s *Store) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if isNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, s.wrap(err, "reading setting "+key)
	}
	return v, true, nil
}

// SetSetting stores (or replaces) a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return s.wrap(err, "saving setting "+key)
}

// SaveInstrument stores an instrument version as JSON with its SHA-256.
// Saving the same version again with the same content does nothing; with
// other content it is a survey.ECONFLICT.
func (s *Store) SaveInstrument(ctx context.Context, in *survey.Instrument) error {
	if err := survey.CheckNewInstrument(in); err != nil {
		return err
	}
	def, hash, err := survey.StoredInstrument(in)
	if err != nil {
		return err
	}
	return s.transaction(ctx, func(tx pgx.Tx) error {
		// Two peils saving the same version at once: the second waits for
		// the first's row and then compares.
		_, err := tx.Exec(ctx, `INSERT INTO instruments (id, version, definition, hash, saved_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id, version) DO NOTHING`, in.ID, in.Version, def, hash, formatTime(s.nowUTC()))
		if err != nil {
			return s.wrap(err, "saving instrument "+in.Key())
		}
		var have string
		if err := tx.QueryRow(ctx, `SELECT hash FROM instruments WHERE id = $1 AND version = $2`, in.ID, in.Version).Scan(&have); err != nil {
			return s.wrap(err, "instrument "+in.Key())
		}
		if have != hash {
			return survey.InstrumentChanged(in)
		}
		return nil
	})
}

// Instrument returns a stored instrument version.
func (s *Store) Instrument(ctx context.Context, id string, version int) (*survey.Instrument, error) {
	var def string
	err := s.pool.QueryRow(ctx, `SELECT definition FROM instruments WHERE id = $1 AND version = $2`, id, version).Scan(&def)
	if err != nil {
		return nil, s.notFound(err, fmt.Sprintf("reading instrument %s@%d", id, version),
			"instrument %s@%d is not in this database", id, version)
	}
	var in survey.Instrument
	if err := json.Unmarshal([]byte(def), &in); err != nil {
		return nil, fmt.Errorf("instrument %s@%d: decoding its stored definition: %w", id, version, err)
	}
	return &in, nil
}

// Instruments returns the newest stored version of every instrument, by
// id.
func (s *Store) Instruments(ctx context.Context) ([]*survey.Instrument, error) {
	return list(ctx, s, "listing the instruments", `SELECT DISTINCT ON (id) definition FROM instruments ORDER BY id, version DESC`,
		func(row pgx.Row) (*survey.Instrument, error) {
			var def string
			if err := row.Scan(&def); err != nil {
				return nil, err
			}
			var in survey.Instrument
			if err := json.Unmarshal([]byte(def), &in); err != nil {
				return nil, fmt.Errorf("decoding a stored definition: %w", err)
			}
			return &in, nil
		})
}
