// Package survey is peil's domain: studies, workplaces, schools, measurement
// rounds, instruments with their sections, items, conditions and scales,
// respondents, responses and answers, and the respondent session that walks a
// person through an instrument.
//
// The package does no I/O. Storage, user interfaces, analysis and export
// depend on it; it depends on nothing else in peil. The Store interface it
// declares is implemented by the storage package (SQLite today, a central
// PostgreSQL later).
package survey
