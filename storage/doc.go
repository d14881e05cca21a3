// Package storage keeps peil's data in a SQLite file: studies, workplaces,
// schools, rounds, the instrument versions rounds use, responses with their
// answers, and settings. *Store implements survey.Store.
//
// One file is one database. Open creates it (mode 0600, parent directories
// included) or checks an existing one before touching it: a file that is not
// SQLite, a damaged database, another application's database or one made by
// a newer peil is refused with an error that says what to do, and its bytes
// are left as they were. Every answer is committed with synchronous=FULL in
// WAL mode before the call that stores it returns, so a power cut loses
// nothing a respondent saw as saved.
//
// The schema lives in numbered migrations (migrations/*.sql), applied one
// transaction each; PRAGMA user_version holds the schema version and PRAGMA
// application_id marks the file as peil's.
//
// Errors for the person using peil are survey errors (survey.ENOTFOUND,
// survey.ECONFLICT, survey.EINVALID); no database/sql type leaves the
// package.
package storage
