package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"peil/survey"
)

// Store is what the web form needs of peil's store: the round, school and
// instrument a link names, and the respondent's response and answers.
// survey.Store satisfies it.
type Store interface {
	Round(ctx context.Context, id string) (survey.Round, error)
	School(ctx context.Context, id string) (survey.School, error)
	Instrument(ctx context.Context, id string, version int) (*survey.Instrument, error)

	StartResponse(ctx context.Context, r survey.Response) (survey.Response, error)
	ResponseFor(ctx context.Context, roundID, respondentCode string) (survey.Response, error)
	Answers(ctx context.Context, responseID string) ([]survey.Answer, error)
	SaveAnswer(ctx context.Context, responseID string, a survey.Answer, cleared []string, role string) error
	DeleteAnswer(ctx context.Context, responseID, itemID string, cleared []string) error
	CompleteResponse(ctx context.Context, responseID string, at time.Time) error
	// The lease that keeps one response on one device at a time, across
	// this form, other servers and kiosks on the same store.
	survey.ResponseLeaser
}

var _ Store = survey.Store(nil)

// Link is what a link token stands for: the store that keeps the answers
// and the round and school the respondents answer for. On a laptop every
// link has the same store; a hub can give each link its own.
type Link struct {
	Store    Store
	RoundID  string
	SchoolID string
}

// Links turns the token in a respondent's link into what it stands for.
// Resolve returns an error for which survey.IsNotFound holds when the
// token is unknown or revoked.
type Links interface {
	Resolve(ctx context.Context, token string) (Link, error)
}

// LinkStore is a Store that also keeps settings, where StoreLinks keeps
// its tokens.
type LinkStore interface {
	Store
	survey.SettingStore
}

// StoreLinks keeps link tokens in the store's settings, so that a link
// printed as a QR code keeps working after a restart:
//
//	web.link.<token>            = <round id> <school id>
//	web.token.<round id>/<school id> = <token>
//
// A token is 128 random bits (22 characters, base64url): unguessable, and
// unrelated to the round and school it names. There is at most one live
// token per round and school; Revoke removes it, and Issue after a revoke
// makes a new one.
//
// Resolve keeps what it read for a few seconds (linkCacheTTL), so that a
// page costs no settings read; Revoke empties that memory at once, and a
// revoke by another process takes effect within those seconds.
type StoreLinks struct {
	st LinkStore
	// Rand is where new tokens come from; nil means crypto/rand.
	Rand io.Reader

	mu    sync.Mutex
	cache map[string]cachedLink
	now   func() time.Time
}

type cachedLink struct {
	link Link
	at   time.Time
}

// linkCacheTTL is how long Resolve trusts what it read.
const linkCacheTTL = 5 * time.Second

// NewStoreLinks returns the links kept in st's settings.
func NewStoreLinks(st LinkStore) *StoreLinks {
	return &StoreLinks{st: st, cache: map[string]cachedLink{}, now: time.Now}
}

const (
	linkPrefix  = "web.link."
	tokenPrefix = "web.token."
)

// Resolve implements Links.
func (l *StoreLinks) Resolve(ctx context.Context, token string) (Link, error) {
	if !validToken(token) {
		return Link{}, survey.Errorf(survey.ENOTFOUND, "no such link")
	}
	now := l.now()
	l.mu.Lock()
	c, hit := l.cache[token]
	l.mu.Unlock()
	if hit && now.Sub(c.at) < linkCacheTTL {
		return c.link, nil
	}
	v, ok, err := l.st.Setting(ctx, linkPrefix+token)
	if err != nil {
		return Link{}, fmt.Errorf("reading link: %w", err)
	}
	round, school, found := strings.Cut(v, " ")
	if !ok || !found || round == "" || school == "" {
		return Link{}, survey.Errorf(survey.ENOTFOUND, "no such link")
	}
	link := Link{Store: l.st, RoundID: round, SchoolID: school}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cache) >= maxCachedLinks {
		clear(l.cache)
	}
	l.cache[token] = cachedLink{link: link, at: now}
	return link, nil
}

// maxCachedLinks bounds Resolve's memory (only valid tokens are kept).
const maxCachedLinks = 1000

// Issue returns the live token for the round and school, making one when
// there is none.
func (l *StoreLinks) Issue(ctx context.Context, roundID, schoolID string) (string, error) {
	if roundID == "" || schoolID == "" || strings.ContainsAny(roundID+schoolID, " /") {
		return "", fmt.Errorf("a link needs a round and a school id without spaces or slashes (got %q, %q)", roundID, schoolID)
	}
	key := tokenPrefix + roundID + "/" + schoolID
	tok, ok, err := l.st.Setting(ctx, key)
	if err != nil {
		return "", fmt.Errorf("reading the link of round %s at school %s: %w", roundID, schoolID, err)
	}
	if ok && tok != "" {
		return tok, nil
	}
	rnd := l.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	b := make([]byte, 16)
	if _, err := io.ReadFull(rnd, b); err != nil {
		return "", fmt.Errorf("making a link token: %w", err)
	}
	tok = base64.RawURLEncoding.EncodeToString(b)
	if err := l.st.SetSetting(ctx, linkPrefix+tok, roundID+" "+schoolID); err != nil {
		return "", fmt.Errorf("saving the link: %w", err)
	}
	if err := l.st.SetSetting(ctx, key, tok); err != nil {
		return "", fmt.Errorf("saving the link: %w", err)
	}
	return tok, nil
}

// Revoke makes the round and school's link stop working at once. Browsers
// that have it open get "this link no longer works" on their next page;
// every answer they gave stays stored.
func (l *StoreLinks) Revoke(ctx context.Context, roundID, schoolID string) error {
	key := tokenPrefix + roundID + "/" + schoolID
	tok, ok, err := l.st.Setting(ctx, key)
	if err != nil {
		return fmt.Errorf("reading the link of round %s at school %s: %w", roundID, schoolID, err)
	}
	if !ok || tok == "" {
		return nil
	}
	l.mu.Lock()
	delete(l.cache, tok)
	l.mu.Unlock()
	if err := l.st.SetSetting(ctx, linkPrefix+tok, ""); err != nil {
		return fmt.Errorf("revoking the link: %w", err)
	}
	l.mu.Lock()
	delete(l.cache, tok) // a Resolve that read the setting meanwhile
	l.mu.Unlock()
	if err := l.st.SetSetting(ctx, key, ""); err != nil {
		return fmt.Errorf("revoking the link: %w", err)
	}
	return nil
}

// validToken reports whether s looks like a token (so that settings are
// never read with arbitrary keys).
func validToken(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
