// Package postgres keeps peil's data in a PostgreSQL database: the same
// studies, rounds, instrument versions, responses, answers, settings and
// cache as the SQLite store (package storage), with the same semantics, so
// that reports, trends, exports and merges work unchanged on a central
// database, and a hub has a store. *Store implements survey.Store.
//
// Open takes a connection string (a postgres:// URL or keyword=value
// settings; IsDSN tells one from a file name) and brings the schema up to
// date with the embedded, numbered migrations (migrations/*.sql), one
// transaction each, recorded in the table peil_migrations, whose comment
// (Marker) marks the database as peil's. A database holding tables of
// another application, or made by a newer peil, is refused and left
// untouched. Errors name the host and database, never the password.
// sslmode and the other libpq settings are pgx's (pgconn.ParseConfig).
//
// Durability and concurrency come from the database: every change is one
// transaction, committed (with synchronous_commit on) before the call
// returns; unique keys and INSERT ... ON CONFLICT keep two writers from
// adding the same response, answer or definition twice. Every transaction
// that changes a round's responses first locks that round's row in
// round_changes (rounds in id order) and counts it up: writers of a round
// follow each other, never deadlock, and the counters stamp the dataset
// cache (RoundChanges) as SQLite's triggers do.
//
// Layout and types mirror the SQLite schema: text identifiers (COLLATE
// "C", so that every list sorts byte for byte as on SQLite, whatever the
// database's locale), times as bigint nanoseconds (exact, as the merge
// rule's content hash needs), answers keyed by a local integer response
// number, and a packed copy of a completed response's answers (package
// answerpack, shared with the SQLite store) that ScanResponses reads
// instead of 40 rows a response.
//
// Backup returns an error with the pg_dump command to use; Check reads
// every table, verifies the indexes with amcheck when that extension is
// installed, and compares every packed copy with its answer rows.
//
// Package pgtest gives tests (of this package and others) a fresh
// database on the server named by PEIL_TEST_POSTGRES.
package postgres
