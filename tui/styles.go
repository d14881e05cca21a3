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

	// Series styles the lines of a chart, one per group, in the order of
	// chartMarkers; Target styles a chart's target line and Axis its axes.
	Series []lipgloss.Style
	Target lipgloss.Style
	Axis   lipgloss.Style
	// Agreement styles the segments of an item's stacked bar: the five
	// agreement points, then "don't know". Each segment also has its own
	// fill character (barFills), so the bars read without colour.
	Agreement [6]lipgloss.Style

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
	// The focused button has a thick border: visible without colour too.
	s.ButtonOn = s.Button.Bold(true).Border(lipgloss.ThickBorder()).BorderForeground(s.Accent).Foreground(s.Accent)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Subtle).Padding(0, 1)
	s.Header = lipgloss.NewStyle().Bold(true)
	s.TableHead = lipgloss.NewStyle().Bold(true).Foreground(s.Accent)
	s.Cell = lipgloss.NewStyle()
	s.Help = lipgloss.NewStyle().Foreground(s.Subtle)
	for _, c := range [][2]string{
		{"#1f5fa6", "#7fb2f0"}, {"#b35c00", "#ffb366"}, {"#1b7f3b", "#81c995"},
		{"#8e24aa", "#d59ee6"}, {"#b3261e", "#ff8a80"}, {"#00796b", "#80cbc4"},
	} {
		s.Series = append(s.Series, lipgloss.NewStyle().Foreground(ld(lipgloss.Color(c[0]), lipgloss.Color(c[1]))))
	}
	s.Target = lipgloss.NewStyle().Foreground(s.Danger)
	s.Axis = lipgloss.NewStyle().Foreground(s.Subtle)
	for i, c := range [6][2]string{
		{"#b3261e", "#ff8a80"}, {"#e08a5a", "#ffb38a"}, {"#8a8a8a", "#b0b0b0"},
		{"#6fae7f", "#a5d6a7"}, {"#1b7f3b", "#4caf50"}, {"#1f5fa6", "#7fb2f0"},
	} {
		s.Agreement[i] = lipgloss.NewStyle().Foreground(ld(lipgloss.Color(c[0]), lipgloss.Color(c[1])))
	}
	return s
}
