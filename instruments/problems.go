package instruments

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong in an instrument file, with where it is.
type Problem struct {
	// File is the name the file was parsed under.
	File string
	// Line and Col are 1-based; zero when unknown.
	Line, Col int
	// Msg says what is wrong and what to do about it.
	Msg string
}

// String formats the problem as file:line:col: message, leaving out the
// parts that are unknown.
func (p Problem) String() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Col == 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Problems is every problem found in an instrument file, in the order they
// appear in the file. It is the error Parse and Load return for a file
// that is not a valid instrument.
type Problems []Problem

// Error returns the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sort orders problems by position, keeping the order of discovery for
// problems at the same place.
func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
