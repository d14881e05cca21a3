package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/postgres/pgtest"
	"peil/storetest"
	"peil/survey"
)

// TestHubContract runs the hub store contract, the same tests as the
// SQLite store's, on PostgreSQL.
func TestHubContract(t *testing.T) {
	pgtest.Server(t)
	storetest.RunHub(t, func(t *testing.T) survey.HubStore {
		s, _ := pgtest.Open(t)
		return s
	})
}

// TestHubLogsAppendOnly: the database itself refuses to change, remove or
// truncate an audit entry or a kept conflict, whoever asks.
func TestHubLogsAppendOnly(t *testing.T) {
	ctx := context.Background()
	s, dsn := pgtest.Open(t)
	if err := s.AppendAudit(ctx, survey.AuditEntry{At: time.Now(), Action: "upload", OK: true, Detail: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddHubConflicts(ctx, []survey.HubConflict{{At: time.Now(), MergeConflict: survey.MergeConflict{ResponseID: "r"}}}); err != nil {
		t.Fatal(err)
	}
	c := pgtest.Conn(t, dsn)
	for _, tc := range []struct{ sql, want string }{
		{"UPDATE hub_audit SET detail = 'changed'", "the audit log is append-only: UPDATE is refused"},
		{"DELETE FROM hub_audit", "the audit log is append-only: DELETE is refused"},
		{"TRUNCATE hub_audit", "the audit log is append-only: TRUNCATE is refused"},
		{"UPDATE hub_conflicts SET kept = 'database'", "the conflict list is append-only: UPDATE is refused"},
		{"DELETE FROM hub_conflicts", "the conflict list is append-only: DELETE is refused"},
		{"TRUNCATE hub_conflicts", "the conflict list is append-only: TRUNCATE is refused"},
	} {
		if _, err := c.Exec(ctx, tc.sql); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.sql, err, tc.want)
		}
	}
	log, err := s.AuditLog(ctx, 0, 0)
	if err != nil || len(log) != 1 || log[0].Detail != "x" {
		t.Errorf("audit log after refused changes = %+v, %v", log, err)
	}
	cs, err := s.HubConflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].ResponseID != "r" {
		t.Errorf("conflicts after refused changes = %+v, %v", cs, err)
	}
}

// TestAuditSeqInCommitOrder: many writers append at once while a reader
// pages through the log with --after; the reader sees every entry once
// and in order, because a sequence number is taken only when the entry
// can commit next.
func TestAuditSeqInCommitOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := pgtest.Open(t)
	const writers, each = 8, 40
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := s.AppendAudit(ctx, survey.AuditEntry{At: time.Now(), Action: "upload", OK: true, Detail: fmt.Sprintf("%d/%d", w, i)})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen := map[string]bool{}
	var after int64
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		page, err := s.AuditLog(ctx, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			if seen[e.Detail] {
				t.Errorf("entry %s read twice", e.Detail)
			}
			seen[e.Detail] = true
			after = e.Seq
		}
		if finished && len(page) > 0 {
			finished = false // read the rest
		}
	}
	if len(seen) != writers*each {
		t.Errorf("the pager saw %d entries, want %d: it passed some that committed late", len(seen), writers*each)
	}
}
