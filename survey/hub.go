package survey

import (
	"context"
	"time"
)

// Error codes of a hub's refusals.
const (
	// EUNAUTHORIZED: no token, an unknown, expired or revoked one.
	EUNAUTHORIZED = "unauthorized"
	// EFORBIDDEN: a valid token that does not allow what was asked (a
	// device reading data, a token of another workplace).
	EFORBIDDEN = "forbidden"
)

// HubRole is what a hub token allows.
type HubRole string

// The roles of hub tokens.
const (
	// RoleDevice is a laptop in a school: it uploads the responses of its
	// workplace's schools (of one school, when the token names one) and
	// fetches the setup. It reads no data.
	RoleDevice HubRole = "device"
	// RoleResearcher reads, reports and exports its workplace's data.
	RoleResearcher HubRole = "researcher"
	// RoleAdmin may do everything, for every workplace of the study.
	RoleAdmin HubRole = "admin"
)

// Valid reports whether r is one of the roles.
func (r HubRole) Valid() bool {
	return r == RoleDevice || r == RoleResearcher || r == RoleAdmin
}

// HubToken is one enrolment of a laptop or a person on a hub. The hub keeps
// only the SHA-256 of the token's secret: the secret itself is shown once,
// when the token is made.
type HubToken struct {
	// ID is a short public name of the token (in the audit log and in
	// peil hub tokens); it reveals nothing of the secret.
	ID string
	// SecretHash is the SHA-256 of the secret, in hex; unique.
	SecretHash string
	Role       HubRole
	// Label says whom the token was given to ("laptop 2 WOA-01").
	Label   string
	StudyID string
	// WorkplaceIDs scope a device or researcher token (a researcher may
	// have several workplaces); empty for admin.
	WorkplaceIDs []string
	// SchoolID, when not empty, narrows a device token to one school.
	SchoolID  string
	CreatedAt time.Time
	ExpiresAt time.Time
	// RevokedAt is zero while the token is valid.
	RevokedAt time.Time
}

// InWorkplace reports whether the token's scope has the workplace.
func (t HubToken) InWorkplace(id string) bool {
	for _, w := range t.WorkplaceIDs {
		if w == id {
			return true
		}
	}
	return false
}

// Usable reports whether the token may be used at time now, and if not,
// why not (in words for the person holding it).
func (t HubToken) Usable(now time.Time) (bool, string) {
	switch {
	case !t.RevokedAt.IsZero():
		return false, "this token was revoked; ask the hub's administrator for a new one"
	case !now.Before(t.ExpiresAt):
		return false, "this token expired on " + t.ExpiresAt.UTC().Format("2006-01-02") + "; ask the hub's administrator for a new one"
	}
	return true, ""
}

// AuditEntry is one line of a hub's audit log: who did what, when, and
// whether it was allowed.
type AuditEntry struct {
	// Seq is assigned by the store, in the order entries are appended.
	Seq int64
	At  time.Time
	// TokenID is the token used ("" when none or an unknown one was
	// given); Actor its label or what the hub knows of the caller.
	TokenID, Actor string
	// Action is what was asked: "upload", "setup", "data", "enrol",
	// "revoke", "refused".
	Action string
	// OK is false when the hub refused.
	OK bool
	// Detail says what happened, in one line.
	Detail string
}

// HubConflict is a merge conflict found when an upload was merged into
// the hub, kept so that it can be listed later.
type HubConflict struct {
	Seq     int64
	At      time.Time
	TokenID string
	MergeConflict
}

// HubStore keeps what a hub knows besides the study's data: its tokens,
// its audit log and the merge conflicts it saw. The audit log and the
// conflict list are append-only: there is no method to change or remove
// an entry (and a store should refuse it underneath as well).
type HubStore interface {
	// CreateHubToken stores a new token with its workplaces (in the
	// order given, each once). A token whose ID or SecretHash is already
	// stored is an ECONFLICT error.
	CreateHubToken(ctx context.Context, t HubToken) error
	// HubTokenBySecretHash finds a token by the hash of its secret
	// (ENOTFOUND when there is none).
	HubTokenBySecretHash(ctx context.Context, hash string) (HubToken, error)
	// HubTokens returns every token, oldest first.
	HubTokens(ctx context.Context) ([]HubToken, error)
	// RevokeHubToken marks the token revoked at the given time
	// (ENOTFOUND when there is no such token; revoking twice keeps the
	// first time).
	RevokeHubToken(ctx context.Context, id string, at time.Time) error
	// AppendAudit adds an entry to the audit log.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AuditLog returns the entries with Seq greater than after, oldest
	// first, at most limit of them (all when limit <= 0).
	AuditLog(ctx context.Context, after int64, limit int) ([]AuditEntry, error)
	// AddHubConflicts keeps the conflicts of one merge.
	AddHubConflicts(ctx context.Context, cs []HubConflict) error
	// HubConflicts returns every kept conflict, oldest first.
	HubConflicts(ctx context.Context) ([]HubConflict, error)
}
