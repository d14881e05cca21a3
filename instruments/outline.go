package instruments

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"peil/survey"
)

// WriteOutline prints an instrument as a readable outline: sections, items
// with their type and conditions, options, scales.
func WriteOutline(out io.Writer, in *survey.Instrument, lang survey.Lang) error {
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, "%s — %s (version %d)\n", in.ID, in.Title.Get(lang), in.Version)
	if d := in.Description.Get(lang); d != "" {
		fmt.Fprintf(w, "%s\n", d)
	}
	if len(in.Audience) > 0 {
		fmt.Fprintf(w, "For: %s\n", strings.Join(in.Audience, ", "))
	}
	n := 0
	for _, sec := range in.Sections {
		fmt.Fprintf(w, "\n## %s\n", sec.Title.Get(lang))
		for _, it := range sec.Items {
			n++
			var tags []string
			tags = append(tags, string(it.Type))
			if it.Required {
				tags = append(tags, "required")
			}
			if it.DontKnow {
				tags = append(tags, "don't know")
			}
			if it.Type == survey.Integer || it.Type == survey.Decimal {
				tags = append(tags, bounds(it))
			}
			if it.SetsRole {
				tags = append(tags, "sets role")
			}
			if it.OriginalName != "" {
				tags = append(tags, "original name "+it.OriginalName)
			}
			fmt.Fprintf(w, "%3d. %s [%s]\n     %s\n", n, it.ID, strings.Join(tags, ", "), it.Text.Get(lang))
			if it.ShowIf != nil {
				fmt.Fprintf(w, "     shown if: %s\n", it.ShowIf)
			}
			if it.ChoiceFilter != nil {
				fmt.Fprintf(w, "     options if: %s\n", it.ChoiceFilter)
			}
			for _, o := range it.Options {
				fmt.Fprintf(w, "       %d = %s (%s)%s\n", o.Code, o.Label.Get(lang), o.Value, attrsText(o.Attrs))
			}
		}
	}
	if len(in.Scales) > 0 {
		fmt.Fprintf(w, "\n## Scales\n")
		for _, s := range in.Scales {
			var items []string
			for _, id := range s.Items {
				if s.IsReversed(id) {
					id += " (reversed)"
				}
				items = append(items, id)
			}
			fmt.Fprintf(w, "  %s — %s: %s\n", s.ID, s.Name.Get(lang), strings.Join(items, ", "))
		}
	}
	return w.Flush()
}

// bounds says an integer or decimal item's bounds: "0-40", "from 0", "at
// most 40", or "any number".
func bounds(it survey.Item) string {
	lo, hi := "", ""
	switch it.Type {
	case survey.Integer:
		if !it.NoMin {
			lo = fmt.Sprint(it.Min)
		}
		if !it.NoMax {
			hi = fmt.Sprint(it.Max)
		}
	case survey.Decimal:
		if it.DecimalMin != nil {
			lo = survey.CanonicalDecimal(*it.DecimalMin)
		}
		if it.DecimalMax != nil {
			hi = survey.CanonicalDecimal(*it.DecimalMax)
		}
	}
	switch {
	case lo != "" && hi != "":
		return lo + "-" + hi
	case lo != "":
		return "from " + lo
	case hi != "":
		return "at most " + hi
	}
	return "any number"
}

// attrsText shows an option's attrs in the outline: " [prov=nh]".
func attrsText(attrs map[string]string) string {
	if len(attrs) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		parts = append(parts, k+"="+attrs[k])
	}
	return " [" + strings.Join(parts, ", ") + "]"
}
