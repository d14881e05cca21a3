package backend

import (
	"context"
	"io"
	"strings"

	"peil/analysis"
	"peil/report"
	"peil/survey"
)

// ReportRequest says which monitoring report to write.
type ReportRequest struct {
	// Study is the study's code ("" for the only study).
	Study string
	// Instrument is the instrument to report on ("" for DefaultInstrument).
	Instrument string
	// LastRound is the last round to include, by name ("" for all).
	LastRound string
	// IncludeOpen shows rounds that are still open, and the report says
	// it is provisional; without, they are left out
	// (analysis.ReportRounds).
	IncludeOpen bool
	// Format is "html" (default) or "md".
	Format string
	Lang   survey.Lang
}

// ReportSummary says what a report covers.
type ReportSummary struct {
	Instrument string
	Rounds     []string
	// Responses counts the completed responses over every round.
	Responses int
}

// ReportFormat returns the writer of a report format: "html" (or "") or
// "md".
func ReportFormat(format string) (func(io.Writer, *analysis.Report, report.Meta) error, error) {
	switch strings.ToLower(format) {
	case "html", "":
		return report.HTML, nil
	case "md", "markdown":
		return report.Markdown, nil
	}
	return nil, survey.Errorf(survey.EINVALID, "unknown report format %q: use html or md", format)
}

// WriteReport writes the monitoring report to w.
func (b *Backend) WriteReport(ctx context.Context, req ReportRequest, w io.Writer) (ReportSummary, error) {
	write, err := ReportFormat(req.Format)
	if err != nil {
		return ReportSummary{}, err
	}
	s, err := b.FindStudy(ctx, req.Study)
	if err != nil {
		return ReportSummary{}, err
	}
	td, err := b.reportData(ctx, s, req.Instrument, req.LastRound, req.IncludeOpen)
	if err != nil {
		return ReportSummary{}, err
	}
	rep, err := td.Trends()
	if err != nil {
		return ReportSummary{}, err
	}
	meta := td.Meta
	meta.Lang = req.Lang
	meta.Date = b.now()
	if err := write(w, rep, meta); err != nil {
		return ReportSummary{}, err
	}
	sum := ReportSummary{Instrument: meta.Instrument.Key(), Rounds: rep.Rounds}
	if n, ok := rep.Measure("n"); ok {
		for r := range rep.Rounds {
			sum.Responses += n.Cells[0][r].N
		}
	}
	return sum, nil
}
