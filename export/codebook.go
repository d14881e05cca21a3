package export

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"peil/analysis"
	"peil/survey"
)

// entry describes one variable for the codebook (Markdown and the xlsx
// codebook sheet).
type entry struct {
	Name, Label, Type, Measure, Values, Missing, Scales, Versions string
	// Original is the name the item had in the form it was imported from,
	// when that differs from its id (survey.Item.OriginalName).
	Original string
	// Reliability is a scale's Cronbach's alpha per round (codebook
	// only).
	Reliability string
}

// reliability adds up, per round and scale, the complete cases of
// Cronbach's alpha over the completed responses (as the trend report
// does: analysis.AlphaSums), for the codebook.
type reliability struct {
	rounds map[string][]scaleSums // by round id
	// vals and xs are reused from one response to the next.
	vals map[string]survey.Value
	xs   []int
}

// scaleSums is one scale of one round: its items, which are reversed, and
// the sums.
type scaleSums struct {
	id       string
	items    []*survey.Item
	reversed []bool
	sums     *analysis.AlphaSums
}

// newReliability prepares the sums of every scale of every round, with the
// scale as the round's instrument version defines it; nil when no round's
// instrument has a scale.
func newReliability(rounds []survey.Round, instruments []*survey.Instrument) *reliability {
	rel := &reliability{rounds: map[string][]scaleSums{}}
	found := false
	for _, r := range rounds {
		in := findInstrument(instruments, r.InstrumentID, r.InstrumentVersion)
		if in == nil {
			continue
		}
		for _, sc := range in.Scales {
			ss := scaleSums{id: sc.ID, sums: analysis.NewAlphaSums(len(sc.Items))}
			for _, id := range sc.Items {
				ss.items = append(ss.items, in.Item(id))
				ss.reversed = append(ss.reversed, sc.IsReversed(id))
			}
			rel.rounds[r.ID] = append(rel.rounds[r.ID], ss)
			found = true
		}
	}
	if !found {
		return nil
	}
	return rel
}

// add takes in one response: a completed one counts when it answered
// every item of a scale (1-5, not "don't know").
func (rel *reliability) add(rec survey.ResponseRecord) {
	scales := rel.rounds[rec.Response.RoundID]
	if rec.Response.Status != survey.Complete || len(scales) == 0 {
		return
	}
	if rel.vals == nil {
		rel.vals = make(map[string]survey.Value, len(rec.Answers))
	}
	clear(rel.vals)
	for _, a := range rec.Answers {
		rel.vals[a.ItemID] = a.Value
	}
	vals := rel.vals
	for _, ss := range scales {
		rel.xs = slices.Grow(rel.xs[:0], len(ss.items))[:len(ss.items)]
		xs := rel.xs
		for j, it := range ss.items {
			x := int(analysis.Missing)
			if it == nil {
				xs[j] = x
				continue // not an item of this version: never complete
			}
			if v, ok := vals[it.ID]; ok {
				x = int(analysis.Code(it, v))
			}
			if ss.reversed[j] && x >= 1 && x <= survey.LikertPoints {
				x = survey.LikertPoints + 1 - x
			}
			xs[j] = x
		}
		ss.sums.Add(xs)
	}
}

// text says a scale's alpha per round: "Meting 2024: 0.81 (n = 180);
// Meting 2025: 0.62 (n = 190; low reliability, below 0.70)".
func (rel *reliability) text(scaleID string, rounds []survey.Round) string {
	if rel == nil {
		return ""
	}
	var parts []string
	for _, r := range rounds {
		for _, ss := range rel.rounds[r.ID] {
			if ss.id != scaleID {
				continue
			}
			a, n := ss.sums.Alpha(2)
			switch {
			case n == 0:
				parts = append(parts, r.Name+": none (too few complete cases)")
			case a < analysis.LowAlpha:
				parts = append(parts, fmt.Sprintf("%s: %.2f (n = %d; low reliability, below %.2f)", r.Name, a, n, analysis.LowAlpha))
			default:
				parts = append(parts, fmt.Sprintf("%s: %.2f (n = %d)", r.Name, a, n))
			}
		}
	}
	return strings.Join(parts, "; ")
}

// typeName says what a column holds, in the codebook's words.
func (c *column) typeName() string {
	switch {
	case c.isDay:
		return "date item, date (SPSS DATE11, Stata %td, yyyymmdd in long data); missing answers are system-missing"
	case c.isClock:
		return "time item, time of day (CSV hh:mm, SPSS TIME5 in seconds since midnight, Stata %tcHH:MM in milliseconds since midnight, Excel hh:mm, hhmm in long data); missing answers are system-missing"
	case c.kind == kItem && c.decimals:
		return "decimal item, numeric with decimals"
	}
	switch c.kind {
	case kItem:
		return string(c.item.Type) + " item, numeric"
	case kOption:
		return "multiple choice option, numeric 0/1"
	case kText:
		return fmt.Sprintf("open text, string (%d bytes)", c.width)
	case kScale:
		return "scale score (mean of 1-5, reverse-coded items as 6-x), numeric"
	}
	switch {
	case c.isDate && c.dateOnly:
		return "date"
	case c.isDate:
		return "date and time"
	case c.isString:
		return fmt.Sprintf("string (%d bytes)", c.width)
	}
	return "numeric"
}

func (p *plan) entry(c *column) entry {
	e := entry{Name: c.name, Label: c.label, Type: c.typeName(), Measure: c.measure.String()}
	if c.item != nil {
		e.Original = c.item.OriginalName
	}
	if c.isString {
		e.Measure = "nominal"
	}
	var vals []string
	for _, l := range c.values {
		vals = append(vals, fmt.Sprintf("%d = %s", l.code, l.label))
	}
	if len(vals) == 0 && !c.isString && !c.isDate && !c.isDay && !c.isClock {
		switch c.kind {
		case kItem, kScale:
			vals = append(vals, fmt.Sprintf("%d to %d", c.lo, c.hi))
		}
	}
	e.Values = strings.Join(vals, "; ")
	var miss []string
	for _, k := range c.usedMissing() {
		miss = append(miss, fmt.Sprintf("%d (Stata .%c) = %s", c.codes[k], dtaTag[k], p.missingLabel(k)))
	}
	e.Missing = strings.Join(miss, "; ")
	if c.kind == kText {
		e.Missing = "empty"
	}
	e.Scales = strings.Join(c.inScales, ", ")
	if c.kind == kScale {
		var items []string
		for _, id := range c.scale.Items {
			if c.scale.IsReversed(id) {
				id += " (reversed)"
			}
			items = append(items, id)
		}
		e.Scales = fmt.Sprintf("items %s; needs %d answered", strings.Join(items, ", "), c.scale.MinItems())
		e.Reliability = p.reliability.text(c.scale.ID, p.rounds)
	}
	if c.versions != nil {
		e.Versions = strings.Trim(strings.Join(strings.Fields(fmt.Sprint(c.versions)), ", "), "[]")
	}
	return e
}

// writeCodebook writes the Markdown codebook.
func writeCodebook(out io.Writer, p *plan, sum Summary, opt Options) error {
	w := bufio.NewWriter(out)
	var versions []string
	for _, v := range slices.Sorted(maps.Keys(p.versions)) {
		versions = append(versions, fmt.Sprint(v))
	}
	fmt.Fprintf(w, "# Codebook: %s\n\n", p.title())
	fmt.Fprintf(w, "- Study: %s (%s)\n", p.study.Study.Title, p.study.Study.Code)
	fmt.Fprintf(w, "- Instrument: %s, version(s) %s\n", p.inst.ID, strings.Join(versions, ", "))
	var rounds []string
	for _, r := range p.rounds {
		rounds = append(rounds, fmt.Sprintf("%d = %s", p.roundCode[r.ID], r.Name))
	}
	fmt.Fprintf(w, "- Rounds: %s\n", strings.Join(rounds, "; "))
	layout := "wide: one row per response"
	if p.long {
		layout = "long: one row per answer (per chosen option of a multiple choice item)"
	}
	fmt.Fprintf(w, "- Layout: %s\n", layout)
	fmt.Fprintf(w, "- Responses: %d; rows: %d; variables: %d\n", sum.Responses, sum.Rows, sum.Variables)
	fmt.Fprintf(w, "- Labels: %s\n", map[survey.Lang]string{survey.Dutch: "Dutch", survey.English: "English"}[p.lang])
	for _, note := range privacyNotes(p.pseudo, p.exactTimes) {
		fmt.Fprintf(w, "- %s\n", note)
	}
	if !p.includeText {
		fmt.Fprintf(w, "- Open-text answers are left out.\n")
	}
	fmt.Fprintf(w, "- Exported: %s\n\n", opt.Now().Format("2006-01-02 15:04"))

	fmt.Fprintf(w, "## Missing values\n\n")
	fmt.Fprintf(w, "Every item variable keeps three kinds of missing answer apart. The codes never collide with a valid value of the item: 7, 8, 9 when valid values stay below 7; 97, 98, 99 when they stay below 97; and so on.\n\n")
	fmt.Fprintf(w, "| kind | code | SPSS | Stata | CSV, xlsx |\n|---|---|---|---|---|\n")
	fmt.Fprintf(w, "| %s | 7 / 97 / 997 | user-missing | .b | the code |\n", p.missingLabel(missNotShown))
	fmt.Fprintf(w, "| %s | 8 / 98 / 998 | user-missing | .a | the code |\n", p.missingLabel(missDontKnow))
	fmt.Fprintf(w, "| %s | 9 / 99 / 999 | user-missing | .c | the code |\n", p.missingLabel(missNotAnswered))
	fmt.Fprintf(w, "| item not in this instrument version; no scale score | | system-missing | . | empty |\n\n")
	fmt.Fprintf(w, "In CSV and xlsx the codes are plain numbers: leave them out before computing means. Open text has no codes (empty).\n\n")

	fmt.Fprintf(w, "## Variables\n")
	for i := range p.cols {
		e := p.entry(&p.cols[i])
		fmt.Fprintf(w, "\n### %s\n\n", e.Name)
		fmt.Fprintf(w, "- Label: %s\n", e.Label)
		if e.Original != "" {
			fmt.Fprintf(w, "- Original name: %s (the item's name in the form it was imported from)\n", e.Original)
		}
		fmt.Fprintf(w, "- Type: %s; %s\n", e.Type, e.Measure)
		if e.Values != "" {
			fmt.Fprintf(w, "- Values: %s\n", e.Values)
		}
		if e.Missing != "" {
			fmt.Fprintf(w, "- Missing: %s\n", e.Missing)
		}
		if e.Scales != "" {
			if p.cols[i].kind == kScale {
				fmt.Fprintf(w, "- Scale: %s\n", e.Scales)
			} else {
				fmt.Fprintf(w, "- In scales: %s\n", e.Scales)
			}
		}
		if e.Reliability != "" {
			fmt.Fprintf(w, "- Reliability (Cronbach's α over the completed responses that answered every item): %s\n", e.Reliability)
		}
		if e.Versions != "" {
			fmt.Fprintf(w, "- Instrument versions: %s\n", e.Versions)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing the codebook: %w", err)
	}
	return nil
}

// hasOriginalNames reports whether a variable comes from an item with an
// original name; only then does the xlsx codebook have that column.
func (p *plan) hasOriginalNames() bool {
	for i := range p.cols {
		if it := p.cols[i].item; it != nil && it.OriginalName != "" {
			return true
		}
	}
	return false
}
