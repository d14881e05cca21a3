package export

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// newSink opens the writer of the chosen format. n is the number of rows
// to announce where a format needs it (dta).
func newSink(out io.Writer, p *plan, n int64, opt Options) (sink, error) {
	switch opt.Format {
	case SAV:
		return newSavSink(out, p, opt)
	case DTA:
		return newDtaSink(out, p, n, opt)
	case CSV:
		return newCSVSink(out, p, opt)
	case XLSX:
		return newXLSXSink(out, p, n, opt)
	}
	return nil, fmt.Errorf("unknown export format %q", opt.Format)
}

// title is the file label: study, instrument and the versions.
func (p *plan) title() string {
	return fmt.Sprintf("%s: %s (%s)", p.study.Study.Title, p.inst.Title.Get(p.lang), p.inst.ID)
}

// usedMissing lists the missing kinds a column uses, in code order.
func (c *column) usedMissing() []missKind {
	var ks []missKind
	for k := range nMissKinds {
		if c.has[k] {
			ks = append(ks, k)
		}
	}
	return ks
}

// wall returns t's clock reading as if it were UTC: statistics packages
// keep dates without a zone, as the clock in the school showed them.
func wall(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// digits returns the number of characters n takes.
func digits(n int) int { return len(fmt.Sprint(n)) }

// missingNote documents the missing-value codes for file documents.
func (p *plan) missingNote() []string {
	return []string{
		"peil export " + p.title(),
		"Missing codes per variable: " + strings.Join([]string{
			"7/97/997.. = " + p.t("not_shown"),
			"8/98/998.. = " + p.missingLabel(missDontKnow),
			"9/99/999.. = " + p.t("not_answer"),
		}, "; ") + ". System-missing: the item is not in this instrument version, or no scale score.",
	}
}
