package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"peil/pin"
	"peil/survey"
)

// formKind says which form the research page shows.
type formKind int

const (
	formNone formKind = iota
	formStudy
	formWorkplace
	formSchool
	formRound
	formKiosk
	formPIN
)

// maxCodeLen bounds the codes researchers type for studies, workplaces
// and schools; longer ones do not fit the tables.
const maxCodeLen = 20

// researchDraft holds the values the forms edit. It outlives a form, so
// that a form the store refused (a duplicate code) comes back filled in.
type researchDraft struct {
	Code, Name, K string
	WorkplaceID   string
	Instrument    int // index in Config.Catalogue
	RoundID       string
	SchoolID      string
	PIN, PINAgain string
}

// newHuhTheme builds a form's theme from the page's styles, for a dark and
// a light background. It runs when a form opens (never in View), so a form
// follows the styles the root model chose for the terminal's background.
func newHuhTheme(st *Styles) huh.Theme {
	build := func(dark bool) *huh.Styles {
		t := huh.ThemeBase(dark)
		t.Focused.Base = t.Focused.Base.BorderForeground(st.Accent)
		t.Focused.Card = t.Focused.Base
		t.Focused.Title = st.Header
		t.Focused.NoteTitle = st.Header
		t.Focused.Description = st.Muted
		t.Focused.ErrorIndicator = st.Error.SetString(" *")
		t.Focused.ErrorMessage = st.Error.SetString("! ")
		t.Focused.SelectSelector = st.Selected.SetString("› ")
		t.Focused.Option = st.Option
		t.Focused.SelectedOption = st.Selected
		t.Focused.TextInput.Prompt = st.Selected
		t.Focused.TextInput.Cursor = st.Selected
		t.Focused.TextInput.Placeholder = st.Muted
		t.Blurred = t.Focused
		t.Blurred.Base = t.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
		t.Blurred.Card = t.Blurred.Base
		t.Blurred.Title = st.Text
		t.Blurred.SelectSelector = st.Text.SetString("  ")
		t.Blurred.NextIndicator = st.Text
		t.Blurred.PrevIndicator = st.Text
		return t
	}
	dark, light := build(true), build(false)
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		if isDark {
			return dark
		}
		return light
	})
}

// openForm builds and shows the form of the given kind. It does not clear
// the draft: callers reset it for a fresh form.
func (m *research) openForm(kind formKind) tea.Cmd {
	t := m.txt
	d := &m.draft
	var title string
	var fields []huh.Field
	switch kind {
	case formStudy:
		title = t.NewStudyTitle
		fields = []huh.Field{
			huh.NewInput().Title(t.StudyCodeLabel).Description(t.StudyCodeHelp).
				Value(&d.Code).Validate(m.validCode).CharLimit(maxCodeLen * 2),
			huh.NewInput().Title(t.StudyTitleLabel).Value(&d.Name).Validate(m.validName),
			huh.NewInput().Title(t.MinGroupSizeLabel).Description(t.MinGroupSizeHelp).
				Value(&d.K).Validate(m.validK).CharLimit(4),
		}
	case formWorkplace:
		title = t.NewWorkplaceTitle
		fields = []huh.Field{
			huh.NewInput().Title(t.StudyCodeLabel).Description(t.WorkplaceCodeHelp).
				Value(&d.Code).Validate(m.validCode).CharLimit(maxCodeLen * 2),
			huh.NewInput().Title(t.NameLabel).Value(&d.Name).Validate(m.validName),
		}
	case formSchool:
		title = t.NewSchoolTitle
		opts := make([]huh.Option[string], 0, len(m.data.Workplaces))
		for _, w := range m.data.Workplaces {
			opts = append(opts, huh.NewOption(w.Code+"  "+w.Name, w.ID))
		}
		fields = []huh.Field{
			huh.NewSelect[string]().Title(t.WorkplaceLabel).Options(opts...).Value(&d.WorkplaceID),
			huh.NewInput().Title(t.StudyCodeLabel).Description(t.SchoolCodeHelp).
				Value(&d.Code).Validate(m.validCode).CharLimit(maxCodeLen * 2),
			huh.NewInput().Title(t.NameLabel).Value(&d.Name).Validate(m.validName),
		}
	case formRound:
		title = t.NewRoundTitle
		// The key that opens this form checked the catalogue.
		cat, _ := m.cfg.instruments()
		opts := make([]huh.Option[int], 0, len(cat))
		for i, in := range cat {
			opts = append(opts, huh.NewOption(m.instrumentLabel(in), i))
		}
		fields = []huh.Field{
			huh.NewInput().Title(t.RoundNameLabel).Description(t.RoundNameHelp).
				Value(&d.Name).Validate(m.validName),
			huh.NewSelect[int]().Title(t.InstrumentLabel).Options(opts...).Value(&d.Instrument),
		}
	case formKiosk:
		title = t.StartKioskTitle
		var rounds []huh.Option[string]
		for _, r := range m.data.Rounds {
			if r.Open {
				rounds = append(rounds, huh.NewOption(r.Name+"  "+m.instrumentName(r), r.ID))
			}
		}
		schools := make([]huh.Option[string], 0, len(m.data.Schools))
		for _, s := range m.data.Schools {
			schools = append(schools, huh.NewOption(s.Code+"  "+s.Name, s.ID))
		}
		fields = []huh.Field{
			huh.NewSelect[string]().Title(t.RoundLabel).Options(rounds...).Value(&d.RoundID),
			huh.NewSelect[string]().Title(t.SchoolLabel).Options(schools...).Value(&d.SchoolID),
		}
	case formPIN:
		title = t.NewPINTitle
		fields = []huh.Field{
			huh.NewInput().Title(t.PINLabel).Description(t.NewPINHelp).
				EchoMode(huh.EchoModePassword).Value(&d.PIN).Validate(m.validPIN).CharLimit(pin.MaxLength),
			huh.NewInput().Title(t.PINAgainLabel).
				EchoMode(huh.EchoModePassword).Value(&d.PINAgain).Validate(m.validPINAgain).CharLimit(pin.MaxLength),
		}
	default:
		return nil
	}
	m.formKind, m.formTitle = kind, title
	m.form = huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(newHuhTheme(m.st)).
		WithKeyMap(m.formKeys()).
		WithShowHelp(false).
		WithWidth(m.formWidth())
	return m.form.Init()
}

// formKeys is huh's key map with help in the page's language.
func (m *research) formKeys() *huh.KeyMap {
	t := m.txt
	km := huh.NewDefaultKeyMap()
	help := func(b *key.Binding, desc string) { b.SetHelp(b.Help().Key, desc) }
	help(&km.Input.Next, t.HelpNextField)
	help(&km.Input.Prev, t.HelpPreviousField)
	help(&km.Input.Submit, t.HelpSubmit)
	help(&km.Select.Next, t.HelpNextField)
	help(&km.Select.Prev, t.HelpPreviousField)
	help(&km.Select.Submit, t.HelpSubmit)
	help(&km.Select.Up, t.HelpUp)
	help(&km.Select.Down, t.HelpDown)
	help(&km.Select.Filter, t.HelpFilter)
	return km
}

// submitForm acts on a completed form: it saves what the form made.
func (m *research) submitForm(kind formKind) tea.Cmd {
	d := m.draft
	switch kind {
	case formStudy:
		k, _ := strconv.Atoi(strings.TrimSpace(d.K))
		return m.createStudy(survey.Study{
			Code: strings.TrimSpace(d.Code), Title: strings.TrimSpace(d.Name), MinGroupSize: k,
		})
	case formWorkplace:
		return m.createWorkplace(survey.Workplace{
			StudyID: m.data.Study.ID, Code: strings.TrimSpace(d.Code), Name: strings.TrimSpace(d.Name),
		})
	case formSchool:
		return m.createSchool(survey.School{
			WorkplaceID: d.WorkplaceID, Code: strings.TrimSpace(d.Code), Name: strings.TrimSpace(d.Name),
		})
	case formRound:
		cat, _ := m.cfg.instruments()
		if d.Instrument < 0 || d.Instrument >= len(cat) {
			m.setErr(errors.New(m.txt.ErrNoCatalogue))
			return nil
		}
		return m.createRound(cat[d.Instrument], survey.Round{
			StudyID: m.data.Study.ID, Name: strings.TrimSpace(d.Name),
		})
	case formKiosk:
		if !m.chooseKiosk() {
			// The round or school went away while the form was open.
			return m.loadStudy(m.data.Study.ID)
		}
		return m.checkPIN()
	case formPIN:
		m.status = m.txt.HashingPIN
		return m.savePIN(d.PIN)
	}
	return nil
}

func (m *research) validCode(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return errors.New(m.txt.ErrRequired)
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return errors.New(m.txt.ErrNoSpaces)
	case len([]rune(s)) > maxCodeLen:
		return fmt.Errorf(m.txt.ErrTooLong, maxCodeLen)
	}
	return nil
}

func (m *research) validName(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New(m.txt.ErrRequired)
	}
	return nil
}

// minGroupK is the smallest minimum group size a study may have.
const minGroupK = 3

func (m *research) validK(s string) error {
	k, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return errors.New(m.txt.ErrWholeNumber)
	}
	if k < minGroupK {
		return fmt.Errorf(m.txt.ErrMinGroupSize, minGroupK)
	}
	return nil
}

func (m *research) validPIN(s string) error {
	if err := pin.Valid(s); errors.Is(err, pin.ErrWeak) {
		return errors.New(m.txt.ErrPINWeak)
	} else if err != nil {
		return fmt.Errorf(m.txt.ErrPINDigits, pin.MinLength, pin.MaxLength)
	}
	return nil
}

func (m *research) validPINAgain(s string) error {
	if s != m.draft.PIN {
		return errors.New(m.txt.ErrPINMismatch)
	}
	return nil
}

// instrumentLabel names a catalogue instrument with its version.
func (m *research) instrumentLabel(in *survey.Instrument) string {
	title := in.Title.Get(m.lang)
	if title == "" {
		title = in.ID
	}
	return title + " (" + fmt.Sprintf(m.txt.VersionFmt, in.Version) + ")"
}

// instrumentName names a round's instrument from the catalogue, or by its
// key when the catalogue lacks it.
func (m *research) instrumentName(r survey.Round) string {
	// Without a catalogue (it could not be read) the key names it.
	cat, _ := m.cfg.instruments()
	for _, in := range cat {
		if in.ID == r.InstrumentID && in.Version == r.InstrumentVersion {
			return m.instrumentLabel(in)
		}
	}
	return fmt.Sprintf(m.txt.UnknownInstr, fmt.Sprintf("%s@%d", r.InstrumentID, r.InstrumentVersion))
}
