package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"peil/survey"
)

// kioskPhase is the kiosk screen being shown.
type kioskPhase int

const (
	phaseLoading kioskPhase = iota
	phaseFatal              // the kiosk cannot run (no PIN, load failed)
	phaseWelcome
	phaseResume
	phaseCode
	phaseNewCode
	phaseNotice // a kind message, then back to welcome
	phaseQuestion
	phaseReview
	phaseThanks
)

func (p kioskPhase) String() string {
	return [...]string{"loading", "fatal", "welcome", "resume", "code", "new code", "notice", "question", "review", "thanks"}[p]
}

// kiosk is the respondent's side of peil: welcome, code, questions,
// review, thank you, again and again, until the researcher types the PIN.
type kiosk struct {
	ctx  context.Context
	cfg  Config
	st   *Styles
	tx   *kioskText
	lang survey.Lang
	keys kioskKeys
	help help.Model
	w, h int

	roundID, schoolID string
	round             survey.Round
	school            survey.School
	inst              *survey.Instrument
	pinHash           string

	phase   kioskPhase
	fatal   string // why the kiosk cannot run
	detail  string // an error's text, shown muted under a calm message
	message string // a calm message on the current screen
	busy    bool   // a command runs; Next and Begin presses wait
	focus   int    // highlighted button (or field) on screens with several

	// Per respondent; reset() clears it.
	open       *survey.Response // response offered for resuming
	openAns    []survey.Answer
	code       string
	codeInput  textinput.Model
	resp       survey.Response
	sess       *survey.Session
	widget     answerWidget
	fromReview bool
	reviewPos  int
	thanksGen  int
	// after delivers msg after d (tea.Tick; tests replace it).
	after func(d time.Duration, msg tea.Msg) tea.Cmd
	undo  map[string]survey.Value // session answers before a save that is under way

	pinOpen     bool
	pinInput    textinput.Model
	pinMessage  string
	pinChecking bool
	pinGen      int // counts PIN outcomes (kiosk_pin.go)
}

func newKiosk(ctx context.Context, cfg Config, st *Styles, roundID, schoolID string) *kiosk {
	k := &kiosk{ctx: ctx, cfg: cfg, st: st, tx: newKioskText(), lang: cfg.Lang, roundID: roundID, schoolID: schoolID, help: help.New()}
	if k.lang == "" {
		k.lang = survey.Dutch
	}
	k.keys = newKioskKeys(k.tx, k.lang)
	k.after = tickAfter
	k.help.Styles.ShortKey = st.Help
	k.help.Styles.ShortDesc = st.Help
	k.help.Styles.ShortSeparator = st.Help
	k.pinInput = calmInput()
	k.pinInput.EchoMode = textinput.EchoPassword
	k.pinInput.EchoCharacter = '•'
	k.pinInput.CharLimit = 8
	k.pinInput.Prompt = "> "
	k.reset()
	return k
}

func (k *kiosk) Init() tea.Cmd {
	return loadKioskCmd(k.ctx, k.cfg.Store, k.roundID, k.schoolID)
}

// SetSize records the terminal size.
func (k *kiosk) SetSize(w, h int) {
	k.w, k.h = w, h
	k.help.SetWidth(k.width())
	if k.widget.item != nil && k.widget.item.Type == survey.OpenText {
		k.widget.area.SetWidth(max(20, min(k.width(), 72)))
	}
}

// width is the width available for text.
func (k *kiosk) width() int {
	if k.w <= 0 {
		return 78
	}
	return max(20, k.w-2)
}

// reset forgets everything about the current respondent.
func (k *kiosk) reset() {
	k.open, k.openAns = nil, nil
	k.code = ""
	k.codeInput = calmInput()
	k.codeInput.CharLimit = 12
	k.codeInput.Placeholder = k.tx.CodePlaceholder.Get(k.lang)
	k.resp = survey.Response{}
	k.sess = nil
	k.widget = answerWidget{}
	k.fromReview = false
	k.reviewPos = 0
	k.message, k.detail = "", ""
	k.busy = false
	k.focus = 0
}

// typing reports whether keys go to a text field, so that q and the
// arrow keys are text there.
func (k *kiosk) typing() bool {
	switch {
	case k.pinOpen:
		return true
	case k.phase == phaseCode:
		return k.focus == 0
	case k.phase == phaseQuestion:
		return k.widget.typing()
	}
	return false
}

func (k *kiosk) setLang(l survey.Lang) {
	k.lang = l
	k.keys = newKioskKeys(k.tx, l)
	k.codeInput.Placeholder = k.tx.CodePlaceholder.Get(l)
	if k.message != "" && k.phase == phaseQuestion && k.sess != nil {
		// Validation messages follow the language on the next try.
		k.message = ""
	}
}

func (k *kiosk) toggleLang() {
	if k.lang == survey.English {
		k.setLang(survey.Dutch)
	} else {
		k.setLang(survey.English)
	}
}

// Update handles a message for the kiosk.
func (k *kiosk) Update(msg tea.Msg) (*kiosk, tea.Cmd) {
	switch msg := msg.(type) {
	case kioskLoadedMsg:
		return k, k.loaded(msg)
	case newCodeMsg:
		k.busy = false
		if msg.err != nil {
			k.message, k.detail = k.tx.LoadFailed.Get(k.lang), msg.err.Error()
			return k, nil
		}
		k.code = msg.code
		k.phase = phaseNewCode
		return k, nil
	case responseReadyMsg:
		return k, k.responseReady(msg)
	case answerSavedMsg:
		return k, k.answerSaved(msg)
	case submittedMsg:
		k.busy = false
		if msg.err != nil {
			k.message, k.detail = k.tx.SubmitFailed.Get(k.lang), msg.err.Error()
			return k, nil
		}
		k.reset()
		k.phase = phaseThanks
		k.thanksGen++
		return k, k.after(thanksDelay, thanksDoneMsg{gen: k.thanksGen})
	case thanksDoneMsg:
		if k.phase == phaseThanks && msg.gen == k.thanksGen {
			k.phase = phaseWelcome
		}
		return k, nil
	case kioskStoredMsg:
		if msg.err != nil {
			k.message, k.detail = k.tx.LoadFailed.Get(k.lang), msg.err.Error()
		}
		return k, nil
	case pinCheckedMsg:
		return k, k.pinChecked(msg)
	case pinWaitOverMsg:
		k.pinWaitOver(msg)
		return k, nil
	case tea.KeyPressMsg:
		return k, k.keyPress(msg)
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			return k, k.click(msg.X, msg.Y)
		}
		return k, nil
	case tea.MouseWheelMsg:
		if k.phase == phaseQuestion && !k.widget.typing() {
			switch msg.Button {
			case tea.MouseWheelUp:
				k.widget.cursor = max(0, k.widget.cursor-1)
			case tea.MouseWheelDown:
				k.widget.cursor = min(len(k.widget.choices(k.lang))-1, k.widget.cursor+1)
			}
		}
		return k, nil
	}
	// Cursor blinks, pastes: to the focused text field.
	switch {
	case k.pinOpen:
		var cmd tea.Cmd
		k.pinInput, cmd = k.pinInput.Update(msg)
		return k, cmd
	case k.phase == phaseCode:
		var cmd tea.Cmd
		k.codeInput, cmd = k.codeInput.Update(msg)
		return k, cmd
	case k.phase == phaseQuestion && k.widget.item != nil:
		return k, k.widget.update(msg)
	}
	return k, nil
}

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
	if msg.open != nil {
		k.open, k.openAns = msg.open, msg.answers
		k.phase, k.focus = phaseResume, 0
		return nil
	}
	k.phase = phaseWelcome
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
		k.reviewPos = len(k.reviewItems())
		k.widget = answerWidget{}
		return
	}
	k.phase = phaseQuestion
	it := k.sess.Current()
	v, ok := k.sess.Answer(it.ID)
	k.widget = newAnswerWidget(it, v, ok, k.width())
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

// next tries to confirm the current answer and move on.
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
	v, problem := k.widget.value(k.tx, k.lang)
	if problem != "" {
		k.message = problem
		return nil
	}
	prev, had := k.sess.Answer(it.ID)
	if (it.IsEmpty(v) && !had) || (had && !it.IsEmpty(v) && prev.Equal(v)) {
		return k.advance()
	}
	before := k.sess.Snapshot()
	ch, err := k.sess.Set(it.ID, v)
	if err != nil {
		var ve *survey.ValidationError
		if errors.As(err, &ve) {
			k.message = ve.Msg.Get(k.lang)
		} else {
			k.message, k.detail = k.tx.SaveFailed.Get(k.lang), err.Error()
		}
		return nil
	}
	k.undo = before
	k.busy = true
	return saveAnswerCmd(k.ctx, k.cfg, k.resp.ID, ch)
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
	if e != nil {
		k.showCurrent()
		k.message = e.Msg.Get(k.lang)
		return k.widgetFocus()
	}
	k.showCurrent()
	return k.widgetFocus()
}

func (k *kiosk) answerSaved(msg answerSavedMsg) tea.Cmd {
	k.busy = false
	cur := k.sess.Current()
	if msg.err != nil {
		// The store did not take the answer: put the session back as it
		// was, so that the next press saves again.
		k.restore(cur)
		k.message, k.detail = k.tx.SaveFailed.Get(k.lang), msg.err.Error()
		return nil
	}
	k.undo = nil
	if cur == nil || cur.ID != msg.itemID {
		return nil
	}
	return k.advance()
}

// restore rebuilds the session from the answers held before a failed save,
// keeping the screen (and what the respondent entered) as it is.
func (k *kiosk) restore(cur *survey.Item) {
	if k.undo == nil {
		return
	}
	var answers []survey.Answer
	for _, it := range k.inst.Items() {
		if v, ok := k.undo[it.ID]; ok {
			answers = append(answers, survey.Answer{ItemID: it.ID, Value: v})
		}
	}
	k.sess = survey.NewSession(k.inst, k.resp.Role, answers)
	if cur != nil {
		k.sess.GoTo(cur.ID)
	}
	k.undo = nil
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
	return submitCmd(k.ctx, k.cfg, k.resp.ID)
}

func (k *kiosk) editFromReview(i int) tea.Cmd {
	items := k.reviewItems()
	if i < 0 || i >= len(items) {
		return nil
	}
	if k.sess.GoTo(items[i].ID) {
		k.fromReview = true
		k.message, k.detail = "", ""
		k.showCurrent()
		return k.widgetFocus()
	}
	return nil
}

func (k *kiosk) openPIN() tea.Cmd {
	if k.phase == phaseFatal && k.pinHash == "" {
		// No PIN exists, so the kiosk never really started.
		return func() tea.Msg { return kioskExitedMsg{} }
	}
	k.pinOpen = true
	k.pinMessage = ""
	k.pinInput.SetValue("")
	return k.pinInput.Focus()
}

func (k *kiosk) keyPress(msg tea.KeyPressMsg) tea.Cmd {
	if k.pinOpen {
		switch {
		case key.Matches(msg, k.keys.Close):
			k.pinOpen = false
			k.pinInput.Blur()
			return k.widgetFocus()
		case key.Matches(msg, k.keys.Confirm):
			if k.pinChecking {
				return nil
			}
			k.pinChecking = true
			k.pinMessage = ""
			return checkPINCmd(k.ctx, k.cfg.Store, k.cfg.Now, k.pinHash, k.pinInput.Value())
		case msg.String() == "ctrl+c":
			return nil
		}
		var cmd tea.Cmd
		k.pinInput, cmd = k.pinInput.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.keys.Lang):
		k.toggleLang()
		return nil
	case msg.String() == "ctrl+c" || msg.String() == "esc" || (msg.String() == "q" && !k.typing()):
		return k.openPIN()
	}
	switch k.phase {
	case phaseWelcome:
		switch msg.String() {
		case "enter":
			return k.press(btnBegin)
		case "e":
			k.setLang(survey.English)
		case "n":
			k.setLang(survey.Dutch)
		}
	case phaseNotice, phaseThanks:
		if msg.String() == "enter" {
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

// buttonKeys moves between buttons with arrows and Tab and presses the
// highlighted one with Enter.
func (k *kiosk) buttonKeys(msg tea.KeyPressMsg, bs []kioskButton) tea.Cmd {
	switch msg.String() {
	case "left", "up", "shift+tab":
		k.focus = (k.focus + len(bs) - 1) % len(bs)
	case "right", "down", "tab":
		k.focus = (k.focus + 1) % len(bs)
	case "enter", "space":
		return k.press(bs[k.focus])
	}
	return nil
}

// The code screen's focus order: the field, then its buttons.
var codeFocus = [...]kioskButton{0, btnContinue, btnNewCode, btnCancel}

func (k *kiosk) codeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "tab", "down":
		k.setCodeFocus((k.focus + 1) % len(codeFocus))
		return nil
	case "shift+tab", "up":
		k.setCodeFocus((k.focus + len(codeFocus) - 1) % len(codeFocus))
		return nil
	case "enter":
		if k.focus == 0 {
			return k.press(btnContinue)
		}
		return k.press(codeFocus[k.focus])
	}
	if k.focus != 0 {
		if msg.String() == "left" || msg.String() == "right" {
			d := 1
			if msg.String() == "left" {
				d = len(codeFocus) - 1
			}
			k.setCodeFocus((k.focus + d) % len(codeFocus))
		}
		return nil
	}
	var cmd tea.Cmd
	k.codeInput, cmd = k.codeInput.Update(msg)
	k.message = ""
	return cmd
}

func (k *kiosk) setCodeFocus(f int) {
	k.focus = f
	if f == 0 {
		k.codeInput.Focus()
	} else {
		k.codeInput.Blur()
	}
}

func (k *kiosk) questionKey(msg tea.KeyPressMsg) tea.Cmd {
	typing := k.widget.typing()
	s := msg.String()
	switch {
	case s == "enter" || (s == "right" && !typing):
		return k.next()
	case s == "shift+tab" || s == "pgup" || (s == "left" && !typing):
		return k.back()
	case s == "pgdown" && !typing:
		return k.next()
	case (s == "up" || s == "down") && !typing:
		d := 1
		if s == "up" {
			d = -1
		}
		k.widget.move(d, k.lang)
		return nil
	}
	if k.widget.item == nil {
		return nil
	}
	used, cmd := k.widget.key(msg, k.lang)
	if used && !typing {
		k.message = ""
	}
	return cmd
}

func (k *kiosk) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	n := len(k.reviewItems())
	switch msg.String() {
	case "up":
		k.reviewPos = max(0, k.reviewPos-1)
	case "down", "tab":
		k.reviewPos = min(n, k.reviewPos+1)
	case "left", "shift+tab", "pgup":
		return k.back()
	case "enter":
		if k.reviewPos >= n {
			return k.submit()
		}
		return k.editFromReview(k.reviewPos)
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
			return openResponseCmd(k.ctx, k.cfg, k.round, k.schoolID, k.inst, k.code)
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
		return openResponseCmd(k.ctx, k.cfg, k.round, k.schoolID, k.inst, code)
	case btnNewCode:
		k.busy = true
		k.message = ""
		k.focus = 0
		return newCodeCmd(k.cfg)
	case btnCancel:
		k.reset()
		k.phase = phaseWelcome
	case btnResumeYes:
		if k.open != nil {
			r, a := *k.open, k.openAns
			k.open, k.openAns = nil, nil
			k.startSession(r, a)
			return k.widgetFocus()
		}
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
		if k.pinOpen {
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

// ShortHelp returns the keys shown at the bottom.
func (k *kiosk) ShortHelp() []key.Binding {
	kk := k.keys
	switch {
	case k.pinOpen:
		return []key.Binding{kk.Confirm, kk.Close}
	case k.phase == phaseQuestion:
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
		return []key.Binding{kk.Confirm, kk.Focus, kk.Lang, kk.Stop}
	}
	return []key.Binding{kk.Lang, kk.Stop}
}

// FullHelp returns the same keys in one group.
func (k *kiosk) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// View renders the kiosk.
func (k *kiosk) View() string { return k.layout().String() }

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
	label := tx.LangLabel.Get(lang)
	title = ansi.Truncate(title, max(5, w-len(label)-6), "…")
	gap := max(1, w-ansi.StringWidth(title)-ansi.StringWidth(label)-4)
	header.add(st.Title.Render(title)+strings.Repeat(" ", gap)+st.Muted.Render("[ ")+st.Header.Render(label)+st.Muted.Render(" ]"), 0, 0)
	header.zones = append(header.zones, zone{y0: 0, y1: 0, x0: ansi.StringWidth(title) + gap, x1: ansi.StringWidth(title) + gap + ansi.StringWidth(label) + 3, kind: targetLang})
	header.add(st.Muted.Render(strings.Repeat("─", w)), 0, 0)

	var body, footer layout
	fy0, fy1 := 0, 0
	if k.pinOpen {
		body.blank()
		body.add(st.Title.Render(tx.PINTitle.Get(lang)), 0, 0)
		body.blank()
		body.wrapped(tx.PINBody.Get(lang), w, st.Text)
		body.blank()
		body.add(k.pinInput.View(), targetInput, 0)
		switch {
		case k.pinChecking:
			body.add(st.Muted.Render(tx.PINChecking.Get(lang)), 0, 0)
		case k.pinMessage != "":
			body.add(st.Error.Render(k.pinMessage), 0, 0)
		}
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
			body.wrapped(fmt.Sprintf(tx.WelcomeBody.Get(lang), estimateMinutes(k.inst)), w, st.Text)
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
			footer.buttons(st, buttonSpec{btnDone, "OK", true})
		case phaseThanks:
			body.blank()
			body.add(st.Success.Render(tx.ThanksTitle.Get(lang)), 0, 0)
			body.blank()
			body.wrapped(tx.ThanksBody.Get(lang), w, st.Text)
			footer.buttons(st, buttonSpec{btnDone, "OK", true})
		case phaseQuestion:
			fy0, fy1 = k.questionBody(&body, w)
			footer.buttons(st, buttonSpec{btnBack, tx.Back.Get(lang), false}, buttonSpec{btnNext, tx.Next.Get(lang), true})
		case phaseReview:
			fy0, fy1 = k.reviewBody(&body, w)
			footer.buttons(st, buttonSpec{btnBack, tx.Back.Get(lang), false}, buttonSpec{btnSubmit, tx.Submit.Get(lang), k.reviewPos >= len(k.reviewItems())})
		}
	}
	if k.phase != phaseNotice && k.phase != phaseFatal && !k.pinOpen {
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
	return compose(header, body, footer, k.w, h, fy0, fy1, 1)
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
	body.add(st.Title.Render(k.tx.ReviewTitle.Get(lang)), 0, 0)
	body.wrapped(k.tx.ReviewBody.Get(lang), w, st.Muted)
	body.blank()
	fy0, fy1 := len(body.lines), len(body.lines)
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
		q := ansi.Truncate(it.Text.Get(lang), max(10, w*3/5-2), "…")
		a := ansi.Truncate(ans, max(8, w-ansi.StringWidth(q)-6), "…")
		y := len(body.lines)
		body.add(style.Render(pointer+q)+st.Muted.Render(" — ")+st.Text.Render(a), targetReviewItem, i)
		if i == k.reviewPos {
			fy0, fy1 = y, y
		}
	}
	if k.reviewPos >= len(k.reviewItems()) {
		fy0, fy1 = len(body.lines)-1, len(body.lines)-1
	}
	return fy0, fy1
}

// spaced writes a code with room between its characters, for reading
// aloud and copying: "K 7 M Q - 4 X A".
func spaced(code string) string {
	return strings.Join(strings.Split(code, ""), " ")
}

// estimateMinutes guesses how long the instrument takes: about 15 seconds
// a question, at least two minutes.
func estimateMinutes(in *survey.Instrument) int {
	if in == nil {
		return 5
	}
	n := 0
	for _, it := range in.Items() {
		if it.Type.Answerable() {
			n++
		}
	}
	return max(2, (n+3)/4)
}
