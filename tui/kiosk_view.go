package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

// The kiosk's drawing: every screen is a layout, so that what is drawn
// and what a click hits come from the same code.

// layout renders the current screen with its clickable regions.
func (k *kiosk) layout() layout {
	w := k.width()
	lang := k.lang
	tx := k.tx
	st := k.st

	var header layout
	title := "peil"
	if k.inst != nil {
		title = k.inst.Title.Get(lang)
	}
	if k.bilingual() {
		label := tx.LangLabel.Get(lang)
		title = ansi.Truncate(title, max(5, w-len(label)-6), "…")
		gap := max(1, w-ansi.StringWidth(title)-ansi.StringWidth(label)-4)
		header.add(st.Title.Render(title)+strings.Repeat(" ", gap)+st.Muted.Render("[ ")+st.Header.Render(label)+st.Muted.Render(" ]"), 0, 0)
		header.zones = append(header.zones, zone{y0: 0, y1: 0, x0: ansi.StringWidth(title) + gap, x1: ansi.StringWidth(title) + gap + ansi.StringWidth(label) + 3, kind: targetLang})
	} else {
		header.add(st.Title.Render(ansi.Truncate(title, w, "…")), 0, 0)
	}
	header.add(st.Muted.Render(strings.Repeat("─", w)), 0, 0)

	var body, footer layout
	fy0, fy1 := 0, 0
	if k.pin.open {
		k.pin.render(&body, st, tx, lang, w)
	} else {
		switch k.phase {
		case phaseLoading:
			body.blank()
			body.add(st.Muted.Render(tx.Busy.Get(lang)), 0, 0)
		case phaseFatal:
			body.blank()
			body.wrapped(k.fatal, w, st.Warning)
			if k.detail != "" {
				body.blank()
				body.wrapped(k.detail, w, st.Muted)
			}
		case phaseWelcome:
			body.blank()
			body.add(st.Title.Render(tx.Welcome.Get(lang)), 0, 0)
			body.blank()
			if k.inst != nil && !k.inst.Description.Empty() {
				body.wrapped(k.inst.Description.Get(lang), w, st.Text)
				body.blank()
			}
			body.wrapped(fmt.Sprintf(tx.WelcomeBody.Get(lang), survey.EstimatedMinutes(k.inst)), w, st.Text)
			footer.buttons(st, buttonSpec{btnBegin, tx.Begin.Get(lang), true})
		case phaseResume:
			body.blank()
			body.wrapped(tx.ResumeTitle.Get(lang), w, st.Title)
			body.blank()
			body.wrapped(tx.ResumeBody.Get(lang), w, st.Text)
			footer.buttons(st, buttonSpec{btnResumeYes, tx.ResumeYes.Get(lang), k.focus == 0}, buttonSpec{btnResumeNo, tx.ResumeNo.Get(lang), k.focus == 1})
		case phaseCode:
			body.blank()
			body.add(st.Title.Render(tx.CodeTitle.Get(lang)), 0, 0)
			body.blank()
			body.wrapped(tx.CodeBody.Get(lang), w, st.Text)
			body.blank()
			body.add(k.codeInput.View(), targetInput, 0)
			footer.buttons(st,
				buttonSpec{btnContinue, tx.Continue.Get(lang), k.focus <= 1},
				buttonSpec{btnNewCode, tx.NewCode.Get(lang), k.focus == 2},
				buttonSpec{btnCancel, tx.Cancel.Get(lang), k.focus == 3})
		case phaseNewCode:
			body.blank()
			body.add(st.Text.Render(tx.YourCode.Get(lang)), 0, 0)
			body.add(st.Box.Render(st.Title.Render(spaced(k.code))), 0, 0)
			body.wrapped(tx.WriteDown.Get(lang), w, st.Warning)
			footer.buttons(st, buttonSpec{btnBegin, tx.Begin.Get(lang), k.focus == 0}, buttonSpec{btnCancel, tx.Cancel.Get(lang), k.focus == 1})
		case phaseNotice:
			body.blank()
			body.wrapped(k.message, w, st.Success)
			footer.buttons(st, buttonSpec{btnDone, tx.OK.Get(lang), true})
		case phaseThanks:
			body.blank()
			body.add(st.Success.Render(tx.ThanksTitle.Get(lang)), 0, 0)
			body.blank()
			body.wrapped(tx.ThanksBody.Get(lang), w, st.Text)
			if k.code != "" {
				body.blank()
				body.add(st.Text.Render(tx.ThanksCode.Get(lang)), 0, 0)
				body.add(st.Box.Render(st.Title.Render(spaced(k.code))), 0, 0)
				body.wrapped(tx.WriteDown.Get(lang), w, st.Muted)
			}
			footer.buttons(st, buttonSpec{btnDone, tx.OK.Get(lang), true})
		case phaseQuestion:
			fy0, fy1 = k.questionBody(&body, w)
			footer.buttons(st, buttonSpec{btnBack, tx.Back.Get(lang), false}, buttonSpec{btnNext, tx.Next.Get(lang), true})
		case phaseReview:
			// The title and how to change an answer stay on screen; the
			// list scrolls under them.
			header.add(st.Title.Render(tx.ReviewTitle.Get(lang)), 0, 0)
			header.wrapped(tx.ReviewBody.Get(lang), w, st.Muted)
			fy0, fy1 = k.reviewBody(&body, w)
			footer.buttons(st, buttonSpec{btnBack, tx.Back.Get(lang), false}, buttonSpec{btnSubmit, tx.Submit.Get(lang), k.reviewPos >= len(k.reviewItems())})
		}
	}
	if k.phase != phaseNotice && k.phase != phaseFatal && !k.pin.open {
		var msgs layout
		if k.busy && k.phase == phaseQuestion {
			msgs.add(st.Muted.Render(tx.Saving.Get(lang)), 0, 0)
		}
		if k.message != "" {
			msgs.wrapped(k.message, w, st.Error)
		}
		if k.detail != "" {
			msgs.wrapped(k.detail, w, st.Muted)
		}
		if len(msgs.lines) > 0 {
			msgs.append(footer)
			footer = msgs
		}
	}
	footer.add(k.help.ShortHelpView(k.ShortHelp()), 0, 0)
	h := k.h
	if h <= 0 {
		h = 24
	}
	return compose(header, body, footer, k.w, h, fy0, fy1, 1, st.Muted.Render(tx.MoreAbove.Get(lang)), st.Muted.Render(tx.MoreBelow.Get(lang)))
}

func (k *kiosk) questionBody(body *layout, w int) (int, int) {
	st, lang := k.st, k.lang
	it := k.sess.Current()
	done, total := k.sess.Progress()
	sec := k.inst.SectionOf(it.ID)
	secTitle := ""
	if sec != nil {
		secTitle = sec.Title.Get(lang)
	}
	prog := fmt.Sprintf(k.tx.Progress.Get(lang), done+1, total)
	barW := max(10, min(30, w-ansi.StringWidth(prog)-ansi.StringWidth(secTitle)-6))
	filled := 0
	if total > 0 {
		filled = barW * done / total
	}
	bar := st.Title.Render(strings.Repeat("█", filled)) + st.Muted.Render(strings.Repeat("░", barW-filled))
	body.add(ansi.Truncate(st.Subtitle.Render(secTitle), max(0, w-barW-ansi.StringWidth(prog)-4), "…"), 0, 0)
	body.add(bar+"  "+st.Muted.Render(prog), 0, 0)
	if sec != nil && !sec.Intro.Empty() && len(sec.Items) > 0 && sec.Items[0].ID == it.ID {
		body.blank()
		body.wrapped(sec.Intro.Get(lang), w, st.Muted)
	}
	body.blank()
	body.wrapped(it.Text.Get(lang), w, st.Header)
	if !it.Help.Empty() {
		body.wrapped(it.Help.Get(lang), w, st.Muted)
	}
	switch it.Type {
	case survey.MultipleChoice:
		body.wrapped(k.tx.MultiHint.Get(lang), w, st.Muted)
	}
	body.blank()
	return k.widget.render(body, st, k.tx, lang, w)
}

func (k *kiosk) reviewBody(body *layout, w int) (int, int) {
	st, lang := k.st, k.lang
	// On Versturen (the footer's button) the list shows from its top.
	fy0, fy1 := 0, 0
	for i, it := range k.reviewItems() {
		ans := k.tx.NotAnswered.Get(lang)
		if v, ok := k.sess.Value(it.ID); ok {
			ans = shortAnswer(it, v, lang)
		}
		pointer := "  "
		style := st.Option
		if i == k.reviewPos {
			pointer = "› "
			style = st.Selected
		}
		// The answer gets up to a third of the line, the question the rest.
		a := ansi.Truncate(ans, max(8, w/3), "…")
		q := ansi.Truncate(it.Text.Get(lang), max(10, w-ansi.StringWidth(a)-6), "…")
		y := len(body.lines)
		body.add(style.Render(pointer+q)+st.Muted.Render(" — ")+st.Text.Render(a), targetReviewItem, i)
		if i == k.reviewPos {
			fy0, fy1 = y, y
		}
	}
	return fy0, fy1
}

// spaced writes a code with room between its characters, for reading
// aloud and copying: "K 7 M Q - 4 X A".
func spaced(code string) string {
	return strings.Join(strings.Split(code, ""), " ")
}
