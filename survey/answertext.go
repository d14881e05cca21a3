package survey

import (
	"fmt"
	"strconv"
	"strings"
)

// AnswerText returns an answer to it as a respondent reads it back (the
// review screen of the terminal and the web form): the label of a scale
// point, option or "don't know", the labels of the chosen options joined
// by ", ", a number, a decimal, date or time written the Dutch way in Dutch, or
// the open text as given. It is "" for a value that does not fit the
// item. A front-end shortens or reflows the text as its screen needs.
func AnswerText(it *Item, v Value, lang Lang) string {
	switch it.Type {
	case Likert:
		if v.DontKnow {
			return DontKnowLabel.Get(lang)
		}
		if v.Number >= 1 && v.Number <= LikertPoints {
			return LikertLabels[v.Number-1].Get(lang)
		}
	case SingleChoice:
		if o, ok := it.Option(v.Number); ok {
			return o.Label.Get(lang)
		}
	case MultipleChoice:
		var ls []string
		for _, c := range v.Choices {
			if o, ok := it.Option(c); ok {
				ls = append(ls, o.Label.Get(lang))
			}
		}
		return strings.Join(ls, ", ")
	case Integer, Grade:
		return strconv.Itoa(v.Number)
	case Decimal:
		if lang == Dutch {
			return strings.Replace(v.Text, ".", ",", 1)
		}
		return v.Text
	case Date:
		if d, _, err := ParseDate(v.Text); err == nil && lang == Dutch {
			return d.Format("2-1-2006")
		}
		return v.Text
	case Time:
		if m, _, err := ParseTime(v.Text); err == nil && lang == Dutch {
			return fmt.Sprintf("%d.%02d", m/60, m%60)
		}
		return v.Text
	case OpenText:
		return v.Text
	}
	return ""
}
