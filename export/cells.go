package export

import (
	"time"

	"peil/survey"
)

// cellKind is what a cell holds.
type cellKind uint8

const (
	cellEmpty   cellKind = iota // system-missing, empty: no such item in this version
	cellNum                     // a number
	cellMissing                 // a missing answer of kind miss
	cellText                    // a string
	cellTime                    // a date and time
	cellDay                     // a calendar date (t at midnight UTC)
	cellClock                   // a time of day: num is minutes since midnight
)

// cell is one value of a row, before a format encodes it.
type cell struct {
	kind cellKind
	miss missKind
	num  float64
	text string
	t    time.Time
}

// sink is one output format.
type sink interface {
	row(cells []cell) error
	close() error
	// abort gives up (after an error): temporary files are removed.
	abort()
}

func boolCode(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fit cuts s to at most width bytes on a character boundary (the data may
// have grown between the two passes).
func fit(s string, width int) string {
	if len(s) <= width {
		return s
	}
	for width > 0 && s[width]&0xc0 == 0x80 {
		width--
	}
	return s[:width]
}

// timeCell is the cell of a date column: the date alone unless the column
// keeps the time.
func timeCell(c *column, t time.Time) cell {
	if c.dateOnly {
		return cell{kind: cellDay, t: day(t)}
	}
	return cell{kind: cellTime, t: t}
}

func num(n int) cell { return cell{kind: cellNum, num: float64(n)} }

// wideCell computes one cell of a wide row of the current response; ref
// is what the column reads in the response's version.
func (m *rowMaker) wideCell(c *column, ref colRef) cell {
	r := &m.rec.Response
	switch c.kind {
	case kResponseID:
		id := r.ID
		if m.p.pseudo != nil {
			id = m.p.pseudo.hash("response", id)
		}
		return cell{kind: cellText, text: fit(id, c.width)}
	case kRespondent:
		code := r.RespondentCode
		if m.p.pseudo != nil {
			code = m.p.pseudo.hash("respondent", code)
		}
		return cell{kind: cellText, text: fit(code, c.width)}
	case kWorkplace:
		if w, ok := m.p.workplaceOf[r.SchoolID]; ok && w > 0 {
			return num(w)
		}
		return cell{}
	case kSchool:
		if s, ok := m.p.schoolCode[r.SchoolID]; ok {
			return num(s)
		}
		return cell{}
	case kRole:
		if code, ok := m.p.roleCodes[m.who]; ok {
			return num(code)
		}
		return cell{}
	case kRound:
		if code, ok := m.p.roundCode[r.RoundID]; ok {
			return num(code)
		}
		return cell{}
	case kVersion:
		return num(r.InstrumentVersion)
	case kStatus:
		if r.Status == survey.Complete {
			return num(2)
		}
		return num(1)
	case kStarted:
		if r.StartedAt.IsZero() {
			return cell{}
		}
		return timeCell(c, r.StartedAt)
	case kFinished:
		if r.FinishedAt.IsZero() {
			return cell{}
		}
		return timeCell(c, r.FinishedAt)
	case kScale:
		if ref.scale < 0 {
			return cell{}
		}
		score, ok := m.score(&m.vp.scales[ref.scale])
		if !ok {
			return cell{}
		}
		return cell{kind: cellNum, num: score}
	}
	var out cell
	m.itemCell(&out, c, ref)
	return out
}

// itemCell computes, into dst, the cell of an item column (kItem, kOption,
// kText) of a wide row: most of a row's cells, so it is kept apart from
// wideCell's many cases and writes in place (a cell is 64 bytes).
func (m *rowMaker) itemCell(dst *cell, c *column, ref colRef) {
	if ref.slot < 0 || c.kind == kOption && !ref.offered {
		*dst = cell{} // not in this version, or an option it did not offer
		return
	}
	it := m.vp.items[ref.slot]
	v, answered := m.answer(ref.slot)
	visible := m.visible(it, ref.slot)
	if answered && visible && it.ChoiceFilter != nil {
		// An answer the filter does not allow now is no answer, as the
		// session reads it (merged data of an older version, say).
		_, answered = m.session().Value(it.ID)
	}
	switch {
	case (!visible || !answered) && (c.isDay || c.isClock):
		*dst = cell{} // dates and times have no missing codes
	case !visible && c.kind == kText, !answered && c.kind == kText:
		*dst = cell{kind: cellText}
	case !visible:
		*dst = cell{kind: cellMissing, miss: missNotShown}
	case !answered:
		*dst = cell{kind: cellMissing, miss: missNotAnswered}
	case c.kind == kText:
		*dst = cell{kind: cellText, text: fit(v.Text, c.width)}
	case c.kind == kOption:
		*dst = num(boolCode(v.Selected(c.option)))
	case v.DontKnow:
		*dst = cell{kind: cellMissing, miss: missDontKnow}
	case it.Type == survey.Decimal || it.Type == survey.Date || it.Type == survey.Time:
		*dst = answerCell(it, v)
	default:
		*dst = num(v.Number)
	}
}

// answerCell is the cell of a numeric answer: the number, or for a decimal
// item the number its text holds, for a date item the date, for a time
// item the minutes since midnight. A stored
// text that does not read (it cannot, as survey validated it) is
// system-missing.
func answerCell(it *survey.Item, v *survey.Value) cell {
	switch it.Type {
	case survey.Decimal:
		f, _, err := survey.ParseDecimal(v.Text)
		if err != nil {
			return cell{}
		}
		return cell{kind: cellNum, num: f}
	case survey.Date:
		d, _, err := survey.ParseDate(v.Text)
		if err != nil {
			return cell{}
		}
		return cell{kind: cellDay, t: d}
	case survey.Time:
		m, _, err := survey.ParseTime(v.Text)
		if err != nil {
			return cell{}
		}
		return cell{kind: cellClock, num: float64(m)}
	}
	return num(v.Number)
}
