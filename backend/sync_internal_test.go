package backend

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"peil/survey"
)

// TestRetry: network errors are tried again, boundedly; the hub's answers
// (errors with a survey code) and an ended context are not.
func TestRetry(t *testing.T) {
	opt := SyncOptions{Attempts: 3, Backoff: time.Microsecond}
	net := errors.New("connection refused")
	for _, tc := range []struct {
		name    string
		errs    []error
		calls   int
		wantErr string
	}{
		{"works at once", []error{nil}, 1, ""},
		{"works the second time", []error{net, nil}, 2, ""},
		{"gives up", []error{net, net, net, net}, 3, "gave up after 3 tries: connection refused"},
		{"the hub's refusal is final", []error{survey.Errorf(survey.EFORBIDDEN, "no"), nil}, 1, "no"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := retry(context.Background(), opt, func() error {
				calls++
				return tc.errs[calls-1]
			})
			if calls != tc.calls || (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("%d calls, error %v; want %d calls, error %q", calls, err, tc.calls, tc.wantErr)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := retry(ctx, SyncOptions{Attempts: 5, Backoff: time.Hour}, func() error {
		calls++
		cancel()
		return net
	})
	if calls != 1 || err == nil {
		t.Errorf("after the context ended: %d calls, %v; want 1 call and the error", calls, err)
	}
}
