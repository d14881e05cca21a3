package analysis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"peil/survey"
)

// columnsMagic starts what AppendColumns writes; the last byte is the
// format version: 2 added the numbers column (integer and decimal items).
// Columns of another version are not read (errColumns), so a cache built
// them again.
const columnsMagic = "peil-dataset\x02"

// AppendColumns appends the dataset's responses to dst in a compact binary
// form (about 50 bytes a response, and 8 per integer or decimal item), for a cache: ReadColumns on a dataset
// with the same rounds reads them back. Scale scores are left out; they
// are computed again from the values.
func (d *Dataset) AppendColumns(dst []byte) []byte {
	str := func(s string) {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	dst = append(dst, columnsMagic...)
	// The structure, so that ReadColumns can tell a dataset it does not fit.
	dst = binary.AppendUvarint(dst, uint64(len(d.rounds)))
	for _, r := range d.rounds {
		str(r.name)
	}
	dst = binary.AppendUvarint(dst, uint64(len(d.items)))
	for _, it := range d.items {
		str(it.ID)
	}
	dst = binary.AppendUvarint(dst, uint64(len(d.scaleIDs)))
	for _, id := range d.scaleIDs {
		str(id)
	}
	// The names columns refer to.
	for _, n := range []*names{&d.workplaces, &d.schools, &d.roles} {
		dst = binary.AppendUvarint(dst, uint64(len(n.list)))
		for _, s := range n.list {
			str(s)
		}
	}
	for _, w := range d.schoolWorkplace {
		dst = binary.AppendUvarint(dst, uint64(w))
	}
	// The columns.
	dst = binary.AppendUvarint(dst, uint64(len(d.wp)))
	for _, col := range [][]int32{d.wp, d.school, d.role} {
		for _, v := range col {
			dst = binary.AppendUvarint(dst, uint64(v))
		}
	}
	dst = append(dst, d.round...)
	for _, v := range d.values {
		dst = append(dst, byte(v))
	}
	for _, x := range d.nums {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(x))
	}
	return dst
}

// errColumns is what ReadColumns says of data that are not columns.
var errColumns = errors.New("not a dataset's columns, or damaged")

// ReadColumns adds the responses AppendColumns wrote to d, which must have
// the same rounds (instruments added in the same order) and no responses
// yet. Columns of another structure, or damaged ones, are an error, and d
// is left without responses.
func (d *Dataset) ReadColumns(b []byte) (err error) {
	d.atoms.Store(nil) // a change: trend reports add up again
	if len(d.wp) > 0 {
		return fmt.Errorf("reading cached columns: the dataset already has responses")
	}
	defer func() {
		if err != nil {
			d.reset()
		}
	}()
	r := columnReader{b: b}
	if string(r.take(len(columnsMagic))) != columnsMagic {
		return fmt.Errorf("reading cached columns: %w", errColumns)
	}
	same := func(what string, want []string) error {
		n := r.uvarint()
		if r.err == nil && n != uint64(len(want)) {
			return fmt.Errorf("reading cached columns: %d %s, the dataset has %d", n, what, len(want))
		}
		for _, w := range want {
			if s := r.str(); r.err == nil && s != w {
				return fmt.Errorf("reading cached columns: %s %q where the dataset has %q", what, s, w)
			}
		}
		return r.err
	}
	roundNames := make([]string, len(d.rounds))
	for i, rd := range d.rounds {
		roundNames[i] = rd.name
	}
	itemIDs := make([]string, len(d.items))
	for i, it := range d.items {
		itemIDs[i] = it.ID
	}
	for _, s := range []struct {
		what string
		want []string
	}{{"rounds", roundNames}, {"items", itemIDs}, {"scales", d.scaleIDs}} {
		if err := same(s.what, s.want); err != nil {
			return err
		}
	}
	for _, n := range []*names{&d.workplaces, &d.schools, &d.roles} {
		count := r.count(1)
		for range count {
			n.id(r.str())
		}
		if r.err == nil && len(n.list) != count {
			return fmt.Errorf("reading cached columns: a name twice: %w", errColumns)
		}
	}
	d.schoolWorkplace = make([]int32, len(d.schools.list))
	for i := range d.schoolWorkplace {
		d.schoolWorkplace[i] = r.index(len(d.workplaces.list))
	}
	nN := len(d.numPos)
	n := r.count(3 + 1 + len(d.items) + 8*nN)
	if r.err != nil {
		return fmt.Errorf("reading cached columns: %w", r.err)
	}
	d.wp = make([]int32, n)
	d.school = make([]int32, n)
	d.role = make([]int32, n)
	for i := range n {
		d.wp[i] = r.index(len(d.workplaces.list))
	}
	for i := range n {
		d.school[i] = r.index(len(d.schools.list))
		if r.err == nil && d.schoolWorkplace[d.school[i]] != d.wp[i] {
			return fmt.Errorf("reading cached columns: a school in two workplaces: %w", errColumns)
		}
	}
	for i := range n {
		d.role[i] = r.index(len(d.roles.list))
	}
	rounds := r.take(n)
	values := r.take(n * len(d.items))
	nums := r.take(8 * n * nN)
	if r.err == nil && len(r.b) != 0 {
		r.err = errColumns
	}
	if r.err != nil {
		return fmt.Errorf("reading cached columns: %w", r.err)
	}
	d.round = make([]uint8, n)
	for i, x := range rounds {
		if int(x) >= len(d.rounds) {
			return fmt.Errorf("reading cached columns: round %d: %w", x, errColumns)
		}
		d.round[i] = x
	}
	d.values = make([]int8, len(values))
	nI := len(d.items)
	for i := range n {
		asked := d.rounds[d.round[i]].asked
		row := d.values[i*nI : (i+1)*nI]
		for p, x := range values[i*nI : (i+1)*nI] {
			v := int8(x)
			if v != Missing && (!d.valid[p][int(v)+128] || !asked[p] || (d.numOf[p] >= 0 && v != DontKnow)) {
				return fmt.Errorf("reading cached columns: item %s: %d is not an answer to it: %w", d.items[p].ID, v, errColumns)
			}
			row[p] = v
		}
	}
	d.nums = make([]float64, n*nN)
	for j := range d.numDecimals {
		d.numDecimals[j] = 0
	}
	for i := range n {
		asked := d.rounds[d.round[i]].asked
		for j, p := range d.numPos {
			x := math.Float64frombits(binary.LittleEndian.Uint64(nums[(i*nN+j)*8:]))
			if !math.IsNaN(x) {
				it := &d.items[p]
				if !asked[p] || !numberFits(it, x) || d.values[i*nI+p] != Missing {
					return fmt.Errorf("reading cached columns: item %s: %v is not an answer to it: %w", it.ID, x, errColumns)
				}
				if it.Type == survey.Decimal {
					d.numDecimals[j] = max(d.numDecimals[j], decimalsOf(x))
				}
			}
			d.nums[i*nN+j] = x
		}
	}
	d.scores = make([]float64, 0, n*len(d.scaleIDs))
	for i := range n {
		rd := &d.rounds[d.round[i]]
		rd.compile(d)
		row := d.values[i*nI : (i+1)*nI]
		for s := range rd.scorers {
			d.scores = append(d.scores, rd.scorers[s].score(row))
		}
	}
	return nil
}

// reset removes every response, keeping the rounds.
func (d *Dataset) reset() {
	d.atoms.Store(nil) // a change: trend reports add up again
	d.workplaces, d.schools, d.roles = names{}, names{}, names{}
	d.schoolWorkplace = nil
	d.wp, d.school, d.role, d.round, d.values, d.nums, d.scores = d.wp[:0], d.school[:0], d.role[:0], d.round[:0], d.values[:0], d.nums[:0], d.scores[:0]
	for j := range d.numDecimals {
		d.numDecimals[j] = 0
	}
}

// columnReader reads what AppendColumns wrote; the first problem sticks
// in err and every later read returns zero values.
type columnReader struct {
	b   []byte
	err error
}

func (r *columnReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errColumns
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a number of things that take at least size bytes each.
func (r *columnReader) count(size int) int {
	v := r.uvarint()
	if v > uint64(len(r.b)/size) || v > math.MaxInt32 {
		r.err = errColumns
		return 0
	}
	return int(v)
}

// index reads an index below n.
func (r *columnReader) index(n int) int32 {
	v := r.uvarint()
	if r.err == nil && v >= uint64(n) {
		r.err = errColumns
		return 0
	}
	return int32(v)
}

func (r *columnReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = errColumns
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *columnReader) str() string { return string(r.take(r.count(1))) }
