package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"peil/survey"
)

// mergeDefinitions adds a package's study, workplaces, schools, instrument
// versions and rounds when they are new, and checks that those already
// here are identical. It returns how many it added.
func (s *Store) mergeDefinitions(ctx context.Context, tx *sql.Tx, d survey.Definitions) (int, error) {
	st := d.Study
	if st.ID == "" || st.Code == "" {
		return 0, survey.Errorf(survey.EINVALID, "the package names no study; it is not a peil data package")
	}
	added := 0
	differs := func(kind, name string) error {
		return survey.Errorf(survey.ECONFLICT,
			"%s %s in the package differs from the one with the same id in this database; the package was made from another setup of study %s",
			kind, name, st.Code)
	}
	var code, title string
	var k int
	var created int64
	err := tx.QueryRowContext(ctx, `SELECT code, title, min_group_size, created_at FROM studies WHERE id = ?`, st.ID).
		Scan(&code, &title, &k, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err := tx.ExecContext(ctx, `INSERT INTO studies (id, code, title, min_group_size, created_at) VALUES (?, ?, ?, ?, ?)`,
			st.ID, st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt))
		if _, ok := uniqueViolation(err); ok {
			return 0, survey.Errorf(survey.ECONFLICT,
				"this database has another study with code %q: the package belongs to a study set up elsewhere. Import it into the database the laptop was set up from", st.Code)
		}
		if err != nil {
			return 0, fmt.Errorf("adding study %s: %w", st.Code, err)
		}
		added++
	case err != nil:
		return 0, fmt.Errorf("finding study %s: %w", st.Code, err)
	case code != st.Code || title != st.Title || k != st.MinGroupSize || created != formatTime(st.CreatedAt):
		return 0, differs("study", st.Code)
	}

	for _, w := range d.Workplaces {
		if w.StudyID != st.ID {
			return 0, survey.Errorf(survey.EINVALID, "workplace %s in the package does not belong to its study %s", w.Code, st.Code)
		}
		var study, code, name string
		err := tx.QueryRowContext(ctx, `SELECT study_id, code, name FROM workplaces WHERE id = ?`, w.ID).Scan(&study, &code, &name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err := tx.ExecContext(ctx, `INSERT INTO workplaces (id, study_id, code, name) VALUES (?, ?, ?, ?)`, w.ID, w.StudyID, w.Code, w.Name)
			if _, ok := uniqueViolation(err); ok {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another workplace with code %q; the package was made from another setup", st.Code, w.Code)
			}
			if err != nil {
				return 0, fmt.Errorf("adding workplace %s: %w", w.Code, err)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding workplace %s: %w", w.Code, err)
		case study != w.StudyID || code != w.Code || name != w.Name:
			return 0, differs("workplace", w.Code)
		}
	}

	for _, sc := range d.Schools {
		var wp, code, name string
		err := tx.QueryRowContext(ctx, `SELECT workplace_id, code, name FROM schools WHERE id = ?`, sc.ID).Scan(&wp, &code, &name)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, `INSERT INTO schools (id, workplace_id, study_id, code, name)
				SELECT ?, id, study_id, ?, ? FROM workplaces WHERE id = ? AND study_id = ?`, sc.ID, sc.Code, sc.Name, sc.WorkplaceID, st.ID)
			if _, ok := uniqueViolation(err); ok {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another school with code %q; the package was made from another setup", st.Code, sc.Code)
			}
			if err != nil {
				return 0, fmt.Errorf("adding school %s: %w", sc.Code, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return 0, survey.Errorf(survey.EINVALID, "school %s in the package belongs to no workplace of study %s", sc.Code, st.Code)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding school %s: %w", sc.Code, err)
		case wp != sc.WorkplaceID || code != sc.Code || name != sc.Name:
			return 0, differs("school", sc.Code)
		}
	}

	for _, in := range d.Instruments {
		if in == nil || in.ID == "" || in.Version < 1 {
			return 0, survey.Errorf(survey.EINVALID, "the package holds an instrument without an id or version")
		}
		def, err := json.Marshal(in)
		if err != nil {
			return 0, fmt.Errorf("instrument %s: %w", in.Key(), err)
		}
		sum := sha256.Sum256(def)
		hash := hex.EncodeToString(sum[:])
		var have string
		err = tx.QueryRowContext(ctx, `SELECT hash FROM instruments WHERE id = ? AND version = ?`, in.ID, in.Version).Scan(&have)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO instruments (id, version, definition, hash, saved_at) VALUES (?, ?, ?, ?, ?)`,
				in.ID, in.Version, string(def), hash, formatTime(s.nowUTC())); err != nil {
				return 0, fmt.Errorf("adding instrument %s: %w", in.Key(), err)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding instrument %s: %w", in.Key(), err)
		case have != hash:
			return 0, survey.Errorf(survey.ECONFLICT,
				"instrument %s in the package differs from the version with the same number in this database; the laptop used a changed instrument without a new version number", in.Key())
		}
	}

	for _, r := range d.Rounds {
		if r.StudyID != st.ID {
			return 0, survey.Errorf(survey.EINVALID, "round %q in the package does not belong to its study %s", r.Name, st.Code)
		}
		var study, name, instID string
		var version int
		var created int64
		err := tx.QueryRowContext(ctx, `SELECT study_id, name, instrument_id, instrument_version, created_at FROM rounds WHERE id = ?`, r.ID).
			Scan(&study, &name, &instID, &version, &created)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err := tx.ExecContext(ctx, `INSERT INTO rounds (id, study_id, name, instrument_id, instrument_version, open, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, r.StudyID, r.Name, r.InstrumentID, r.InstrumentVersion, boolInt(r.Open), formatTime(r.CreatedAt))
			if _, ok := uniqueViolation(err); ok {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another round named %q; the package was made from another setup", st.Code, r.Name)
			}
			if isForeignKeyViolation(err) {
				return 0, survey.Errorf(survey.EINVALID, "round %q uses instrument %s@%d, which neither the package nor this database holds",
					r.Name, r.InstrumentID, r.InstrumentVersion)
			}
			if err != nil {
				return 0, fmt.Errorf("adding round %q: %w", r.Name, err)
			}
			added++
		case err != nil:
			return 0, fmt.Errorf("finding round %q: %w", r.Name, err)
		case study != r.StudyID || name != r.Name || instID != r.InstrumentID || version != r.InstrumentVersion || created != formatTime(r.CreatedAt):
			return 0, differs("round", fmt.Sprintf("%q", r.Name))
		}
	}
	return added, nil
}
