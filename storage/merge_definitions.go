package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"peil/survey"
)

// mergeDefinitions adds a package's study, workplaces, schools, instrument
// versions and rounds when they are new, and checks that those already
// here are identical. It returns how many it added.
func (s *Store) mergeDefinitions(ctx context.Context, tx *sql.Tx, d survey.Definitions) (int, error) {
	if err := d.CheckStudy(); err != nil {
		return 0, err
	}
	st := d.Study
	added := 0
	have := survey.Study{ID: st.ID}
	var created int64
	err := tx.QueryRowContext(ctx, `SELECT code, title, min_group_size, created_at FROM studies WHERE id = ?`, st.ID).
		Scan(&have.Code, &have.Title, &have.MinGroupSize, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err := tx.ExecContext(ctx, `INSERT INTO studies (id, code, title, min_group_size, created_at) VALUES (?, ?, ?, ?, ?)`,
			st.ID, st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt))
		if _, ok := uniqueViolation(err); ok {
			return 0, d.StudyCodeTaken()
		}
		if err != nil {
			return 0, fmt.Errorf("adding study %s: %w", st.Code, err)
		}
		added++
	case err != nil:
		return 0, fmt.Errorf("finding study %s: %w", st.Code, err)
	default:
		have.CreatedAt = parseTime(created)
		if err := d.SameStudy(have); err != nil {
			return 0, err
		}
	}

	for _, w := range d.Workplaces {
		if err := d.CheckWorkplace(w); err != nil {
			return 0, err
		}
		have := survey.Workplace{ID: w.ID}
		err := tx.QueryRowContext(ctx, `SELECT study_id, code, name FROM workplaces WHERE id = ?`, w.ID).Scan(&have.StudyID, &have.Code, &have.Name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err := tx.ExecContext(ctx, `INSERT INTO workplaces (id, study_id, code, name) VALUES (?, ?, ?, ?)`, w.ID, w.StudyID, w.Code, w.Name)
			if _, ok := uniqueViolation(err); ok {
				return 0, d.WorkplaceCodeTaken(w)
			}
			if err != nil {
				return 0, fmt.Errorf("adding workplace %s: %w", w.Code, err)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding workplace %s: %w", w.Code, err)
		default:
			if err := d.SameWorkplace(have, w); err != nil {
				return 0, err
			}
		}
	}

	for _, sc := range d.Schools {
		have := survey.School{ID: sc.ID}
		err := tx.QueryRowContext(ctx, `SELECT workplace_id, code, name FROM schools WHERE id = ?`, sc.ID).Scan(&have.WorkplaceID, &have.Code, &have.Name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, `INSERT INTO schools (id, workplace_id, study_id, code, name)
				SELECT ?, id, study_id, ?, ? FROM workplaces WHERE id = ? AND study_id = ?`, sc.ID, sc.Code, sc.Name, sc.WorkplaceID, st.ID)
			if _, ok := uniqueViolation(err); ok {
				return 0, d.SchoolCodeTaken(sc)
			}
			if err != nil {
				return 0, fmt.Errorf("adding school %s: %w", sc.Code, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return 0, d.SchoolWithoutWorkplace(sc)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding school %s: %w", sc.Code, err)
		default:
			if err := d.SameSchool(have, sc); err != nil {
				return 0, err
			}
		}
	}

	for _, in := range d.Instruments {
		if err := d.CheckInstrument(in); err != nil {
			return 0, err
		}
		def, hash, err := survey.StoredInstrument(in)
		if err != nil {
			return 0, err
		}
		var have string
		err = tx.QueryRowContext(ctx, `SELECT hash FROM instruments WHERE id = ? AND version = ?`, in.ID, in.Version).Scan(&have)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO instruments (id, version, definition, hash, saved_at) VALUES (?, ?, ?, ?, ?)`,
				in.ID, in.Version, def, hash, formatTime(s.nowUTC())); err != nil {
				return 0, fmt.Errorf("adding instrument %s: %w", in.Key(), err)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding instrument %s: %w", in.Key(), err)
		case have != hash:
			return 0, d.InstrumentDiffers(in)
		}
	}

	for _, r := range d.Rounds {
		if err := d.CheckRound(r); err != nil {
			return 0, err
		}
		have := survey.Round{ID: r.ID}
		var created int64
		err := tx.QueryRowContext(ctx, `SELECT study_id, name, instrument_id, instrument_version, created_at FROM rounds WHERE id = ?`, r.ID).
			Scan(&have.StudyID, &have.Name, &have.InstrumentID, &have.InstrumentVersion, &created)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err := tx.ExecContext(ctx, `INSERT INTO rounds (id, study_id, name, instrument_id, instrument_version, open, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, r.StudyID, r.Name, r.InstrumentID, r.InstrumentVersion, boolInt(r.Open), formatTime(r.CreatedAt))
			if _, ok := uniqueViolation(err); ok {
				return 0, d.RoundNameTaken(r)
			}
			if isForeignKeyViolation(err) {
				return 0, d.RoundWithoutInstrument(r)
			}
			if err != nil {
				return 0, fmt.Errorf("adding round %q: %w", r.Name, err)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding round %q: %w", r.Name, err)
		default:
			have.CreatedAt = parseTime(created)
			if err := d.SameRound(have, r); err != nil {
				return 0, err
			}
		}
	}
	return added, nil
}
