package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"peil/storetest"
	"peil/survey"
)

func TestHubContract(t *testing.T) {
	storetest.RunHub(t, func(t *testing.T) survey.HubStore { return openStore(t) })
}

// TestHubLogsAppendOnly: the database itself refuses to change or remove
// an audit entry or a kept conflict, whoever asks.
func TestHubLogsAppendOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	s := openAt(t, path)
	if err := s.AppendAudit(ctx, survey.AuditEntry{At: time.Now(), Action: "upload", OK: true, Detail: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddHubConflicts(ctx, []survey.HubConflict{{At: time.Now(), MergeConflict: survey.MergeConflict{ResponseID: "r"}}}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"UPDATE hub_audit SET detail = 'changed'",
		"DELETE FROM hub_audit",
		"UPDATE hub_conflicts SET kept = 'database'",
		"DELETE FROM hub_conflicts",
	} {
		if _, err := db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: error %v, want append-only refusal", q, err)
		}
	}
	log, err := s.AuditLog(ctx, 0, 0)
	if err != nil || len(log) != 1 || log[0].Detail != "x" {
		t.Errorf("audit log after refused changes = %+v, %v", log, err)
	}
}
