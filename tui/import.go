package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"peil/backend"
	"peil/survey"
)

// The import screen's results, as the backend gives them.
type (
	ImportSummary = backend.ImportSummary
	ImportFile    = backend.ImportFile
	ImportSchool  = backend.ImportSchool
)

// importStage is where the import screen is.
type importStage int

const (
	importAsk importStage = iota
	importRunning
	importDone
)

// importScreen asks for package files and a key file, runs the import in a
// command with a progress bar, and shows the summary. Its keys show in the
// root model's help line (the research page passes its help on).
type importScreen struct {
	ctx      context.Context
	cfg      Config
	st       *Styles
	stage    importStage
	files    textinput.Model
	identity textinput.Model
	focus    int // 0 files, 1 identity
	bar      progress.Model
	done     int
	total    int
	updates  chan tea.Msg
	summary  ImportSummary
	err      error
	width    int
	txt      importText
	keys     importKeys
}

// importText is the import screen's text in one language (localize makes
// it from importTable).
type importText = importTextOf[string]

// importTextOf lists the import screen's texts: as Dutch and English pairs
// (importTable) or in one language (importText).
type importTextOf[T any] struct {
	Title, Files, Key, NotImported, Counts, Conflict, NoFiles, NotAvailable T
	FilesHint, KeyHint                                                      T
	HelpImport, HelpField, HelpBack, HelpDoneKeys                           T
}

func importTexts(lang survey.Lang) importText {
	return localize[importText](importTable(), lang)
}

// importTable is every text of the import screen in Dutch and English.
func importTable() importTextOf[survey.Text] {
	return importTextOf[survey.Text]{
		Title:        nlEn("Pakketten importeren", "Import data packages"),
		Files:        nlEn("Pakketbestanden (gescheiden door spaties):", "Package files (separated by spaces):"),
		Key:          nlEn("Sleutelbestand (voor versleutelde pakketten):", "Key file (for encrypted packages):"),
		NotImported:  nlEn("%s: NIET geïmporteerd, er is niets van veranderd: %v", "%s: NOT imported, nothing of it changed: %v"),
		Counts:       nlEn("  %-12s nieuw %4d  dubbel %4d  conflict %4d", "  %-12s new %4d  duplicate %4d  conflict %4d"),
		Conflict:     nlEn("  conflict: %s", "  conflict: %s"),
		NoFiles:      nlEn("geef een of meer pakketbestanden", "give one or more package files"),
		NotAvailable: nlEn("importeren kan hier niet", "importing is not available here"),
		FilesHint:    nlEn("school-a.peil school-b.peil", "school-a.peil school-b.peil"),
		KeyHint:      nlEn("researcher.key", "researcher.key"),
		HelpImport:   nlEn("importeren", "import"),
		HelpField:    nlEn("volgend veld", "next field"),
		HelpBack:     nlEn("terug", "back"),
		HelpDoneKeys: nlEn("enter of esc", "enter or esc"),
	}
}

// importKeys are the import screen's keys.
type importKeys struct {
	Start key.Binding // import the files typed
	Field key.Binding // to the other field
	Back  key.Binding // close, before or after importing
	Close key.Binding // close the summary
}

func newImportKeys(t importText) importKeys {
	return importKeys{
		Start: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.HelpImport)),
		Field: key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", t.HelpField)),
		Back:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.HelpBack)),
		Close: key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp(t.HelpDoneKeys+":", t.HelpBack)),
	}
}

// Messages of the import screen.
type (
	importProgressMsg struct{ done, total int }
	importDoneMsg     struct {
		summary ImportSummary
		err     error
	}
	// importClosedMsg asks the study page to close the import screen.
	importClosedMsg struct{}
)

func newImportScreen(ctx context.Context, cfg Config, st *Styles, width int) *importScreen {
	t := importTexts(cfg.Lang)
	m := &importScreen{ctx: ctx, cfg: cfg, st: st, files: textinput.New(), identity: textinput.New(),
		bar: progress.New(progress.WithWidth(max(20, min(width-4, 60)))), width: width, txt: t, keys: newImportKeys(t)}
	m.files.Placeholder = t.FilesHint
	m.identity.Placeholder = t.KeyHint
	m.files.SetWidth(max(20, min(width-4, 70)))
	m.identity.SetWidth(max(20, min(width-4, 70)))
	m.files.Focus()
	return m
}

// Update handles keys and the import's progress.
func (m *importScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case importProgressMsg:
		m.done, m.total = msg.done, msg.total
		return m.wait()
	case importDoneMsg:
		m.stage, m.summary, m.err = importDone, msg.summary, msg.err
		return nil
	case tea.KeyPressMsg:
		switch m.stage {
		case importRunning:
			return nil // the import finishes its current package first
		case importDone:
			if key.Matches(msg, m.keys.Close) {
				return func() tea.Msg { return importClosedMsg{} }
			}
			return nil
		}
		switch {
		case key.Matches(msg, m.keys.Back):
			return func() tea.Msg { return importClosedMsg{} }
		case key.Matches(msg, m.keys.Field):
			m.focus = 1 - m.focus
			if m.focus == 0 {
				m.identity.Blur()
				return m.files.Focus()
			}
			m.files.Blur()
			return m.identity.Focus()
		case key.Matches(msg, m.keys.Start):
			return m.start()
		}
	}
	if m.stage != importAsk {
		return nil
	}
	var cmd tea.Cmd
	if m.focus == 0 {
		m.files, cmd = m.files.Update(msg)
	} else {
		m.identity, cmd = m.identity.Update(msg)
	}
	return cmd
}

// ShortHelp returns the keys that matter now.
func (m *importScreen) ShortHelp() []key.Binding {
	switch m.stage {
	case importAsk:
		return []key.Binding{m.keys.Start, m.keys.Field, m.keys.Back}
	case importDone:
		return []key.Binding{m.keys.Close}
	}
	return nil
}

// FullHelp returns the same keys.
func (m *importScreen) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// start runs the import in the background; progress comes back through
// the updates channel, one message per wait.
func (m *importScreen) start() tea.Cmd {
	paths := strings.Fields(m.files.Value())
	if len(paths) == 0 {
		m.err = fmt.Errorf("%s", m.txt.NoFiles)
		return nil
	}
	if m.cfg.Backend == nil {
		m.err = fmt.Errorf("%s", m.txt.NotAvailable)
		return nil
	}
	m.err, m.stage, m.done, m.total = nil, importRunning, 0, len(paths)
	m.updates = make(chan tea.Msg, len(paths)+1)
	ctx, cfg, identity, updates := m.ctx, m.cfg, strings.TrimSpace(m.identity.Value()), m.updates
	go func() {
		sum, err := cfg.Backend.ImportPackages(ctx, paths, identity, func(done, total int) {
			updates <- importProgressMsg{done: done, total: total}
		})
		updates <- importDoneMsg{summary: sum, err: err}
	}()
	return m.wait()
}

func (m *importScreen) wait() tea.Cmd {
	ch := m.updates
	return func() tea.Msg { return <-ch }
}

// View draws the screen.
func (m *importScreen) View() string {
	var b strings.Builder
	t := m.txt
	b.WriteString(m.st.Title.Render(t.Title) + "\n\n")
	switch m.stage {
	case importAsk:
		fmt.Fprintf(&b, "%s\n%s\n\n%s\n%s\n", t.Files, m.files.View(), t.Key, m.identity.View())
	case importRunning:
		pct := 0.0
		if m.total > 0 {
			pct = float64(m.done) / float64(m.total)
		}
		fmt.Fprintf(&b, "%s  %d/%d\n", m.bar.ViewAs(pct), m.done, m.total)
	case importDone:
		fmt.Fprintf(&b, "%s  %d/%d\n\n", m.bar.ViewAs(1), m.total, m.total)
		for _, f := range m.summary.Files {
			if f.Err != nil {
				fmt.Fprintf(&b, t.NotImported+"\n", f.File, f.Err)
				continue
			}
			fmt.Fprintf(&b, "%s\n", f.File)
			for _, s := range f.Schools {
				fmt.Fprintf(&b, t.Counts+"\n", s.Code, s.New, s.Duplicate, s.Conflicts)
			}
			for _, c := range f.Conflicts {
				fmt.Fprintf(&b, t.Conflict+"\n", c)
			}
		}
	}
	if m.err != nil {
		b.WriteString("\n" + m.st.Error.Render(m.err.Error()) + "\n")
	}
	return b.String()
}
