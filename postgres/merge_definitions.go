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
	if err := d.CheckStudy(); err != nil {
		return 0, err
	}
	st := d.Study
	added := 0
	// insert runs an INSERT ... ON CONFLICT DO NOTHING and says
	// whether it added the row.
	insert := func(sql string, args ...any) (bool, error) {
		tag, err := tx.Exec(ctx, sql, args...)
		if err == nil && tag.RowsAffected() == 1 {
			added++
		}
		return tag.RowsAffected() == 1, err
	}

	have := survey.Study{ID: st.ID}
	var created int64
	find := func() error {
		return tx.QueryRow(ctx, `SELECT code, title, min_group_size, created_at FROM studies WHERE id = $1`, st.ID).
			Scan(&have.Code, &have.Title, &have.MinGroupSize, &created)
	}
	err := find()
	if isNoRows(err) {
		ok, ierr := insert(`INSERT INTO studies (id, code, title, min_group_size, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, st.ID, st.Code, st.Title, st.MinGroupSize, formatTime(st.CreatedAt))
		if _, dup := uniqueViolation(ierr); dup {
			return 0, d.StudyCodeTaken()
		}
		if ierr != nil {
			return 0, fmt.Errorf("adding study %s: %w", st.Code, ierr)
		}
		if ok {
			have, created, err = st, formatTime(st.CreatedAt), nil
		} else if err = find(); isNoRows(err) {
			// Not this study: another one with its code.
			return 0, d.StudyCodeTaken()
		}
	}
	if err != nil {
		return 0, fmt.Errorf("finding study %s: %w", st.Code, err)
	}
	have.CreatedAt = parseTime(created)
	if err := d.SameStudy(have); err != nil {
		return 0, err
	}

	for _, w := range d.Workplaces {
		if err := d.CheckWorkplace(w); err != nil {
			return 0, err
		}
		have := survey.Workplace{ID: w.ID}
		find := func() error {
			return tx.QueryRow(ctx, `SELECT study_id, code, name FROM workplaces WHERE id = $1`, w.ID).Scan(&have.StudyID, &have.Code, &have.Name)
		}
		err := find()
		if isNoRows(err) {
			ok, ierr := insert(`INSERT INTO workplaces (id, study_id, code, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
				w.ID, w.StudyID, w.Code, w.Name)
			if _, dup := uniqueViolation(ierr); dup {
				return 0, d.WorkplaceCodeTaken(w)
			}
			if ierr != nil {
				return 0, fmt.Errorf("adding workplace %s: %w", w.Code, ierr)
			}
			if ok {
				continue
			}
			if err = find(); isNoRows(err) {
				return 0, d.WorkplaceCodeTaken(w)
			}
		}
		if err != nil {
			return 0, fmt.Errorf("finding workplace %s: %w", w.Code, err)
		}
		if err := d.SameWorkplace(have, w); err != nil {
			return 0, err
		}
	}

	for _, sc := range d.Schools {
		have := survey.School{ID: sc.ID}
		find := func() error {
			return tx.QueryRow(ctx, `SELECT workplace_id, code, name FROM schools WHERE id = $1`, sc.ID).Scan(&have.WorkplaceID, &have.Code, &have.Name)
		}
		err := find()
		if isNoRows(err) {
			ok, ierr := insert(`INSERT INTO schools (id, workplace_id, study_id, code, name)
				SELECT $1, id, study_id, $2, $3 FROM workplaces WHERE id = $4 AND study_id = $5
				ON CONFLICT DO NOTHING`, sc.ID, sc.Code, sc.Name, sc.WorkplaceID, st.ID)
			if _, dup := uniqueViolation(ierr); dup {
				return 0, d.SchoolCodeTaken(sc)
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
					return 0, d.SchoolCodeTaken(sc)
				}
				return 0, d.SchoolWithoutWorkplace(sc)
			}
		}
		if err != nil {
			return 0, fmt.Errorf("finding school %s: %w", sc.Code, err)
		}
		if err := d.SameSchool(have, sc); err != nil {
			return 0, err
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
			return 0, d.InstrumentDiffers(in)
		}
	}

	for _, r := range d.Rounds {
		if err := d.CheckRound(r); err != nil {
			return 0, err
		}
		have := survey.Round{ID: r.ID}
		var created int64
		find := func() error {
			return tx.QueryRow(ctx, `SELECT study_id, name, instrument_id, instrument_version, created_at FROM rounds WHERE id = $1`, r.ID).
				Scan(&have.StudyID, &have.Name, &have.InstrumentID, &have.InstrumentVersion, &created)
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
				return 0, d.RoundNameTaken(r)
			}
			if isForeignKeyViolation(ierr) {
				return 0, d.RoundWithoutInstrument(r)
			}
			if ierr != nil {
				return 0, fmt.Errorf("adding round %q: %w", r.Name, ierr)
			}
			if ok {
				continue
			}
			if err = find(); isNoRows(err) {
				return 0, d.RoundNameTaken(r)
			}
		}
		if err != nil {
			return 0, fmt.Errorf("finding round %q: %w", r.Name, err)
		}
		have.CreatedAt = parseTime(created)
		if err := d.SameRound(have, r); err != nil {
			return 0, err
		}
	}
	return added, nil
}
