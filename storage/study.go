package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

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
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO studies (id, code, title, min_group_size, created_at) VALUES (?, ?, ?, ?, ?)`,
			st.ID, st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt))
		return err
	})
	if cols, ok := uniqueViolation(err); ok {
		if cols == "studies.code" {
			return survey.Study{}, survey.StudyCodeTaken(st.Code)
		}
		return survey.Study{}, survey.IDTaken("study", st.ID)
	}
	if err != nil {
		return survey.Study{}, wrap(err, fmt.Sprintf("saving study %s", st.Code))
	}
	return st, nil
}

const studyColumns = `id, code, title, min_group_size, created_at`

func scanStudy(row interface{ Scan(...any) error }) (survey.Study, error) {
	var st survey.Study
	var created int64
	if err := row.Scan(&st.ID, &st.Code, &st.Title, &st.MinGroupSize, &created); err != nil {
		return survey.Study{}, err
	}
	st.CreatedAt = parseTime(created)
	return st, nil
}

// Studies returns every study, ordered by code.
func (s *Store) Studies(ctx context.Context) ([]survey.Study, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+studyColumns+` FROM studies ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("listing studies: %w", err)
	}
	defer rows.Close()
	var out []survey.Study
	for rows.Next() {
		st, err := scanStudy(rows)
		if err != nil {
			return nil, fmt.Errorf("listing studies: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing studies: %w", err)
	}
	return out, nil
}

// StudyByCode finds a study by its code.
func (s *Store) StudyByCode(ctx context.Context, code string) (survey.Study, error) {
	st, err := scanStudy(s.db.QueryRowContext(ctx, `SELECT `+studyColumns+` FROM studies WHERE code = ?`, code))
	if err != nil {
		return survey.Study{}, notFound(err, "finding study "+code, "there is no study with code %q", code)
	}
	return st, nil
}

// Study finds a study by its id.
func (s *Store) Study(ctx context.Context, id string) (survey.Study, error) {
	st, err := scanStudy(s.db.QueryRowContext(ctx, `SELECT `+studyColumns+` FROM studies WHERE id = ?`, id))
	if err != nil {
		return survey.Study{}, notFound(err, "finding study "+id, "there is no study with id %s", id)
	}
	return st, nil
}

// studyCode returns the code of a study, for messages.
func studyCode(ctx context.Context, q querier, id string) (string, error) {
	var code string
	err := q.QueryRowContext(ctx, `SELECT code FROM studies WHERE id = ?`, id).Scan(&code)
	if err != nil {
		return "", notFound(err, "finding study "+id, "there is no study with id %s", id)
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
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		var err error
		if study, err = studyCode(ctx, tx, w.StudyID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO workplaces (id, study_id, code, name) VALUES (?, ?, ?, ?)`,
			w.ID, w.StudyID, w.Code, w.Name)
		return err
	})
	if cols, ok := uniqueViolation(err); ok {
		if cols == "workplaces.id" {
			return survey.Workplace{}, survey.IDTaken("workplace", w.ID)
		}
		return survey.Workplace{}, survey.WorkplaceCodeTaken(study, w.Code)
	}
	if err != nil {
		return survey.Workplace{}, wrap(err, fmt.Sprintf("saving workplace %s", w.Code))
	}
	return w, nil
}

// Workplaces returns the study's workplaces, ordered by code.
func (s *Store) Workplaces(ctx context.Context, studyID string) ([]survey.Workplace, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, study_id, code, name FROM workplaces WHERE study_id = ? ORDER BY code`, studyID)
	if err != nil {
		return nil, fmt.Errorf("listing workplaces: %w", err)
	}
	defer rows.Close()
	var out []survey.Workplace
	for rows.Next() {
		var w survey.Workplace
		if err := rows.Scan(&w.ID, &w.StudyID, &w.Code, &w.Name); err != nil {
			return nil, fmt.Errorf("listing workplaces: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing workplaces: %w", err)
	}
	return out, nil
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
	var studyID string
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT study_id FROM workplaces WHERE id = ?`, sc.WorkplaceID).Scan(&studyID)
		if err != nil {
			return notFound(err, "finding workplace "+sc.WorkplaceID, "there is no workplace with id %s", sc.WorkplaceID)
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO schools (id, workplace_id, study_id, code, name) VALUES (?, ?, ?, ?, ?)`,
			sc.ID, sc.WorkplaceID, studyID, sc.Code, sc.Name)
		return err
	})
	if cols, ok := uniqueViolation(err); ok {
		if cols == "schools.id" {
			return survey.School{}, survey.IDTaken("school", sc.ID)
		}
		return survey.School{}, survey.SchoolCodeTaken(sc.Code)
	}
	if err != nil {
		return survey.School{}, wrap(err, fmt.Sprintf("saving school %s", sc.Code))
	}
	return sc, nil
}

const schoolColumns = `s.id, s.workplace_id, s.code, s.name`

// Schools returns every school of every workplace of the study, ordered by
// workplace code, then school code.
func (s *Store) Schools(ctx context.Context, studyID string) ([]survey.School, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+schoolColumns+` FROM schools s
		JOIN workplaces w ON w.id = s.workplace_id
		WHERE s.study_id = ? ORDER BY w.code, s.code`, studyID)
	if err != nil {
		return nil, fmt.Errorf("listing schools: %w", err)
	}
	defer rows.Close()
	var out []survey.School
	for rows.Next() {
		var sc survey.School
		if err := rows.Scan(&sc.ID, &sc.WorkplaceID, &sc.Code, &sc.Name); err != nil {
			return nil, fmt.Errorf("listing schools: %w", err)
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing schools: %w", err)
	}
	return out, nil
}

// School finds a school by its id.
func (s *Store) School(ctx context.Context, id string) (survey.School, error) {
	var sc survey.School
	err := s.db.QueryRowContext(ctx, `SELECT `+schoolColumns+` FROM schools s WHERE s.id = ?`, id).
		Scan(&sc.ID, &sc.WorkplaceID, &sc.Code, &sc.Name)
	if err != nil {
		return survey.School{}, notFound(err, "finding school "+id, "there is no school with id %s", id)
	}
	return sc, nil
}

// CreateRound stores a new round of an existing study. The round's
// instrument version must have been saved (SaveInstrument) first, so the
// database always holds the questions its answers belong to. An empty ID is
// assigned, a zero CreatedAt is the current time.
func (s *Store) CreateRound(ctx context.Context, r survey.Round) (survey.Round, error) {
	if r.ID == "" {
		r.ID = uuid.NewString()
	}
	if err := survey.CheckNewRound(&r, s.nowUTC); err != nil {
		return survey.Round{}, err
	}
	var study string
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		var err error
		if study, err = studyCode(ctx, tx, r.StudyID); err != nil {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM instruments WHERE id = ? AND version = ?`,
			r.InstrumentID, r.InstrumentVersion).Scan(&one)
		if err != nil {
			return notFound(err, "finding instrument", "instrument %s@%d is not in this database; save the instrument before creating round %q",
				r.InstrumentID, r.InstrumentVersion, r.Name)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rounds
			(id, study_id, name, instrument_id, instrument_version, open, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.StudyID, r.Name, r.InstrumentID, r.InstrumentVersion, boolInt(r.Open), formatTime(r.CreatedAt))
		return err
	})
	if cols, ok := uniqueViolation(err); ok {
		if cols == "rounds.id" {
			return survey.Round{}, survey.IDTaken("round", r.ID)
		}
		return survey.Round{}, survey.RoundNameTaken(study, r.Name)
	}
	if err != nil {
		return survey.Round{}, wrap(err, fmt.Sprintf("saving round %q", r.Name))
	}
	return r, nil
}

const roundColumns = `id, study_id, name, instrument_id, instrument_version, open, created_at`

func scanRound(row interface{ Scan(...any) error }) (survey.Round, error) {
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
	rows, err := s.db.QueryContext(ctx,
		`SELECT `+roundColumns+` FROM rounds WHERE study_id = ? ORDER BY created_at, name`, studyID)
	if err != nil {
		return nil, fmt.Errorf("listing rounds: %w", err)
	}
	defer rows.Close()
	var out []survey.Round
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, fmt.Errorf("listing rounds: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing rounds: %w", err)
	}
	return out, nil
}

// Round finds a round by its id.
func (s *Store) Round(ctx context.Context, id string) (survey.Round, error) {
	r, err := scanRound(s.db.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = ?`, id))
	if err != nil {
		return survey.Round{}, notFound(err, "finding round "+id, "there is no round with id %s", id)
	}
	return r, nil
}

// SetRoundOpen opens or closes a round; a closed round takes no new
// responses and no changes to answers.
func (s *Store) SetRoundOpen(ctx context.Context, roundID string, open bool) error {
	return s.transaction(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE rounds SET open = ? WHERE id = ?`, boolInt(open), roundID)
		if err != nil {
			return fmt.Errorf("opening or closing round %s: %w", roundID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("opening or closing round %s: %w", roundID, err)
		} else if n == 0 {
			return survey.Errorf(survey.ENOTFOUND, "there is no round with id %s", roundID)
		}
		return nil
	})
}
