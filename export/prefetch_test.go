package export

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"peil/survey"
)

// reusingScanner hands out n records that all share one answer slice and
// one choices slice, overwritten for each record, as a scanner that
// reuses its memory may; it stops with err after n records when err is
// set.
type reusingScanner struct {
	n   int
	err error
}

func (s reusingScanner) ScanResponses(ctx context.Context, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	answers := make([]survey.Answer, 2)
	choices := make([]int, 2)
	for i := range s.n {
		if err := ctx.Err(); err != nil {
			return err
		}
		choices[0], choices[1] = i, i+1
		answers[0] = survey.Answer{ItemID: "q", Value: survey.Num(i)}
		answers[1] = survey.Answer{ItemID: "m", Value: survey.Value{Choices: choices}}
		if err := fn(survey.ResponseRecord{Response: survey.Response{ID: fmt.Sprint(i)}, Answers: answers}); err != nil {
			return err
		}
	}
	return s.err
}

func TestPrefetch(t *testing.T) {
	errWrite := errors.New("disk full")
	errScan := errors.New("database is locked")
	n := prefetchBatch*(prefetchDepth+3) + 5 // batches are reused, the last is partly filled
	tests := []struct {
		name    string
		src     reusingScanner
		failAt  int // fn fails at this record, or -1
		want    error
		wantRec int // records fn sees
	}{
		{"all", reusingScanner{n: n}, -1, nil, n},
		{"none", reusingScanner{n: 0}, -1, nil, 0},
		{"fn fails", reusingScanner{n: n}, prefetchBatch + 3, errWrite, prefetchBatch + 4},
		{"scan fails", reusingScanner{n: n, err: errScan}, -1, errScan, n},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := 0
			err := prefetch(context.Background(), tt.src, survey.ResponseFilter{}, func(rec survey.ResponseRecord) error {
				i := seen
				seen++
				if rec.Response.ID != fmt.Sprint(i) {
					return fmt.Errorf("record %d has id %s: out of order", i, rec.Response.ID)
				}
				a := rec.Answers
				if len(a) != 2 || a[0].Value.Number != i || len(a[1].Value.Choices) != 2 || a[1].Value.Choices[0] != i || a[1].Value.Choices[1] != i+1 {
					return fmt.Errorf("record %d has answers %+v: not a copy of what the scanner gave", i, a)
				}
				if i == tt.failAt {
					return errWrite
				}
				return nil
			})
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if seen != tt.wantRec {
				t.Errorf("fn saw %d records, want %d", seen, tt.wantRec)
			}
		})
	}
}

// TestPrefetchCancel: a cancelled context stops the scan.
func TestPrefetchCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	seen := 0
	err := prefetch(ctx, reusingScanner{n: 100 * prefetchBatch}, survey.ResponseFilter{}, func(survey.ResponseRecord) error {
		seen++
		if seen == 1 {
			cancel()
		}
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if seen != 1 {
		t.Errorf("fn saw %d records after cancelling, want 1", seen)
	}
}
