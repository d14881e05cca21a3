package export

import (
	"fmt"
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

// rowMaker turns responses into rows.
type rowMaker struct {
	p       *plan
	pseudo  *pseudonymizer
	cells   []cell
	answers map[string]survey.Value
}

func newRowMaker(p *plan, pseudo *pseudonymizer) *rowMaker {
	return &rowMaker{p: p, pseudo: pseudo, cells: make([]cell, len(p.cols)), answers: map[string]survey.Value{}}
}

// rows sends the rows of one response to emit: one wide row, or one long
// row per answer (per chosen option).
func (m *rowMaker) rows(rec survey.ResponseRecord, emit func([]cell) error) error {
	r := rec.Response
	inst := m.p.versions[r.InstrumentVersion]
	if inst == nil {
		return fmt.Errorf("response %s uses %s version %d, which the export was not given", r.ID, r.InstrumentID, r.InstrumentVersion)
	}
	clear(m.answers)
	for _, a := range rec.Answers {
		m.answers[a.ItemID] = a.Value
	}
	sess := survey.NewSession(inst, r.Role, rec.Answers)
	if !m.p.long {
		for i := range m.p.cols {
			m.cells[i] = m.wideCell(&m.p.cols[i], rec, inst, sess)
		}
		return emit(m.cells)
	}
	// Long: the response columns stay, the answer columns change.
	nResp := 0
	for i := range m.p.cols {
		c := &m.p.cols[i]
		if c.kind >= kItemID {
			break
		}
		m.cells[i] = m.wideCell(c, rec, inst, sess)
		nResp = i + 1
	}
	for _, it := range inst.Items() {
		v, ok := m.answers[it.ID]
		if !ok || !sess.Visible(it.ID) || it.Type == survey.Note {
			continue
		}
		if it.Type == survey.OpenText && !m.p.includeText {
			continue
		}
		if it.Type == survey.MultipleChoice {
			for _, code := range v.Choices {
				m.longCells(nResp, it, code, cell{kind: cellNum, num: float64(code)}, false, "")
				if err := emit(m.cells); err != nil {
					return err
				}
			}
			continue
		}
		val := cell{kind: cellNum, num: float64(v.Number)}
		if v.DontKnow || it.Type == survey.OpenText {
			val = cell{}
		}
		m.longCells(nResp, it, 0, val, v.DontKnow, v.Text)
		if err := emit(m.cells); err != nil {
			return err
		}
	}
	return nil
}

// longCells fills the answer columns of a long row.
func (m *rowMaker) longCells(from int, it *survey.Item, option int, val cell, dk bool, text string) {
	for i := from; i < len(m.p.cols); i++ {
		switch m.p.cols[i].kind {
		case kItemID:
			m.cells[i] = cell{kind: cellText, text: it.ID}
		case kVariable:
			m.cells[i] = cell{kind: cellText, text: m.p.wideNames[wideKey{it.ID, option}]}
		case kValue:
			m.cells[i] = val
		case kDontKnow:
			m.cells[i] = cell{kind: cellNum, num: float64(boolCode(dk))}
		case kLongText:
			m.cells[i] = cell{kind: cellText, text: fit(text, m.p.cols[i].width)}
		}
	}
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

func num(n int) cell { return cell{kind: cellNum, num: float64(n)} }

// wideCell computes one cell of a wide row.
func (m *rowMaker) wideCell(c *column, rec survey.ResponseRecord, inst *survey.Instrument, sess *survey.Session) cell {
	r := rec.Response
	switch c.kind {
	case kResponseID:
		id := r.ID
		if m.pseudo != nil {
			id = m.pseudo.hash("response", id)
		}
		return cell{kind: cellText, text: fit(id, c.width)}
	case kRespondent:
		code := r.RespondentCode
		if m.pseudo != nil {
			code = m.pseudo.hash("respondent", code)
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
		if code, ok := m.p.roleCodes[sess.Role()]; ok {
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
		return cell{kind: cellTime, t: r.StartedAt}
	case kFinished:
		if r.FinishedAt.IsZero() {
			return cell{}
		}
		return cell{kind: cellTime, t: r.FinishedAt}
	case kScale:
		sc, ok := inst.Scale(c.scale.ID)
		if !ok {
			return cell{}
		}
		score, _, ok := sc.Score(m.answers)
		if !ok {
			return cell{}
		}
		return cell{kind: cellNum, num: score}
	}
	it := inst.Item(c.item.ID)
	if it == nil {
		return cell{} // not in this version
	}
	if c.kind == kOption {
		if _, offered := it.Option(c.option); !offered {
			return cell{} // an option this version did not offer
		}
	}
	v, answered := m.answers[it.ID]
	visible := sess.Visible(it.ID)
	switch {
	case !visible:
		if c.kind == kText {
			return cell{kind: cellText}
		}
		return cell{kind: cellMissing, miss: missNotShown}
	case !answered:
		if c.kind == kText {
			return cell{kind: cellText}
		}
		return cell{kind: cellMissing, miss: missNotAnswered}
	}
	switch c.kind {
	case kText:
		return cell{kind: cellText, text: fit(v.Text, c.width)}
	case kOption:
		return num(boolCode(v.Selected(c.option)))
	}
	if v.DontKnow {
		return cell{kind: cellMissing, miss: missDontKnow}
	}
	return num(v.Number)
}
