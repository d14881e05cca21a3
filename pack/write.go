package pack

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"filippo.io/age"
	"github.com/google/uuid"

	"peil/survey"
)

// chunkSize is the number of responses per responses file: the writer keeps
// one chunk in memory (a tar entry needs its size first), about 1 MB.
const chunkSize = 500

// Option changes how a package is written.
type Option func(*writeConfig)

type writeConfig struct {
	recipients []age.Recipient
	lim        limits
}

// EncryptTo encrypts the package for the given recipients (the researcher's
// public key, see ParseRecipient): only their identity can read it.
func EncryptTo(recipients ...age.Recipient) Option {
	return func(c *writeConfig) { c.recipients = append(c.recipients, recipients...) }
}

// Writer writes a package in one pass: definitions first, then responses
// as they are added, the manifest on Close.
type Writer struct {
	enc     io.WriteCloser // age, or nil
	gz      *gzip.Writer
	tw      *tar.Writer
	at      time.Time
	man     Manifest
	lim     limits
	chunk   bytes.Buffer
	inChunk int
	chunks  int
	tarred  int64 // bytes of the tar archive so far, at most
	seen    map[string]bool
	closed  bool
}

// NewWriter starts a package on w with the given header and definitions.
// An empty PackageID is assigned, a zero CreatedAt is the current time.
// Close must be called to finish the package; it does not close w.
func NewWriter(w io.Writer, h Header, defs survey.Definitions, opts ...Option) (*Writer, error) {
	cfg := writeConfig{lim: defaultLimits()}
	for _, o := range opts {
		o(&cfg)
	}
	h.Format = FormatVersion
	if h.PackageID == "" {
		h.PackageID = uuid.NewString()
	}
	if h.CreatedAt.IsZero() {
		h.CreatedAt = time.Now()
	}
	h.CreatedAt = h.CreatedAt.UTC()
	if defs.Study.ID == "" {
		return nil, errors.New("a package needs the study its responses belong to")
	}
	pw := &Writer{at: h.CreatedAt, seen: map[string]bool{}, lim: cfg.lim}
	pw.man = Manifest{Format: FormatVersion, PackageID: h.PackageID, DeviceID: h.DeviceID, Schools: map[string]int{}}
	out := w
	if len(cfg.recipients) > 0 {
		enc, err := age.Encrypt(w, cfg.recipients...)
		if err != nil {
			return nil, fmt.Errorf("encrypting the package: %w", err)
		}
		pw.enc, out = enc, enc
	}
	pw.gz = gzip.NewWriter(out)
	pw.tw = tar.NewWriter(pw.gz)
	if err := pw.writeJSON(fileHeader, h); err != nil {
		return nil, err
	}
	if err := pw.writeJSON(fileDefinitions, defs); err != nil {
		return nil, err
	}
	return pw, nil
}

// writeJSON writes v as one file of the package and records its sum.
func (w *Writer) writeJSON(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("package: encoding %s: %w", name, err)
	}
	return w.writeFile(name, b)
}

func (w *Writer) writeFile(name string, b []byte) error {
	if name == fileHeader || name == fileDefinitions || name == fileManifest {
		if most := w.lim.jsonLimit(name); int64(len(b)) > most {
			return fmt.Errorf("package: %w: %s would be %s, more than the %s it may take", ErrLimit, name, size(int64(len(b))), size(most))
		}
	}
	// The end of the archive takes two more blocks.
	if w.tarred += int64(len(b)) + tarOverhead; w.tarred+2*512 > w.lim.total {
		return fmt.Errorf("package: %w: it would unpack to more than %s, the most a package may hold; export fewer responses (--since-last)", ErrLimit, size(w.lim.total))
	}
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: w.at, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := w.tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("writing the package: %w", err)
	}
	if _, err := w.tw.Write(b); err != nil {
		return fmt.Errorf("writing the package: %w", err)
	}
	if name != fileManifest {
		sum := sha256.Sum256(b)
		w.man.Files = append(w.man.Files, FileSum{Name: name, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])})
	}
	return nil
}

// Add writes one response with its answers. A response id may appear once.
func (w *Writer) Add(rec survey.ResponseRecord) error {
	if w.closed {
		return errors.New("package: Add after Close")
	}
	if rec.Response.ID == "" {
		return errors.New("package: a response without an id cannot be merged; it was not written")
	}
	if w.seen[rec.Response.ID] {
		return fmt.Errorf("package: response %s was added twice", rec.Response.ID)
	}
	b, err := json.Marshal(toWire(rec))
	if err != nil {
		return fmt.Errorf("package: encoding response %s: %w", rec.Response.ID, err)
	}
	if n := int64(len(b)) + 1; n > w.lim.response {
		return fmt.Errorf("package: %w: response %s takes %s, more than the %s one response may take", ErrLimit, rec.Response.ID, size(n), size(w.lim.response))
	}
	if _, ok := w.man.Schools[rec.Response.SchoolID]; !ok && len(w.man.Schools) >= w.lim.schools {
		return fmt.Errorf("package: %w: response %s comes from school %d, more than the %d schools a package may hold", ErrLimit, rec.Response.ID, w.lim.schools+1, w.lim.schools)
	}
	if int64(w.chunk.Len()+len(b)+1) > w.lim.file {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.seen[rec.Response.ID] = true
	w.chunk.Write(b)
	w.chunk.WriteByte('\n')
	w.inChunk++
	w.man.Responses++
	w.man.Answers += len(rec.Answers)
	if rec.Response.Status == survey.Complete {
		w.man.Complete++
	}
	w.man.Schools[rec.Response.SchoolID]++
	if w.inChunk >= w.lim.lines {
		return w.flush()
	}
	return nil
}

// flush writes the responses held in memory as the next responses file.
func (w *Writer) flush() error {
	if w.inChunk == 0 {
		return nil
	}
	if w.chunks >= w.lim.files {
		return fmt.Errorf("package: %w: it would hold more than %d responses files, the most a package may hold; export fewer responses (--since-last)", ErrLimit, w.lim.files)
	}
	w.chunks++
	if err := w.writeFile(chunkName(w.chunks), w.chunk.Bytes()); err != nil {
		return err
	}
	w.chunk.Reset()
	w.inChunk = 0
	return nil
}

// chunkName is the name of the n-th responses file (1-based).
func chunkName(n int) string { return fmt.Sprintf("responses/%06d.jsonl", n) }

// Close writes the last responses and the manifest, and ends the archive,
// the compression and the encryption. It returns the manifest.
func (w *Writer) Close() (Manifest, error) {
	if w.closed {
		return w.man, nil
	}
	w.closed = true
	if err := w.flush(); err != nil {
		return Manifest{}, err
	}
	if err := w.writeJSON(fileManifest, w.man); err != nil {
		return Manifest{}, err
	}
	if err := w.tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("writing the package: %w", err)
	}
	if err := w.gz.Close(); err != nil {
		return Manifest{}, fmt.Errorf("writing the package: %w", err)
	}
	if w.enc != nil {
		if err := w.enc.Close(); err != nil {
			return Manifest{}, fmt.Errorf("encrypting the package: %w", err)
		}
	}
	return w.man, nil
}
