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
	"io"
	"iter"
	"slices"
	"strings"

	"filippo.io/age"

	"peil/survey"
)

// ageMagic starts every age-encrypted file.
const ageMagic = "age-encryption.org/"

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
	gz       io.Reader // the decompressed stream, within the budget
	lim      limits
	lines    *bufio.Reader // reads the responses files
	line     []byte        // a response line longer than lines' buffer
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
//
// Reading is bounded whatever the package holds (see MaxUnpacked and the
// other limits): a package that exceeds a limit is refused with ErrLimit.
func NewReader(r io.Reader, identities ...age.Identity) (*Reader, error) {
	return newReader(r, defaultLimits(), identities...)
}

func newReader(r io.Reader, lim limits, identities ...age.Identity) (*Reader, error) {
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
	bz := &budget{r: gz, left: lim.total, limit: lim.total}
	pr := &Reader{tr: tar.NewReader(bz), gz: bz, lim: lim}
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
	case errors.Is(err, ErrTruncated), errors.Is(err, ErrDamaged), errors.Is(err, ErrWrongKey), errors.Is(err, ErrLimit):
		return err
	}
	return fmt.Errorf("%w (%s: %v); copy it again from the laptop", ErrDamaged, doing, err)
}

// next returns the next entry of the archive, which must exist and be a
// regular file.
func (r *Reader) next(want string) (*tar.Header, error) {
	h, err := r.tr.Next()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: %s is missing", ErrTruncated, want)
	}
	if err != nil {
		return nil, classify(err, "looking for "+want)
	}
	if h.Typeflag != tar.TypeReg || h.Size < 0 {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrDamaged, h.Name)
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
	if most := r.lim.jsonLimit(h.Name); h.Size > most {
		return fmt.Errorf("%w: %s is %s, more than the %s it may take", ErrLimit, h.Name, size(h.Size), size(most))
	}
	b := make([]byte, h.Size)
	if _, err := io.ReadFull(r.tr, b); err != nil {
		return classify(err, "reading "+h.Name)
	}
	if h.Name != fileManifest {
		sum := sha256.Sum256(b)
		r.sums = append(r.sums, FileSum{Name: h.Name, Size: h.Size, SHA256: hex.EncodeToString(sum[:])})
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrDamaged, h.Name, err)
	}
	return nil
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
		counted := counts{schools: map[[sha256.Size]byte]int{}}
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
			if err := r.checkChunk(h, chunk); err != nil {
				yield(survey.ResponseRecord{}, err)
				return
			}
			sum := sha256.New()
			if r.lines == nil {
				r.lines = bufio.NewReaderSize(nil, 64<<10)
			}
			r.lines.Reset(io.TeeReader(r.tr, sum))
			for n := 1; ; n++ {
				w, err := r.response(h.Name, n)
				if err == io.EOF {
					break
				}
				if err == nil {
					err = counted.add(w, r.lim.schools)
				}
				if err != nil {
					yield(survey.ResponseRecord{}, err)
					return
				}
				if !yield(w.record(), nil) {
					return
				}
			}
			r.sums = append(r.sums, FileSum{Name: h.Name, Size: h.Size, SHA256: hex.EncodeToString(sum.Sum(nil))})
		}
	}
}

// checkChunk checks the entry h of the archive, the chunk-th responses
// file, before it is read.
func (r *Reader) checkChunk(h *tar.Header, chunk int) error {
	switch {
	case chunk > r.lim.files:
		return fmt.Errorf("%w: it holds more than %d responses files, the most a package may hold", ErrLimit, r.lim.files)
	case h.Name != chunkName(chunk):
		return fmt.Errorf("%w: expected %s, found %q", ErrDamaged, chunkName(chunk), h.Name)
	case h.Size > r.lim.file:
		return fmt.Errorf("%w: %s is %s, more than the %s a responses file may hold", ErrLimit, h.Name, size(h.Size), size(r.lim.file))
	}
	return nil
}

// response reads line n of the responses file name; io.EOF after the
// last.
func (r *Reader) response(name string, n int) (wireResponse, error) {
	var w wireResponse
	line, err := r.readLine()
	switch {
	case err == io.EOF:
		return w, err
	case err == errLongLine:
		return w, fmt.Errorf("%w: %s: line %d is longer than %s, the most one response may take", ErrLimit, name, n, size(r.lim.response))
	case err != nil:
		return w, classify(err, "reading "+name)
	case n > r.lim.lines:
		return w, fmt.Errorf("%w: %s holds more than %d responses, the most a responses file may hold", ErrLimit, name, r.lim.lines)
	case len(line) == 0:
		return w, fmt.Errorf("%w: %s: line %d is empty", ErrDamaged, name, n)
	}
	if err := json.Unmarshal(line, &w); err != nil {
		return w, fmt.Errorf("%w: %s: line %d: %v", ErrDamaged, name, n, err)
	}
	return w, nil
}

// errLongLine: a line of a responses file is longer than the limit.
var errLongLine = errors.New("line too long")

// readLine returns the next line of the responses file being read,
// without its newline, or io.EOF after the last. The line is valid until
// the next call; it is never longer than the limit of one response.
func (r *Reader) readLine() ([]byte, error) {
	r.line = r.line[:0]
	for {
		frag, err := r.lines.ReadSlice('\n')
		if int64(len(r.line)+len(frag)) > r.lim.response {
			return nil, errLongLine
		}
		switch {
		case err == bufio.ErrBufferFull:
			r.line = append(r.line, frag...)
			continue
		case err == io.EOF && len(r.line)+len(frag) == 0:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, err
		}
		if len(r.line) == 0 {
			return bytes.TrimSuffix(frag, []byte("\n")), nil
		}
		r.line = append(r.line, frag...)
		return bytes.TrimSuffix(r.line, []byte("\n")), nil
	}
}

// counts are what the responses files hold, to check against the
// manifest; schools are counted by the SHA-256 of their id, so that the
// memory they take does not grow with the length of the ids.
type counts struct {
	responses, complete, answers int
	schools                      map[[sha256.Size]byte]int
}

func (c *counts) add(w wireResponse, maxSchools int) error {
	k := sha256.Sum256([]byte(w.SchoolID))
	if _, ok := c.schools[k]; !ok && len(c.schools) >= maxSchools {
		return fmt.Errorf("%w: it holds responses from more than %d schools, the most a package may hold", ErrLimit, maxSchools)
	}
	c.schools[k]++
	c.responses++
	c.answers += len(w.Answers)
	if w.Status == string(survey.Complete) {
		c.complete++
	}
	return nil
}

// matches reports whether the manifest m counts what c counted.
func (c counts) matches(m Manifest) bool {
	if m.Responses != c.responses || m.Complete != c.complete || m.Answers != c.answers || len(m.Schools) != len(c.schools) {
		return false
	}
	for id, n := range m.Schools {
		if c.schools[sha256.Sum256([]byte(id))] != n {
			return false
		}
	}
	return true
}

// finish reads the manifest and checks it against what was read, then
// that the archive, the compression and the encryption end cleanly.
func (r *Reader) finish(h *tar.Header, counted counts) error {
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
	if !counted.matches(m) {
		return fmt.Errorf("%w: the manifest counts %d responses and %d answers, the package holds %d and %d",
			ErrDamaged, m.Responses, m.Answers, counted.responses, counted.answers)
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
