// Package analysis computes the trend tables of a monitoring study: per
// group (workplace × round, optionally split by role or school, and all
// workplaces merged) the n, mean, standard deviation, 95% confidence
// interval, share agreeing, answer distribution and, for scales, Cronbach's
// alpha; and per group the change against a baseline round (difference,
// Cohen's d, Welch's t test).
//
// Groups with fewer than k respondents are suppressed, and further cells
// are suppressed so that no suppressed group can be recovered by
// subtracting shown groups from a shown total. A suppressed Cell carries no
// statistics at all: its numbers are zero and it prints as "< k".
//
// The package does no I/O. Its input is a Dataset, a compact column store
// of responses (one int8 per item per response, and a float64 per integer
// or decimal item) that the storage layer fills. See docs/analysis.md for the definitions and the suppression rule.
package analysis
