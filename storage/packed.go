package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"

	"peil/survey"
)

// A completed response no longer changes, so besides its rows in answers
// it keeps its answers packed into one small blob in packed_answers
// (migration 0004), written in the transaction that completes, imports or
// merges it. Analysis and export read a national study (45,000 responses,
// 1.8 million answers) as 45,000 blobs instead of 1.8 million rows. The
// answers table stays the truth: a blob says exactly what the response's
// answer rows say (the tests check it with CheckPacked after every way of
// writing one).
//
// The blob: a format byte (packFormat), the number of answers, then per
// answer in item id order:
//
//	item id        uvarint length, bytes
//	flags          one byte: packNumber, packChoices, packText, packDontKnow
//	number         varint, when packNumber
//	choices        uvarint count, varint each, when packChoices
//	text           uvarint length, bytes, when packText
//	answered at    varint nanoseconds after the previous answer's (the
//	               first: after 1970)
//
// About 15 bytes for an agreement item, against 40 as text.
const packFormat = 1

// The flags of a packed answer.
const (
	packNumber = 1 << iota
	packChoices
	packText
	packDontKnow
)

// appendPacked appends the packed form of answers, which must be ordered
// by item id, to dst.
func appendPacked(dst []byte, answers []survey.Answer) []byte {
	dst = append(dst, packFormat)
	dst = binary.AppendUvarint(dst, uint64(len(answers)))
	var prev int64
	for _, a := range answers {
		dst = binary.AppendUvarint(dst, uint64(len(a.ItemID)))
		dst = append(dst, a.ItemID...)
		var flags byte
		if a.Value.Number != 0 {
			flags |= packNumber
		}
		if len(a.Value.Choices) > 0 {
			flags |= packChoices
		}
		if a.Value.Text != "" {
			flags |= packText
		}
		if a.Value.DontKnow {
			flags |= packDontKnow
		}
		dst = append(dst, flags)
		if flags&packNumber != 0 {
			dst = binary.AppendVarint(dst, int64(a.Value.Number))
		}
		if flags&packChoices != 0 {
			dst = binary.AppendUvarint(dst, uint64(len(a.Value.Choices)))
			for _, c := range a.Value.Choices {
				dst = binary.AppendVarint(dst, int64(c))
			}
		}
		if flags&packText != 0 {
			dst = binary.AppendUvarint(dst, uint64(len(a.Value.Text)))
			dst = append(dst, a.Value.Text...)
		}
		at := formatTime(a.AnsweredAt)
		dst = binary.AppendVarint(dst, at-prev)
		prev = at
	}
	return dst
}

// errPacked is the error for a blob that is not packed answers.
var errPacked = errors.New("the packed copy of its answers is damaged (the file was changed outside peil, or the disk is failing); the answers themselves may be fine: run peil check, and peil check --repair to pack them again")

// unpacker decodes packed answers. It keeps one copy of every item id it
// has seen, so that 1.8 million answers share 40 strings, and hands out
// answers from chunks of arenaSize, so that a national study takes 440
// allocations for its answers instead of 45,000.
type unpacker struct {
	ids   map[string]string
	prev  []string        // the item ids of the previous blob, by position
	chunk []survey.Answer // the chunk take hands out
	arena []survey.Answer // what is left of it
}

// id returns the item id b, the i-th of its blob, as a string shared with
// every other answer to the item. Responses to one instrument mostly
// answer the same items in the same order, so the previous blob's i-th id
// is the first guess.
func (u *unpacker) id(i int, b []byte) string {
	if i < len(u.prev) && u.prev[i] == string(b) {
		return u.prev[i]
	}
	s, seen := u.ids[string(b)]
	if !seen {
		s = string(b)
		u.ids[s] = s
	}
	if i < len(u.prev) {
		u.prev[i] = s
	} else {
		u.prev = append(u.prev, s)
	}
	return s
}

func newUnpacker() *unpacker { return &unpacker{ids: make(map[string]string)} }

// arenaSize is the number of answers the unpacker allocates at a time.
const arenaSize = 4096

// reuse makes take hand out the current chunk again from its start: for
// answers lent to a callback that no longer holds them.
func (u *unpacker) reuse() { u.arena = u.chunk }

// take returns room for n zeroed answers. Each slice has its own
// capacity, so appending to one never writes into the next.
func (u *unpacker) take(n int) []survey.Answer {
	if n == 0 {
		return nil
	}
	if len(u.arena) < n {
		u.chunk = make([]survey.Answer, max(n, arenaSize))
		u.arena = u.chunk
	}
	out := u.arena[:n:n]
	u.arena = u.arena[n:]
	clear(out) // a reused chunk holds the previous answers
	return out
}

// unpack decodes a blob made by appendPacked. It accepts only what
// appendPacked makes (no empty value behind a flag), so that a blob has
// one meaning.
func (u *unpacker) unpack(b []byte) ([]survey.Answer, error) {
	if len(b) == 0 || b[0] != packFormat {
		return nil, errPacked
	}
	b = b[1:]
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	varint := func() (int64, bool) {
		v, n := binary.Varint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	bytes := func() ([]byte, bool) {
		n, ok := uvarint()
		if !ok || n > uint64(len(b)) {
			return nil, false
		}
		s := b[:n]
		b = b[n:]
		return s, true
	}
	count, ok := uvarint()
	if !ok || count > uint64(len(b)) { // every answer takes bytes
		return nil, errPacked
	}
	out := u.take(int(count))
	var at int64
	for i := range out {
		a := &out[i]
		id, ok := bytes()
		if !ok || len(b) == 0 {
			return nil, errPacked
		}
		a.ItemID = u.id(i, id)
		flags := b[0]
		b = b[1:]
		if flags&^(packNumber|packChoices|packText|packDontKnow) != 0 {
			return nil, errPacked
		}
		if flags&packNumber != 0 {
			n, ok := varint()
			if !ok || n == 0 {
				return nil, errPacked
			}
			a.Value.Number = int(n)
		}
		if flags&packChoices != 0 {
			n, ok := uvarint()
			if !ok || n == 0 || n > uint64(len(b)) {
				return nil, errPacked
			}
			a.Value.Choices = make([]int, n)
			for j := range a.Value.Choices {
				c, ok := varint()
				if !ok {
					return nil, errPacked
				}
				a.Value.Choices[j] = int(c)
			}
		}
		if flags&packText != 0 {
			t, ok := bytes()
			if !ok || len(t) == 0 {
				return nil, errPacked
			}
			a.Value.Text = string(t)
		}
		a.Value.DontKnow = flags&packDontKnow != 0
		d, ok := varint()
		if !ok {
			return nil, errPacked
		}
		at += d
		a.AnsweredAt = parseTime(at)
	}
	if len(b) != 0 {
		return nil, errPacked
	}
	return out, nil
}

// answersByItem reads the answers of the response with key nr in item id
// order: the truth that packed answers are made from.
func answersByItem(ctx context.Context, q querier, nr int64) ([]survey.Answer, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+answerCols+` FROM answers WHERE response_nr = ? ORDER BY item_id`, nr)
	if err != nil {
		return nil, err
	}
	return scanAnswers(rows)
}

// answerCols are the columns of an answer row that scanAnswer reads.
const answerCols = "item_id, number, choices, text, dont_know, answered_at"

// scanAnswer reads the current row, whose last columns are answerCols;
// lead receives the columns before them.
func scanAnswer(rows *sql.Rows, lead ...any) (survey.Answer, error) {
	var a survey.Answer
	var number sql.NullInt64
	var choices, text sql.NullString
	var answered int64
	if err := rows.Scan(append(lead, &a.ItemID, &number, &choices, &text, &a.Value.DontKnow, &answered)...); err != nil {
		return a, err
	}
	a.Value.Number, a.Value.Text, a.AnsweredAt = int(number.Int64), text.String, parseTime(answered)
	var err error
	if a.Value.Choices, err = parseChoices(choices); err != nil {
		return a, fmt.Errorf("answer %s: %w", a.ItemID, err)
	}
	return a, nil
}

// scanAnswers reads answer rows (answerCols) and closes them.
func scanAnswers(rows *sql.Rows) ([]survey.Answer, error) {
	defer rows.Close()
	var out []survey.Answer
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// packResponse stores the packed answers of the completed response with
// key nr; it runs in the transaction that completes, imports or merges
// the response.
func packResponse(ctx context.Context, tx *sql.Tx, nr int64) error {
	answers, err := answersByItem(ctx, tx, nr)
	if err != nil {
		return fmt.Errorf("packing the answers: %w", err)
	}
	return storePacked(ctx, tx, nr, answers)
}

// storePacked stores answers, which must be ordered by item id and be
// exactly what the response's answer rows hold, as its packed answers.
func storePacked(ctx context.Context, tx *sql.Tx, nr int64, answers []survey.Answer) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO packed_answers (response_nr, data) VALUES (?, ?)
		ON CONFLICT (response_nr) DO UPDATE SET data = excluded.data`, nr, appendPacked(nil, answers))
	if err != nil {
		return fmt.Errorf("packing the answers: %w", err)
	}
	return nil
}

// packAll packs the answers of every completed response that has none
// packed yet: the Go half of migration 0004.
func packAll(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT nr FROM responses
		WHERE status = 'complete' AND nr NOT IN (SELECT response_nr FROM packed_answers) ORDER BY nr`)
	if err != nil {
		return err
	}
	var nrs []int64
	for rows.Next() {
		var nr int64
		if err := rows.Scan(&nr); err != nil {
			rows.Close()
			return err
		}
		nrs = append(nrs, nr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, nr := range nrs {
		if err := packResponse(ctx, tx, nr); err != nil {
			return err
		}
	}
	return nil
}
