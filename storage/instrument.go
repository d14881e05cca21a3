package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"peil/survey"
)

// SaveInstrument stores an instrument version as JSON with its SHA-256.
// Saving the same version again with the same content does nothing; with
// other content it is a survey.ECONFLICT: a changed instrument needs a new
// version number, or its answers would belong to questions nobody asked.
func (s *Store) SaveInstrument(ctx context.Context, in *survey.Instrument) error {
	if err := survey.CheckNewInstrument(in); err != nil {
		return err
	}
	def, hash, err := survey.StoredInstrument(in)
	if err != nil {
		return err
	}
	return s.transaction(ctx, func(tx *sql.Tx) error {
		var have string
		err := tx.QueryRowContext(ctx, `SELECT hash FROM instruments WHERE id = ? AND version = ?`, in.ID, in.Version).Scan(&have)
		switch {
		case err == nil && have == hash:
			return nil
		case err == nil:
			return survey.InstrumentChanged(in)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("instrument %s: %w", in.Key(), err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO instruments (id, version, definition, hash, saved_at) VALUES (?, ?, ?, ?, ?)`,
			in.ID, in.Version, def, hash, formatTime(s.nowUTC()))
		if err != nil {
			return fmt.Errorf("saving instrument %s: %w", in.Key(), err)
		}
		return nil
	})
}

// Instrument returns a stored instrument version.
func (s *Store) Instrument(ctx context.Context, id string, version int) (*survey.Instrument, error) {
	var def string
	err := s.db.QueryRowContext(ctx, `SELECT definition FROM instruments WHERE id = ? AND version = ?`, id, version).Scan(&def)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("reading instrument %s@%d", id, version),
			"instrument %s@%d is not in this database", id, version)
	}
	var in survey.Instrument
	if err := json.Unmarshal([]byte(def), &in); err != nil {
		return nil, fmt.Errorf("instrument %s@%d: decoding its stored definition: %w", id, version, err)
	}
	return &in, nil
}

// Instruments returns the newest stored version of every instrument, by
// id: the instruments researchers added from files, next to the built-ins
// rounds have used.
func (s *Store) Instruments(ctx context.Context) ([]*survey.Instrument, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.definition FROM instruments i
		WHERE i.version = (SELECT MAX(version) FROM instruments j WHERE j.id = i.id) ORDER BY i.id`)
	if err != nil {
		return nil, fmt.Errorf("listing the instruments: %w", err)
	}
	defer rows.Close()
	var out []*survey.Instrument
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, fmt.Errorf("listing the instruments: %w", err)
		}
		var in survey.Instrument
		if err := json.Unmarshal([]byte(def), &in); err != nil {
			return nil, fmt.Errorf("listing the instruments: decoding a stored definition: %w", err)
		}
		out = append(out, &in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the instruments: %w", err)
	}
	return out, nil
}
