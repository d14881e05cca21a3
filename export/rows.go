package export

import (
	"fmt"
	"strconv"
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

// rowMaker turns responses into rows.
type rowMaker struct {
	p       *plan
	cells   []cell
	answers map[string]survey.Value
	// items indexes each version's items by id (Instrument.Item is a
	// linear search, too slow for 45,000 responses × 40 items).
	items map[int]map[string]*survey.Item
	// sess is the current response's session, made when first needed:
	// only items with a show_if need it.
	sess *survey.Session
	rec  survey.ResponseRecord
	inst *survey.Instrument
	// deps lists, per version and item with a show_if, the items its
	// visibility depends on (directly or through their own show_if).
	deps map[int]map[string][]string
	// shown caches visibility by version, item, role and the answers it
	// depends on: a few distinct keys cover a national dataset, and a
	// cache hit saves a session. It stops growing at maxShownCache.
	shown map[string]bool
	key   []byte
}

// maxShownCache bounds the visibility cache, so memory stays flat.
const maxShownCache = 1 << 16

func newRowMaker(p *plan) *rowMaker {
	m := &rowMaker{p: p, cells: make([]cell, len(p.cols)), answers: map[string]survey.Value{}, items: map[int]map[string]*survey.Item{},
		deps: map[int]map[string][]string{}, shown: map[string]bool{}}
	for v, inst := range p.versions {
		idx := map[string]*survey.Item{}
		for _, it := range inst.Items() {
			idx[it.ID] = it
		}
		m.items[v] = idx
		deps := map[string][]string{}
		for _, it := range inst.Items() {
			if it.ShowIf != nil {
				deps[it.ID] = dependsOn(idx, it)
			}
		}
		m.deps[v] = deps
	}
	return m
}

// dependsOn returns the items whose answers decide whether it is shown.
func dependsOn(idx map[string]*survey.Item, it *survey.Item) []string {
	var out []string
	seen := map[string]bool{it.ID: true}
	var walk func(c *survey.Condition)
	walk = func(c *survey.Condition) {
		for _, id := range c.Refs() {
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, id)
			if ref := idx[id]; ref != nil && ref.ShowIf != nil {
				walk(ref.ShowIf)
			}
		}
	}
	walk(it.ShowIf)
	return out
}

// visible reports whether the item is shown to the current respondent.
func (m *rowMaker) visible(it *survey.Item) bool {
	if it.ShowIf == nil {
		return true
	}
	r := m.rec.Response
	k := m.key[:0]
	k = strconv.AppendInt(k, int64(r.InstrumentVersion), 10)
	k = append(k, 0)
	k = append(k, it.ID...)
	k = append(k, 0)
	k = append(k, m.role(m.items[r.InstrumentVersion])...)
	for _, id := range m.deps[r.InstrumentVersion][it.ID] {
		k = append(k, 0)
		v, ok := m.answers[id]
		if !ok {
			continue
		}
		k = append(k, 1)
		k = strconv.AppendInt(k, int64(v.Number), 10)
		if v.DontKnow {
			k = append(k, 'd')
		}
		for _, c := range v.Choices {
			k = append(k, ',')
			k = strconv.AppendInt(k, int64(c), 10)
		}
		k = append(k, '|')
		k = append(k, v.Text...)
	}
	m.key = k
	if shown, ok := m.shown[string(k)]; ok {
		return shown
	}
	if m.sess == nil {
		m.sess = survey.NewSession(m.inst, r.Role, m.rec.Answers)
	}
	shown := m.sess.Visible(it.ID)
	if len(m.shown) < maxShownCache {
		m.shown[string(k)] = shown
	}
	return shown
}

// role returns the respondent's role: the answer to the role item, or the
// role stored with the response.
func (m *rowMaker) role(idx map[string]*survey.Item) string {
	for _, a := range m.rec.Answers {
		if it := idx[a.ItemID]; it != nil && it.SetsRole {
			if o, ok := it.Option(a.Value.Number); ok {
				return o.Value
			}
		}
	}
	if m.rec.Response.Role == "" && len(m.inst.Audience) == 1 {
		return m.inst.Audience[0]
	}
	return m.rec.Response.Role
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
	m.rec, m.inst, m.sess = rec, inst, nil
	idx := m.items[r.InstrumentVersion]
	if !m.p.long {
		for i := range m.p.cols {
			m.cells[i] = m.wideCell(&m.p.cols[i], rec, inst, idx)
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
		m.cells[i] = m.wideCell(c, rec, inst, idx)
		nResp = i + 1
	}
	for _, it := range inst.Items() {
		v, ok := m.answers[it.ID]
		if !ok || it.Type == survey.Note || !m.visible(it) {
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
		val := answerCell(it, v)
		switch {
		case v.DontKnow || it.Type == survey.OpenText:
			val = cell{}
		case val.kind == cellDay:
			// The value column of long data is numeric: a date is the
			// number yyyymmdd there.
			y, mo, d := val.t.Date()
			val = num(y*10000 + int(mo)*100 + d)
		case val.kind == cellClock:
			// A time of day is the number hhmm there (930 is 09:30).
			m := int(val.num)
			val = num(m/60*100 + m%60)
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

// timeCell is the cell of a date column: the date alone unless the column
// keeps the time.
func timeCell(c *column, t time.Time) cell {
	if c.dateOnly {
		return cell{kind: cellDay, t: day(t)}
	}
	return cell{kind: cellTime, t: t}
}

func num(n int) cell { return cell{kind: cellNum, num: float64(n)} }

// wideCell computes one cell of a wide row.
func (m *rowMaker) wideCell(c *column, rec survey.ResponseRecord, inst *survey.Instrument, idx map[string]*survey.Item) cell {
	r := rec.Response
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
		if code, ok := m.p.roleCodes[m.role(idx)]; ok {
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
	it := idx[c.item.ID]
	if it == nil {
		return cell{} // not in this version
	}
	if c.kind == kOption {
		if _, offered := it.Option(c.option); !offered {
			return cell{} // an option this version did not offer
		}
	}
	v, answered := m.answers[it.ID]
	visible := m.visible(it)
	switch {
	case (!visible || !answered) && (c.isDay || c.isClock):
		return cell{} // dates and times have no missing codes
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
	return answerCell(it, v)
}

// answerCell is the cell of a numeric answer: the number, or for a decimal
// item the number its text holds, for a date item the date, for a time
// item the minutes since midnight. A stored
// text that does not read (it cannot, as survey validated it) is
// system-missing.
func answerCell(it *survey.Item, v survey.Value) cell {
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
