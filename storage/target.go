package storage

import (
	"context"
	"database/sql"
	"fmt"

	"peil/survey"
)

// SetTarget stores (or replaces) the study's target for one scale or item
// of an instrument. The study must exist; the measure is not checked
// against an instrument version, so one target holds for every version
// that has the measure.
func (s *Store) SetTarget(ctx context.Context, t survey.Target) error {
	if err := survey.CheckTarget(t); err != nil {
		return err
	}
	err := s.transaction(ctx, func(tx *sql.Tx) error {
		if _, err := studyCode(ctx, tx, t.StudyID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO targets (study_id, instrument_id, measure_id, value) VALUES (?, ?, ?, ?)
			ON CONFLICT (study_id, instrument_id, measure_id) DO UPDATE SET value = excluded.value`,
			t.StudyID, t.InstrumentID, t.MeasureID, t.Value)
		return err
	})
	return wrap(err, fmt.Sprintf("saving the target for %s of %s", t.MeasureID, t.InstrumentID))
}

// Targets returns the study's targets, ordered by instrument and measure.
func (s *Store) Targets(ctx context.Context, studyID string) ([]survey.Target, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT study_id, instrument_id, measure_id, value FROM targets
		WHERE study_id = ? ORDER BY instrument_id, measure_id`, studyID)
	if err != nil {
		return nil, fmt.Errorf("listing targets: %w", err)
	}
	defer rows.Close()
	var out []survey.Target
	for rows.Next() {
		var t survey.Target
		if err := rows.Scan(&t.StudyID, &t.InstrumentID, &t.MeasureID, &t.Value); err != nil {
			return nil, fmt.Errorf("listing targets: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing targets: %w", err)
	}
	return out, nil
}
