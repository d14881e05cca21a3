package answerpack

import (
	"context"
	"fmt"

	"peil/survey"
)

// Batch is a batch of responses a store read, in scan order.
type Batch struct {
	Records []survey.ResponseRecord
	// Packed holds, by position in Records, the packed answers of a
	// complete response, still to unpack; nil for a record that has its
	// Answers (a response in progress, or a scan without answers).
	Packed [][]byte
	// Release, when not nil, is called once every record of the batch
	// has been unpacked and handed to fn (which gets copies of the
	// records): the reader may reuse Records, Packed and the blobs'
	// memory for a later batch.
	Release func()
}

// Scan is the two stages of a store's ScanResponses, one per core: read
// reads the records of up to batchSize keys at a time, in order, on a
// goroutine of its own, while Scan unpacks their answers and calls fn
// with each record on the caller's. Memory stays at a few batches. With
// lend, the answers given to fn are lent: they are overwritten after fn
// returns (survey.ResponseFilter.LendAnswers).
//
// An error of read or fn stops the scan and is returned as is; a damaged
// blob is an error that names its response. Whatever way Scan returns,
// read has been stopped (its context canceled) and waited for, so the
// caller may end the transaction read uses.
func Scan(ctx context.Context, keys []int64, batchSize int, lend bool,
	read func(ctx context.Context, keys []int64) (Batch, error), fn func(survey.ResponseRecord) error) error {
	ctx, cancel := context.WithCancel(ctx)
	type result struct {
		b   Batch
		err error
	}
	batches := make(chan result, 2)
	defer func() {
		cancel()
		for range batches { // until the reader has stopped
		}
	}()
	go func() {
		defer close(batches)
		for len(keys) > 0 {
			n := min(len(keys), batchSize)
			b, err := read(ctx, keys[:n])
			select {
			case batches <- result{b, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			keys = keys[n:]
		}
	}()
	u := NewUnpacker()
	for r := range batches {
		if r.err != nil {
			return r.err
		}
		for i := range r.b.Records {
			rec := &r.b.Records[i]
			if lend {
				u.Reuse()
			}
			if r.b.Packed[i] != nil {
				var err error
				if rec.Answers, err = u.Unpack(r.b.Packed[i]); err != nil {
					return fmt.Errorf("reading the answers of response %s: %w", rec.Response.ID, err)
				}
			}
			if err := fn(*rec); err != nil {
				return err
			}
		}
		if r.b.Release != nil {
			r.b.Release()
		}
	}
	// The reader stops early, without a batch to say so, only when the
	// caller's context ends.
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading responses: %w", err)
	}
	return nil
}
