package pack

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"

	"filippo.io/age"

	"peil/survey"
)

// ageMagic starts every age-encrypted file.
const ageMagic = "age-encryption.org/"

// maxJSONFile bounds package.json, definitions.json and manifest.json.
const maxJSONFile = 64 << 20

// Error kinds a Reader reports, for callers that react to them (errors.Is).
var (
	// ErrEncrypted: the package is encrypted and no identity was given.
	ErrEncrypted = errors.New("the package is encrypted")
	// ErrWrongKey: none of the identities given can decrypt the package.
	ErrWrongKey = errors.New("the package was encrypted for another key")
	// ErrTruncated: the package ends too early.
	ErrTruncated = errors.New("the package is incomplete")
	// ErrDamaged: the package's bytes or checksums do not match.
	ErrDamaged = errors.New("the package is damaged or was changed")
)

// Reader reads a package: Header and Definitions at once, the responses
// as Records streams them.
type Reader struct {
	Header      Header
	Definitions survey.Definitions

	tr       *tar.Reader
	gz       *gzip.Reader
	sums     []FileSum
	manifest Manifest
	pending  *tar.Header // the entry after definitions.json
	used     bool
	done     bool
}

// NewReader opens the package in r, decrypting it with identities when it
// is encrypted, and reads its header and definitions. Nothing is trusted
// until Records has ended without an error: only then are every checksum
// and count checked.
func NewReader(r io.Reader, identities ...age.Identity) (*Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(len(ageMagic))
	if err != nil && len(head) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrTruncated)
	}
	var src io.Reader = br
	if bytes.HasPrefix(head, []byte(ageMagic)) {
		if len(identities) == 0 {
			return nil, fmt.Errorf("%w: give the researcher's key file (--identity) to read it", ErrEncrypted)
		}
		d, err := age.Decrypt(br, identities...)
		var noMatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &noMatch):
			return nil, fmt.Errorf("%w: this key cannot open it; use the key of the researcher it was made for", ErrWrongKey)
		case err != nil:
			return nil, classify(err, "reading the encryption header")
		}
		src = d
	} else if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return nil, fmt.Errorf("%w: this is not a peil data package (it is neither encrypted nor a compressed archive)", ErrDamaged)
	}
	gz, err := gzip.NewReader(src)
	if err != nil {
		return nil, classify(err, "opening the archive")
	}
	gz.Multistream(false)
	pr := &Reader{tr: tar.NewReader(gz), gz: gz}
	if err := pr.readJSON(fileHeader, &pr.Header); err != nil {
		return nil, err
	}
	if pr.Header.Format != FormatVersion {
		return nil, fmt.Errorf("%w: package format %d; this peil reads format %d (update peil)", ErrDamaged, pr.Header.Format, FormatVersion)
	}
	if err := pr.readJSON(fileDefinitions, &pr.Definitions); err != nil {
		return nil, err
	}
	return pr, nil
}

// classify turns an error from decrypting, decompressing or unpacking
// into one of the Reader's error kinds.
func classify(err error, doing string) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("%w (cut short while %s); copy it again from the laptop", ErrTruncated, doing)
	case errors.Is(err, ErrTruncated), errors.Is(err, ErrDamaged), errors.Is(err, ErrWrongKey):
		return err
	}
	return fmt.Errorf("%w (%s: %v); copy it again from the laptop", ErrDamaged, doing, err)
}

// next returns the next entry of the archive, which must exist.
func (r *Reader) next(want string) (*tar.Header, error) {
	h, err := r.tr.Next()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: %s is missing", ErrTruncated, want)
	}
	if err != nil {
		return nil, classify(err, "looking for "+want)
	}
	return h, nil
}

// readJSON reads the next entry, which must be name, into v.
func (r *Reader) readJSON(name string, v any) error {
	h, err := r.next(name)
	if err != nil {
		return err
	}
	if h.Name != name {
		return fmt.Errorf("%w: expected %s, found %q", ErrDamaged, name, h.Name)
	}
	return r.decodeEntry(h, v)
}

func (r *Reader) decodeEntry(h *tar.Header, v any) error {
	if h.Size > maxJSONFile {
		return fmt.Errorf("%w: %s is %d bytes, too large", ErrDamaged, h.Name, h.Size)
	}
	sum := sha256.New()
	b, err := io.ReadAll(io.TeeReader(r.tr, sum))
	if err != nil {
		return classify(err, "reading "+h.Name)
	}
	if h.Name != fileManifest {
		r.record(h.Name, int64(len(b)), sum)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrDamaged, h.Name, err)
	}
	return nil
}

func (r *Reader) record(name string, size int64, sum hash.Hash) {
	r.sums = append(r.sums, FileSum{Name: name, Size: size, SHA256: hex.EncodeToString(sum.Sum(nil))})
}

// Records streams the package's responses. Its last pair carries an error
// when the package turns out truncated, damaged or altered (checked against
// the manifest after the last response), so a caller that applies the
// responses must commit only when the loop ended without an error. Records
// can be ranged over once.
func (r *Reader) Records() iter.Seq2[survey.ResponseRecord, error] {
	return func(yield func(survey.ResponseRecord, error) bool) {
		if r.used {
			yield(survey.ResponseRecord{}, errors.New("package: Records can be read once"))
			return
		}
		r.used = true
		counted := Manifest{Schools: map[string]int{}}
		for chunk := 1; ; chunk++ {
			h, err := r.next(fileManifest)
			if err != nil {
				yield(survey.ResponseRecord{}, err)
				return
			}
			if h.Name == fileManifest {
				if err := r.finish(h, counted); err != nil {
					yield(survey.ResponseRecord{}, err)
				}
				return
			}
			if h.Name != chunkName(chunk) {
				yield(survey.ResponseRecord{}, fmt.Errorf("%w: expected %s, found %q", ErrDamaged, chunkName(chunk), h.Name))
				return
			}
			sum := sha256.New()
			cr := &countReader{r: io.TeeReader(r.tr, sum)}
			dec := json.NewDecoder(cr)
			for {
				var w wireResponse
				err := dec.Decode(&w)
				if err == io.EOF {
					break
				}
				if err != nil {
					if errors.Is(err, io.ErrUnexpectedEOF) {
						yield(survey.ResponseRecord{}, classify(err, "reading "+h.Name))
					} else {
						yield(survey.ResponseRecord{}, fmt.Errorf("%w: %s: %v", ErrDamaged, h.Name, classify(err, "reading "+h.Name)))
					}
					return
				}
				counted.Responses++
				counted.Answers += len(w.Answers)
				if w.Status == string(survey.Complete) {
					counted.Complete++
				}
				counted.Schools[w.SchoolID]++
				if !yield(w.record(), nil) {
					return
				}
			}
			r.record(h.Name, cr.n, sum)
		}
	}
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// finish reads the manifest and checks it against what was read, then
// that the archive, the compression and the encryption end cleanly.
func (r *Reader) finish(h *tar.Header, counted Manifest) error {
	var m Manifest
	if err := r.decodeEntry(h, &m); err != nil {
		return err
	}
	if _, err := r.tr.Next(); err != io.EOF {
		if err == nil {
			return fmt.Errorf("%w: there is more after the manifest", ErrDamaged)
		}
		return classify(err, "reading the end of the archive")
	}
	// Reading to the end checks gzip's CRC and age's last chunk.
	if _, err := io.Copy(io.Discard, r.gz); err != nil {
		return classify(err, "reading the end of the package")
	}
	if m.PackageID != r.Header.PackageID || m.DeviceID != r.Header.DeviceID {
		return fmt.Errorf("%w: the manifest belongs to another package", ErrDamaged)
	}
	if !slices.Equal(m.Files, r.sums) {
		return fmt.Errorf("%w: %s", ErrDamaged, sumMismatch(m.Files, r.sums))
	}
	if m.Responses != counted.Responses || m.Complete != counted.Complete || m.Answers != counted.Answers ||
		!maps.Equal(m.Schools, counted.Schools) {
		return fmt.Errorf("%w: the manifest counts %d responses and %d answers, the package holds %d and %d",
			ErrDamaged, m.Responses, m.Answers, counted.Responses, counted.Answers)
	}
	r.manifest = m
	r.done = true
	return nil
}

// sumMismatch says which file does not match the manifest.
func sumMismatch(want, got []FileSum) string {
	for i := range max(len(want), len(got)) {
		switch {
		case i >= len(want):
			return fmt.Sprintf("%s is not in the manifest", got[i].Name)
		case i >= len(got):
			return fmt.Sprintf("%s is missing", want[i].Name)
		case want[i] != got[i]:
			return fmt.Sprintf("the SHA-256 checksum of %s does not match the manifest", got[i].Name)
		}
	}
	return "the manifest does not match"
}

// Manifest returns the checked manifest, once Records has ended without an
// error; ok is false before that.
func (r *Reader) Manifest() (m Manifest, ok bool) { return r.manifest, r.done }

// ParseRecipient parses a researcher's public key ("age1...").
func ParseRecipient(s string) (age.Recipient, error) {
	rec, err := age.ParseX25519Recipient(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%q is not a researcher's public key (it starts with age1; see peil key generate): %w", s, err)
	}
	return rec, nil
}

// ParseIdentities reads the identities (secret keys) of a key file made by
// GenerateKey or age-keygen.
func ParseIdentities(r io.Reader) ([]age.Identity, error) {
	ids, err := age.ParseIdentities(r)
	if err != nil {
		return nil, fmt.Errorf("reading the key file: %w", err)
	}
	return ids, nil
}
