package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"peil/backend"
	"peil/survey"
)

// ExportRequest is what the researcher chose on the export screen.
type ExportRequest = backend.ExportRequest

// exportFormats are the formats the export screen offers, in order.
var exportFormats = []string{"sav", "dta", "csv", "xlsx", "codebook"}

// exportExt is the file extension of each format.
func exportExt(format string) string {
	if format == "codebook" {
		return "md"
	}
	return format
}

// exportPhase is where the export screen is.
type exportPhase int

const (
	exportChoosing exportPhase = iota
	exportRunning
	exportDone
)

// exportScreen lets the researcher export a study's responses from the
// TUI, with a progress bar while a large export runs.
type exportScreen struct {
	ctx    context.Context
	cfg    Config
	st     *Styles
	txt    exportText
	study  survey.Study
	rounds []survey.Round
	keys   exportKeys
	w, h   int

	phase exportPhase
	form  *huh.Form
	// hold keeps the keys typed while the form moves to another field.
	hold   keyHold
	req    ExportRequest
	format string
	scope  string // "instrument:<id>" or "round:<id>"
	// suggested is the file name offered at first.
	suggested string
	// scopeLabels names each scope as the form shows it.
	scopeLabels map[string]string
	formKeys    *huh.KeyMap

	bar         progress.Model
	done, total int
	summary     string
	err         error
}

type exportKeys struct {
	Back key.Binding
}

// openExportMsg asks the root model to show the export screen, starting
// from the selected round's instrument.
type openExportMsg struct {
	study    survey.Study
	rounds   []survey.Round
	selected string // a round id ("" for the latest round)
}

// Messages of the export screen. Progress travels through a channel that
// the export's goroutine fills, read one message at a time by a command.
type (
	exportProgressMsg struct {
		done, total int
		ch          <-chan tea.Msg
	}
	exportDoneMsg struct {
		summary string
		err     error
	}
)

// newExportScreen returns the export screen for a study; the responses
// offered first are all rounds of the selected round's instrument (of the
// latest round when selected is "").
func newExportScreen(ctx context.Context, cfg Config, st *Styles, study survey.Study, rounds []survey.Round, selected string) *exportScreen {
	lang := cfg.Lang
	if lang != survey.English {
		lang = survey.Dutch
	}
	t := exportTexts(lang)
	m := &exportScreen{ctx: ctx, cfg: cfg, st: st, txt: t, study: study, rounds: rounds, format: "sav"}
	m.keys.Back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpBack))
	m.bar = progress.New(progress.WithWidth(40), progress.WithoutPercentage())
	if len(rounds) > 0 {
		m.scope = "instrument:" + rounds[len(rounds)-1].InstrumentID
	}
	for _, r := range rounds {
		if r.ID == selected {
			m.scope = "instrument:" + r.InstrumentID
		}
	}
	m.formKeys = m.newFormKeys()
	m.suggested = fmt.Sprintf("%s.%s", study.Code, exportExt(m.format))
	m.req.Out = m.suggested
	m.req.Pseudonymize = true // the safe answer is the default
	m.form = m.newForm()
	m.SetSize(80, 23)
	return m
}

func (m *exportScreen) newForm() *huh.Form {
	t := m.txt
	formats := make([]huh.Option[string], len(exportFormats))
	for i, f := range exportFormats {
		formats[i] = huh.NewOption(t.Formats[f], f)
	}
	var scopes []huh.Option[string]
	var seen []string
	m.scopeLabels = map[string]string{}
	add := func(label, value string) {
		scopes = append(scopes, huh.NewOption(label, value))
		m.scopeLabels[value] = label
	}
	for _, r := range m.rounds {
		if !slices.Contains(seen, r.InstrumentID) {
			seen = append(seen, r.InstrumentID)
			add(fmt.Sprintf(t.AllRounds, m.instrumentName(r.InstrumentID)), "instrument:"+r.InstrumentID)
		}
	}
	for _, r := range m.rounds {
		add(fmt.Sprintf("%s (%s)", r.Name, m.instrumentName(r.InstrumentID)), "round:"+r.ID)
	}
	// Two pages, each of which fits 80x24: what to export, then where to
	// and how. The list of responses scrolls when it is long.
	f := huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title(t.Format).Options(formats...).Value(&m.format),
			huh.NewSelect[string]().Title(t.Scope).Options(scopes...).Value(&m.scope).Height(min(len(scopes), exportScopeRows)+1),
		),
		huh.NewGroup(
			huh.NewInput().Title(t.Out).Description(t.OutHelp).Value(&m.req.Out).Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return fmt.Errorf("%s", t.OutEmpty)
				}
				return nil
			}),
			huh.NewConfirm().Title(t.Pseudonymize).Description(t.PseudonymizeHelp).Value(&m.req.Pseudonymize).
				Affirmative(t.Yes).Negative(t.No),
		),
	).WithTheme(newHuhTheme(m.st)).WithKeyMap(m.formKeys).WithShowHelp(false)
	return f
}

// exportScopeRows is how many choices of responses show at once.
const exportScopeRows = 8

// instrumentName is an instrument's title from the catalogue, or its id.
func (m *exportScreen) instrumentName(id string) string {
	// Without a catalogue (it could not be read) the id names it.
	cat, _ := m.cfg.instruments()
	for _, in := range cat {
		if in.ID == id {
			lang := survey.Dutch
			if m.cfg.Lang == survey.English {
				lang = survey.English
			}
			if title := in.Title.Get(lang); title != "" {
				return title
			}
		}
	}
	return id
}

// newFormKeys is huh's key map with help in the screen's language.
func (m *exportScreen) newFormKeys() *huh.KeyMap {
	t := m.txt
	km := huh.NewDefaultKeyMap()
	help := func(b *key.Binding, desc string) { b.SetHelp(b.Help().Key, desc) }
	for _, b := range []*key.Binding{&km.Input.Next, &km.Select.Next, &km.Confirm.Next} {
		help(b, t.HelpNext)
	}
	for _, b := range []*key.Binding{&km.Input.Prev, &km.Select.Prev, &km.Confirm.Prev} {
		help(b, t.HelpPrev)
	}
	for _, b := range []*key.Binding{&km.Input.Submit, &km.Select.Submit, &km.Confirm.Submit} {
		help(b, t.HelpSubmit)
	}
	help(&km.Select.Up, t.HelpUp)
	help(&km.Select.Down, t.HelpDown)
	help(&km.Select.Filter, t.HelpFilter)
	help(&km.Select.SetFilter, t.HelpFilter)
	help(&km.Select.ClearFilter, t.HelpClearFilter)
	help(&km.Select.Left, t.HelpPrev)
	help(&km.Select.Right, t.HelpNext)
	help(&km.Select.HalfPageUp, t.HelpUp)
	help(&km.Select.HalfPageDown, t.HelpDown)
	help(&km.Select.GotoTop, t.HelpTop)
	help(&km.Select.GotoBottom, t.HelpBottom)
	help(&km.Confirm.Toggle, t.HelpToggle)
	help(&km.Confirm.Accept, t.Yes)
	help(&km.Confirm.Reject, t.No)
	help(&km.Input.AcceptSuggestion, t.HelpComplete)
	return km
}

// Init starts the form.
func (m *exportScreen) Init() tea.Cmd { return m.form.Init() }

// SetSize sets the screen's size.
func (m *exportScreen) SetSize(w, h int) {
	m.w, m.h = max(w, 40), max(h, 8)
	// The form's height: the screen less the title and its blank line.
	m.form = m.form.WithWidth(min(m.w, 78)).WithHeight(m.h - 2)
	m.bar.SetWidth(min(m.w-4, 60))
}

// typing reports whether the form, with its text fields, shows.
func (m *exportScreen) typing() bool { return m.phase == exportChoosing }

// Update handles keys, the form and the export's progress. Keys typed
// while the form moves to another field wait for the move (keyHold).
func (m *exportScreen) Update(msg tea.Msg) tea.Cmd {
	return updateHolding(msg, m.update, &m.hold)
}

func (m *exportScreen) update(msg tea.Msg) tea.Cmd {
	if m.phase == exportChoosing && m.hold.hold(msg) {
		return nil
	}
	switch msg := msg.(type) {
	case exportProgressMsg:
		m.done, m.total = msg.done, msg.total
		return waitExport(msg.ch)
	case exportDoneMsg:
		m.phase, m.summary, m.err = exportDone, msg.summary, msg.err
		return nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.Back) && m.phase != exportRunning {
			return func() tea.Msg { return closeScreenMsg{} }
		}
		if m.phase != exportChoosing {
			return nil
		}
	}
	if m.phase != exportChoosing {
		return nil
	}
	f, cmd := m.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	if m.form.State == huh.StateCompleted {
		return m.start()
	}
	m.hold.moved(msg, cmd, m.form, m.formKeys)
	return cmd
}

// start runs the export in a goroutine and returns the command that waits
// for its first message.
func (m *exportScreen) start() tea.Cmd {
	req := m.req
	req.StudyID = m.study.ID
	req.Format = m.format
	req.Out = strings.TrimSpace(req.Out)
	req.Lang = survey.Dutch
	if m.cfg.Lang == survey.English {
		req.Lang = survey.English
	}
	if kind, id, ok := strings.Cut(m.scope, ":"); ok {
		if kind == "round" {
			req.RoundID = id
			for _, r := range m.rounds {
				if r.ID == id {
					req.InstrumentID = r.InstrumentID
				}
			}
		} else {
			req.InstrumentID = id
		}
	}
	switch {
	case req.Out == m.suggested:
		// The suggested name follows the chosen format.
		req.Out = strings.TrimSuffix(req.Out, filepath.Ext(req.Out)) + "." + exportExt(req.Format)
	case filepath.Ext(req.Out) == "":
		req.Out += "." + exportExt(req.Format)
	}
	m.req = req
	m.phase = exportRunning
	if m.cfg.Backend == nil {
		return func() tea.Msg { return exportDoneMsg{err: fmt.Errorf("%s", m.txt.NotAvailable)} }
	}
	ch := make(chan tea.Msg, 8)
	ctx, export := m.ctx, m.cfg.Backend.ExportFile
	go func() {
		summary, err := export(ctx, req, func(done, total int) {
			select { // progress may be dropped; the result never is
			case ch <- exportProgressMsg{done: done, total: total, ch: ch}:
			default:
			}
		})
		ch <- exportDoneMsg{summary: summary, err: err}
	}()
	return waitExport(ch)
}

func waitExport(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-ch }
}

// ShortHelp returns the keys that matter now.
func (m *exportScreen) ShortHelp() []key.Binding {
	if m.phase == exportChoosing {
		return append(m.form.KeyBinds(), m.keys.Back)
	}
	if m.phase == exportDone {
		return []key.Binding{m.keys.Back}
	}
	return nil
}

// FullHelp returns the same keys.
func (m *exportScreen) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// View renders the screen.
func (m *exportScreen) View() string {
	t, st := m.txt, m.st
	var b strings.Builder
	b.WriteString(st.Title.Render(fmt.Sprintf(t.Title, m.study.Code)))
	b.WriteString("\n\n")
	switch m.phase {
	case exportChoosing:
		b.WriteString(m.form.View())
	case exportRunning:
		b.WriteString(st.Text.Render(fmt.Sprintf(t.Running, m.req.Out)))
		b.WriteString("\n\n")
		pct := 0.0
		if m.total > 0 {
			pct = float64(m.done) / float64(m.total)
		}
		b.WriteString(m.bar.ViewAs(pct))
		b.WriteString("\n")
		b.WriteString(st.Muted.Render(fmt.Sprintf(t.Count, m.done, m.total)))
	case exportDone:
		if m.err != nil {
			b.WriteString(st.Error.Render(t.Failed))
			b.WriteString("\n")
			b.WriteString(st.Text.Render(m.err.Error()))
		} else {
			b.WriteString(st.Success.Render(t.Done))
			b.WriteString("\n")
			b.WriteString(st.Text.Render(fmt.Sprintf(t.DoneWhat, m.scopeLabels[m.scope], m.req.Out)))
			b.WriteString("\n")
			b.WriteString(st.Text.Render(m.summary))
		}
		b.WriteString("\n\n")
		b.WriteString(st.Muted.Render(m.keys.Back.Help().Key + ": " + t.BackToStudy))
	}
	return fitLines(strings.Split(b.String(), "\n"), m.w, m.h)
}

// exportText is the export screen's text in one language (localize makes
// it from exportTable).
type exportText = exportTextOf[string]

// exportTextOf lists the export screen's texts: as Dutch and English pairs
// (exportTable) or in one language (exportText).
type exportTextOf[T any] struct {
	Title, Format, Scope, AllRounds, Out, OutHelp, OutEmpty T
	Pseudonymize, PseudonymizeHelp                          T
	Running, Count, Done, Failed, BackToStudy, NotAvailable T
	HelpBack                                                T
	DoneWhat, Yes, No                                       T
	HelpNext, HelpPrev, HelpSubmit, HelpUp, HelpDown        T
	HelpFilter, HelpClearFilter, HelpTop, HelpBottom        T
	HelpToggle, HelpComplete                                T
	// Formats names each of exportFormats.
	Formats map[string]T
}

func exportTexts(lang survey.Lang) exportText {
	return localize[exportText](exportTable(), lang)
}

// exportTable is every text of the export screen in Dutch and English.
func exportTable() exportTextOf[survey.Text] {
	return exportTextOf[survey.Text]{
		Title:            nlEn("Exporteren · %s", "Export · %s"),
		Format:           nlEn("Formaat", "Format"),
		Scope:            nlEn("Antwoorden", "Responses"),
		AllRounds:        nlEn("alle metingen van %s", "all rounds of %s"),
		Out:              nlEn("Bestand", "File"),
		OutHelp:          nlEn("Waar de export komt te staan.", "Where to write the export."),
		OutEmpty:         nlEn("geef een bestandsnaam", "give a file name"),
		Pseudonymize:     nlEn("Respondentcodes vervangen door pseudoniemen?", "Replace respondent codes by pseudonyms?"),
		PseudonymizeHelp: nlEn("Gelijk in elke export van het onderzoek, zodat metingen koppelen; datums zonder tijd. Nee: de codes zoals verzameld.", "The same in every export of the study, so rounds still link; dates without the time. No: the codes as collected."),
		Running:          nlEn("Bezig met exporteren naar %s …", "Exporting to %s …"),
		Count:            nlEn("%d van %d antwoordsets", "%d of %d responses"),
		Done:             nlEn("De export is klaar.", "Export ready."),
		Failed:           nlEn("De export is mislukt; er is niets geschreven.", "The export failed; nothing was written."),
		BackToStudy:      nlEn("terug naar het onderzoek", "back to the study"),
		NotAvailable:     nlEn("exporteren kan niet in deze versie", "exports are not available in this version"),
		HelpBack:         nlEn("terug", "back"),
		DoneWhat:         nlEn("%s, in %s", "%s, in %s"),
		Yes:              nlEn("Ja", "Yes"),
		No:               nlEn("Nee", "No"),
		HelpNext:         nlEn("volgende", "next"),
		HelpPrev:         nlEn("vorige", "previous"),
		HelpSubmit:       nlEn("exporteren", "export"),
		HelpUp:           nlEn("omhoog", "up"),
		HelpDown:         nlEn("omlaag", "down"),
		HelpFilter:       nlEn("zoeken", "filter"),
		HelpClearFilter:  nlEn("zoeken wissen", "clear filter"),
		HelpTop:          nlEn("bovenaan", "top"),
		HelpBottom:       nlEn("onderaan", "bottom"),
		HelpToggle:       nlEn("ja/nee", "yes/no"),
		HelpComplete:     nlEn("aanvullen", "complete"),
		Formats: map[string]survey.Text{
			"sav":      nlEn("SPSS (.sav)", "SPSS (.sav)"),
			"dta":      nlEn("Stata (.dta)", "Stata (.dta)"),
			"csv":      nlEn("CSV (R, Python, Excel)", "CSV (R, Python, Excel)"),
			"xlsx":     nlEn("Excel (.xlsx)", "Excel (.xlsx)"),
			"codebook": nlEn("Codeboek (Markdown)", "Codebook (Markdown)"),
		},
	}
}
