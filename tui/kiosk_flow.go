package tui

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// The kiosk's flow: what each command's result and each button does, from
// the welcome screen through the questions to the thank-you screen.

func (k *kiosk) loaded(msg kioskLoadedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		k.phase, k.fatal, k.detail = phaseFatal, k.tx.LoadFailed.Get(k.lang), msg.err.Error()
		return nil
	case msg.pinHash == "":
		k.phase, k.fatal, k.detail = phaseFatal, k.tx.NoPIN.Get(k.lang), errNoPIN.Error()
		return nil
	case !msg.round.Open:
		k.pinHash = msg.pinHash
		k.phase, k.fatal = phaseFatal, k.tx.RoundClosed.Get(k.lang)
		return nil
	}
	k.round, k.school, k.inst, k.pinHash = msg.round, msg.school, msg.inst, msg.pinHash
	if k.inst != nil && !k.bilingual() {
		// An instrument in one language is shown in that language, with no
		// switch.
		k.setLang(k.inst.MainLanguage())
	} else {
		k.setLang(k.lang)
	}
	if msg.open {
		// Someone did not finish here. Only their own code brings their
		// answers back: whoever stands at the kiosk now may be someone
		// else.
		k.phase, k.focus = phaseResume, 0
		return nil
	}
	k.phase = phaseWelcome
	return nil
}

func (k *kiosk) newCode(msg newCodeMsg) tea.Cmd {
	k.busy = false
	if msg.err != nil {
		k.message, k.detail = k.tx.LoadFailed.Get(k.lang), msg.err.Error()
		return nil
	}
	k.code = msg.code
	k.phase = phaseNewCode
	return nil
}

func (k *kiosk) responseReady(msg responseReadyMsg) tea.Cmd {
	k.busy = false
	switch {
	case msg.err != nil:
		k.message, k.detail = k.tx.LoadFailed.Get(k.lang), msg.err.Error()
		return nil
	case msg.done:
		k.reset()
		k.phase = phaseNotice
		k.message = k.tx.AlreadyDone.Get(k.lang)
		return nil
	}
	k.startSession(msg.resp, msg.answers)
	return k.widgetFocus()
}

func (k *kiosk) startSession(r survey.Response, answers []survey.Answer) {
	k.resp = r
	k.sess = survey.NewSession(k.inst, r.Role, answers)
	k.message, k.detail = "", ""
	k.showCurrent()
}

// showCurrent shows the session's position: a question or the review.
func (k *kiosk) showCurrent() {
	if k.sess.AtReview() {
		k.phase = phaseReview
		items := k.reviewItems()
		k.reviewPos = len(items) // Versturen
		for i, it := range items {
			if it.ID == k.edited {
				k.reviewPos = i
			}
		}
		k.edited = ""
		k.widget = answerWidget{}
		return
	}
	k.phase = phaseQuestion
	it := k.sess.Current()
	v, ok := k.sess.Answer(it.ID)
	k.widget = newAnswerWidget(it, k.sess.Options(it), v, ok, k.width())
}

func (k *kiosk) widgetFocus() tea.Cmd {
	switch {
	case k.phase != phaseQuestion || k.widget.item == nil:
		return nil
	case k.widget.item.Type == survey.OpenText:
		return k.widget.area.Focus()
	case k.widget.typing():
		return k.widget.input.Focus()
	}
	return nil
}

// reviewItems are the items listed on the review screen.
func (k *kiosk) reviewItems() []*survey.Item {
	var out []*survey.Item
	for _, it := range k.sess.VisibleItems() {
		if it.Type.Answerable() {
			out = append(out, it)
		}
	}
	return out
}

// next tries to confirm the current answer and move on. A new answer is
// planned (the session does not change yet) and saved; answerSaved
// applies it to the session once the store has it.
func (k *kiosk) next() tea.Cmd {
	if k.busy || k.sess == nil {
		return nil
	}
	it := k.sess.Current()
	if it == nil {
		return nil
	}
	k.message, k.detail = "", ""
	if !it.Type.Answerable() {
		return k.advance()
	}
	v, empty, problem := k.widget.value(k.lang)
	if problem != "" {
		k.message = problem
		return nil
	}
	prev, had := k.sess.Answer(it.ID)
	if (empty && !had) || (had && !empty && prev.Equal(v)) {
		return k.advance()
	}
	var ch survey.Change
	var err error
	if empty {
		// A blank field removes the answer, also where 0 is an answer.
		ch, err = k.sess.PlanClear(it.ID)
	} else {
		ch, err = k.sess.Plan(it.ID, v)
	}
	if err != nil {
		var ve *survey.ValidationError
		if errors.As(err, &ve) {
			k.message = ve.Msg.Get(k.lang)
		} else {
			k.message, k.detail = k.tx.SaveFailed.Get(k.lang), err.Error()
		}
		return nil
	}
	k.busy = true
	return saveAnswerCmd(k.ctx, k.cfg, k.resp.ID, k.holder, ch)
}

// answerSaved applies a stored answer to the session and moves on. When
// the store refused it, the session is as it was (nothing was applied):
// the screen stays, with what the respondent entered, and the next press
// saves again.
func (k *kiosk) answerSaved(msg answerSavedMsg) tea.Cmd {
	k.busy = false
	if msg.lost {
		return k.leaseLost()
	}
	if msg.err == nil {
		msg.err = k.sess.Apply(msg.change)
	}
	if msg.err != nil {
		k.message, k.detail = k.tx.SaveFailed.Get(k.lang), msg.err.Error()
		return nil
	}
	if cur := k.sess.Current(); cur == nil || cur.ID != msg.change.ItemID {
		return nil
	}
	return k.advance()
}

// advance moves past the current item once its answer is stored.
func (k *kiosk) advance() tea.Cmd {
	var e *survey.ValidationError
	if k.fromReview {
		e = k.sess.Review()
		if e == nil {
			k.fromReview = false
		}
	} else {
		e = k.sess.Next()
	}
	k.showCurrent()
	if e != nil {
		k.message = e.Msg.Get(k.lang)
	}
	return k.widgetFocus()
}

// back goes to the previous question. It always works.
func (k *kiosk) back() tea.Cmd {
	if k.busy || k.sess == nil {
		return nil
	}
	if k.sess.Back() {
		k.message, k.detail = "", ""
		k.fromReview = false
		k.showCurrent()
		return k.widgetFocus()
	}
	return nil
}

func (k *kiosk) submit() tea.Cmd {
	if k.busy {
		return nil
	}
	if e := k.sess.Review(); e != nil {
		k.showCurrent()
		k.message = e.Msg.Get(k.lang)
		return k.widgetFocus()
	}
	k.busy = true
	return submitCmd(k.ctx, k.cfg, k.resp.ID, k.holder)
}

// leaseLost ends the session when the response is now answered elsewhere
// (the respondent gave the code on another kiosk): calmly, back to the
// welcome screen, without the answers.
func (k *kiosk) leaseLost() tea.Cmd {
	k.reset()
	k.phase = phaseNotice
	k.message = k.tx.AnsweredElsewhere.Get(k.lang)
	return clearOpenResponseCmd(k.ctx, k.cfg.Store)
}

func (k *kiosk) submitted(msg submittedMsg) tea.Cmd {
	k.busy = false
	if msg.lost {
		return k.leaseLost()
	}
	if msg.err != nil {
		k.message, k.detail = k.tx.SubmitFailed.Get(k.lang), msg.err.Error()
		return nil
	}
	code := k.code
	k.reset()
	k.code = code // the thank-you screen repeats it
	k.phase = phaseThanks
	k.thanksGen++
	return k.after(thanksDelay, thanksDoneMsg{gen: k.thanksGen})
}

func (k *kiosk) editFromReview(i int) tea.Cmd {
	items := k.reviewItems()
	if i < 0 || i >= len(items) {
		return nil
	}
	if k.sess.GoTo(items[i].ID) {
		k.fromReview, k.edited = true, items[i].ID
		k.message, k.detail = "", ""
		k.showCurrent()
		return k.widgetFocus()
	}
	return nil
}

// press acts on a button, whether pressed by key or by click.
func (k *kiosk) press(b kioskButton) tea.Cmd {
	if k.busy {
		return nil
	}
	switch b {
	case btnBegin:
		switch k.phase {
		case phaseWelcome:
			k.phase = phaseCode
			k.message, k.detail = "", ""
			k.setCodeFocus(0)
			return k.codeInput.Focus()
		case phaseNewCode:
			k.busy = true
			return openResponseCmd(k.ctx, k.cfg, k.round, k.schoolID, k.inst, k.code, k.holder)
		}
	case btnContinue:
		code, err := survey.ParseRespondentCode(k.codeInput.Value())
		if err != nil {
			var ve *survey.ValidationError
			if errors.As(err, &ve) {
				k.message = ve.Msg.Get(k.lang)
			} else {
				k.message = err.Error()
			}
			k.setCodeFocus(0)
			return nil
		}
		k.code = code
		k.busy = true
		return openResponseCmd(k.ctx, k.cfg, k.round, k.schoolID, k.inst, code, k.holder)
	case btnNewCode:
		k.busy = true
		k.message = ""
		k.focus = 0
		return newCodeCmd(k.cfg)
	case btnCancel:
		k.reset()
		k.phase = phaseWelcome
	case btnResumeYes:
		// On with the code screen: the code, not this button, finds the
		// respondent's answers.
		k.phase = phaseCode
		k.message, k.detail = "", ""
		k.setCodeFocus(0)
		return k.codeInput.Focus()
	case btnResumeNo:
		k.reset()
		k.phase = phaseWelcome
		return clearOpenResponseCmd(k.ctx, k.cfg.Store)
	case btnBack:
		return k.back()
	case btnNext:
		return k.next()
	case btnSubmit:
		return k.submit()
	case btnDone:
		k.reset()
		k.phase = phaseWelcome
	}
	return nil
}

func (k *kiosk) setCodeFocus(f int) {
	k.focus = f
	if f == 0 {
		k.codeInput.Focus()
	} else {
		k.codeInput.Blur()
	}
}

// openPIN shows the PIN prompt; without a PIN the kiosk never really
// started, and the way out is open.
func (k *kiosk) openPIN() tea.Cmd {
	if k.phase == phaseFatal && k.pinHash == "" {
		return func() tea.Msg { return kioskExitedMsg{} }
	}
	return k.pin.show()
}
