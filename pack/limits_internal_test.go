package pack

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"peil/survey"
)

func withLimits(l limits) Option { return func(c *writeConfig) { c.lim = l } }

var at = time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)

func smallDefs() survey.Definitions {
	return survey.Definitions{Study: survey.Study{ID: "study-1", Code: "s", CreatedAt: at}}
}

// responses returns n responses spread over schools schools, each with a
// text answer of text bytes.
func responses(n, schools, text int) []survey.ResponseRecord {
	var out []survey.ResponseRecord
	for i := range n {
		out = append(out, survey.ResponseRecord{
			Response: survey.Response{ID: fmt.Sprintf("r-%05d", i), RoundID: "rd-1", SchoolID: fmt.Sprintf("sc-%d", i%schools),
				RespondentCode: "C", Status: survey.Complete, InstrumentID: "i", InstrumentVersion: 1, StartedAt: at, FinishedAt: at, DeviceID: "d"},
			Answers: []survey.Answer{{ItemID: "q1", Value: survey.TextValue(strings.Repeat("x", text)), AnsweredAt: at}},
		})
	}
	return out
}

// writeWith writes recs with the limits lim, returning the first error.
func writeWith(lim limits, recs []survey.ResponseRecord) ([]byte, error) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Header{DeviceID: "d", CreatedAt: at}, smallDefs(), withLimits(lim))
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if err := w.Add(r); err != nil {
			return nil, err
		}
	}
	_, err = w.Close()
	return buf.Bytes(), err
}

// readWith reads a package with the limits lim to the end.
func readWith(lim limits, b []byte) (int, error) {
	r, err := newReader(bytes.NewReader(b), lim)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, err := range r.Records() {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TestWriterKeepsLimits: whatever the limits, the Writer either refuses
// with ErrLimit or writes a package the Reader with the same limits reads;
// and a Reader with smaller limits refuses it naming the limit.
func TestWriterKeepsLimits(t *testing.T) {
	small := func(edit func(*limits)) limits {
		l := defaultLimits()
		edit(&l)
		return l
	}
	cases := []struct {
		name    string
		lim     limits
		recs    []survey.ResponseRecord
		files   int    // responses files written, when the Writer succeeds
		refused string // the Writer's error, when it refuses
	}{
		{"files split by size", small(func(l *limits) { l.file = 8 << 10 }), responses(100, 3, 1000), 17, ""},
		{"files split by count", small(func(l *limits) { l.lines = 7 }), responses(100, 3, 10), 15, ""},
		{"response too long", small(func(l *limits) { l.response = 1000 }), responses(3, 1, 1000), 0,
			"response r-00000 takes 1.2 KiB, more than the 1000 bytes one response may take"},
		{"too many schools", small(func(l *limits) { l.schools = 2 }), responses(3, 3, 1), 0,
			"response r-00002 comes from school 3, more than the 2 schools a package may hold"},
		{"too many files", small(func(l *limits) { l.lines, l.files = 1, 2 }), responses(3, 1, 1), 0,
			"more than 2 responses files"},
		{"too large", small(func(l *limits) { l.total = 64 << 10 }), responses(100, 1, 1000), 0,
			"it would unpack to more than 64 KiB"},
		{"definitions too large", small(func(l *limits) { l.definitions = 10 }), nil, 0,
			"definitions.json would be"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := writeWith(c.lim, c.recs)
			if c.refused != "" {
				if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), c.refused) {
					t.Fatalf("writing: %v, want ErrLimit mentioning %q", err, c.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n, err := readWith(c.lim, b)
			if err != nil || n != len(c.recs) {
				t.Fatalf("read %d of %d responses: %v", n, len(c.recs), err)
			}
			r, _ := newReader(bytes.NewReader(b), c.lim)
			for range r.Records() {
			}
			if m, _ := r.Manifest(); len(m.Files) != c.files+2 {
				t.Errorf("%d responses files, want %d", len(m.Files)-2, c.files)
			}
		})
	}
}

// TestReaderLimits: a package within peil's limits, read with smaller
// ones, is refused naming each.
func TestReaderLimits(t *testing.T) {
	b, err := writeWith(defaultLimits(), responses(1200, 3, 100))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		edit func(*limits)
		want string
	}{
		{func(l *limits) { l.total = 100 << 10 }, "it unpacks to more than 100 KiB, the most a package may hold"},
		{func(l *limits) { l.schools = 2 }, "it holds responses from more than 2 schools, the most a package may hold"},
		{func(l *limits) { l.files = 2 }, "it holds more than 2 responses files"},
		{func(l *limits) { l.lines = 499 }, "responses/000001.jsonl holds more than 499 responses"},
		{func(l *limits) { l.response = 200 }, "responses/000001.jsonl: line 1 is longer than 200 bytes, the most one response may take"},
		{func(l *limits) { l.file = 1 << 10 }, "responses/000001.jsonl is 174.8 KiB, more than the 1 KiB a responses file may hold"},
		{func(l *limits) { l.header = 10 }, "package.json is"},
		{func(l *limits) { l.manifest = 10 }, "manifest.json is"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			lim := defaultLimits()
			c.edit(&lim)
			_, err := readWith(lim, b)
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v,\nwant ErrLimit mentioning %q", err, c.want)
			}
		})
	}
	if _, err := readWith(defaultLimits(), b); err != nil {
		t.Errorf("with peil's limits: %v", err)
	}
}
