package answerpack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"time"

	"peil/survey"
)

// format is the first byte of every blob.
const format = 1

// The flags of a packed answer.
const (
	flagNumber = 1 << iota
	flagChoices
	flagText
	flagDontKnow
)

// ErrDamaged is the error for a blob that is not packed answers.
var ErrDamaged = errors.New("the packed copy of its answers is damaged (the database was changed outside peil, or its disk is failing); the answers themselves may be fine: run peil check, and peil check --repair to pack them again")

// ErrMissing is the error for a complete response without packed answers.
var ErrMissing = errors.New("it is complete but the packed copy of its answers is missing (the database was changed outside peil); the answers themselves may be fine: run peil check, and peil check --repair to pack them again")

// Append appends the packed form of answers, which must be ordered by item
// id, to dst. Answer times keep their nanoseconds and lose their zone: a
// blob gives them back in UTC, as the stores' answer rows do.
func Append(dst []byte, answers []survey.Answer) []byte {
	dst = append(dst, format)
	dst = binary.AppendUvarint(dst, uint64(len(answers)))
	var prev int64
	for _, a := range answers {
		dst = binary.AppendUvarint(dst, uint64(len(a.ItemID)))
		dst = append(dst, a.ItemID...)
		var flags byte
		if a.Value.Number != 0 {
			flags |= flagNumber
		}
		if len(a.Value.Choices) > 0 {
			flags |= flagChoices
		}
		if a.Value.Text != "" {
			flags |= flagText
		}
		if a.Value.DontKnow {
			flags |= flagDontKnow
		}
		dst = append(dst, flags)
		if flags&flagNumber != 0 {
			dst = binary.AppendVarint(dst, int64(a.Value.Number))
		}
		if flags&flagChoices != 0 {
			dst = binary.AppendUvarint(dst, uint64(len(a.Value.Choices)))
			for _, c := range a.Value.Choices {
				dst = binary.AppendVarint(dst, int64(c))
			}
		}
		if flags&flagText != 0 {
			dst = binary.AppendUvarint(dst, uint64(len(a.Value.Text)))
			dst = append(dst, a.Value.Text...)
		}
		at := a.AnsweredAt.UnixNano()
		dst = binary.AppendVarint(dst, at-prev)
		prev = at
	}
	return dst
}

// Unpacker decodes packed answers. It keeps one copy of every item id it
// has seen, so that 1.8 million answers share 40 strings, and hands out
// answers from chunks of arenaSize, so that a national study takes 440
// allocations for its answers instead of 45,000. An Unpacker is for one
// goroutine.
type Unpacker struct {
	ids   map[string]string
	prev  []string        // the item ids of the previous blob, by position
	chunk []survey.Answer // the chunk take hands out
	arena []survey.Answer // what is left of it
}

// NewUnpacker returns an Unpacker that has seen no blob yet.
func NewUnpacker() *Unpacker { return &Unpacker{ids: make(map[string]string)} }

// arenaSize is the number of answers the unpacker allocates at a time.
const arenaSize = 4096

// id returns the item id b, the i-th of its blob, as a string shared with
// every other answer to the item. Responses to one instrument mostly
// answer the same items in the same order, so the previous blob's i-th id
// is the first guess.
func (u *Unpacker) id(i int, b []byte) string {
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

// Reuse makes Unpack hand out the current chunk again from its start: for
// answers lent to a callback that no longer holds them.
func (u *Unpacker) Reuse() { u.arena = u.chunk }

// take returns room for n zeroed answers. Each slice has its own
// capacity, so appending to one never writes into the next.
func (u *Unpacker) take(n int) []survey.Answer {
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

// Unpack decodes a blob made by Append, or returns ErrDamaged. It accepts
// only what Append makes (no empty value behind a flag), so that a blob
// has one meaning.
func (u *Unpacker) Unpack(b []byte) ([]survey.Answer, error) {
	if len(b) == 0 || b[0] != format {
		return nil, ErrDamaged
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
		return nil, ErrDamaged
	}
	out := u.take(int(count))
	var at int64
	for i := range out {
		a := &out[i]
		id, ok := bytes()
		if !ok || len(b) == 0 {
			return nil, ErrDamaged
		}
		a.ItemID = u.id(i, id)
		flags := b[0]
		b = b[1:]
		if flags&^(flagNumber|flagChoices|flagText|flagDontKnow) != 0 {
			return nil, ErrDamaged
		}
		if flags&flagNumber != 0 {
			n, ok := varint()
			if !ok || n == 0 {
				return nil, ErrDamaged
			}
			a.Value.Number = int(n)
		}
		if flags&flagChoices != 0 {
			n, ok := uvarint()
			if !ok || n == 0 || n > uint64(len(b)) {
				return nil, ErrDamaged
			}
			a.Value.Choices = make([]int, n)
			for j := range a.Value.Choices {
				c, ok := varint()
				if !ok {
					return nil, ErrDamaged
				}
				a.Value.Choices[j] = int(c)
			}
		}
		if flags&flagText != 0 {
			t, ok := bytes()
			if !ok || len(t) == 0 {
				return nil, ErrDamaged
			}
			a.Value.Text = string(t)
		}
		a.Value.DontKnow = flags&flagDontKnow != 0
		d, ok := varint()
		if !ok {
			return nil, ErrDamaged
		}
		at += d
		a.AnsweredAt = time.Unix(0, at).UTC()
	}
	if len(b) != 0 {
		return nil, ErrDamaged
	}
	return out, nil
}

// Stale reports whether data, a response's packed answers (nil for none),
// is not what it should be: a response in progress has none, a complete
// one exactly what Append makes of its answer rows (answers, in item id
// order).
func Stale(complete bool, data []byte, answers []survey.Answer) bool {
	if !complete {
		return data != nil
	}
	return data == nil || !bytes.Equal(data, Append(nil, answers))
}
