package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"peil/survey"
)

var _ survey.HubStore = (*Store)(nil)

const hubTokenColumns = `id, secret_hash, role, label, study_id, school_id, created_at, expires_at, revoked_at`

// CreateHubToken stores a new hub token.
func (s *Store) CreateHubToken(ctx context.Context, t survey.HubToken) error {
	if !t.Role.Valid() {
		return survey.Errorf(survey.EINVALID, "unknown token role %q: use device, researcher or admin", t.Role)
	}
	return s.transaction(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hub_tokens (`+hubTokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.SecretHash, string(t.Role), t.Label, t.StudyID, t.SchoolID,
			formatTime(t.CreatedAt), formatTime(t.ExpiresAt), nullTime(t.RevokedAt))
		if _, ok := uniqueViolation(err); ok {
			return survey.Errorf(survey.ECONFLICT, "a token with id %s or the same secret is already stored", t.ID)
		}
		if err != nil {
			return fmt.Errorf("storing hub token %s: %w", t.ID, err)
		}
		for i, w := range t.WorkplaceIDs {
			_, err := tx.ExecContext(ctx, `INSERT INTO hub_token_workplaces (token_id, position, workplace_id) VALUES (?, ?, ?)`, t.ID, i, w)
			if _, ok := uniqueViolation(err); ok {
				return survey.Errorf(survey.EINVALID, "workplace %s is named twice for token %s", w, t.ID)
			}
			if err != nil {
				return fmt.Errorf("storing hub token %s: %w", t.ID, err)
			}
		}
		return nil
	})
}

func scanHubToken(row interface{ Scan(...any) error }) (survey.HubToken, error) {
	var t survey.HubToken
	var role string
	var created, expires int64
	var revoked sql.NullInt64
	err := row.Scan(&t.ID, &t.SecretHash, &role, &t.Label, &t.StudyID, &t.SchoolID, &created, &expires, &revoked)
	t.Role = survey.HubRole(role)
	t.CreatedAt, t.ExpiresAt, t.RevokedAt = parseTime(created), parseTime(expires), parseNullTime(revoked)
	return t, err
}

// HubTokenBySecretHash finds a token by the SHA-256 of its secret.
func (s *Store) HubTokenBySecretHash(ctx context.Context, hash string) (survey.HubToken, error) {
	t, err := scanHubToken(s.db.QueryRowContext(ctx, `SELECT `+hubTokenColumns+` FROM hub_tokens WHERE secret_hash = ?`, hash))
	if err != nil {
		return survey.HubToken{}, notFound(err, "reading a hub token", "the hub knows no such token")
	}
	ws, err := s.tokenWorkplaces(ctx, t.ID)
	if err != nil {
		return survey.HubToken{}, err
	}
	t.WorkplaceIDs = ws[t.ID]
	return t, nil
}

// tokenWorkplaces returns the workplaces of one token (of every token
// when id is empty), by token id, in their order.
func (s *Store) tokenWorkplaces(ctx context.Context, id string) (map[string][]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT token_id, workplace_id FROM hub_token_workplaces
		WHERE ? = '' OR token_id = ? ORDER BY token_id, position`, id, id)
	if err != nil {
		return nil, fmt.Errorf("reading the workplaces of hub tokens: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var tok, w string
		if err := rows.Scan(&tok, &w); err != nil {
			return nil, fmt.Errorf("reading the workplaces of hub tokens: %w", err)
		}
		out[tok] = append(out[tok], w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the workplaces of hub tokens: %w", err)
	}
	return out, nil
}

// HubTokens returns every token, oldest first.
func (s *Store) HubTokens(ctx context.Context) ([]survey.HubToken, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+hubTokenColumns+` FROM hub_tokens ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("reading hub tokens: %w", err)
	}
	defer rows.Close()
	var out []survey.HubToken
	for rows.Next() {
		t, err := scanHubToken(rows)
		if err != nil {
			return nil, fmt.Errorf("reading hub tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading hub tokens: %w", err)
	}
	ws, err := s.tokenWorkplaces(ctx, "")
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].WorkplaceIDs = ws[out[i].ID]
	}
	return out, nil
}

// RevokeHubToken marks a token revoked; revoking twice keeps the first
// time.
func (s *Store) RevokeHubToken(ctx context.Context, id string, at time.Time) error {
	return s.transaction(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE hub_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, formatTime(at), id)
		if err != nil {
			return fmt.Errorf("revoking hub token %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("revoking hub token %s: %w", id, err)
		} else if n == 0 {
			return survey.Errorf(survey.ENOTFOUND, "the hub has no token %q; see: peil hub tokens", id)
		}
		return nil
	})
}

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e survey.AuditEntry) error {
	return s.transaction(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO hub_audit (at, token_id, actor, action, ok, detail) VALUES (?, ?, ?, ?, ?, ?)`,
			formatTime(e.At), e.TokenID, e.Actor, e.Action, boolInt(e.OK), e.Detail)
		if err != nil {
			return fmt.Errorf("writing the audit log: %w", err)
		}
		return nil
	})
}

// AuditLog returns the entries after seq after, oldest first.
func (s *Store) AuditLog(ctx context.Context, after int64, limit int) ([]survey.AuditEntry, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, token_id, actor, action, ok, detail FROM hub_audit
		WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", err)
	}
	defer rows.Close()
	var out []survey.AuditEntry
	for rows.Next() {
		var e survey.AuditEntry
		var at int64
		var ok int
		if err := rows.Scan(&e.Seq, &at, &e.TokenID, &e.Actor, &e.Action, &ok, &e.Detail); err != nil {
			return nil, fmt.Errorf("reading the audit log: %w", err)
		}
		e.At, e.OK = parseTime(at), ok == 1
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", err)
	}
	return out, nil
}

// AddHubConflicts keeps the conflicts of one merge, in one transaction.
func (s *Store) AddHubConflicts(ctx context.Context, cs []survey.HubConflict) error {
	if len(cs) == 0 {
		return nil
	}
	return s.transaction(ctx, func(tx *sql.Tx) error {
		for _, c := range cs {
			_, err := tx.ExecContext(ctx, `INSERT INTO hub_conflicts (at, token_id, response_id, existing_id, round_name,
				school_id, school_code, respondent_code, kept, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				formatTime(c.At), c.TokenID, c.ResponseID, c.ExistingID, c.RoundName, c.SchoolID, c.SchoolCode,
				c.RespondentCode, c.Kept, c.Reason)
			if err != nil {
				return fmt.Errorf("keeping a merge conflict: %w", err)
			}
		}
		return nil
	})
}

// HubConflicts returns every kept conflict, oldest first.
func (s *Store) HubConflicts(ctx context.Context) ([]survey.HubConflict, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, token_id, response_id, existing_id, round_name, school_id,
		school_code, respondent_code, kept, reason FROM hub_conflicts ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("reading merge conflicts: %w", err)
	}
	defer rows.Close()
	var out []survey.HubConflict
	for rows.Next() {
		var c survey.HubConflict
		var at int64
		if err := rows.Scan(&c.Seq, &at, &c.TokenID, &c.ResponseID, &c.ExistingID, &c.RoundName, &c.SchoolID,
			&c.SchoolCode, &c.RespondentCode, &c.Kept, &c.Reason); err != nil {
			return nil, fmt.Errorf("reading merge conflicts: %w", err)
		}
		c.At = parseTime(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading merge conflicts: %w", err)
	}
	return out, nil
}
