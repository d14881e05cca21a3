package tui

import (
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// The kiosk's input: keys (matched only through the bindings in
// kioskKeys), clicks and the mouse wheel, and the help that lists the keys.

func (k *kiosk) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	kk := k.keys
	if k.pin.open {
		cmd, closed := k.pin.key(msg, kk.PIN, k.pinHash)
		if closed {
			return k.widgetFocus()
		}
		return cmd
	}
	switch {
	case key.Matches(msg, kk.Lang):
		k.toggleLang()
		return nil
	case key.Matches(msg, k.stop()):
		return k.openPIN()
	}
	switch k.phase {
	case phaseWelcome:
		switch {
		case key.Matches(msg, kk.Begin):
			return k.press(btnBegin)
		case key.Matches(msg, kk.English):
			k.setLang(survey.English)
		case key.Matches(msg, kk.Dutch):
			k.setLang(survey.Dutch)
		}
	case phaseNotice, phaseThanks:
		if key.Matches(msg, kk.Confirm) {
			return k.press(btnDone)
		}
	case phaseResume:
		return k.buttonKeys(msg, []kioskButton{btnResumeYes, btnResumeNo})
	case phaseNewCode:
		return k.buttonKeys(msg, []kioskButton{btnBegin, btnCancel})
	case phaseCode:
		return k.codeKey(msg)
	case phaseQuestion:
		return k.questionKey(msg)
	case phaseReview:
		return k.reviewKey(msg)
	}
	return nil
}

// stop is the binding that opens the PIN prompt: without q while a text
// field has the focus (q is text there).
func (k *kiosk) stop() key.Binding {
	if k.typing() {
		return k.keys.StopTyping
	}
	return k.keys.Stop
}

// buttonKeys moves between buttons with arrows and Tab and presses the
// highlighted one with Enter.
func (k *kiosk) buttonKeys(msg tea.KeyPressMsg, bs []kioskButton) tea.Cmd {
	switch {
	case key.Matches(msg, k.keys.PrevButton):
		k.focus = (k.focus + len(bs) - 1) % len(bs)
	case key.Matches(msg, k.keys.NextButton):
		k.focus = (k.focus + 1) % len(bs)
	case key.Matches(msg, k.keys.Press):
		return k.press(bs[k.focus])
	}
	return nil
}

// The code screen's focus order: the field, then its buttons.
var codeFocus = [...]kioskButton{0, btnContinue, btnNewCode, btnCancel}

func (k *kiosk) codeKey(msg tea.KeyPressMsg) tea.Cmd {
	kk, n := k.keys, len(codeFocus)
	if k.focus != 0 {
		// A button has the focus.
		switch {
		case key.Matches(msg, kk.NextButton):
			k.setCodeFocus((k.focus + 1) % n)
		case key.Matches(msg, kk.PrevButton):
			k.setCodeFocus((k.focus + n - 1) % n)
		case key.Matches(msg, kk.Confirm):
			return k.press(codeFocus[k.focus])
		}
		return nil
	}
	switch {
	case key.Matches(msg, kk.Focus):
		// Enter in the field already means Verder (highlighted with the
		// field): the first Tab goes on to the next thing it can do.
		k.setCodeFocus(2)
		return nil
	case key.Matches(msg, kk.FocusBack):
		k.setCodeFocus(n - 1)
		return nil
	case key.Matches(msg, kk.Confirm):
		return k.press(btnContinue)
	}
	var cmd tea.Cmd
	k.codeInput, cmd = k.codeInput.Update(msg)
	k.message = ""
	return cmd
}

func (k *kiosk) questionKey(msg tea.KeyPressMsg) tea.Cmd {
	kk := k.keys
	if k.widget.typing() {
		switch {
		case key.Matches(msg, kk.NextTyping):
			return k.next()
		case key.Matches(msg, kk.BackTyping):
			return k.back()
		}
		_, cmd := k.widget.key(msg, k.lang)
		return cmd
	}
	switch {
	case key.Matches(msg, kk.Next):
		return k.next()
	case key.Matches(msg, kk.Back):
		return k.back()
	case key.Matches(msg, kk.Up):
		k.widget.move(-1, k.lang)
		return nil
	case key.Matches(msg, kk.Down):
		k.widget.move(1, k.lang)
		return nil
	case k.widget.item == nil:
		return nil
	case key.Matches(msg, kk.Choose), k.multiple() && key.Matches(msg, kk.Toggle):
		if used, cmd := k.widget.key(msg, k.lang); used {
			k.message = ""
			return cmd
		}
	}
	return nil
}

// multiple reports whether the question on screen is multiple choice,
// where space turns the highlighted option on or off.
func (k *kiosk) multiple() bool {
	return k.widget.item != nil && k.widget.item.Type == survey.MultipleChoice
}

func (k *kiosk) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	kk, n := k.keys, len(k.reviewItems())
	switch {
	// ↑ and ↓ go round: from Versturen (position n), where the screen
	// starts, ↓ goes to the first question, as a respondent who reads
	// "pick a question with ↑/↓" from the top expects.
	case key.Matches(msg, kk.ReviewUp):
		k.reviewPos = (k.reviewPos + n) % (n + 1)
	case key.Matches(msg, kk.ReviewDown):
		k.reviewPos = (k.reviewPos + 1) % (n + 1)
	case key.Matches(msg, kk.ReviewHome):
		k.reviewPos = 0
	case key.Matches(msg, kk.ReviewEnd):
		k.reviewPos = n
	case key.Matches(msg, kk.Back):
		return k.back()
	case key.Matches(msg, kk.Change):
		if k.reviewPos >= n {
			return k.submit()
		}
		return k.editFromReview(k.reviewPos)
	}
	return nil
}

func (k *kiosk) click(x, y int) tea.Cmd {
	l := k.layout()
	z, ok := l.hit(x, y)
	if !ok {
		return nil
	}
	switch z.kind {
	case targetLang:
		k.toggleLang()
	case targetButton:
		if k.pin.open {
			return nil
		}
		return k.press(kioskButton(z.index))
	case targetOption:
		if k.phase == phaseQuestion && !k.busy {
			k.widget.choose(z.index)
			k.message = ""
		}
	case targetReviewItem:
		if k.phase == phaseReview {
			k.reviewPos = z.index
			return k.editFromReview(z.index)
		}
	case targetInput:
		if k.phase == phaseCode {
			k.setCodeFocus(0)
		}
	}
	return nil
}

// wheel moves the highlight of a choice question, or of the review list.
func (k *kiosk) wheel(msg tea.MouseWheelMsg) {
	if k.phase == phaseReview && !k.pin.open {
		switch msg.Button {
		case tea.MouseWheelUp:
			k.reviewPos = max(0, k.reviewPos-1)
		case tea.MouseWheelDown:
			k.reviewPos = min(len(k.reviewItems()), k.reviewPos+1)
		}
		return
	}
	if k.phase != phaseQuestion || k.widget.item == nil || k.widget.typing() {
		return
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		k.widget.cursor = max(0, k.widget.cursor-1)
	case tea.MouseWheelDown:
		k.widget.cursor = min(len(k.widget.choices(k.lang))-1, k.widget.cursor+1)
	}
}

// ShortHelp returns the keys shown at the bottom.
func (k *kiosk) ShortHelp() []key.Binding {
	kk := k.keys
	switch {
	case k.pin.open:
		return []key.Binding{kk.PIN.Confirm, kk.PIN.Close}
	case k.phase == phaseQuestion:
		if k.widget.typing() {
			return []key.Binding{kk.NextTyping, kk.BackTyping, kk.Lang}
		}
		bs := []key.Binding{kk.Next, kk.Back}
		if k.widget.item != nil {
			switch k.widget.item.Type {
			case survey.Likert, survey.SingleChoice:
				bs = append(bs, kk.Up)
			case survey.MultipleChoice:
				bs = append(bs, kk.Up, kk.Toggle)
			}
		}
		return append(bs, kk.Lang)
	case k.phase == phaseCode:
		return []key.Binding{kk.Confirm, kk.Focus, kk.Lang, k.stop()}
	case k.phase == phaseReview:
		enter := kk.Change
		if k.reviewPos >= len(k.reviewItems()) {
			enter = kk.Send
		}
		return []key.Binding{kk.ReviewUp, enter, kk.Back, kk.Lang}
	}
	return []key.Binding{kk.Lang, kk.Stop}
}

// FullHelp returns every key the screen on show handles: the keys shown
// at the bottom and the ones that are there to be found.
func (k *kiosk) FullHelp() [][]key.Binding {
	kk := k.keys
	all := []key.Binding{kk.Lang, k.stop()}
	switch {
	case k.pin.open:
		return [][]key.Binding{{kk.PIN.Confirm, kk.PIN.Close}}
	case k.phase == phaseWelcome:
		all = append(all, kk.Begin, kk.English, kk.Dutch)
	case k.phase == phaseNotice, k.phase == phaseThanks:
		all = append(all, kk.Confirm)
	case k.phase == phaseResume, k.phase == phaseNewCode:
		all = append(all, kk.PrevButton, kk.NextButton, kk.Press)
	case k.phase == phaseCode && k.focus == 0:
		all = append(all, kk.Focus, kk.FocusBack, kk.Confirm)
	case k.phase == phaseCode:
		all = append(all, kk.PrevButton, kk.NextButton, kk.Confirm)
	case k.phase == phaseQuestion && k.widget.typing():
		all = append(all, kk.NextTyping, kk.BackTyping)
	case k.phase == phaseQuestion:
		all = append(all, kk.Next, kk.Back, kk.Up, kk.Down, kk.Choose)
		if k.multiple() {
			all = append(all, kk.Toggle)
		}
	case k.phase == phaseReview:
		all = append(all, kk.ReviewUp, kk.ReviewDown, kk.ReviewHome, kk.ReviewEnd, kk.Back, kk.Change, kk.Send)
	}
	return [][]key.Binding{k.ShortHelp(), all}
}

// clipPaste cuts pasted text to what the focused field still takes before
// any field sees it, so that a 100 KB paste into a 12-character field
// costs what 12 characters cost (the fields themselves turn all of it
// into runes first). Without a text field in focus, nothing is pasted.
func (k *kiosk) clipPaste(msg tea.PasteMsg) tea.PasteMsg {
	room := 0
	switch {
	case k.pin.open:
		room = k.pin.input.CharLimit - utf8.RuneCountInString(k.pin.input.Value())
	case k.phase == phaseCode:
		room = k.codeInput.CharLimit - utf8.RuneCountInString(k.codeInput.Value())
	case k.phase == phaseQuestion && k.widget.typing():
		w := &k.widget
		if w.item.Type == survey.OpenText {
			room = w.area.CharLimit - w.area.Length()
			msg.Content = firstLines(msg.Content, w.area.MaxContentHeight-w.area.LineCount())
		} else {
			room = w.input.CharLimit - utf8.RuneCountInString(w.input.Value())
		}
	}
	return tea.PasteMsg{Content: firstRunes(msg.Content, room)}
}

// firstLines returns the first n lines of s (without the newline that
// ends the last of them).
func firstLines(s string, n int) string {
	for i := range len(s) {
		if s[i] == '\n' {
			if n--; n <= 0 {
				return s[:i]
			}
		}
	}
	return s
}

// firstRunes returns the first n runes of s, reading no further.
func firstRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
