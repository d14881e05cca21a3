package backend

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"peil/survey"
)

// DefaultTokenLifetime is how long a hub token is valid unless said
// otherwise: a school year and a bit.
const DefaultTokenLifetime = 400 * 24 * time.Hour

// Hub carries out the use cases of a hub (peil serve): tokens, uploads
// merged by the package import, setups and data handed out as packages,
// each refusal and each read in the audit log. It is safe for concurrent
// use.
type Hub struct {
	b  *Backend
	hs survey.HubStore
	// writes lets one write at a time reach the store (or as many as the
	// store takes at once): SQLite has one writer, and a queue in peil
	// never gives up, where writers waiting behind a long merge would give
	// up after the busy timeout and lose an audit entry.
	writes chan struct{}
	// log is told what the hub could not write to its audit log.
	log func(error)
	// inMemory is how many responses of an upload are read before its
	// merge waits for its turn (maxUploadInMemory).
	inMemory int
}

// NewHub returns the hub use cases on b's store and hs (usually the same
// database). writers is how many writes (merges of uploads, audit
// entries, tokens) may reach the store at once: 1 on SQLite, HubWriters(hs)
// in general.
func (b *Backend) NewHub(hs survey.HubStore, writers int) *Hub {
	return &Hub{b: b, hs: hs, writes: make(chan struct{}, max(1, writers)), log: func(error) {}, inMemory: maxUploadInMemory}
}

// ParallelHubStore is a HubStore (with its study store) that keeps
// several writes at once apart itself, with the database's guarantees,
// and says how many a hub should let reach it at once. A store that does
// not implement it gets one writer (SQLite has one).
type ParallelHubStore interface {
	survey.HubStore
	HubWriters() int
}

// HubWriters is the number of writes a hub lets reach hs at once by
// default: hs.HubWriters() for a ParallelHubStore, else 1.
func HubWriters(hs survey.HubStore) int {
	if p, ok := hs.(ParallelHubStore); ok {
		return max(1, p.HubWriters())
	}
	return 1
}

// SetErrorLog has the hub report what it could not write to its audit
// log (the request itself went on).
func (h *Hub) SetErrorLog(log func(error)) { h.log = log }

// write runs fn when a write may reach the store.
func (h *Hub) write(ctx context.Context, fn func() error) error {
	select {
	case h.writes <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.writes }()
	return fn()
}

// Backend returns the application layer the hub works on.
func (h *Hub) Backend() *Backend { return h.b }

// EnrolRequest says whom a new token is for.
type EnrolRequest struct {
	Role  survey.HubRole
	Label string
	// Study, Workplaces and School are codes. A device or a researcher
	// needs a workplace (a researcher may have several); School narrows a
	// device to one school (and names its workplace).
	Study, School string
	Workplaces    []string
	// ValidFor is the token's lifetime (DefaultTokenLifetime when 0).
	ValidFor time.Duration
}

// Enrol makes a token and returns it with its secret, which is shown
// once: the hub keeps only its SHA-256.
func (h *Hub) Enrol(ctx context.Context, req EnrolRequest) (survey.HubToken, string, error) {
	if !req.Role.Valid() {
		return survey.HubToken{}, "", survey.Errorf(survey.EINVALID, "unknown role %q: use device, researcher or admin", req.Role)
	}
	s, err := h.b.FindStudy(ctx, req.Study)
	if err != nil {
		return survey.HubToken{}, "", err
	}
	t := survey.HubToken{Role: req.Role, Label: strings.TrimSpace(req.Label), StudyID: s.ID}
	switch {
	case req.Role == survey.RoleAdmin && (len(req.Workplaces) > 0 || req.School != ""):
		return survey.HubToken{}, "", survey.Errorf(survey.EINVALID, "an admin token is for the whole study; leave out --workplace and --school")
	case req.Role != survey.RoleAdmin && len(req.Workplaces) == 0 && req.School == "":
		return survey.HubToken{}, "", survey.Errorf(survey.EINVALID, "a %s token is for a workplace: say which with --workplace CODE", req.Role)
	case req.Role == survey.RoleResearcher && req.School != "":
		return survey.HubToken{}, "", survey.Errorf(survey.EINVALID, "a researcher token is for whole workplaces; leave out --school")
	case req.Role == survey.RoleDevice && len(req.Workplaces) > 1:
		return survey.HubToken{}, "", survey.Errorf(survey.EINVALID, "a device token is for one workplace (a laptop stands in one school); give one --workplace")
	}
	for _, code := range req.Workplaces {
		w, err := h.b.FindWorkplace(ctx, s, code)
		if err != nil {
			return survey.HubToken{}, "", err
		}
		if !t.InWorkplace(w.ID) {
			t.WorkplaceIDs = append(t.WorkplaceIDs, w.ID)
		}
	}
	if req.School != "" {
		sc, err := h.b.FindSchool(ctx, s, req.School)
		if err != nil {
			return survey.HubToken{}, "", err
		}
		if len(t.WorkplaceIDs) > 0 && !t.InWorkplace(sc.WorkplaceID) {
			return survey.HubToken{}, "", survey.Errorf(survey.EINVALID, "school %s is not in workplace %s", req.School, strings.Join(req.Workplaces, ", "))
		}
		t.SchoolID, t.WorkplaceIDs = sc.ID, []string{sc.WorkplaceID}
	}
	if t.Label == "" {
		t.Label = string(req.Role)
	}
	var secret [32]byte
	var id [6]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return survey.HubToken{}, "", fmt.Errorf("making a token: %w", err)
	}
	if _, err := rand.Read(id[:]); err != nil {
		return survey.HubToken{}, "", fmt.Errorf("making a token: %w", err)
	}
	t.ID = hex.EncodeToString(id[:])
	text := base64.RawURLEncoding.EncodeToString(secret[:])
	t.SecretHash = SecretHash(text)
	t.CreatedAt = h.b.now().UTC()
	life := req.ValidFor
	if life <= 0 {
		life = DefaultTokenLifetime
	}
	t.ExpiresAt = t.CreatedAt.Add(life)
	if err := h.write(ctx, func() error { return h.hs.CreateHubToken(ctx, t) }); err != nil {
		return survey.HubToken{}, "", err
	}
	h.audit(ctx, t, "enrol", true, fmt.Sprintf("token %s made: %s for %s, valid until %s", t.ID, t.Role, h.scopeName(ctx, t), t.ExpiresAt.Format("2006-01-02")))
	return t, text, nil
}

// SecretHash is what the hub keeps of a token's secret: its SHA-256 in
// hex. The secret is 32 random bytes, so a fast hash is enough: there is
// nothing to guess.
func SecretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// scopeName says what a token covers, for people.
func (h *Hub) scopeName(ctx context.Context, t survey.HubToken) string {
	s, err := h.b.store.Study(ctx, t.StudyID)
	if err != nil {
		return "study " + t.StudyID
	}
	name := "study " + s.Code
	if codes := h.workplaceCodes(ctx, t); len(codes) == 1 {
		name = "workplace " + codes[0] + " of " + name
	} else if len(codes) > 1 {
		name = "workplaces " + strings.Join(codes, ", ") + " of " + name
	}
	if t.SchoolID != "" {
		if sc, err := h.b.store.School(ctx, t.SchoolID); err == nil {
			name = "school " + sc.Code + ", " + name
		}
	}
	return name
}

// workplaceCodes returns the codes of t's workplaces, in its order.
func (h *Hub) workplaceCodes(ctx context.Context, t survey.HubToken) []string {
	if len(t.WorkplaceIDs) == 0 {
		return nil
	}
	wps, err := h.b.store.Workplaces(ctx, t.StudyID)
	if err != nil {
		return t.WorkplaceIDs
	}
	var codes []string
	for _, id := range t.WorkplaceIDs {
		code := id
		if i := slices.IndexFunc(wps, func(w survey.Workplace) bool { return w.ID == id }); i >= 0 {
			code = wps[i].Code
		}
		codes = append(codes, code)
	}
	return codes
}

// Revoke revokes a token at once: every later request with it is refused.
func (h *Hub) Revoke(ctx context.Context, id string) error {
	err := h.write(ctx, func() error { return h.hs.RevokeHubToken(ctx, id, h.b.now().UTC()) })
	h.audit(ctx, survey.HubToken{ID: id, Label: "administrator"}, "revoke", err == nil, errDetail(err, "token "+id+" revoked"))
	return err
}

// Tokens lists every token (without secrets: the hub has none).
func (h *Hub) Tokens(ctx context.Context) ([]survey.HubToken, error) { return h.hs.HubTokens(ctx) }

// Conflicts lists the merge conflicts uploads have caused, oldest first.
func (h *Hub) Conflicts(ctx context.Context) ([]survey.HubConflict, error) {
	return h.hs.HubConflicts(ctx)
}

// Audit returns the audit log after entry seq after, at most limit
// entries (all when limit <= 0).
func (h *Hub) Audit(ctx context.Context, after int64, limit int) ([]survey.AuditEntry, error) {
	return h.hs.AuditLog(ctx, after, limit)
}

// audit appends to the audit log, waiting its turn among the writes
// however long that takes. A failure to write it (a full disk) goes to
// the error log; the request it records has happened and stands.
func (h *Hub) audit(ctx context.Context, t survey.HubToken, action string, ok bool, detail string) {
	ctx = context.WithoutCancel(ctx)
	e := auditEntry(h.b.now(), t, action, ok, detail)
	_ = h.write(ctx, func() error { h.appendAudit(ctx, e); return nil })
}

// appendAudit appends e; the caller has its turn among the writes.
func (h *Hub) appendAudit(ctx context.Context, e survey.AuditEntry) {
	if err := h.hs.AppendAudit(ctx, e); err != nil {
		state := "ok"
		if !e.OK {
			state = "refused"
		}
		h.log(fmt.Errorf("the audit log lost an entry (%s %s by %s: %s): %w", e.Action, state, e.Actor, e.Detail, err))
	}
}

func auditEntry(now time.Time, t survey.HubToken, action string, ok bool, detail string) survey.AuditEntry {
	actor := t.Label
	if actor == "" {
		actor = "unknown"
	}
	return survey.AuditEntry{At: now.UTC(), TokenID: t.ID, Actor: actor, Action: action, OK: ok, Detail: detail}
}

func errDetail(err error, ok string) string {
	if err != nil {
		return err.Error()
	}
	return ok
}

// Authenticate finds the token with the given secret and checks that it
// may be used now. A refusal is an EUNAUTHORIZED error and an entry in the
// audit log; from says where the request came from.
func (h *Hub) Authenticate(ctx context.Context, secret, from string) (survey.HubToken, error) {
	refuse := func(t survey.HubToken, why string) (survey.HubToken, error) {
		h.audit(ctx, t, "refused", false, why+" (from "+from+")")
		return survey.HubToken{}, survey.Errorf(survey.EUNAUTHORIZED, "%s", why)
	}
	if secret == "" {
		return refuse(survey.HubToken{}, "no token was given; join the hub first with: peil hub join TOKEN")
	}
	t, err := h.hs.HubTokenBySecretHash(ctx, SecretHash(secret))
	if survey.IsNotFound(err) {
		return refuse(survey.HubToken{}, "the hub does not know this token; ask the hub's administrator for one")
	}
	if err != nil {
		return survey.HubToken{}, err
	}
	if ok, why := t.Usable(h.b.now()); !ok {
		return refuse(t, why)
	}
	return t, nil
}

// Identity is what a token is, as the hub tells its holder.
type Identity struct {
	TokenID    string         `json:"token_id"`
	Role       survey.HubRole `json:"role"`
	Label      string         `json:"label"`
	Study      string         `json:"study"`
	StudyID    string         `json:"study_id"`
	Workplaces []string       `json:"workplaces,omitempty"`
	School     string         `json:"school,omitempty"`
	Expires    time.Time      `json:"expires"`
}

// Identify says what token t is.
func (h *Hub) Identify(ctx context.Context, t survey.HubToken) (Identity, error) {
	s, err := h.b.store.Study(ctx, t.StudyID)
	if err != nil {
		return Identity{}, err
	}
	id := Identity{TokenID: t.ID, Role: t.Role, Label: t.Label, Study: s.Code, StudyID: s.ID, Expires: t.ExpiresAt}
	id.Workplaces = h.workplaceCodes(ctx, t)
	if t.SchoolID != "" {
		sc, err := h.b.store.School(ctx, t.SchoolID)
		if err != nil {
			return Identity{}, err
		}
		id.School = sc.Code
	}
	return id, nil
}

// Refused records in the audit log that a request with token t was
// refused before it reached a use case (an upload too large or cut short).
func (h *Hub) Refused(ctx context.Context, t survey.HubToken, action string, err error) {
	h.audit(ctx, t, action, false, "refused: "+err.Error())
}

// Settings of a hub's own database: the address and certificate
// fingerprint that tokens carry, written by peil serve when it starts.
const (
	SettingServeURL         = "hub.serve.url"
	SettingServeFingerprint = "hub.serve.fingerprint"
)

// SetAddress keeps where the hub is reached and its certificate's
// fingerprint ("" behind a proxy), for the tokens Enrol makes later.
func (h *Hub) SetAddress(ctx context.Context, url, fingerprint string) error {
	if err := h.b.store.SetSetting(ctx, SettingServeURL, url); err != nil {
		return err
	}
	return h.b.store.SetSetting(ctx, SettingServeFingerprint, fingerprint)
}

// Address returns what SetAddress kept; an ENOTFOUND error when the hub
// never started.
func (h *Hub) Address(ctx context.Context) (url, fingerprint string, err error) {
	url, ok, err := h.b.store.Setting(ctx, SettingServeURL)
	if err != nil {
		return "", "", err
	}
	if !ok || url == "" {
		return "", "", survey.Errorf(survey.ENOTFOUND, "this database has not served as a hub yet, so its address is unknown: start peil serve once, or give --url")
	}
	fingerprint, _, err = h.b.store.Setting(ctx, SettingServeFingerprint)
	return url, fingerprint, err
}

// Now returns the Backend's clock.
func (b *Backend) Now() time.Time { return b.now() }
