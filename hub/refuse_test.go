package hub_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"time"

	"peil/backend"
	"peil/hub"
	"peil/pack"
	"peil/survey"
)

// packageOf returns l's responses as one package, as a sync would send
// them.
func (l *laptop) packageOf(setup bool) []byte {
	l.t.Helper()
	ctx := context.Background()
	s, err := l.st.Study(ctx, l.e.study.ID)
	if err != nil {
		l.t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := l.b.WritePackage(ctx, &buf, s, backend.PackageRequest{Setup: setup}, time.Time{}, time.Now()); err != nil {
		l.t.Fatal(err)
	}
	return buf.Bytes()
}

// oversizedHeader is a package whose package.json is larger than pack
// reads (small on the wire: gzip squeezes the spaces).
func oversizedHeader(t *testing.T) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	body := bytes.Repeat([]byte(" "), pack.MaxHeader+1)
	if err := tw.WriteHeader(&tar.Header{Name: "package.json", Mode: 0o600, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	tw.Write(body)
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// TestRefusals: every bad request gets a clear error with its code, the
// hub's data stays as it was, and the audit log has the refusal.
func TestRefusals(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		e := newEnv(t, k)
		woaTok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		woa := e.laptop("woa", woaTok)
		woa.answer(20, "WOA-01", true)
		woa.answer(3, "WOA-02", true)
		woaPkg := woa.packageOf(false)
		woa.mustSync() // the hub has data that must stay as it is
		woa.answer(2, "WOA-01", true)
		newPkg := woa.packageOf(false)

		revoked, rt := e.enrol(survey.RoleDevice, "WOA", "")
		if err := e.hub.Revoke(ctx, rt.ID); err != nil {
			t.Fatal(err)
		}
		_, expired, err := e.hub.Enrol(ctx, backend.EnrolRequest{Role: survey.RoleDevice, Workplaces: []string{"WOA"}, ValidFor: time.Nanosecond})
		if err != nil {
			t.Fatal(err)
		}
		pointTok, _ := e.enrol(survey.RoleDevice, "POINT", "")
		school2Tok, _ := e.enrol(survey.RoleDevice, "", "WOA-02")
		researcher, _ := e.enrol(survey.RoleResearcher, "WOA", "")

		// A laptop that made a round of its own.
		rogue := e.laptop("rogue", woaTok)
		b := rogue.b
		s, _ := b.FindStudy(ctx, "")
		if _, _, err := b.OpenRound(ctx, s, "Eigen ronde", func() (*survey.Instrument, string, error) { return e.inst, "", nil }); err != nil {
			t.Fatal(err)
		}
		r, _, _ := b.FindRound(ctx, s, "Eigen ronde")
		if _, err := rogue.st.StartResponse(ctx, survey.Response{RoundID: r.ID, SchoolID: e.schools["WOA-01"].ID, RespondentCode: "X1"}); err != nil {
			t.Fatal(err)
		}
		roguePkg := rogue.packageOf(false)

		tampered := bytes.Clone(newPkg)
		tampered[len(tampered)/2] ^= 0x20

		with := func(secret string) hub.Token { return hub.Token{URL: e.url, Fingerprint: e.fp, Secret: secret} }
		upload := func(tok hub.Token, body []byte) func() error {
			return func() error {
				c := hub.NewClient(tok)
				defer c.Close()
				_, err := c.Upload(ctx, body)
				return err
			}
		}
		read := func(tok hub.Token) func() error {
			return func() error {
				c := hub.NewClient(tok)
				defer c.Close()
				rc, err := c.Data(ctx)
				if err == nil {
					rc.Close()
				}
				return err
			}
		}
		for _, tc := range []struct {
			name   string
			do     func() error
			code   string
			says   string
			action string
		}{
			{"unknown token", upload(with("not-a-token"), newPkg), survey.EUNAUTHORIZED, "does not know this token", "refused"},
			{"no token", upload(with(""), newPkg), survey.EUNAUTHORIZED, "no token was given", "refused"},
			{"revoked token", upload(revoked, newPkg), survey.EUNAUTHORIZED, "revoked", "refused"},
			{"expired token", upload(with(expired), newPkg), survey.EUNAUTHORIZED, "expired", "refused"},
			{"device of another workplace", upload(pointTok, newPkg), survey.EFORBIDDEN, "may not upload for", "upload"},
			{"device of another school", upload(school2Tok, newPkg), survey.EFORBIDDEN, "school WOA-01", "upload"},
			{"replayed by another workplace", upload(pointTok, woaPkg), survey.EFORBIDDEN, "may not upload for", "upload"},
			{"researcher uploading", upload(researcher, newPkg), survey.EFORBIDDEN, "cannot upload", "upload"},
			{"device adding a round", upload(woaTok, roguePkg), survey.EFORBIDDEN, `round "Eigen ronde"`, "upload"},
			{"setup package", upload(woaTok, woa.packageOf(true)), survey.EINVALID, "setup package", "upload"},
			{"tampered", upload(woaTok, tampered), survey.EINVALID, "changed nothing", "upload"},
			{"truncated", upload(woaTok, newPkg[:len(newPkg)*2/3]), survey.EINVALID, "incomplete", "upload"},
			{"empty", upload(woaTok, nil), survey.EINVALID, "empty", "upload"},
			{"not a package", upload(woaTok, []byte("GET / HTTP/1.0\r\n\r\n")), survey.EINVALID, "not a peil data package", "upload"},
			{"over the package limits", upload(woaTok, oversizedHeader(t)), survey.EINVALID, "exceeds what peil reads", "upload"},
			{"device reading data", read(woaTok), survey.EFORBIDDEN, "cannot read data", "data"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := e.snapshot()
				err := tc.do()
				if survey.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.says) {
					t.Errorf("error = %v (code %q); want code %q saying %q", err, survey.ErrorCode(err), tc.code, tc.says)
				}
				e.unchanged(before)
				if a := e.lastAudit(); a.OK || a.Action != tc.action {
					t.Errorf("last audit entry = %+v; want a refused %s", a, tc.action)
				}
			})
		}
		// And the good token still works, with the same package.
		c := hub.NewClient(woaTok)
		defer c.Close()
		res, err := c.Upload(ctx, newPkg)
		if err != nil || res.Added != 2 || res.Duplicates != 23 {
			t.Errorf("upload with the right token = %+v, %v; want 2 new, 23 already there", res, err)
		}
	})
}

// TestOversizedUpload: an upload over the hub's limit is cut off at the
// limit and refused, and changes nothing.
func TestOversizedUpload(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		e := newEnv(t, k, hub.WithMaxUpload(4096))
		tok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		l := e.laptop("l", tok)
		l.answer(60, "WOA-01", true)
		before := e.snapshot()
		_, err := l.sync()
		if survey.ErrorCode(err) != survey.EINVALID || !strings.Contains(err.Error(), "larger than this hub takes") {
			t.Errorf("sync of a large package: %v; want a clear refusal", err)
		}
		e.unchanged(before)
		if a := e.lastAudit(); a.OK || a.Action != "upload" {
			t.Errorf("last audit entry = %+v", a)
		}
		if st, _ := l.b.SyncStatus(context.Background()); st.Waiting != 60 || !strings.Contains(st.LastError, "larger") {
			t.Errorf("status = %+v; want 60 waiting and the error", st)
		}
	})
}

// TestSamePackageTwice: a package sent again (a retry, a replay) adds
// nothing.
func TestSamePackageTwice(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		e := newEnv(t, k)
		tok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		l := e.laptop("l", tok)
		l.answer(10, "WOA-01", true)
		l.answer(2, "WOA-02", false)
		pkg := l.packageOf(false)
		first, err := l.c.Upload(ctx, pkg)
		if err != nil || first.Added != 12 {
			t.Fatalf("first upload = %+v, %v", first, err)
		}
		before := e.snapshot()
		again, err := l.c.Upload(ctx, pkg)
		if err != nil || again.Added != 0 || again.Duplicates != 12 || len(again.Conflicts) != 0 {
			t.Errorf("second upload = %+v, %v; want 12 duplicates, nothing new", again, err)
		}
		e.unchanged(before)
		if n := len(records(t, e.st, e.study.ID)); n != 12 {
			t.Errorf("the hub has %d responses, want 12", n)
		}
	})
}

// TestConflictsKept: the same response with other content from two
// laptops is a conflict, kept by the merge rule and listed.
func TestConflictsKept(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		e := newEnv(t, k)
		tok, dt := e.enrol(survey.RoleDevice, "WOA", "")
		a, b := e.laptop("a", tok), e.laptop("b", tok)
		ids := a.answer(1, "WOA-01", false)
		if _, _, err := b.b.ImportPackage(ctx, bytes.NewReader(a.packageOf(false))); err != nil {
			t.Fatal(err)
		}
		if err := b.st.CompleteResponse(ctx, ids[0], time.Time{}); err != nil {
			t.Fatal(err)
		}
		b.mustSync()
		rep := a.mustSync()
		if len(rep.Upload.Conflicts) != 1 {
			t.Fatalf("conflicts = %v, want one", rep.Upload.Conflicts)
		}
		cs, err := e.hub.Conflicts(ctx)
		if err != nil || len(cs) != 1 || cs[0].ResponseID != ids[0] || cs[0].Kept != survey.KeptExisting || cs[0].TokenID != dt.ID {
			t.Errorf("kept conflicts = %+v, %v", cs, err)
		}
		if got := records(t, e.st, e.study.ID)[ids[0]]; got.Response.Status != survey.Complete {
			t.Errorf("the hub kept the %s version, want the complete one", got.Response.Status)
		}
	})
}

// TestWrongCertificate: a hub with another certificate than the token's
// is not trusted, and gets no token.
func TestWrongCertificate(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		e := newEnv(t, k)
		tok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		tok.Fingerprint = strings.Repeat("ab", 32)
		c := hub.NewClient(tok)
		defer c.Close()
		_, err := c.Identify(context.Background())
		if err == nil || !strings.Contains(err.Error(), "is not the one in the token") {
			t.Errorf("Identify with another fingerprint: %v", err)
		}
		for _, a := range mustAudit(t, e) {
			if a.Action == "refused" {
				t.Errorf("the request reached the hub: %+v", a)
			}
		}
	})
}

func mustAudit(t *testing.T, e *env) []survey.AuditEntry {
	log, err := e.st.AuditLog(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return log
}
