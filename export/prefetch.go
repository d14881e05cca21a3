package export

import (
	"context"

	"peil/survey"
)

// prefetchBatch is how many responses the reading goroutine hands over at
// once, and prefetchDepth how many batches may wait: memory stays bounded
// (about prefetchBatch × (prefetchDepth + 2) responses) whatever the size
// of the study.
const (
	prefetchBatch = 32
	prefetchDepth = 2
)

// batch holds copies of records; its slices are reused from one batch to
// the next.
type batch struct {
	recs    []survey.ResponseRecord
	choices []int
}

// add copies rec into the batch, reusing the memory of a record that was
// there before.
func (b *batch) add(rec survey.ResponseRecord) {
	n := len(b.recs)
	if n < cap(b.recs) {
		b.recs = b.recs[:n+1]
	} else {
		b.recs = append(b.recs, survey.ResponseRecord{})
	}
	slot := &b.recs[n]
	slot.Response = rec.Response
	slot.Answers = append(slot.Answers[:0], rec.Answers...)
	for i := range slot.Answers {
		c := slot.Answers[i].Value.Choices
		if len(c) == 0 {
			continue
		}
		at := len(b.choices)
		b.choices = append(b.choices, c...)
		slot.Answers[i].Value.Choices = b.choices[at:len(b.choices):len(b.choices)]
	}
	if rec.Answers == nil {
		slot.Answers = nil
	}
}

func (b *batch) reset() {
	b.recs = b.recs[:0]
	b.choices = b.choices[:0]
}

// prefetch calls fn for each record of src's scan, in order, like
// src.ScanResponses, but reads in a goroutine of its own: decoding the
// responses from the database and making and writing the rows overlap on
// two cores. The records are copies, so a scanner may reuse its memory
// once its callback returns. fn's error, or the scan's, is returned.
func prefetch(ctx context.Context, src survey.ResponseScanner, f survey.ResponseFilter, fn func(survey.ResponseRecord) error) error {
	f.LendAnswers = true // add copies what it keeps
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *batch, prefetchDepth)
	free := make(chan *batch, prefetchDepth+2)
	scanErr := make(chan error, 1)
	go func() {
		defer close(full)
		var b *batch
		send := func() error {
			select {
			case full <- b:
				b = nil
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := src.ScanResponses(ctx, f, func(rec survey.ResponseRecord) error {
			if b == nil {
				select {
				case b = <-free:
					b.reset()
				default:
					b = &batch{recs: make([]survey.ResponseRecord, 0, prefetchBatch)}
				}
			}
			b.add(rec)
			if len(b.recs) == prefetchBatch {
				return send()
			}
			return nil
		})
		if b != nil && len(b.recs) > 0 && ctx.Err() == nil {
			// What was read before an error is handed over too.
			if serr := send(); err == nil {
				err = serr
			}
		}
		scanErr <- err
	}()
	var fnErr error
	for b := range full {
		for i := 0; fnErr == nil && i < len(b.recs); i++ {
			if fnErr = fn(b.recs[i]); fnErr != nil {
				cancel() // stop the reading goroutine
			}
		}
		select {
		case free <- b:
		default:
		}
	}
	err := <-scanErr
	if fnErr != nil {
		return fnErr
	}
	return err
}
