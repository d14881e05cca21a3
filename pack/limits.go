package pack

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ErrLimit: the package exceeds one of the limits below. A package made by
// peil never does (the Writer keeps to them), so one that does was made or
// changed by something else; reading stops there, having used a bounded
// amount of memory and time whatever the package holds.
var ErrLimit = errors.New("the package exceeds what peil reads")

// The limits of package format 1, kept by the Writer and checked by the
// Reader. They leave room for any real study: the largest response (every
// open answer of a long questionnaire at survey.MaxTextLength) takes well
// under 1 MiB, and a national study of 50,000 responses about 150 MiB.
const (
	// MaxHeader bounds package.json.
	MaxHeader = 1 << 20
	// MaxDefinitions bounds definitions.json.
	MaxDefinitions = 16 << 20
	// MaxManifest bounds manifest.json.
	MaxManifest = 4 << 20
	// MaxResponse bounds one response line, its newline included.
	MaxResponse = 8 << 20
	// MaxResponsesFile bounds one responses file.
	MaxResponsesFile = 64 << 20
	// MaxResponsesFiles bounds the number of responses files.
	MaxResponsesFiles = 10000
	// MaxSchools bounds the number of schools a package's responses come
	// from.
	MaxSchools = 10000
	// MaxUnpacked bounds the whole package, unpacked: the tar archive
	// with every file.
	MaxUnpacked = 2 << 30
)

// limits are the bounds a Reader checks and a Writer keeps; tests use
// smaller ones.
type limits struct {
	header, definitions, manifest int64
	response, file                int64
	lines, files, schools         int
	total                         int64
}

func defaultLimits() limits {
	return limits{
		header: MaxHeader, definitions: MaxDefinitions, manifest: MaxManifest,
		response: MaxResponse, file: MaxResponsesFile,
		lines: chunkSize, files: MaxResponsesFiles, schools: MaxSchools,
		total: MaxUnpacked,
	}
}

// jsonLimit returns the most the JSON file name may take.
func (l limits) jsonLimit(name string) int64 {
	switch name {
	case fileHeader:
		return l.header
	case fileDefinitions:
		return l.definitions
	}
	return l.manifest
}

// tarOverhead is more than the tar archive adds to one file: its header
// block, a PAX header and its data block, and the padding of the content
// to a whole block.
const tarOverhead = 4 * 512

// budget passes on at most limit bytes from r; reading more fails with
// ErrLimit.
type budget struct {
	r     io.Reader
	left  int64
	limit int64
}

func (b *budget) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, b.err()
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, b.err()
	}
	return n, err
}

func (b *budget) err() error {
	return fmt.Errorf("%w: it unpacks to more than %s, the most a package may hold", ErrLimit, size(b.limit))
}

// size writes a number of bytes for a person: "64 MiB", "1.5 GiB", "300 bytes".
func size(n int64) string {
	units := []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}
	for _, u := range units {
		if n >= u.n {
			if n%u.n == 0 {
				return fmt.Sprintf("%d %s", n/u.n, u.name)
			}
			return strconv.FormatFloat(float64(n)/float64(u.n), 'f', 1, 64) + " " + u.name
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
