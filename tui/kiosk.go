package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peil/survey"
)

// The kiosk is the respondent's side of peil. Its files: kiosk.go (the
// model and its messages), kiosk_flow.go (from welcome to thank you),
// kiosk_input.go (keys, clicks and their help), kiosk_view.go (drawing),
// kiosk_layout.go (clickable layouts), pin_prompt.go (the researcher's way
// out) and kiosk_cmds.go (the store calls).

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
	// holder names this kiosk run in the response leases it holds (see
	// survey.ResponseLeaser): one response is answered in one place.
	holder string

	phase   kioskPhase
	fatal   string // why the kiosk cannot run
	detail  string // an error's text, shown muted under a calm message
	message string // a calm message on the current screen
	busy    bool   // a command runs; Next and Begin presses wait
	focus   int    // highlighted button (or field) on screens with several

	// Per respondent; reset() clears it.
	code       string
	codeInput  textinput.Model
	resp       survey.Response
	sess       *survey.Session
	widget     answerWidget
	fromReview bool
	reviewPos  int
	// edited is the item changed from the review screen, where the
	// review's cursor comes back to.
	edited    string
	thanksGen int
	// after delivers msg after d (tea.Tick; tests replace it).
	after func(d time.Duration, msg tea.Msg) tea.Cmd

	// pin asks for the researcher's PIN over any screen.
	pin pinPrompt
}

func newKiosk(ctx context.Context, cfg Config, st *Styles, roundID, schoolID string) *kiosk {
	k := &kiosk{ctx: ctx, cfg: cfg, st: st, tx: newKioskText(), lang: cfg.Lang, roundID: roundID, schoolID: schoolID, help: help.New(), holder: leaseHolder(cfg)}
	if k.lang == "" {
		k.lang = survey.Dutch
	}
	k.keys = newKioskKeys(k.tx, k.lang)
	k.after = tickAfter
	k.help.Styles.ShortKey = st.Help
	k.help.Styles.ShortDesc = st.Help
	k.help.Styles.ShortSeparator = st.Help
	k.pin = newPINPrompt(guardedCheck(ctx, cfg))
	k.reset()
	return k
}

// Init loads the round, school, instrument and PIN.
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
	k.code = ""
	k.codeInput = calmInput()
	k.codeInput.CharLimit = 12
	k.codeInput.Placeholder = k.tx.CodePlaceholder.Get(k.lang)
	k.resp = survey.Response{}
	k.sess = nil
	k.widget = answerWidget{}
	k.fromReview = false
	k.reviewPos = 0
	k.edited = ""
	k.message, k.detail = "", ""
	k.busy = false
	k.focus = 0
}

// typing reports whether keys go to a text field, so that q and the
// arrow keys are text there.
func (k *kiosk) typing() bool {
	switch {
	case k.pin.open:
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
	two := k.bilingual()
	k.keys.Lang.SetEnabled(two)
	k.keys.English.SetEnabled(two)
	k.keys.Dutch.SetEnabled(two)
	k.codeInput.Placeholder = k.tx.CodePlaceholder.Get(l)
	if k.message != "" && k.phase == phaseQuestion && k.sess != nil {
		// Validation messages follow the language on the next try.
		k.message = ""
	}
}

// bilingual reports whether the kiosk offers the language switch: unless
// the instrument, once loaded, has fewer than two languages.
func (k *kiosk) bilingual() bool {
	return k.inst == nil || len(k.inst.Languages()) >= 2
}

func (k *kiosk) toggleLang() {
	if !k.bilingual() {
		return
	}
	if k.lang == survey.English {
		k.setLang(survey.Dutch)
	} else {
		k.setLang(survey.English)
	}
}

// Update handles a message for the kiosk: the commands' results, keys,
// clicks, and anything else for the focused text field.
func (k *kiosk) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case kioskLoadedMsg:
		return k.loaded(msg)
	case newCodeMsg:
		return k.newCode(msg)
	case responseReadyMsg:
		return k.responseReady(msg)
	case answerSavedMsg:
		return k.answerSaved(msg)
	case submittedMsg:
		return k.submitted(msg)
	case thanksDoneMsg:
		if k.phase == phaseThanks && msg.gen == k.thanksGen {
			k.reset()
			k.phase = phaseWelcome
		}
		return nil
	case tea.PasteMsg:
		return k.toField(k.clipPaste(msg))
	case kioskStoredMsg:
		if msg.err != nil {
			k.message, k.detail = k.tx.LoadFailed.Get(k.lang), msg.err.Error()
		}
		return nil
	case pinCheckedMsg:
		ok, cmd := k.pin.checked(msg, k.after)
		if ok {
			return func() tea.Msg { return kioskExitedMsg{} }
		}
		return cmd
	case pinWaitOverMsg:
		k.pin.waitOver(msg)
		return nil
	case tea.KeyPressMsg:
		return k.keyPress(msg)
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			return k.click(msg.X, msg.Y)
		}
		return nil
	case tea.MouseWheelMsg:
		k.wheel(msg)
		return nil
	}
	return k.toField(msg)
}

// toField gives other messages (cursor blinks, pastes) to the focused text
// field.
func (k *kiosk) toField(msg tea.Msg) tea.Cmd {
	switch {
	case k.pin.open:
		return k.pin.update(msg)
	case k.phase == phaseCode:
		var cmd tea.Cmd
		k.codeInput, cmd = k.codeInput.Update(msg)
		return cmd
	case k.phase == phaseQuestion && k.widget.item != nil:
		return k.widget.update(msg)
	}
	return nil
}

// View renders the kiosk.
func (k *kiosk) View() string { return k.layout().String() }
