package export

import (
	"fmt"
	"strconv"

	"peil/survey"
)

// rowMaker turns responses into rows. It is for one goroutine.
type rowMaker struct {
	p     *plan
	cells []cell
	// vs holds what is looked up once per instrument version instead of
	// once per cell: which item, option and scale each column reads, and
	// where each item's answer is kept (its slot).
	vs map[int]*versionPlan
	// The current response: its version's plan, its answers by slot (at
	// holds 1 + the answer's index in rec.Answers, 0 for none: no
	// pointers, so filling it costs no write barriers) and its role.
	vp  *versionPlan
	at  []int32
	who string
	// sess is the current response's session, made when first needed:
	// only items with a show_if need it.
	sess *survey.Session
	rec  survey.ResponseRecord
	// shown caches visibility by version, item, role and the answers it
	// depends on: a few distinct keys cover a national dataset, and a
	// cache hit saves a session. It stops growing at maxShownCache.
	shown map[string]bool
	key   []byte
}

// maxShownCache bounds the visibility cache, so memory stays flat.
const maxShownCache = 1 << 16

func newRowMaker(p *plan) *rowMaker {
	m := &rowMaker{p: p, cells: make([]cell, len(p.cols)), vs: map[int]*versionPlan{}, shown: map[string]bool{}}
	n := 0
	for v, inst := range p.versions {
		vp := newVersionPlan(p, inst)
		m.vs[v] = vp
		n = max(n, len(vp.slot))
	}
	m.at = make([]int32, n)
	return m
}

// session is the current response's survey session, made when first
// needed: the kiosk's and the web form's rules decide what was shown.
func (m *rowMaker) session() *survey.Session {
	if m.sess == nil {
		m.sess = survey.NewSession(m.vp.inst, m.rec.Response.Role, m.rec.Answers)
	}
	return m.sess
}

// load makes rec the current response: its answers by slot, and its role.
func (m *rowMaker) load(vp *versionPlan, rec survey.ResponseRecord) {
	clear(m.at)
	m.vp, m.rec, m.sess = vp, rec, nil
	for i := range rec.Answers {
		a := &rec.Answers[i]
		var slot int
		if i < len(vp.lastIDs) && vp.lastIDs[i] == a.ItemID {
			slot = vp.lastSlots[i]
		} else {
			s, ok := vp.slot[a.ItemID]
			if !ok {
				s = -1 // no item, scale or condition reads it
			}
			if i < len(vp.lastIDs) {
				vp.lastIDs[i], vp.lastSlots[i] = a.ItemID, s
			} else {
				vp.lastIDs, vp.lastSlots = append(vp.lastIDs, a.ItemID), append(vp.lastSlots, s)
			}
			slot = s
		}
		if slot >= 0 {
			// Of two answers to one item (which a store does not
			// give), the last counts, as in a map.
			m.at[slot] = int32(i + 1)
		}
	}
	m.who = m.role()
}

// answer returns the current response's answer in slot, or false.
func (m *rowMaker) answer(slot int) (*survey.Value, bool) {
	i := m.at[slot]
	if i == 0 {
		return nil, false
	}
	return &m.rec.Answers[i-1].Value, true
}

// visible reports whether the item in slot is shown to the current
// respondent.
func (m *rowMaker) visible(it *survey.Item, slot int) bool {
	if it.ShowIf == nil && it.ChoiceFilter == nil {
		return true
	}
	r := m.rec.Response
	k := m.key[:0]
	k = strconv.AppendInt(k, int64(r.InstrumentVersion), 10)
	k = append(k, 0)
	k = append(k, it.ID...)
	k = append(k, 0)
	k = append(k, m.who...)
	for _, dep := range m.vp.deps[slot] {
		k = append(k, 0)
		v, ok := m.answer(dep)
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
	shown := m.session().Visible(it.ID)
	if len(m.shown) < maxShownCache {
		m.shown[string(k)] = shown
	}
	return shown
}

// role returns the respondent's role: the answer to the role item, or the
// role stored with the response.
func (m *rowMaker) role() string {
	for i := range m.rec.Answers {
		a := &m.rec.Answers[i]
		s, ok := m.vp.slot[a.ItemID]
		if !ok || s >= len(m.vp.items) {
			continue
		}
		if it := m.vp.items[s]; it.SetsRole {
			if o, ok := it.Option(a.Value.Number); ok {
				return o.Value
			}
		}
	}
	if m.rec.Response.Role == "" && len(m.vp.inst.Audience) == 1 {
		return m.vp.inst.Audience[0]
	}
	return m.rec.Response.Role
}

// score is survey.Scale.Score of scale sc for the current response.
func (m *rowMaker) score(sc *scaleRef) (float64, bool) {
	sum, answered := 0, 0
	for i, slot := range sc.slots {
		v, has := m.answer(slot)
		if !has || v.DontKnow || v.Number < 1 || v.Number > survey.LikertPoints {
			continue
		}
		x := v.Number
		if sc.reversed[i] {
			x = survey.LikertPoints + 1 - x
		}
		sum += x
		answered++
	}
	if answered == 0 || answered < sc.min {
		return 0, false
	}
	return float64(sum) / float64(answered), true
}

// rows sends the rows of one response to emit: one wide row, or one long
// row per answer (per chosen option).
func (m *rowMaker) rows(rec survey.ResponseRecord, emit func([]cell) error) error {
	r := rec.Response
	vp := m.vs[r.InstrumentVersion]
	if vp == nil {
		return fmt.Errorf("response %s uses %s version %d, which the export was not given", r.ID, r.InstrumentID, r.InstrumentVersion)
	}
	m.load(vp, rec)
	if !m.p.long {
		for i := range m.p.cols {
			c := &m.p.cols[i]
			if c.kind == kItem || c.kind == kOption || c.kind == kText {
				m.itemCell(&m.cells[i], c, vp.cols[i])
				continue
			}
			m.cells[i] = m.wideCell(c, vp.cols[i])
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
		m.cells[i] = m.wideCell(c, vp.cols[i])
		nResp = i + 1
	}
	for slot, it := range vp.items {
		v, ok := m.answer(slot)
		if !ok || it.Type == survey.Note || !m.visible(it, slot) {
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
