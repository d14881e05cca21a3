package export

import (
	"fmt"
	"slices"
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

// versionPlan is what a rowMaker looks up once per instrument version.
type versionPlan struct {
	inst  *survey.Instrument
	items []*survey.Item // inst.Items(), by slot
	// slot numbers every item of the version (its position in items)
	// and, after them, any other id a scale or condition names, so that
	// an answer is found by slot and not by id.
	slot map[string]int
	// cols says, per column of the plan (wide data), which item slot it
	// reads (-1: the item is not in this version, or the column is no
	// item's) and which scale (-1: none).
	cols []colRef
	// scales are the version's scales as slots, for scores.
	scales []scaleRef
	// deps lists, per item slot with a show_if or a choice filter, the slots of the items
	// its visibility depends on (directly or through their own show_if).
	deps [][]int
	// lastIDs and lastSlots are the item ids and slots of the previous
	// response's answers, by position: answers come in item id order, so
	// they are mostly the same, and the same strings (answerpack shares
	// them), which compare in one step.
	lastIDs   []string
	lastSlots []int
}

// colRef is what a column reads in one version.
type colRef struct {
	slot  int
	scale int
	// offered says the version offers the column's option (kOption).
	offered bool
}

// scaleRef is a scale with its items as slots.
type scaleRef struct {
	slots    []int
	reversed []bool
	min      int
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

func newVersionPlan(p *plan, inst *survey.Instrument) *versionPlan {
	vp := &versionPlan{inst: inst, items: inst.Items(), slot: map[string]int{}}
	idx := map[string]*survey.Item{}
	for i, it := range vp.items {
		idx[it.ID] = it
		vp.slot[it.ID] = i
	}
	slotOf := func(id string) int {
		if i, ok := vp.slot[id]; ok {
			return i
		}
		i := len(vp.slot)
		vp.slot[id] = i
		return i
	}
	for _, sc := range inst.Scales {
		r := scaleRef{min: sc.MinItems()}
		for _, id := range sc.Items {
			r.slots = append(r.slots, slotOf(id))
			r.reversed = append(r.reversed, sc.IsReversed(id))
		}
		vp.scales = append(vp.scales, r)
	}
	vp.deps = make([][]int, len(vp.items))
	for i, it := range vp.items {
		if it.ShowIf == nil && it.ChoiceFilter == nil {
			continue
		}
		for _, id := range dependsOn(idx, it) {
			vp.deps[i] = append(vp.deps[i], slotOf(id))
		}
	}
	vp.cols = make([]colRef, len(p.cols))
	for i := range p.cols {
		c := &p.cols[i]
		ref := colRef{slot: -1, scale: -1}
		switch {
		case c.kind == kScale:
			ref.scale = slices.IndexFunc(inst.Scales, func(s survey.Scale) bool { return s.ID == c.scale.ID })
		case c.item != nil:
			if it := idx[c.item.ID]; it != nil {
				ref.slot = vp.slot[it.ID]
				_, ref.offered = it.Option(c.option)
			}
		}
		vp.cols[i] = ref
	}
	return vp
}

// session is the current response's survey session, made when first
// needed: the kiosk's and the web form's rules decide what was shown.
func (m *rowMaker) session() *survey.Session {
	if m.sess == nil {
		m.sess = survey.NewSession(m.vp.inst, m.rec.Response.Role, m.rec.Answers)
	}
	return m.sess
}

// dependsOn returns the items whose answers decide whether it is shown.
func dependsOn(idx map[string]*survey.Item, it *survey.Item) []string {
	var out []string
	seen := map[string]bool{it.ID: true}
	var walk func(c *survey.Condition)
	walk = func(c *survey.Condition) {
		if c == nil {
			return
		}
		for _, id := range c.Refs() {
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, id)
			if ref := idx[id]; ref != nil {
				walk(ref.ShowIf)
				walk(ref.ChoiceFilter)
			}
		}
	}
	walk(it.ShowIf)
	walk(it.ChoiceFilter)
	return out
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
