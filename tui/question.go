package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

// answerWidget is the answer part of one question screen: the options of a
// Likert, single or multiple choice item, or a text field. It holds the
// answer being given, not yet stored.
type answerWidget struct {
	item *survey.Item
	// options are the options of a choice item the respondent may choose
	// now (survey.Session.Options): all, unless a choice filter leaves
	// some out.
	options []survey.Option
	cursor  int          // highlighted option (-1: none)
	sel     int          // chosen option of a Likert or single choice item (-1: none)
	multi   map[int]bool // chosen options of a multiple choice item
	input   textinput.Model
	area    textarea.Model
}

// choice is one row of an option list.
type choice struct {
	key   string // the number key that chooses it
	label string
}

// newAnswerWidget prepares the widget for it, offering options (those of
// a choice item the respondent may choose now) and showing the stored
// answer v when ok.
func newAnswerWidget(it *survey.Item, options []survey.Option, v survey.Value, ok bool, width int) answerWidget {
	w := answerWidget{item: it, options: options, cursor: -1, sel: -1, multi: map[int]bool{}}
	switch it.Type {
	case survey.Likert:
		if ok {
			if v.DontKnow {
				w.sel = survey.LikertPoints
			} else {
				w.sel = v.Number - 1
			}
		}
	case survey.SingleChoice:
		for i, o := range options {
			if ok && o.Code == v.Number {
				w.sel = i
			}
		}
	case survey.MultipleChoice:
		for i, o := range options {
			if ok && v.Selected(o.Code) {
				w.multi[i] = true
			}
		}
		w.cursor = 0
	case survey.Integer, survey.Grade:
		w.input = calmInput()
		lo, hi, _ := it.Bounds()
		w.input.CharLimit = max(len(strconv.Itoa(lo)), len(strconv.Itoa(hi)))
		w.input.SetWidth(w.input.CharLimit + 1)
		if ok {
			w.input.SetValue(strconv.Itoa(v.Number))
		}
		w.input.Focus()
	case survey.Decimal, survey.Date, survey.Time:
		w.input = calmInput()
		w.input.CharLimit = 20
		w.input.SetWidth(w.input.CharLimit + 1)
		switch it.Type {
		case survey.Date:
			w.input.CharLimit = 10
			w.input.SetWidth(12)
		case survey.Time:
			w.input.CharLimit = 5
			w.input.SetWidth(7)
		}
		if ok {
			w.input.SetValue(v.Text)
		}
		w.input.Focus()
	case survey.OpenText:
		w.area = textarea.New()
		as := w.area.Styles()
		as.Cursor.Blink = false
		w.area.SetStyles(as)
		w.area.ShowLineNumbers = false
		w.area.CharLimit = survey.MaxTextLength
		// Rows, too, are bounded: past the field's cache of wrapped lines
		// (99) every key press rewraps every line, and 500 pasted lines
		// made typing take 50 ms a key.
		w.area.MaxContentHeight = maxTextRows
		w.area.KeyMap.InsertNewline.SetKeys("ctrl+j", "alt+enter")
		w.area.SetWidth(max(20, min(width, 72)))
		w.area.SetHeight(4)
		if ok {
			w.area.SetValue(v.Text)
		}
		w.area.Focus()
	}
	if w.sel >= 0 {
		w.cursor = w.sel
	}
	return w
}

// typing reports whether the widget takes typed text (so letters and the
// arrow keys belong to it).
func (w *answerWidget) typing() bool {
	if w.item == nil {
		return false
	}
	switch w.item.Type {
	case survey.Integer, survey.Grade, survey.Decimal, survey.Date, survey.Time, survey.OpenText:
		return true
	}
	return false
}

// choices returns the option rows of a choice item.
func (w *answerWidget) choices(lang survey.Lang) []choice {
	var cs []choice
	switch w.item.Type {
	case survey.Likert:
		for i, l := range survey.LikertLabels {
			cs = append(cs, choice{key: strconv.Itoa(i + 1), label: l.Get(lang)})
		}
		if w.item.DontKnow {
			cs = append(cs, choice{key: "0", label: survey.DontKnowLabel.Get(lang)})
		}
	case survey.SingleChoice, survey.MultipleChoice:
		for i, o := range w.options {
			k := ""
			if i < 9 {
				k = strconv.Itoa(i + 1)
			}
			cs = append(cs, choice{key: k, label: o.Label.Get(lang)})
		}
	}
	return cs
}

// choose acts on option i as a click or number key does: select it (or
// toggle it, for multiple choice).
func (w *answerWidget) choose(i int) {
	w.cursor = i
	if w.item.Type == survey.MultipleChoice {
		w.multi[i] = !w.multi[i]
		return
	}
	w.sel = i
}

// move moves the highlight up or down; on a Likert or single choice item
// the highlighted option is chosen, like a row of radio buttons.
func (w *answerWidget) move(delta int, lang survey.Lang) {
	n := len(w.choices(lang))
	if n == 0 {
		return
	}
	c := w.cursor + delta
	if w.cursor < 0 {
		c = 0
		if delta < 0 {
			c = n - 1
		}
	}
	c = max(0, min(n-1, c))
	w.cursor = c
	if w.item.Type != survey.MultipleChoice {
		w.sel = c
	}
}

// key handles a key press that is not a navigation key. It reports whether
// the widget used it.
func (w *answerWidget) key(msg tea.KeyPressMsg, lang survey.Lang) (bool, tea.Cmd) {
	switch w.item.Type {
	case survey.Integer, survey.Grade:
		if t := msg.Text; t != "" {
			lo, _, _ := w.item.Bounds()
			if strings.Trim(t, "0123456789") != "" && !(t == "-" && lo < 0) {
				return true, nil // not a digit: ignored, calmly
			}
		}
		var cmd tea.Cmd
		w.input, cmd = w.input.Update(msg)
		return true, cmd
	case survey.Decimal, survey.Date, survey.Time:
		allowed := "0123456789-.,"
		switch w.item.Type {
		case survey.Date:
			allowed = "0123456789-/."
		case survey.Time:
			allowed = "0123456789:."
		}
		if t := msg.Text; t != "" && strings.Trim(t, allowed) != "" {
			return true, nil // ignored, calmly
		}
		var cmd tea.Cmd
		w.input, cmd = w.input.Update(msg)
		return true, cmd
	case survey.OpenText:
		var cmd tea.Cmd
		w.area, cmd = w.area.Update(msg)
		return true, cmd
	case survey.Likert, survey.SingleChoice, survey.MultipleChoice:
		if msg.Text == "space" || msg.String() == "space" {
			if w.item.Type == survey.MultipleChoice && w.cursor >= 0 {
				w.choose(w.cursor)
			}
			return true, nil
		}
		for i, c := range w.choices(lang) {
			if c.key != "" && msg.Text == c.key {
				w.choose(i)
				return true, nil
			}
		}
	}
	return false, nil
}

// update passes other messages (paste, cursor blink) to a text field.
func (w *answerWidget) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch w.item.Type {
	case survey.Integer, survey.Grade, survey.Decimal, survey.Date, survey.Time:
		w.input, cmd = w.input.Update(msg)
	case survey.OpenText:
		w.area, cmd = w.area.Update(msg)
	}
	return cmd
}

// value returns the answer the widget holds. empty means no answer; a
// non-empty problem is a message for the respondent. Typed answers are
// read by survey.ReadTyped, the rule the web form follows too.
func (w *answerWidget) value(lang survey.Lang) (v survey.Value, empty bool, problem string) {
	switch w.item.Type {
	case survey.Likert:
		switch {
		case w.sel < 0:
			return survey.Value{}, true, ""
		case w.sel == survey.LikertPoints:
			return survey.DontKnowValue(), false, ""
		}
		return survey.Num(w.sel + 1), false, ""
	case survey.SingleChoice:
		if w.sel < 0 {
			return survey.Value{}, true, ""
		}
		return survey.Num(w.options[w.sel].Code), false, ""
	case survey.MultipleChoice:
		var codes []int
		for i, o := range w.options {
			if w.multi[i] {
				codes = append(codes, o.Code)
			}
		}
		return survey.ChoicesValue(codes...), len(codes) == 0, ""
	case survey.Integer, survey.Grade, survey.Decimal, survey.Date, survey.Time:
		v, empty, p := survey.ReadTyped(w.item, w.input.Value())
		return v, empty, p.Get(lang)
	case survey.OpenText:
		v, empty, p := survey.ReadTyped(w.item, w.area.Value())
		return v, empty, p.Get(lang)
	}
	return survey.Value{}, true, ""
}

// render draws the widget into l, at the given width. It returns the rows
// (within l) of the highlighted option, so that a scrolled screen keeps it
// in view.
func (w *answerWidget) render(l *layout, st *Styles, tx *kioskText, lang survey.Lang, width int) (focusY0, focusY1 int) {
	focusY0, focusY1 = len(l.lines), len(l.lines)
	switch w.item.Type {
	case survey.Likert, survey.SingleChoice, survey.MultipleChoice:
		for i, c := range w.choices(lang) {
			on := w.sel == i
			mark := "( )"
			if on {
				mark = "(●)"
			}
			if w.item.Type == survey.MultipleChoice {
				on = w.multi[i]
				mark = "[ ]"
				if on {
					mark = "[x]"
				}
			}
			pointer := "  "
			if w.cursor == i {
				pointer = "› "
			}
			k := c.key
			if k != "" {
				k += " "
			} else {
				k = "  "
			}
			prefix := pointer + k + mark + " "
			indent := strings.Repeat(" ", lipgloss.Width(prefix))
			label := ansi.Wrap(c.label, max(10, width-len(indent)), "")
			label = strings.ReplaceAll(label, "\n", "\n"+indent)
			style := st.Option
			if on {
				style = st.Selected
			}
			y := len(l.lines)
			l.add(style.Render(prefix+label), targetOption, i)
			if w.cursor == i {
				focusY0, focusY1 = y, len(l.lines)-1
			}
		}
	case survey.Integer, survey.Grade, survey.Decimal, survey.Date, survey.Time:
		l.add(w.input.View(), targetInput, 0)
		l.add(st.Muted.Render(ansi.Wrap(boundsHint(w.item, lang), max(10, width), "")), 0, 0)
	case survey.OpenText:
		l.add(w.area.View(), targetInput, 0)
		l.add(st.Muted.Render(ansi.Wrap(tx.TextHint.Get(lang), max(10, width), "")), 0, 0)
	}
	return focusY0, focusY1
}

// shortAnswer returns a one-line summary of an answer for the review
// screen: survey.AnswerText, an open text's lines and runs of spaces
// folded into single spaces.
func shortAnswer(it *survey.Item, v survey.Value, lang survey.Lang) string {
	s := survey.AnswerText(it, v, lang)
	if it.Type == survey.OpenText {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// maxTextRows is the number of rows (wrapped lines) an open answer can
// fill: 4000 characters in one paragraph at 72 columns take 56.
const maxTextRows = 90

// boundsHint says what a number, date or time field takes
// (survey.TypedHint).
func boundsHint(it *survey.Item, lang survey.Lang) string {
	return survey.TypedHint(it).Get(lang)
}

// calmInput returns a text input with a steady (non-blinking) cursor: calmer
// for respondents, and the screen only changes when they act.
func calmInput() textinput.Model {
	in := textinput.New()
	in.Prompt = "> "
	in.SetWidth(30)
	s := in.Styles()
	s.Cursor.Blink = false
	in.SetStyles(s)
	return in
}
