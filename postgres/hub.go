package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"peil/survey"
)

var _ survey.HubStore = (*Store)(nil)

// hubLogLock is the advisory lock key (the bytes of "hlog") that an
// append to the audit log or the conflict list holds until it commits:
// sequence numbers are then taken in commit order, so a reader paging by
// seq (peil hub audit --after N) never passes an entry that commits
// later with a smaller number, however many writers the hub runs.
const hubLogLock = 0x686c6f67

// HubWriters says how many writes a hub on PostgreSQL lets reach the
// database at once (backend.NewHub): half the connection pool, at least
// one, so that the reads of other requests (tokens, scope checks) always
// find a connection. Merges of different laptops then run side by side,
// kept apart by the database (unique keys and the round locks, see
// docs/postgres.md); BenchmarkHubLoad measures it (docs/hub.md).
func (s *Store) HubWriters() int { return max(1, int(s.pool.Config().MaxConns)/2) }

const hubTokenColumns = `id, secret_hash, role, label, study_id, school_id, created_at, expires_at, revoked_at`

// CreateHubToken stores a new hub token with its workplaces, in one
// transaction.
func (s *Store) CreateHubToken(ctx context.Context, t survey.HubToken) error {
	if !t.Role.Valid() {
		return survey.Errorf(survey.EINVALID, "unknown token role %q: use device, researcher or admin", t.Role)
	}
	return s.transaction(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO hub_tokens (`+hubTokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			t.ID, t.SecretHash, string(t.Role), t.Label, t.StudyID, t.SchoolID,
			formatTime(t.CreatedAt), formatTime(t.ExpiresAt), nullTime(t.RevokedAt))
		if _, ok := uniqueViolation(err); ok {
			return survey.Errorf(survey.ECONFLICT, "a token with id %s or the same secret is already stored", t.ID)
		}
		if err != nil {
			return s.wrap(err, "storing hub token "+t.ID)
		}
		for i, w := range t.WorkplaceIDs {
			_, err := tx.Exec(ctx, `INSERT INTO hub_token_workplaces (token_id, position, workplace_id) VALUES ($1, $2, $3)`, t.ID, i, w)
			if _, ok := uniqueViolation(err); ok {
				return survey.Errorf(survey.EINVALID, "workplace %s is named twice for token %s", w, t.ID)
			}
			if err != nil {
				return s.wrap(err, "storing hub token "+t.ID)
			}
		}
		return nil
	})
}

func scanHubToken(row pgx.Row) (survey.HubToken, error) {
	var t survey.HubToken
	var role string
	var created, expires int64
	var revoked *int64
	err := row.Scan(&t.ID, &t.SecretHash, &role, &t.Label, &t.StudyID, &t.SchoolID, &created, &expires, &revoked)
	t.Role = survey.HubRole(role)
	t.CreatedAt, t.ExpiresAt, t.RevokedAt = parseTime(created), parseTime(expires), parseNullTime(revoked)
	return t, err
}

// HubTokenBySecretHash finds a token by the SHA-256 of its secret.
func (s *Store) HubTokenBySecretHash(ctx context.Context, hash string) (survey.HubToken, error) {
	t, err := scanHubToken(s.pool.QueryRow(ctx, `SELECT `+hubTokenColumns+` FROM hub_tokens WHERE secret_hash = $1`, hash))
	if err != nil {
		return survey.HubToken{}, s.notFound(err, "reading a hub token", "the hub knows no such token")
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
	rows, err := s.pool.Query(ctx, `SELECT token_id, workplace_id FROM hub_token_workplaces
		WHERE $1 = '' OR token_id = $1 ORDER BY token_id, position`, id)
	if err != nil {
		return nil, s.wrap(err, "reading the workplaces of hub tokens")
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var tok, w string
		if err := rows.Scan(&tok, &w); err != nil {
			return nil, s.wrap(err, "reading the workplaces of hub tokens")
		}
		out[tok] = append(out[tok], w)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err, "reading the workplaces of hub tokens")
	}
	return out, nil
}

// HubTokens returns every token, oldest first.
func (s *Store) HubTokens(ctx context.Context) ([]survey.HubToken, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+hubTokenColumns+` FROM hub_tokens ORDER BY created_at, id`)
	if err != nil {
		return nil, s.wrap(err, "reading hub tokens")
	}
	defer rows.Close()
	var out []survey.HubToken
	for rows.Next() {
		t, err := scanHubToken(rows)
		if err != nil {
			return nil, s.wrap(err, "reading hub tokens")
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err, "reading hub tokens")
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
	return s.transaction(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE hub_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, formatTime(at), id)
		if err != nil {
			return s.wrap(err, "revoking hub token "+id)
		}
		if tag.RowsAffected() == 0 {
			return survey.Errorf(survey.ENOTFOUND, "the hub has no token %q; see: peil hub tokens", id)
		}
		return nil
	})
}

// lockHubLog takes the lock that orders appends to the audit log and the
// conflict list by commit (hubLogLock).
func lockHubLog(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(hubLogLock))
	return err
}

// AppendAudit adds an entry to the audit log.
func (s *Store) AppendAudit(ctx context.Context, e survey.AuditEntry) error {
	return s.transaction(ctx, func(tx pgx.Tx) error {
		if err := lockHubLog(ctx, tx); err != nil {
			return s.wrap(err, "writing the audit log")
		}
		_, err := tx.Exec(ctx, `INSERT INTO hub_audit (at, token_id, actor, action, ok, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
			formatTime(e.At), e.TokenID, e.Actor, e.Action, e.OK, e.Detail)
		return s.wrap(err, "writing the audit log")
	})
}

// AuditLog returns the entries after seq after, oldest first.
func (s *Store) AuditLog(ctx context.Context, after int64, limit int) ([]survey.AuditEntry, error) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, at, token_id, actor, action, ok, detail FROM hub_audit
		WHERE seq > $1 ORDER BY seq LIMIT $2`, after, lim)
	if err != nil {
		return nil, s.wrap(err, "reading the audit log")
	}
	defer rows.Close()
	var out []survey.AuditEntry
	for rows.Next() {
		var e survey.AuditEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.TokenID, &e.Actor, &e.Action, &e.OK, &e.Detail); err != nil {
			return nil, s.wrap(err, "reading the audit log")
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err, "reading the audit log")
	}
	return out, nil
}

// AddHubConflicts keeps the conflicts of one merge, in one transaction.
func (s *Store) AddHubConflicts(ctx context.Context, cs []survey.HubConflict) error {
	if len(cs) == 0 {
		return nil
	}
	return s.transaction(ctx, func(tx pgx.Tx) error {
		if err := lockHubLog(ctx, tx); err != nil {
			return s.wrap(err, "keeping merge conflicts")
		}
		b := &pgx.Batch{}
		for _, c := range cs {
			b.Queue(`INSERT INTO hub_conflicts (at, token_id, response_id, existing_id, round_name,
				school_id, school_code, respondent_code, kept, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				formatTime(c.At), c.TokenID, c.ResponseID, c.ExistingID, c.RoundName, c.SchoolID, c.SchoolCode,
				c.RespondentCode, c.Kept, c.Reason)
		}
		return s.wrap(tx.SendBatch(ctx, b).Close(), "keeping merge conflicts")
	})
}

// HubConflicts returns every kept conflict, oldest first.
func (s *Store) HubConflicts(ctx context.Context) ([]survey.HubConflict, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, at, token_id, response_id, existing_id, round_name, school_id,
		school_code, respondent_code, kept, reason FROM hub_conflicts ORDER BY seq`)
	if err != nil {
		return nil, s.wrap(err, "reading merge conflicts")
	}
	defer rows.Close()
	var out []survey.HubConflict
	for rows.Next() {
		var c survey.HubConflict
		var at int64
		if err := rows.Scan(&c.Seq, &at, &c.TokenID, &c.ResponseID, &c.ExistingID, &c.RoundName, &c.SchoolID,
			&c.SchoolCode, &c.RespondentCode, &c.Kept, &c.Reason); err != nil {
			return nil, s.wrap(err, "reading merge conflicts")
		}
		c.At = parseTime(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrap(err, "reading merge conflicts")
	}
	return out, nil
}
