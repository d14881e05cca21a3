package storetest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"peil/survey"
)

// RunHub runs the contract of survey.HubStore against stores made by open
// (a new, empty store each time, closed when the test ends).
func RunHub(t *testing.T, open func(t *testing.T) survey.HubStore) {
	t.Helper()
	for _, tc := range []struct {
		name string
		run  func(*testing.T, survey.HubStore)
	}{
		{"Tokens", hubTokens},
		{"Revoke", hubRevoke},
		{"Audit", hubAudit},
		{"Conflicts", hubConflicts},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, open(t)) })
	}
}

var hubT0 = time.Date(2026, 9, 1, 8, 0, 0, 123456789, time.UTC)

func hubToken(n int, role survey.HubRole) survey.HubToken {
	return survey.HubToken{
		ID: fmt.Sprintf("tok%d", n), SecretHash: strings.Repeat(fmt.Sprintf("%x", n%16), 64), Role: role,
		Label: fmt.Sprintf("laptop %d", n), StudyID: "study", WorkplaceIDs: []string{"wp"}, SchoolID: "",
		CreatedAt: hubT0.Add(time.Duration(n) * time.Second), ExpiresAt: hubT0.Add(90 * 24 * time.Hour),
	}
}

func hubTokens(t *testing.T, s survey.HubStore) {
	ctx := context.Background()
	a, b := hubToken(1, survey.RoleDevice), hubToken(2, survey.RoleResearcher)
	b.WorkplaceIDs = []string{"wp2", "wp1", "wp3"} // kept in this order
	c := hubToken(6, survey.RoleAdmin)
	c.WorkplaceIDs = nil
	a.SchoolID = "school"
	for _, tok := range []survey.HubToken{b, a, c} {
		if err := s.CreateHubToken(ctx, tok); err != nil {
			t.Fatalf("CreateHubToken(%s): %v", tok.ID, err)
		}
	}
	got, err := s.HubTokenBySecretHash(ctx, b.SecretHash)
	if err != nil || !reflect.DeepEqual(got, b) {
		t.Errorf("HubTokenBySecretHash = %+v, %v; want %+v", got, err, b)
	}
	if _, err := s.HubTokenBySecretHash(ctx, strings.Repeat("f", 64)); !survey.IsNotFound(err) {
		t.Errorf("HubTokenBySecretHash(unknown) error = %v, want ENOTFOUND", err)
	}
	all, err := s.HubTokens(ctx)
	if err != nil || !reflect.DeepEqual(all, []survey.HubToken{a, b, c}) {
		t.Errorf("HubTokens = %+v, %v; want oldest first [%s %s %s]", all, err, a.ID, b.ID, c.ID)
	}
	twice := hubToken(7, survey.RoleResearcher)
	twice.WorkplaceIDs = []string{"wp", "wp"}
	if err := s.CreateHubToken(ctx, twice); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("CreateHubToken with a workplace twice: error %v, want EINVALID", err)
	}
	if _, err := s.HubTokenBySecretHash(ctx, twice.SecretHash); !survey.IsNotFound(err) {
		t.Errorf("a refused token was stored (lookup error %v)", err)
	}
	dup := hubToken(3, survey.RoleDevice)
	dup.SecretHash = a.SecretHash
	if err := s.CreateHubToken(ctx, dup); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("CreateHubToken with a stored secret hash: error %v, want ECONFLICT", err)
	}
	same := hubToken(4, survey.RoleDevice)
	same.ID = a.ID
	if err := s.CreateHubToken(ctx, same); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("CreateHubToken with a stored id: error %v, want ECONFLICT", err)
	}
	bad := hubToken(5, "root")
	if err := s.CreateHubToken(ctx, bad); err == nil {
		t.Error("CreateHubToken with an unknown role: no error")
	}
}

func hubRevoke(t *testing.T, s survey.HubStore) {
	ctx := context.Background()
	a := hubToken(1, survey.RoleDevice)
	if err := s.CreateHubToken(ctx, a); err != nil {
		t.Fatal(err)
	}
	at := hubT0.Add(time.Hour)
	if err := s.RevokeHubToken(ctx, a.ID, at); err != nil {
		t.Fatalf("RevokeHubToken: %v", err)
	}
	if err := s.RevokeHubToken(ctx, a.ID, at.Add(time.Hour)); err != nil {
		t.Fatalf("RevokeHubToken again: %v", err)
	}
	got, err := s.HubTokenBySecretHash(ctx, a.SecretHash)
	if err != nil || !got.RevokedAt.Equal(at) {
		t.Errorf("revoked token: RevokedAt %v, %v; want the first revocation %v", got.RevokedAt, err, at)
	}
	if ok, _ := got.Usable(at); ok {
		t.Error("a revoked token is usable")
	}
	if err := s.RevokeHubToken(ctx, "nope", at); !survey.IsNotFound(err) {
		t.Errorf("RevokeHubToken(unknown) error = %v, want ENOTFOUND", err)
	}
}

func hubAudit(t *testing.T, s survey.HubStore) {
	ctx := context.Background()
	for i := range 5 {
		e := survey.AuditEntry{At: hubT0.Add(time.Duration(i) * time.Minute), TokenID: "tok1", Actor: "laptop 1",
			Action: "upload", OK: i%2 == 0, Detail: fmt.Sprintf("entry %d", i)}
		if err := s.AppendAudit(ctx, e); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	}
	all, err := s.AuditLog(ctx, 0, 0)
	if err != nil || len(all) != 5 {
		t.Fatalf("AuditLog = %d entries, %v; want 5", len(all), err)
	}
	for i, e := range all {
		if e.Detail != fmt.Sprintf("entry %d", i) || e.OK != (i%2 == 0) || !e.At.Equal(hubT0.Add(time.Duration(i)*time.Minute)) {
			t.Errorf("entry %d = %+v", i, e)
		}
		if i > 0 && e.Seq <= all[i-1].Seq {
			t.Errorf("entry %d: seq %d not after %d", i, e.Seq, all[i-1].Seq)
		}
	}
	page, err := s.AuditLog(ctx, all[1].Seq, 2)
	if err != nil || len(page) != 2 || page[0].Seq != all[2].Seq || page[1].Seq != all[3].Seq {
		t.Errorf("AuditLog(after %d, 2) = %+v, %v; want entries 2 and 3", all[1].Seq, page, err)
	}
}

func hubConflicts(t *testing.T, s survey.HubStore) {
	ctx := context.Background()
	if err := s.AddHubConflicts(ctx, nil); err != nil {
		t.Fatalf("AddHubConflicts(nil): %v", err)
	}
	var cs []survey.HubConflict
	for i := range 3 {
		cs = append(cs, survey.HubConflict{At: hubT0, TokenID: "tok1", MergeConflict: survey.MergeConflict{
			ResponseID: fmt.Sprintf("r%d", i), ExistingID: fmt.Sprintf("r%d", i), RoundName: "Meting 2026",
			SchoolID: "s1", SchoolCode: "WOA-01", RespondentCode: "ABC", Kept: survey.KeptIncoming, Reason: "newer"}})
	}
	if err := s.AddHubConflicts(ctx, cs); err != nil {
		t.Fatalf("AddHubConflicts: %v", err)
	}
	got, err := s.HubConflicts(ctx)
	if err != nil || len(got) != 3 {
		t.Fatalf("HubConflicts = %d, %v; want 3", len(got), err)
	}
	for i, c := range got {
		want := cs[i]
		want.Seq = c.Seq
		if c != want {
			t.Errorf("conflict %d = %+v, want %+v", i, c, want)
		}
	}
}
