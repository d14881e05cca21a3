// Package export writes a study's responses as files that open ready to
// analyse: SPSS .sav (through package export/sav), Stata .dta 118 (package
// export/dta), CSV (RFC 4180, or the Dutch Excel dialect), Excel .xlsx and
// a Markdown codebook.
//
// Data arrive through survey.ResponseScanner, one response at a time, and
// leave one row at a time, so memory does not grow with the number of
// responses. Export reads the responses twice: a first cheap pass, without
// the answers unless open texts must be measured for fixed string widths,
// counts the responses and measures ids and codes; the second writes, with
// the scan in a goroutine of its own. A scanner that is also a
// survey.ResponseSummarizer (storage) answers a first pass without answers
// in one query instead.
//
// The variables are stable: an item has the same variable name, type,
// value labels and missing-value codes in every round and instrument
// version. The column set is the union over the instrument versions of the
// exported rounds, in instrument order; an item that a version lacks is
// system-missing (empty) in that version's rows. Three kinds of missing
// answer stay apart: "don't know", "not shown" (hidden by the item's
// show_if for this respondent) and "not answered". See docs/export.md.
//
// export depends only on survey.
package export
