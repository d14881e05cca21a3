// Data packages through the hub: Upload merges a device's package within its
// scope; Setup and Data write the packages a device downloads.

package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"time"

	"peil/pack"
	"peil/survey"
)

// UploadResult is what merging an upload did.
type UploadResult struct {
	PackageID  string   `json:"package_id"`
	Responses  int      `json:"responses"`
	Added      int      `json:"added"`
	Duplicates int      `json:"duplicates"`
	Conflicts  []string `json:"conflicts,omitempty"`
}

// Upload merges a data package uploaded with token t: the package import,
// in one transaction. A device may upload responses of its workplace's
// schools only (of its school, when the token names one) and may not add
// definitions: the setup is made on the hub. Any refusal, and a package
// found truncated, damaged or altered, leaves the hub's data unchanged;
// every upload is in the audit log.
func (h *Hub) Upload(ctx context.Context, t survey.HubToken, r io.Reader) (UploadResult, error) {
	res, err := h.upload(ctx, t, r)
	if err != nil {
		h.audit(ctx, t, "upload", false, "refused: "+err.Error())
		return UploadResult{}, err
	}
	return res, nil
}

func (h *Hub) upload(ctx context.Context, t survey.HubToken, r io.Reader) (UploadResult, error) {
	if t.Role != survey.RoleDevice && t.Role != survey.RoleAdmin {
		return UploadResult{}, survey.Errorf(survey.EFORBIDDEN, "a %s token cannot upload responses; laptops upload with a device token", t.Role)
	}
	pr, err := pack.NewReader(r)
	if err != nil {
		return UploadResult{}, packageError(err)
	}
	d := pr.Definitions
	if pr.Header.Setup {
		return UploadResult{}, survey.Errorf(survey.EINVALID, "this is a setup package; upload responses (peil sync does)")
	}
	if d.Study.ID != t.StudyID {
		return UploadResult{}, survey.Errorf(survey.EFORBIDDEN, "the package is of study %s, and this token is for another study", d.Study.Code)
	}
	allowed, err := h.uploadScope(ctx, t, d)
	if err != nil {
		return UploadResult{}, err
	}
	n := 0
	records := func(yield func(survey.ResponseRecord, error) bool) {
		for rec, err := range pr.Records() {
			if err == nil && allowed != nil && !allowed[rec.Response.SchoolID] {
				err = survey.Errorf(survey.EFORBIDDEN, "response %s is of school %s, which this token may not upload for (it is for %s)",
					rec.Response.ID, schoolCode(d, rec.Response.SchoolID), h.scopeName(ctx, t))
			}
			if err == nil {
				n++
			}
			if !yield(rec, err) || err != nil {
				return
			}
		}
	}
	// A package of up to maxUploadInMemory responses is read and checked
	// whole (manifest, checksums, scope) before it joins the queue of
	// writes: a damaged or foreign one never holds up the others, and
	// the one writer spends its turn on the merge only. A larger one
	// streams the rest during its turn.
	next, stop := iter.Pull2(iter.Seq2[survey.ResponseRecord, error](records))
	defer stop()
	var read []survey.ResponseRecord
	ended := false
	for len(read) < h.inMemory {
		rec, err, ok := next()
		if !ok {
			ended = true
			break
		}
		if err != nil {
			return UploadResult{}, packageError(err)
		}
		read = append(read, rec)
	}
	all := func(yield func(survey.ResponseRecord, error) bool) {
		for _, rec := range read {
			if !yield(rec, nil) {
				return
			}
		}
		for !ended {
			rec, err, ok := next()
			if !ok || !yield(rec, err) || err != nil {
				return
			}
		}
	}
	// The merge, its conflicts and its audit entry take one turn among
	// the writes, so that an upload waits in the queue once. Once the
	// merge is committed the upload stands: what fails after it goes to
	// the error log, and the laptop hears that its responses are here.
	var res UploadResult
	err = h.write(ctx, func() error {
		mr, err := h.b.store.Merge(ctx, d, all)
		if err != nil {
			return packageError(err)
		}
		res = UploadResult{PackageID: pr.Header.PackageID, Responses: n, Added: mr.Added, Duplicates: mr.Duplicates}
		after := context.WithoutCancel(ctx)
		if len(mr.Conflicts) > 0 {
			now := h.b.now().UTC()
			kept := make([]survey.HubConflict, len(mr.Conflicts))
			for i, c := range mr.Conflicts {
				kept[i] = survey.HubConflict{At: now, TokenID: t.ID, MergeConflict: c}
				res.Conflicts = append(res.Conflicts, DescribeConflict(c))
			}
			if err := h.hs.AddHubConflicts(after, kept); err != nil {
				h.log(fmt.Errorf("package %s was merged, but its %d conflicts could not be listed: %w", res.PackageID, len(kept), err))
			}
		}
		detail := fmt.Sprintf("package %s: %d response(s), %d new, %d already here, %d conflict(s)", res.PackageID, res.Responses, res.Added, res.Duplicates, len(res.Conflicts))
		h.appendAudit(after, auditEntry(h.b.now(), t, "upload", true, detail))
		return nil
	})
	if err != nil {
		return UploadResult{}, err
	}
	return res, nil
}

// maxUploadInMemory is how many responses of an upload are read and
// checked before its merge waits for its turn (about 10 MB of a long
// questionnaire's responses).
const maxUploadInMemory = 5000

// uploadScope checks that a device's package brings no definitions the
// hub does not have, and returns the schools the token may upload for (nil:
// any, for an admin).
func (h *Hub) uploadScope(ctx context.Context, t survey.HubToken, d survey.Definitions) (map[string]bool, error) {
	if t.Role == survey.RoleAdmin {
		return nil, nil
	}
	refuse := func(kind, name string) error {
		return survey.Errorf(survey.EFORBIDDEN, "the package brings %s %s, which the hub does not have; a laptop cannot add to the setup (make it on the hub, then run peil sync)", kind, name)
	}
	if _, err := h.b.store.Study(ctx, d.Study.ID); survey.IsNotFound(err) {
		return nil, refuse("study", d.Study.Code)
	} else if err != nil {
		return nil, err
	}
	wps, err := h.b.store.Workplaces(ctx, d.Study.ID)
	if err != nil {
		return nil, err
	}
	for _, w := range d.Workplaces {
		if !slices.ContainsFunc(wps, func(x survey.Workplace) bool { return x.ID == w.ID }) {
			return nil, refuse("workplace", w.Code)
		}
	}
	schools, err := h.b.store.Schools(ctx, d.Study.ID)
	if err != nil {
		return nil, err
	}
	for _, sc := range d.Schools {
		if !slices.ContainsFunc(schools, func(x survey.School) bool { return x.ID == sc.ID }) {
			return nil, refuse("school", sc.Code)
		}
	}
	rounds, err := h.b.store.Rounds(ctx, d.Study.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range d.Rounds {
		if !slices.ContainsFunc(rounds, func(x survey.Round) bool { return x.ID == r.ID }) {
			return nil, refuse("round", fmt.Sprintf("%q", r.Name))
		}
	}
	for _, in := range d.Instruments {
		if _, err := h.b.store.Instrument(ctx, in.ID, in.Version); survey.IsNotFound(err) {
			return nil, refuse("instrument", fmt.Sprintf("%s version %d", in.ID, in.Version))
		} else if err != nil {
			return nil, err
		}
	}
	allowed := map[string]bool{}
	for _, sc := range schools {
		if t.InWorkplace(sc.WorkplaceID) && (t.SchoolID == "" || sc.ID == t.SchoolID) {
			allowed[sc.ID] = true
		}
	}
	return allowed, nil
}

func schoolCode(d survey.Definitions, id string) string {
	if i := slices.IndexFunc(d.Schools, func(s survey.School) bool { return s.ID == id }); i >= 0 {
		return d.Schools[i].Code
	}
	return id
}

// packageError turns a package reader's error into an EINVALID error for
// the uploader; other errors pass unchanged.
func packageError(err error) error {
	for _, kind := range []error{pack.ErrTruncated, pack.ErrDamaged, pack.ErrLimit, pack.ErrEncrypted, pack.ErrWrongKey} {
		if errors.Is(err, kind) && survey.ErrorCode(err) == "" {
			return &survey.Error{Code: survey.EINVALID, Message: "the upload was refused and changed nothing: " + err.Error()}
		}
	}
	return err
}

// Setup writes the setup package of t's study to w: every round and
// instrument, and the workplaces and schools t may see (all for an
// admin).
func (h *Hub) Setup(ctx context.Context, t survey.HubToken, w io.Writer) error {
	s, err := h.b.store.Study(ctx, t.StudyID)
	if err == nil {
		_, err = h.b.WritePackage(ctx, w, s, PackageRequest{Setup: true, Workplaces: workplaceScope(t)}, time.Time{}, h.b.now())
	}
	h.audit(ctx, t, "setup", err == nil, errDetail(err, "setup of "+h.scopeName(ctx, t)))
	return err
}

// Data writes a package of every response t may read to w: a
// researcher's workplace, or the whole study for an admin. A device reads
// nothing.
func (h *Hub) Data(ctx context.Context, t survey.HubToken, w io.Writer) error {
	if t.Role != survey.RoleResearcher && t.Role != survey.RoleAdmin {
		err := survey.Errorf(survey.EFORBIDDEN, "a %s token cannot read data; researchers read their workplace's data with a researcher token", t.Role)
		h.audit(ctx, t, "data", false, err.Error())
		return err
	}
	s, err := h.b.store.Study(ctx, t.StudyID)
	var m pack.Manifest
	if err == nil {
		m, err = h.b.WritePackage(ctx, w, s, PackageRequest{Workplaces: workplaceScope(t)}, time.Time{}, h.b.now())
	}
	h.audit(ctx, t, "data", err == nil, errDetail(err, fmt.Sprintf("%d response(s) of %s", m.Responses, h.scopeName(ctx, t))))
	return err
}

// workplaceScope is the workplace filter of a package for t: nil (all)
// for an admin.
func workplaceScope(t survey.HubToken) []string {
	if t.Role == survey.RoleAdmin {
		return nil
	}
	return t.WorkplaceIDs
}
