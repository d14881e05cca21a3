package analysis

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"

	"peil/survey"
)

// Response is one respondent's answers, as the storage layer hands them to
// a Dataset.
type Response struct {
	// Round is the index AddRound returned for the response's round.
	Round     int
	Workplace string
	School    string
	Role      string
	// Values holds one code per item position (see Dataset.ItemIndex);
	// it may be shorter than the number of items, the rest being Missing.
	// For an integer or decimal item it holds Missing or DontKnow, or (an
	// integer item only) the answer as Code gives it, which Add takes as
	// its number when Numbers has none.
	Values []int8
	// Numbers holds per item position the answer to an integer or decimal
	// item (Number), NaN when there is none; other items' entries are
	// ignored. It may be shorter than the number of items, or nil.
	Numbers []float64
}

// roundInfo is one measurement round and what its instrument asks.
type roundInfo struct {
	name   string
	asked  []bool         // by item position
	text   []string       // by item position: the Dutch wording asked, "" when not asked
	scales []survey.Scale // by scale position; zero ID when not in the round
	// scorers are the scales compiled to item positions, made when the
	// first response of the round is added (positions are fixed then).
	scorers []scorer
}

// compile makes the round's scorers, once: when its first response is
// added, as item positions are fixed from then on.
func (rd *roundInfo) compile(d *Dataset) {
	if rd.scorers != nil {
		return
	}
	rd.scorers = make([]scorer, len(d.scaleIDs))
	for s := range d.scaleIDs {
		rd.scorers[s] = newScorer(rd.scales[s], d.itemIndex)
	}
}

// scorer is one round's definition of a scale, compiled to item positions:
// survey.Scale.Score without building a map per response (2 million
// map writes for a national study). TestScorerAgreesWithScaleScore checks
// that both give the same score.
type scorer struct {
	none     bool  // the scale is not in the round
	pos      []int // item positions, in the scale's order
	reversed []bool
	min      int // answered items needed (survey.Scale.MinItems)
}

func newScorer(sc survey.Scale, index map[string]int) scorer {
	if sc.ID == "" {
		return scorer{none: true}
	}
	s := scorer{min: sc.MinItems()}
	for _, id := range sc.Items {
		s.pos = append(s.pos, index[id]) // AddRound checked every id
		s.reversed = append(s.reversed, sc.IsReversed(id))
	}
	return s
}

// score is the scale score of one row of codes, NaN when there is none:
// the mean of the items answered 1 to survey.LikertPoints, reversed items
// counted as LikertPoints+1-x, and at least min of them.
func (s *scorer) score(row []int8) float64 {
	if s.none {
		return math.NaN()
	}
	sum, n := 0, 0
	for i, p := range s.pos {
		x := int(row[p]) // Missing and DontKnow are negative
		if x < 1 || x > survey.LikertPoints {
			continue
		}
		if s.reversed[i] {
			x = survey.LikertPoints + 1 - x
		}
		sum += x
		n++
	}
	if n == 0 || n < s.min {
		return math.NaN()
	}
	return float64(sum) / float64(n)
}

// Dataset is a compact, column-oriented store of the responses of one
// instrument across rounds: per response a workplace, school, role and
// round index, one int8 per item, and the scale scores, which Add computes
// once, as survey.Scale.Score defines them.
//
// Add every round (AddRound) before the first response: item positions are
// fixed from then on. A Dataset is not safe for concurrent writes; once
// filled, any number of goroutines may compute reports from it.
type Dataset struct {
	items     []survey.Item // copies, by position
	valid     [][256]bool   // valid[p][v+128]: v is an answer to item p
	itemIndex map[string]int
	// numOf[p] is the index of item p in the numbers column, -1 when it is
	// not an integer or decimal item; numPos lists the numeric items'
	// positions; numDecimals[j] is the most digits after the decimal point
	// of numeric item j's answers.
	numOf       []int
	numPos      []int
	numDecimals []int8
	numScratch  []float64 // Add's, reused
	scaleIDs    []string
	scaleNames  []survey.Text
	scaleIndex  map[string]int
	rounds      []roundInfo

	workplaces names
	schools    names
	roles      names
	// schoolWorkplace[s] is the workplace of school s.
	schoolWorkplace []int32

	// Columns, one entry per response.
	wp     []int32
	school []int32
	role   []int32
	round  []uint8
	values []int8    // n × len(items), row-major; Missing or DontKnow for numeric items
	nums   []float64 // n × len(numPos), NaN when no number
	scores []float64 // n × len(scaleIDs), NaN when no score

	// atoms are the sums trend reports start from, made by the first
	// report (trendAtoms); every change to the dataset drops them.
	atoms atomic.Pointer[atoms]
}

// names interns strings as dense indexes.
type names struct {
	list  []string
	index map[string]int32
}

func (n *names) id(s string) int32 {
	if i, ok := n.index[s]; ok {
		return i
	}
	if n.index == nil {
		n.index = make(map[string]int32)
	}
	i := int32(len(n.list))
	n.list = append(n.list, s)
	n.index[s] = i
	return i
}

// NewDataset returns an empty dataset; capacity is the number of responses
// expected (zero if unknown), so the columns are allocated once.
func NewDataset(capacity int) *Dataset {
	return &Dataset{
		itemIndex:  make(map[string]int),
		scaleIndex: make(map[string]int),
		wp:         make([]int32, 0, capacity),
		school:     make([]int32, 0, capacity),
		role:       make([]int32, 0, capacity),
		round:      make([]uint8, 0, capacity),
	}
}

// MaxRounds is the number of rounds a Dataset holds at most.
const MaxRounds = 255

// AddRound adds a measurement round that used instrument in, in
// chronological order, and returns its index. Items are matched across
// rounds by id; an item or scale first asked in a later round is reported
// as having no earlier round. Scale scores in a round use that round's
// definition of the scale.
func (d *Dataset) AddRound(name string, in *survey.Instrument) (int, error) {
	d.atoms.Store(nil) // a change: trend reports add up again
	if len(d.wp) > 0 {
		return 0, fmt.Errorf("adding round %q: rounds must all be added before the first response", name)
	}
	if len(d.rounds) >= MaxRounds {
		return 0, fmt.Errorf("adding round %q: a dataset holds at most %d rounds", name, MaxRounds)
	}
	for _, it := range in.Items() {
		if !analysable(it) {
			continue
		}
		if _, ok := d.itemIndex[it.ID]; !ok {
			d.itemIndex[it.ID] = len(d.items)
			d.items = append(d.items, *it)
		} else {
			d.items[d.itemIndex[it.ID]] = *it // the newest wording wins
		}
	}
	for _, s := range in.Scales {
		for _, id := range s.Items {
			if it := in.Item(id); it == nil || it.Type != survey.Likert {
				return 0, fmt.Errorf("adding round %q: scale %s: item %s is not an agreement (likert) item of %s", name, s.ID, id, in.Key())
			}
		}
		if _, ok := d.scaleIndex[s.ID]; !ok {
			d.scaleIndex[s.ID] = len(d.scaleIDs)
			d.scaleIDs = append(d.scaleIDs, s.ID)
			d.scaleNames = append(d.scaleNames, s.Name)
		} else {
			d.scaleNames[d.scaleIndex[s.ID]] = s.Name
		}
	}
	r := roundInfo{name: name}
	for i := range d.rounds {
		for len(d.rounds[i].asked) < len(d.items) {
			d.rounds[i].asked = append(d.rounds[i].asked, false)
			d.rounds[i].text = append(d.rounds[i].text, "")
		}
		for len(d.rounds[i].scales) < len(d.scaleIDs) {
			d.rounds[i].scales = append(d.rounds[i].scales, survey.Scale{})
		}
	}
	r.asked = make([]bool, len(d.items))
	r.text = make([]string, len(d.items))
	for _, it := range in.Items() {
		if p, ok := d.itemIndex[it.ID]; ok {
			r.asked[p] = true
			r.text[p] = wording(it)
		}
	}
	r.scales = make([]survey.Scale, len(d.scaleIDs))
	for _, s := range in.Scales {
		r.scales[d.scaleIndex[s.ID]] = s
	}
	d.rounds = append(d.rounds, r)
	d.numOf, d.numPos = make([]int, len(d.items)), nil
	for p := range d.items {
		d.numOf[p] = -1
		if numeric(d.items[p].Type) {
			d.numOf[p] = len(d.numPos)
			d.numPos = append(d.numPos, p)
		}
	}
	d.numDecimals = make([]int8, len(d.numPos))
	d.valid = make([][256]bool, len(d.items))
	for p := range d.items {
		it := &d.items[p]
		if lo, hi, ok := it.Bounds(); ok {
			for v := max(lo, int(DontKnow)+1); v <= min(hi, math.MaxInt8); v++ {
				d.valid[p][v+128] = true
			}
		}
		for _, o := range it.Options {
			if o.Code > int(DontKnow) && o.Code <= math.MaxInt8 {
				d.valid[p][o.Code+128] = true
			}
		}
		d.valid[p][int(DontKnow)+128] = it.DontKnow
	}
	return len(d.rounds) - 1, nil
}

// NumItems returns the number of item positions.
func (d *Dataset) NumItems() int { return len(d.items) }

// ItemIndex returns the position of the item with the given id in
// Response.Values.
func (d *Dataset) ItemIndex(id string) (int, bool) {
	i, ok := d.itemIndex[id]
	return i, ok
}

// Len returns the number of responses.
func (d *Dataset) Len() int { return len(d.wp) }

// Rounds returns the names of the rounds in order.
func (d *Dataset) Rounds() []string {
	out := make([]string, len(d.rounds))
	for i, r := range d.rounds {
		out[i] = r.name
	}
	return out
}

// Add appends one response. Values of items the response's round did not
// ask are stored as Missing; a value that is not an answer to its item (a
// 7 on an agreement item, "don't know" where it is not offered) is an
// error.
func (d *Dataset) Add(r Response) error {
	d.atoms.Store(nil) // a change: trend reports add up again
	if r.Round < 0 || r.Round >= len(d.rounds) {
		return fmt.Errorf("adding a response: round %d does not exist (the dataset has %d rounds)", r.Round, len(d.rounds))
	}
	if len(r.Values) > len(d.items) {
		return fmt.Errorf("adding a response: %d values for %d items", len(r.Values), len(d.items))
	}
	if r.Workplace == "" {
		return fmt.Errorf("adding a response: no workplace")
	}
	for p, v := range r.Values {
		if v != Missing && !d.valid[p][int(v)+128] {
			return fmt.Errorf("adding a response: item %s: %d is not an answer to a %s item (use analysis.Code)", d.items[p].ID, v, d.items[p].Type)
		}
	}
	w := d.workplaces.id(r.Workplace)
	school := d.schools.id(r.School)
	if int(school) == len(d.schoolWorkplace) {
		d.schoolWorkplace = append(d.schoolWorkplace, w)
	} else if d.schoolWorkplace[school] != w {
		return fmt.Errorf("adding a response: school %q is in workplace %q, not %q", r.School, d.workplaces.list[d.schoolWorkplace[school]], r.Workplace)
	}
	rd := &d.rounds[r.Round]
	// The numbers first: a bad one changes nothing.
	nums := d.numScratch[:0]
	for _, p := range d.numPos {
		x := math.NaN()
		if p < len(r.Numbers) {
			x = r.Numbers[p]
		}
		v := Missing
		if p < len(r.Values) {
			v = r.Values[p]
		}
		if v != Missing && v != DontKnow && math.IsNaN(x) {
			x = float64(v) // an integer as Code gives it
		}
		if !rd.asked[p] {
			x = math.NaN()
		}
		if math.IsNaN(x) {
			nums = append(nums, x)
			continue
		}
		if v == DontKnow {
			return fmt.Errorf("adding a response: item %s: both \"don't know\" and the number %v", d.items[p].ID, x)
		}
		if !numberFits(&d.items[p], x) {
			return fmt.Errorf("adding a response: item %s: %v is not an answer to a %s item", d.items[p].ID, x, d.items[p].Type)
		}
		nums = append(nums, x)
	}
	for j, x := range nums {
		if !math.IsNaN(x) && d.items[d.numPos[j]].Type == survey.Decimal {
			d.numDecimals[j] = max(d.numDecimals[j], decimalsOf(x))
		}
	}
	d.nums = append(d.nums, nums...)
	d.numScratch = nums
	d.wp = append(d.wp, w)
	d.school = append(d.school, school)
	d.role = append(d.role, d.roles.id(r.Role))
	d.round = append(d.round, uint8(r.Round))
	start := len(d.values)
	for p := range d.items {
		v := Missing
		if p < len(r.Values) && rd.asked[p] {
			v = r.Values[p]
		}
		if d.numOf[p] >= 0 && v != DontKnow {
			v = Missing // the number is in d.nums
		}
		d.values = append(d.values, v)
	}
	row := d.values[start:]
	rd.compile(d)
	for s := range rd.scorers {
		d.scores = append(d.scores, rd.scorers[s].score(row))
	}
	return nil
}

// Each calls f with every response in order. The Values slice is the
// dataset's own row and Numbers (one per item position, NaN but for the
// numbers of integer and decimal items) is reused: f must not keep or
// change them.
func (d *Dataset) Each(f func(Response)) {
	nI, nN := len(d.items), len(d.numPos)
	numbers := make([]float64, nI)
	for p := range numbers {
		numbers[p] = math.NaN()
	}
	for i := range d.wp {
		for j, p := range d.numPos {
			numbers[p] = d.nums[i*nN+j]
		}
		f(Response{
			Round:     int(d.round[i]),
			Workplace: d.workplaces.list[d.wp[i]],
			School:    d.schools.list[d.school[i]],
			Role:      d.roles.list[d.role[i]],
			Values:    d.values[i*nI : (i+1)*nI : (i+1)*nI],
			Numbers:   numbers,
		})
	}
}

// wording is what a respondent reads of an item, for telling whether a new
// instrument version changed it: the Dutch question and option labels.
func wording(it *survey.Item) string {
	var b strings.Builder
	b.WriteString(it.Text.Get(survey.Dutch))
	for _, o := range it.Options {
		b.WriteString("\x00")
		b.WriteString(o.Label.Get(survey.Dutch))
	}
	return b.String()
}
