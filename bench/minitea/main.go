// Command minitea is the floor of peil's first screen: a minimal Bubble
// Tea v2 program that shows one line and quits on ctrl+c. The benchmark
// BenchmarkFirstScreen (bench/screen_test.go) starts it and peil side by
// side on a pseudo-terminal.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() tea.View { return tea.NewView("minitea · klaar") }

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "minitea:", err)
		os.Exit(1)
	}
}
