package backend

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"peil/pack"
	"peil/survey"
)

// Settings a laptop keeps about the hub it joined.
const (
	// SettingHubURL is the hub's address.
	SettingHubURL = "hub.url"
	// SettingHubToken is the whole token text the laptop joined with
	// (address, certificate fingerprint and secret): a credential, as
	// safe as the database file (0600).
	SettingHubToken = "hub.token"
	// SettingHubRole and SettingHubStudy are what the hub said the token
	// is: its role and the id of its study.
	SettingHubRole  = "hub.role"
	SettingHubStudy = "hub.study"
	// SettingHubAcked is the ack watermark (RFC 3339, nanoseconds): every
	// response whose last change is before it is on the hub, confirmed.
	SettingHubAcked = "hub.acked"
	// SettingHubSentUpTo is when the last confirmed upload started:
	// responses that changed before it are on the hub (SyncStatus counts
	// the others as waiting; the ack watermark is AckMargin earlier).
	SettingHubSentUpTo = "hub.sent_up_to"
	// SettingHubLastSync is when the last sync ended well; SettingHubLastError
	// what went wrong in the last sync that failed ("" after a good one).
	SettingHubLastSync  = "hub.last_sync"
	SettingHubLastError = "hub.last_error"
)

// AckMargin is how far before the start of a confirmed upload the ack
// watermark is put. An answer is stamped a moment before it is committed;
// one stamped just before the upload's scan but committed just after it is
// not in the upload, and the margin makes sure the next sync sends it.
// Sending a response twice is harmless: the hub's merge is idempotent.
const AckMargin = 2 * time.Minute

// HubClient is a hub as a laptop reaches it (package hub's Client). Errors
// that carry a survey error code are the hub's answer and are not retried;
// others (the network) are.
type HubClient interface {
	// Identify asks the hub what the client's token is.
	Identify(ctx context.Context) (Identity, error)
	// Upload sends a data package; the hub has merged it when Upload
	// returns without an error.
	Upload(ctx context.Context, pkg []byte) (UploadResult, error)
	// Setup and Data return the hub's setup package and, for a
	// researcher, the package of the token's data.
	Setup(ctx context.Context) (io.ReadCloser, error)
	Data(ctx context.Context) (io.ReadCloser, error)
}

// SyncOptions bound a sync's retries.
type SyncOptions struct {
	// Attempts is how often each exchange with the hub is tried (4 when
	// 0); Backoff the first wait between tries (1 s when 0), doubled
	// after each, at most 30 s.
	Attempts int
	Backoff  time.Duration
	// AckMargin replaces the package's AckMargin (when not 0), for tests
	// of a laptop on which nothing else writes.
	AckMargin time.Duration
}

// SyncReport is what a sync did.
type SyncReport struct {
	Identity Identity
	// Pushed counts the responses sent; Upload is what the hub did with
	// them (zero when there was nothing to send).
	Pushed int
	Upload UploadResult
	// SetupAdded counts definitions new to this database (a new round).
	SetupAdded int
	// Pulled is the merge of a researcher's data (zero for a device).
	Pulled survey.MergeResult
}

// Join links this database to a hub with a token: it asks the hub what
// the token is, keeps url and token in the settings, and syncs once.
func (b *Backend) Join(ctx context.Context, c HubClient, url, token string, opt SyncOptions) (SyncReport, error) {
	var id Identity
	err := retry(ctx, opt, func() error {
		var err error
		id, err = c.Identify(ctx)
		return err
	})
	if err != nil {
		return SyncReport{}, fmt.Errorf("asking the hub about the token: %w", err)
	}
	if s, ok, err := b.store.Setting(ctx, SettingHubStudy); err != nil {
		return SyncReport{}, err
	} else if ok && s != id.StudyID {
		return SyncReport{}, survey.Errorf(survey.ECONFLICT, "this database is joined to a hub of another study; join with a new database (--db)")
	}
	for k, v := range map[string]string{SettingHubURL: url, SettingHubToken: token, SettingHubRole: string(id.Role), SettingHubStudy: id.StudyID} {
		if err := b.store.SetSetting(ctx, k, v); err != nil {
			return SyncReport{}, err
		}
	}
	return b.Sync(ctx, c, opt)
}

// HubToken returns the token this database joined its hub with; ok is
// false when it joined none.
func (b *Backend) HubToken(ctx context.Context) (token string, ok bool, err error) {
	return b.store.Setting(ctx, SettingHubToken)
}

// Sync exchanges what is new with the hub: it pulls the setup (new
// rounds, a round's open state), pushes every response not yet
// acknowledged (a device or admin), and pulls the data of a researcher's
// workplace. The ack watermark moves only after the hub confirmed the
// upload. Each exchange is retried with backoff on network errors; the
// hub's refusals are not retried.
func (b *Backend) Sync(ctx context.Context, c HubClient, opt SyncOptions) (rep SyncReport, err error) {
	defer func() {
		if err != nil {
			_ = b.store.SetSetting(context.WithoutCancel(ctx), SettingHubLastError, b.now().UTC().Format(time.RFC3339)+" "+err.Error())
		}
	}()
	studyID, ok, err := b.store.Setting(ctx, SettingHubStudy)
	if err != nil {
		return rep, err
	}
	if !ok {
		return rep, survey.Errorf(survey.EINVALID, "this database has not joined a hub; join first with: peil hub join TOKEN")
	}
	if err := retry(ctx, opt, func() error {
		rep.Identity, err = c.Identify(ctx)
		return err
	}); err != nil {
		return rep, fmt.Errorf("reaching the hub: %w", err)
	}
	if rep.Identity.StudyID != studyID {
		return rep, survey.Errorf(survey.ECONFLICT, "the hub's token is for another study than this database joined")
	}
	if err := retry(ctx, opt, func() error {
		rep.SetupAdded, err = b.pullSetup(ctx, c)
		return err
	}); err != nil {
		return rep, fmt.Errorf("fetching the setup: %w", err)
	}
	role := rep.Identity.Role
	if role == survey.RoleDevice || role == survey.RoleAdmin {
		if rep.Pushed, rep.Upload, err = b.push(ctx, c, studyID, opt); err != nil {
			return rep, fmt.Errorf("sending responses: %w", err)
		}
	}
	if role == survey.RoleResearcher || role == survey.RoleAdmin {
		if err := retry(ctx, opt, func() error {
			rep.Pulled, err = b.pullData(ctx, c)
			return err
		}); err != nil {
			return rep, fmt.Errorf("fetching data: %w", err)
		}
	}
	if err := b.store.SetSetting(ctx, SettingHubLastSync, b.now().UTC().Format(time.RFC3339Nano)); err != nil {
		return rep, err
	}
	return rep, b.store.SetSetting(ctx, SettingHubLastError, "")
}

// push uploads the responses that changed since the ack watermark and
// moves the watermark when the hub confirmed them.
func (b *Backend) push(ctx context.Context, c HubClient, studyID string, opt SyncOptions) (int, UploadResult, error) {
	s, err := b.store.Study(ctx, studyID)
	if err != nil {
		return 0, UploadResult{}, err
	}
	since, err := b.ackWatermark(ctx)
	if err != nil {
		return 0, UploadResult{}, err
	}
	started := b.now().UTC()
	var buf bytes.Buffer
	m, err := b.WritePackage(ctx, &buf, s, PackageRequest{}, since, started)
	if err != nil {
		return 0, UploadResult{}, err
	}
	var res UploadResult
	if m.Responses > 0 {
		if err := retry(ctx, opt, func() error {
			res, err = c.Upload(ctx, buf.Bytes())
			return err
		}); err != nil {
			return 0, UploadResult{}, err
		}
	}
	margin := AckMargin
	if opt.AckMargin != 0 {
		margin = opt.AckMargin
	}
	mark := started.Add(-margin)
	if mark.After(since) {
		if err := b.store.SetSetting(ctx, SettingHubAcked, mark.Format(time.RFC3339Nano)); err != nil {
			return m.Responses, res, fmt.Errorf("the hub has the responses, but noting that failed (the next sync sends them again): %w", err)
		}
	}
	if err := b.store.SetSetting(ctx, SettingHubSentUpTo, started.Format(time.RFC3339Nano)); err != nil {
		return m.Responses, res, err
	}
	return m.Responses, res, nil
}

func (b *Backend) ackWatermark(ctx context.Context) (time.Time, error) {
	return b.timeSetting(ctx, SettingHubAcked)
}

// timeSetting reads a setting that holds a time; an unreadable one counts
// as none (the zero time).
func (b *Backend) timeSetting(ctx context.Context, key string) (time.Time, error) {
	v, ok, err := b.store.Setting(ctx, key)
	if err != nil || !ok {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, nil // unreadable: send everything again, harmlessly
	}
	return t, nil
}

// pullSetup merges the hub's setup and takes over its rounds' open state:
// the hub decides which rounds take answers.
func (b *Backend) pullSetup(ctx context.Context, c HubClient) (int, error) {
	rc, err := c.Setup(ctx)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	pr, err := pack.NewReader(rc)
	if err != nil {
		return 0, err
	}
	res, err := b.store.Merge(ctx, pr.Definitions, pr.Records())
	if err != nil {
		return 0, err
	}
	for _, r := range pr.Definitions.Rounds {
		have, err := b.store.Round(ctx, r.ID)
		if err != nil {
			return res.DefinitionsAdded, err
		}
		if have.Open != r.Open {
			if err := b.store.SetRoundOpen(ctx, r.ID, r.Open); err != nil {
				return res.DefinitionsAdded, err
			}
		}
	}
	return res.DefinitionsAdded, nil
}

func (b *Backend) pullData(ctx context.Context, c HubClient) (survey.MergeResult, error) {
	rc, err := c.Data(ctx)
	if err != nil {
		return survey.MergeResult{}, err
	}
	defer rc.Close()
	res, _, err := b.ImportPackage(ctx, rc)
	return res, err
}

// retry runs fn until it succeeds, fails with the hub's answer (an error
// with a survey code), the context ends, or the attempts are used up.
func retry(ctx context.Context, opt SyncOptions, fn func() error) error {
	attempts, wait := opt.Attempts, opt.Backoff
	if attempts <= 0 {
		attempts = 4
	}
	if wait <= 0 {
		wait = time.Second
	}
	var err error
	for i := range attempts {
		if err = fn(); err == nil || survey.ErrorCode(err) != "" || ctx.Err() != nil {
			return err
		}
		if i == attempts-1 {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait = min(2*wait, 30*time.Second)
	}
	return fmt.Errorf("gave up after %d tries: %w", attempts, err)
}

// SyncStatus is what a laptop knows about its hub, for peil sync --status
// and for a screen of the terminal interface.
type SyncStatus struct {
	// Joined is false when the database joined no hub; the rest is then
	// empty.
	Joined bool
	HubURL string
	Role   survey.HubRole
	// LastSync is when the last sync ended well (zero: never).
	LastSync time.Time
	// LastError is what went wrong in the last failed sync, if the last
	// sync failed.
	LastError string
	// Waiting counts the responses that changed since the last upload
	// the hub confirmed (for a device).
	Waiting int
}

// SyncStatus says whether this database joined a hub, when it last
// synced, and how many responses wait to be sent.
func (b *Backend) SyncStatus(ctx context.Context) (SyncStatus, error) {
	var st SyncStatus
	get := func(k string) (string, error) {
		v, _, err := b.store.Setting(ctx, k)
		return v, err
	}
	studyID, err := get(SettingHubStudy)
	if err != nil || studyID == "" {
		return st, err
	}
	st.Joined = true
	var role, last string
	for _, p := range []struct {
		k string
		v *string
	}{{SettingHubURL, &st.HubURL}, {SettingHubRole, &role}, {SettingHubLastSync, &last}, {SettingHubLastError, &st.LastError}} {
		if *p.v, err = get(p.k); err != nil {
			return st, err
		}
	}
	st.Role = survey.HubRole(role)
	if last != "" {
		st.LastSync, _ = time.Parse(time.RFC3339Nano, last)
	}
	if st.Role == survey.RoleResearcher {
		return st, nil
	}
	since, err := b.timeSetting(ctx, SettingHubSentUpTo)
	if err != nil {
		return st, err
	}
	err = b.store.ScanResponses(ctx, survey.ResponseFilter{StudyID: studyID, LendAnswers: true}, func(rec survey.ResponseRecord) error {
		if since.IsZero() || !LastChange(rec).Before(since) {
			st.Waiting++
		}
		return nil
	})
	return st, err
}
