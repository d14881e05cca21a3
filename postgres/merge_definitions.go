package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"peil/survey"
)

// mergeDefinitions adds a package's study, workplaces, schools, instrument
// versions and rounds when they are new, and checks that those already
// here are identical. It returns how many it added.
//
// Each definition is inserted with ON CONFLICT DO NOTHING and read
// back when another transaction got there first: two peils merging
// packages of a new study at once (laptops uploading to a hub) both
// succeed, one of them adding the definitions.
func (s *Store) mergeDefinitions(ctx context.Context, tx pgx.Tx, d survey.Definitions) (int, error) {
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
	// insert runs an INSERT ... ON CONFLICT DO NOTHING and says
	// whether it added the row.
	insert := func(sql string, args ...any) (bool, error) {
		tag, err := tx.Exec(ctx, sql, args...)
		if err == nil && tag.RowsAffected() == 1 {
			added++
		}
		return tag.RowsAffected() == 1, err
	}

	var code, title string
	var k int
	var created int64
	find := func() error {
		return tx.QueryRow(ctx, `SELECT code, title, min_group_size, created_at FROM studies WHERE id = $1`, st.ID).
			Scan(&code, &title, &k, &created)
	}
	err := find()
	if isNoRows(err) {
		ok, ierr := insert(`INSERT INTO studies (id, code, title, min_group_size, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, st.ID, st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt))
		if _, dup := uniqueViolation(ierr); dup {
			return 0, survey.Errorf(survey.ECONFLICT,
				"this database has another study with code %q: the package belongs to a study set up elsewhere. Import it into the database the laptop was set up from", st.Code)
		}
		if ierr != nil {
			return 0, fmt.Errorf("adding study %s: %w", st.Code, ierr)
		}
		err = nil
		if ok {
			code, title, k, created = st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt)
		} else if err = find(); isNoRows(err) {
			// Not this study: another one with its code.
			return 0, survey.Errorf(survey.ECONFLICT,
				"this database has another study with code %q: the package belongs to a study set up elsewhere. Import it into the database the laptop was set up from", st.Code)
		}
	}
	switch {
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
		find := func() error {
			return tx.QueryRow(ctx, `SELECT study_id, code, name FROM workplaces WHERE id = $1`, w.ID).Scan(&study, &code, &name)
		}
		err := find()
		if isNoRows(err) {
			ok, ierr := insert(`INSERT INTO workplaces (id, study_id, code, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				w.ID, w.StudyID, w.Code, w.Name)
			if _, dup := uniqueViolation(ierr); dup {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another workplace with code %q; the package was made from another setup", st.Code, w.Code)
			}
			if ierr != nil {
				return 0, fmt.Errorf("adding workplace %s: %w", w.Code, ierr)
			}
			if ok {
				continue
			}
			if err = find(); isNoRows(err) {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another workplace with code %q; the package was made from another setup", st.Code, w.Code)
			}
		}
		switch {
		case err != nil:
			return 0, fmt.Errorf("finding workplace %s: %w", w.Code, err)
		case study != w.StudyID || code != w.Code || name != w.Name:
			return 0, differs("workplace", w.Code)
		}
	}

	for _, sc := range d.Schools {
		var wp, code, name string
		find := func() error {
			return tx.QueryRow(ctx, `SELECT workplace_id, code, name FROM schools WHERE id = $1`, sc.ID).Scan(&wp, &code, &name)
		}
		err := find()
		if isNoRows(err) {
			ok, ierr := insert(`INSERT INTO schools (id, workplace_id, study_id, code, name)
				SELECT $1, id, study_id, $2, $3 FROM workplaces WHERE id = $4 AND study_id = $5
				ON CONFLICT DO NOTHING`, sc.ID, sc.Code, sc.Name, sc.WorkplaceID, st.ID)
			if _, dup := uniqueViolation(ierr); dup {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another school with code %q; the package was made from another setup", st.Code, sc.Code)
			}
			if ierr != nil {
				return 0, fmt.Errorf("adding school %s: %w", sc.Code, ierr)
			}
			if ok {
				continue
			}
			if err = find(); isNoRows(err) {
				var one int
				if tx.QueryRow(ctx, `SELECT 1 FROM workplaces WHERE id = $1 AND study_id = $2`, sc.WorkplaceID, st.ID).Scan(&one) == nil {
					return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another school with code %q; the package was made from another setup", st.Code, sc.Code)
				}
				return 0, survey.Errorf(survey.EINVALID, "school %s in the package belongs to no workplace of study %s", sc.Code, st.Code)
			}
		}
		switch {
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
		def, hash, err := instrumentJSON(in)
		if err != nil {
			return 0, err
		}
		ok, err := insert(`INSERT INTO instruments (id, version, definition, hash, saved_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id, version) DO NOTHING`, in.ID, in.Version, def, hash, formatTime(s.nowUTC()))
		if err != nil {
			return 0, fmt.Errorf("adding instrument %s: %w", in.Key(), err)
		}
		if ok {
			continue
		}
		var have string
		if err := tx.QueryRow(ctx, `SELECT hash FROM instruments WHERE id = $1 AND version = $2`, in.ID, in.Version).Scan(&have); err != nil {
			return 0, fmt.Errorf("finding instrument %s: %w", in.Key(), err)
		}
		if have != hash {
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
		find := func() error {
			return tx.QueryRow(ctx, `SELECT study_id, name, instrument_id, instrument_version, created_at FROM rounds WHERE id = $1`, r.ID).
				Scan(&study, &name, &instID, &version, &created)
		}
		err := find()
		if isNoRows(err) {
			ok, ierr := insert(`INSERT INTO rounds (id, study_id, name, instrument_id, instrument_version, open, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
				r.ID, r.StudyID, r.Name, r.InstrumentID, r.InstrumentVersion, r.Open, formatTime(r.CreatedAt))
			if ok {
				_, ierr = tx.Exec(ctx, `INSERT INTO round_changes (round_id, changes) VALUES ($1, 0)`, r.ID)
			}
			if _, dup := uniqueViolation(ierr); dup {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another round named %q; the package was made from another setup", st.Code, r.Name)
			}
			if isForeignKeyViolation(ierr) {
				return 0, survey.Errorf(survey.EINVALID, "round %q uses instrument %s@%d, which neither the package nor this database holds",
					r.Name, r.InstrumentID, r.InstrumentVersion)
			}
			if ierr != nil {
				return 0, fmt.Errorf("adding round %q: %w", r.Name, ierr)
			}
			if ok {
				continue
			}
			if err = find(); isNoRows(err) {
				return 0, survey.Errorf(survey.ECONFLICT, "study %s already has another round named %q; the package was made from another setup", st.Code, r.Name)
			}
		}
		switch {
		case err != nil:
			return 0, fmt.Errorf("finding round %q: %w", r.Name, err)
		case study != r.StudyID || name != r.Name || instID != r.InstrumentID || version != r.InstrumentVersion || created != formatTime(r.CreatedAt):
			return 0, differs("round", fmt.Sprintf("%q", r.Name))
		}
	}
	return added, nil
}
