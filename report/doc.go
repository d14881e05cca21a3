// Package report writes the monitoring report that a coordinator mails to
// a school board: per scale a trend figure (mean per round, one line per
// workplace and one for all workplaces merged), a table of n, mean, SD and
// the change against the first round (difference, Cohen's d, Welch's p),
// the answer distribution of every item, notes on new items and hidden
// groups, a short explanation of the numbers, and a table of contents.
//
// HTML writes a single self-contained file: inline CSS and inline SVG, no
// scripts, no fonts, no links outside the file, print-ready on A4.
// Markdown writes the same content as text and tables.
//
// The report shows numbers only from cells that analysis marked Shown: a
// suppressed group appears as "< k" and nowhere else, not in a table, a
// figure, a distribution or a sparkline. All fixed texts exist in Dutch
// (the default) and English. See docs/report.md.
package report
