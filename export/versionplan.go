package export

import (
	"slices"

	"peil/survey"
)

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
