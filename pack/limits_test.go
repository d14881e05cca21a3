package pack_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"peil/pack"
)

// entry is one file of a hand-made package: its content streams from data
// (size bytes), so a test can make a package that unpacks to gigabytes
// without holding them.
type entry struct {
	name string
	size int64
	data io.Reader
	typ  byte // tar.TypeReg when zero
}

func bytesEntry(name string, b []byte) entry {
	return entry{name: name, size: int64(len(b)), data: bytes.NewReader(b)}
}

// repeat is an endless stream of one byte.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// handmade writes a package (gzip over tar) of the given entries,
// streaming, as someone else's tool might.
func handmade(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var out bytes.Buffer
	gw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(gw)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: e.name, Mode: 0o600, Size: e.size, Typeflag: typ, Format: tar.FormatPAX}
		if typ != tar.TypeReg {
			h.Size, h.Linkname = 0, "/etc/passwd"
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			if _, err := io.CopyN(tw, e.data, e.size); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// start returns the package.json and definitions.json of a good package.
func start(t *testing.T) []entry {
	t.Helper()
	h, err := json.Marshal(pack.Header{Format: pack.FormatVersion, PackageID: "p-1", DeviceID: "dev-1", CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	d, err := json.Marshal(defs())
	if err != nil {
		t.Fatal(err)
	}
	return []entry{bytesEntry("package.json", h), bytesEntry("definitions.json", d)}
}

// line is one valid response line.
func line(i int, school string) []byte {
	return fmt.Appendf(nil, `{"id":"resp-%d","round":"rd-1","school":%q,"code":"C%d","status":"complete","instrument":"i","version":1,"started":"2025-10-06T09:00:00Z","device":"dev-1","answers":[{"item":"q1","n":3,"at":"2025-10-06T09:01:00Z"}]}`+"\n", i, school, i)
}

// gib is how much a package in the tests below unpacks to in its largest
// file: far beyond every limit, yet quick to compress (about a second).
const big = 256 << 20

// TestLimits reads packages that unpack to far more than any real one, or
// hold more files, lines or schools than peil writes: each is refused with
// a message naming the limit, reading no more than a bounded amount of
// memory (issue 16: a 2 MB package took 6.3 GB).
func TestLimits(t *testing.T) {
	many := func(n int, school func(int) string) []entry {
		var es []entry
		for i := range n {
			es = append(es, bytesEntry(fmt.Sprintf("responses/%06d.jsonl", i+1), line(i, school(i))))
		}
		return es
	}
	var manyLines bytes.Buffer
	for i := range 501 {
		manyLines.Write(line(i, "sc-1"))
	}
	longLine := func() io.Reader { return io.MultiReader(strings.NewReader(`{"id":"`), repeat('a')) }
	limit, damaged := pack.ErrLimit, pack.ErrDamaged
	cases := []struct {
		name    string
		entries []entry
		kind    error
		want    string
	}{
		{"one line of 256 MiB", []entry{{name: "responses/000001.jsonl", size: big, data: longLine()}},
			limit, "responses/000001.jsonl is 256 MiB, more than the 64 MiB a responses file may hold"},
		{"256 MiB of newlines", []entry{{name: "responses/000001.jsonl", size: big, data: repeat('\n')}},
			limit, "more than the 64 MiB a responses file may hold"},
		{"one line of 60 MiB", []entry{{name: "responses/000001.jsonl", size: 60 << 20, data: longLine()}},
			limit, "responses/000001.jsonl: line 1 is longer than 8 MiB, the most one response may take"},
		{"60 MiB of newlines", []entry{{name: "responses/000001.jsonl", size: 60 << 20, data: repeat('\n')}},
			damaged, "responses/000001.jsonl: line 1 is empty"},
		{"501 responses in one file", []entry{bytesEntry("responses/000001.jsonl", manyLines.Bytes())},
			limit, "responses/000001.jsonl holds more than 500 responses, the most a responses file may hold"},
		{"10001 responses files", many(10001, func(int) string { return "sc-1" }),
			limit, "more than 10000 responses files"},
		{"a symbolic link", []entry{{name: "responses/000001.jsonl", typ: tar.TypeSymlink}},
			damaged, "responses/000001.jsonl is not a regular file"},
		{"manifest of 256 MiB", []entry{{name: "manifest.json", size: big, data: repeat(' ')}},
			limit, "manifest.json is 256 MiB, more than the 4 MiB it may take"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := handmade(t, append(start(t), c.entries...)...)
			var err error
			alloc := allocated(func() { _, _, err = readAll(b) })
			if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v,\nwant %q mentioning %q", err, c.kind, c.want)
			}
			if alloc > maxAlloc {
				t.Errorf("reading a %d KiB package allocated %d MiB, more than %d MiB", len(b)>>10, alloc>>20, maxAlloc>>20)
			}
		})
	}
	t.Run("definitions of 256 MiB", func(t *testing.T) {
		b := handmade(t, start(t)[0], entry{name: "definitions.json", size: big, data: repeat(' ')})
		var err error
		alloc := allocated(func() { _, err = pack.NewReader(bytes.NewReader(b)) })
		if want := "definitions.json is 256 MiB, more than the 16 MiB it may take"; !errors.Is(err, pack.ErrLimit) || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v,\nwant ErrLimit mentioning %q", err, want)
		}
		if alloc > maxAlloc {
			t.Errorf("allocated %d MiB, more than %d MiB", alloc>>20, maxAlloc>>20)
		}
	})
}

// maxAlloc bounds the memory allocated while reading any package (issue
// 16: "within 100 MB").
const maxAlloc = 100 << 20

// allocated returns the bytes allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestGarbage reads random bytes, and good packages with random bytes
// changed, inserted or cut: every one gives an error of a known kind, never
// a panic, within the memory bound.
func TestGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2))
	good := write(t, records(700))
	plain := repack(t, good, func(_ string, d []byte) []byte { return d })
	var inputs [][]byte
	for range 50 {
		b := make([]byte, rng.IntN(4096))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		if len(b) > 2 && rng.IntN(2) == 0 {
			b[0], b[1] = 0x1f, 0x8b // looks compressed
		}
		inputs = append(inputs, b)
	}
	for range 200 {
		b := bytes.Clone(good)
		if rng.IntN(2) == 0 {
			b = bytes.Clone(plain)
		}
		switch rng.IntN(3) {
		case 0:
			for range 1 + rng.IntN(8) {
				b[rng.IntN(len(b))] = byte(rng.Uint32())
			}
		case 1:
			at := rng.IntN(len(b))
			junk := make([]byte, 1+rng.IntN(64))
			for i := range junk {
				junk[i] = byte(rng.Uint32())
			}
			b = append(b[:at:at], append(junk, b[at:]...)...)
		case 2:
			b = b[:rng.IntN(len(b))]
		}
		inputs = append(inputs, b)
	}
	for i, b := range inputs {
		var err error
		alloc := allocated(func() { _, _, err = readAll(b) })
		if err == nil {
			if !bytes.Equal(b, good) && !bytes.Equal(b, plain) {
				t.Errorf("input %d: a changed package was read without an error", i)
			}
			continue
		}
		if !errors.Is(err, pack.ErrDamaged) && !errors.Is(err, pack.ErrTruncated) && !errors.Is(err, pack.ErrLimit) {
			t.Errorf("input %d: error %v is of no known kind", i, err)
		}
		if alloc > maxAlloc {
			t.Errorf("input %d: allocated %d MiB", i, alloc>>20)
		}
	}
}

// FuzzReader: whatever the bytes, reading gives a package or an error of a
// known kind, never a panic.
func FuzzReader(f *testing.F) {
	good := write(f, records(3))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, err := readAll(b)
		if err != nil && !errors.Is(err, pack.ErrDamaged) && !errors.Is(err, pack.ErrTruncated) && !errors.Is(err, pack.ErrLimit) {
			t.Errorf("error %v is of no known kind", err)
		}
	})
}
