package tui

import (
	"context"
	"fmt"
	"strings"

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
// command with a progress bar, and shows the summary.
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
}

// importText is the import screen's text in one language.
type importText struct {
	Title, Files, Key, AskHelp, NotImported, Counts, Conflict, DoneHelp, NoFiles, NotAvailable string
}

func importTexts(lang survey.Lang) importText {
	if lang == survey.English {
		return importText{
			Title: "Import data packages", Files: "Package files (separated by spaces):",
			Key: "Key file (for encrypted packages):", AskHelp: "enter import · tab next field · esc back",
			NotImported: "%s: NOT imported, nothing of it changed: %v", Counts: "  %-12s new %4d  duplicate %4d  conflict %4d",
			Conflict: "  conflict: %s", DoneHelp: "enter or esc: back",
			NoFiles: "give one or more package files", NotAvailable: "importing is not available here",
		}
	}
	return importText{
		Title: "Pakketten importeren", Files: "Pakketbestanden (gescheiden door spaties):",
		Key: "Sleutelbestand (voor versleutelde pakketten):", AskHelp: "enter importeren · tab volgend veld · esc terug",
		NotImported: "%s: NIET geïmporteerd, er is niets van veranderd: %v", Counts: "  %-12s nieuw %4d  dubbel %4d  conflict %4d",
		Conflict: "  conflict: %s", DoneHelp: "enter of esc: terug",
		NoFiles: "geef een of meer pakketbestanden", NotAvailable: "importeren kan hier niet",
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
	m := &importScreen{ctx: ctx, cfg: cfg, st: st, files: textinput.New(), identity: textinput.New(),
		bar: progress.New(progress.WithWidth(max(20, min(width-4, 60)))), width: width, txt: importTexts(cfg.Lang)}
	m.files.Placeholder = "school-a.peil school-b.peil"
	m.identity.Placeholder = "researcher.key"
	m.files.SetWidth(max(20, min(width-4, 70)))
	m.identity.SetWidth(max(20, min(width-4, 70)))
	m.files.Focus()
	return m
}

// Update handles keys and the import's progress.
func (m *importScreen) Update(msg tea.Msg) (*importScreen, tea.Cmd) {
	switch msg := msg.(type) {
	case importProgressMsg:
		m.done, m.total = msg.done, msg.total
		return m, m.wait()
	case importDoneMsg:
		m.stage, m.summary, m.err = importDone, msg.summary, msg.err
		return m, nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			if m.stage == importRunning {
				return m, nil // the import finishes its current package first
			}
			return m, func() tea.Msg { return importClosedMsg{} }
		case "tab", "shift+tab":
			if m.stage == importAsk {
				m.focus = 1 - m.focus
				if m.focus == 0 {
					m.identity.Blur()
					return m, m.files.Focus()
				}
				m.files.Blur()
				return m, m.identity.Focus()
			}
		case "enter":
			if m.stage == importAsk {
				return m, m.start()
			}
			if m.stage == importDone {
				return m, func() tea.Msg { return importClosedMsg{} }
			}
		}
	}
	if m.stage != importAsk {
		return m, nil
	}
	var cmd tea.Cmd
	if m.focus == 0 {
		m.files, cmd = m.files.Update(msg)
	} else {
		m.identity, cmd = m.identity.Update(msg)
	}
	return m, cmd
}

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
		fmt.Fprintf(&b, "%s\n%s\n\n%s\n%s\n\n", t.Files, m.files.View(), t.Key, m.identity.View())
		b.WriteString(m.st.Muted.Render(t.AskHelp) + "\n")
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
		b.WriteString("\n" + m.st.Muted.Render(t.DoneHelp) + "\n")
	}
	if m.err != nil {
		b.WriteString("\n" + m.st.Error.Render(m.err.Error()) + "\n")
	}
	return b.String()
}
