package answerpack_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"peil/answerpack"
	"peil/survey"
)

// batches serves the records of keys 1..n: even keys complete, with
// packed answers (damaged for the key bad), odd ones in progress with
// their answers.
func batches(n int, bad int64) (keys []int64, read func(context.Context, []int64) (answerpack.Batch, error)) {
	for k := range n {
		keys = append(keys, int64(k+1))
	}
	return keys, func(_ context.Context, ks []int64) (answerpack.Batch, error) {
		var b answerpack.Batch
		for _, k := range ks {
			rec := survey.ResponseRecord{Response: survey.Response{ID: fmt.Sprint(k)}}
			var packed []byte
			a := []survey.Answer{{ItemID: "q", Value: survey.Num(int(k))}}
			switch {
			case k == bad:
				packed = []byte{9}
			case k%2 == 0:
				packed = answerpack.Append(nil, a)
			default:
				rec.Answers = a
			}
			b.Records = append(b.Records, rec)
			b.Packed = append(b.Packed, packed)
		}
		return b, nil
	}
}

func TestScan(t *testing.T) {
	ctx := context.Background()
	keys, read := batches(25, 0)
	for _, lend := range []bool{false, true} {
		var got []string
		var kept [][]survey.Answer
		err := answerpack.Scan(ctx, keys, 4, lend, read, func(rec survey.ResponseRecord) error {
			got = append(got, fmt.Sprintf("%s=%d", rec.Response.ID, rec.Answers[0].Value.Number))
			kept = append(kept, rec.Answers)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, k := range keys {
			want = append(want, fmt.Sprintf("%d=%d", k, k))
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("lend %v: records %v, want %v", lend, got, want)
		}
		if !lend && kept[1][0].Value.Number != 2 { // a kept, unpacked record is still its own
			t.Errorf("without lending the answers kept changed: %+v", kept[1])
		}
	}

	// Errors stop the scan: read's and fn's as they are, a damaged blob
	// naming its response, a canceled context.
	readErr := errors.New("disk")
	failing := func(ctx context.Context, ks []int64) (answerpack.Batch, error) {
		if ks[0] > 8 {
			return answerpack.Batch{}, readErr
		}
		return read(ctx, ks)
	}
	if err := answerpack.Scan(ctx, keys, 4, false, failing, func(survey.ResponseRecord) error { return nil }); err != readErr {
		t.Errorf("read's error: %v", err)
	}
	stop := errors.New("enough")
	n := 0
	if err := answerpack.Scan(ctx, keys, 4, false, read, func(survey.ResponseRecord) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("fn's error: %v after %d records", err, n)
	}
	_, damaged := batches(25, 6)
	err := answerpack.Scan(ctx, keys, 4, false, damaged, func(survey.ResponseRecord) error { return nil })
	if !errors.Is(err, answerpack.ErrDamaged) || !strings.Contains(err.Error(), "response 6") {
		t.Errorf("a damaged blob: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	err = answerpack.Scan(cctx, keys, 4, false, read, func(survey.ResponseRecord) error { cancel(); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a canceled scan: %v", err)
	}
}
