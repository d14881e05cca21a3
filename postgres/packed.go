package postgres

import (
	"encoding/binary"
	"errors"

	"peil/survey"
)

// A completed response no longer changes, so besides its rows in answers
// it keeps its answers packed into one blob in packed_answers, written in
// the transaction that completes, imports or merges it: ScanResponses
// reads a national study (45,000 responses, 1.8 million answers) as 45,000
// blobs instead of 1.8 million rows. The answers table stays the truth;
// Check compares every blob with its rows.
//
// The blob is the format of the SQLite store (storage/packed.go): a format
// byte (1), the number of answers, then per answer in item id order: the
// item id (uvarint length, bytes), a flags byte (number, choices, text,
// don't know), the number (varint), the choices (uvarint count, varints),
// the text (uvarint length, bytes), each when flagged, and the answer time
// as varint nanoseconds after the previous answer's (the first: after
// 1970).
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
var errPacked = errors.New("the packed copy of its answers is damaged; the answers themselves may be fine: run peil check, and peil check --repair to pack them again")

// unpacker decodes packed answers. It keeps one copy of every item id, so
// that 1.8 million answers share 40 strings, and hands out answers from
// chunks of arenaSize, so that a national study takes a few hundred
// allocations for its answers instead of 45,000.
type unpacker struct {
	ids   map[string]string
	prev  []string        // the item ids of the previous blob, by position
	chunk []survey.Answer // the chunk take hands out
	arena []survey.Answer // what is left of it
}

func newUnpacker() *unpacker { return &unpacker{ids: make(map[string]string)} }

// arenaSize is the number of answers the unpacker allocates at a time.
const arenaSize = 4096

// id returns item id b, the i-th of its blob, as a shared string.
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

// reuse makes take hand out the current chunk again from its start: for
// answers lent to a callback that no longer holds them.
func (u *unpacker) reuse() { u.arena = u.chunk }

// take returns room for n zeroed answers, each slice with its own
// capacity.
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
	clear(out)
	return out
}

// unpack decodes a blob made by appendPacked, and only what appendPacked
// makes (no empty value behind a flag), so that a blob has one meaning.
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
	if !ok || count > uint64(len(b)) {
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
