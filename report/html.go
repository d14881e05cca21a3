package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"peil/analysis"
)

//go:embed report.html.tmpl
var htmlTemplate string

// page is parsed once per call: no package-level mutable state.
func parsePage() (*template.Template, error) {
	return template.New("report").Funcs(template.FuncMap{
		// trusted marks the method section's fixed texts (constants of
		// this package with <b> tags) as HTML.
		"trusted": func(s string) template.HTML { return template.HTML(s) },
		"join":    func(s []string) string { return strings.Join(s, ", ") },
	}).Parse(htmlTemplate)
}

// HTML writes the report as one self-contained HTML file: inline CSS and
// SVG, no scripts, nothing loaded from elsewhere.
func HTML(w io.Writer, rep *analysis.Report, m Meta) error {
	d, err := build(rep, m)
	if err != nil {
		return err
	}
	tmpl, err := parsePage()
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	if err := tmpl.Execute(w, d); err != nil {
		return fmt.Errorf("writing the HTML report: %w", err)
	}
	return nil
}
