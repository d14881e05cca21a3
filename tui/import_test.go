package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestImportScreen(t *testing.T) {
	var gotPaths []string
	var gotIdentity string
	cfg := Config{Backend: importFunc(func(ctx context.Context, paths []string, identity string, progress func(done, total int)) (ImportSummary, error) {
		gotPaths, gotIdentity = paths, identity
		for i := range paths {
			progress(i+1, len(paths))
		}
		return ImportSummary{Files: []ImportFile{
			{File: "a.peil", Schools: []ImportSchool{{Code: "WOA-01", New: 12, Duplicate: 3, Conflicts: 1}}, Conflicts: []string{"respondent K7MQ-4XA: kept the database's version"}},
			{File: "b.peil", Err: errors.New("the package is incomplete")},
		}}, nil
	})}
	m := newImportScreen(context.Background(), cfg, NewStyles(true), 80)
	typeText := func(s string) {
		for _, r := range s {
			m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	typeText("a.peil b.peil")
	m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	typeText("researcher.key")
	cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.stage != importRunning || cmd == nil {
		t.Fatalf("enter did not start the import: stage %d", m.stage)
	}
	// Run the commands as Bubble Tea would, until the import is done.
	var progressSeen []string
	for cmd != nil {
		msg := cmd()
		if p, ok := msg.(importProgressMsg); ok {
			cmd = m.Update(p)
			progressSeen = append(progressSeen, m.View())
			continue
		}
		cmd = m.Update(msg)
	}
	if strings.Join(gotPaths, ",") != "a.peil,b.peil" || gotIdentity != "researcher.key" {
		t.Errorf("import called with %v, %q", gotPaths, gotIdentity)
	}
	if len(progressSeen) != 2 || !strings.Contains(progressSeen[0], "1/2") || !strings.Contains(progressSeen[1], "2/2") {
		t.Errorf("progress views: %q", progressSeen)
	}
	v := m.View()
	for _, want := range []string{"WOA-01", "nieuw   12", "dubbel    3", "conflict    1", "K7MQ-4XA", "b.peil: NIET geïmporteerd, er is niets van veranderd: the package is incomplete"} {
		if !strings.Contains(v, want) {
			t.Errorf("summary lacks %q:\n%s", want, v)
		}
	}
	cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("enter on the summary does not close the screen")
	}
	if _, ok := cmd().(importClosedMsg); !ok {
		t.Error("enter on the summary does not close the screen")
	}
}

func TestImportScreenNeedsFiles(t *testing.T) {
	m := newImportScreen(context.Background(), Config{}, NewStyles(true), 80)
	cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd != nil || m.stage != importAsk || !strings.Contains(m.View(), "geef een of meer pakketbestanden") {
		t.Errorf("enter without files: stage %d\n%s", m.stage, m.View())
	}
}
