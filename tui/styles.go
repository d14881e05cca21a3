package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles holds every style the TUI uses; it is built once (NewStyles) and
// shared by all pages. No page creates styles in View.
//
// Colours are never the only signal: selected options also carry a marker
// and bold text, so the TUI reads well with NO_COLOR (where Bubble Tea drops
// colours).
type Styles struct {
	App       lipgloss.Style
	Title     lipgloss.Style
	Subtitle  lipgloss.Style
	Text      lipgloss.Style
	Muted     lipgloss.Style
	Error     lipgloss.Style
	Success   lipgloss.Style
	Warning   lipgloss.Style
	Selected  lipgloss.Style
	Option    lipgloss.Style
	Button    lipgloss.Style
	ButtonOn  lipgloss.Style
	Box       lipgloss.Style
	Header    lipgloss.Style
	TableHead lipgloss.Style
	Cell      lipgloss.Style
	Help      lipgloss.Style

	Accent, Subtle, Danger, Good color.Color
}

// NewStyles returns peil's styles for a dark or light terminal background.
func NewStyles(dark bool) *Styles {
	ld := lipgloss.LightDark(dark)
	s := &Styles{
		Accent: ld(lipgloss.Color("#1f5fa6"), lipgloss.Color("#7fb2f0")),
		Subtle: ld(lipgloss.Color("#6b6b6b"), lipgloss.Color("#9a9a9a")),
		Danger: ld(lipgloss.Color("#b3261e"), lipgloss.Color("#ff8a80")),
		Good:   ld(lipgloss.Color("#1b7f3b"), lipgloss.Color("#81c995")),
	}
	s.App = lipgloss.NewStyle().Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Subtitle = lipgloss.NewStyle().Foreground(s.Subtle)
	s.Text = lipgloss.NewStyle()
	s.Muted = lipgloss.NewStyle().Foreground(s.Subtle)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(s.Danger)
	s.Success = lipgloss.NewStyle().Bold(true).Foreground(s.Good)
	s.Warning = lipgloss.NewStyle().Bold(true)
	s.Selected = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Option = lipgloss.NewStyle()
	s.Button = lipgloss.NewStyle().Padding(0, 1).Border(lipgloss.RoundedBorder()).BorderForeground(s.Subtle)
	s.ButtonOn = s.Button.Bold(true).BorderForeground(s.Accent).Foreground(s.Accent)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Subtle).Padding(0, 1)
	s.Header = lipgloss.NewStyle().Bold(true)
	s.TableHead = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Cell = lipgloss.NewStyle()
	s.Help = lipgloss.NewStyle().Foreground(s.Subtle)
	return s
}
