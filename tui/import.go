package tui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// ImportSummary is what importing data packages did, file by file; cmd/peil
// fills it from the merge results.
type ImportSummary struct {
	Files []ImportFile
}

// ImportFile is one package file's result: per-school counts and
// conflicts, or the error that kept it out (then nothing of it changed).
type ImportFile struct {
	File      string
	Err       error
	Schools   []ImportSchool
	Conflicts []string
}

// ImportSchool counts one school's responses in a package.
type ImportSchool struct {
	Code, Name                string
	New, Duplicate, Conflicts int
}

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
		bar: progress.New(progress.WithWidth(max(20, min(width-4, 60)))), width: width}
	m.files.Placeholder = "school-a.peil school-b.peil"
	m.identity.Placeholder = "researcher.key"
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
		m.err = fmt.Errorf("give one or more package files")
		return nil
	}
	if m.cfg.ImportPackages == nil {
		m.err = fmt.Errorf("importing is not available here")
		return nil
	}
	m.err, m.stage, m.done, m.total = nil, importRunning, 0, len(paths)
	m.updates = make(chan tea.Msg, len(paths)+1)
	ctx, cfg, identity, updates := m.ctx, m.cfg, strings.TrimSpace(m.identity.Value()), m.updates
	go func() {
		sum, err := cfg.ImportPackages(ctx, paths, identity, func(done, total int) {
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
	b.WriteString(m.st.Title.Render("Pakketten importeren / Import data packages") + "\n\n")
	switch m.stage {
	case importAsk:
		fmt.Fprintf(&b, "Bestanden / files:\n%s\n\nSleutel / key file (voor versleutelde pakketten):\n%s\n\n", m.files.View(), m.identity.View())
		b.WriteString("enter importeren · tab volgend veld · esc terug\n")
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
				fmt.Fprintf(&b, "%s: NIET geïmporteerd: %v\n", f.File, f.Err)
				continue
			}
			fmt.Fprintf(&b, "%s\n", f.File)
			for _, s := range f.Schools {
				fmt.Fprintf(&b, "  %-12s nieuw %4d  dubbel %4d  conflict %4d\n", s.Code, s.New, s.Duplicate, s.Conflicts)
			}
			for _, c := range f.Conflicts {
				fmt.Fprintf(&b, "  conflict: %s\n", c)
			}
		}
		b.WriteString("\nenter of esc: terug\n")
	}
	if m.err != nil {
		b.WriteString("\n" + m.st.Error.Render(m.err.Error()) + "\n")
	}
	return b.String()
}
