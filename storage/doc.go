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
// How Open checks a file. Every open checks the header (SQLite, peil's
// application id, a schema this peil knows) and that the file is as long as
// its header says: a copy cut short on a USB stick or by a full disk is
// refused. Of a file closed cleanly these are read from the header's bytes
// (no SQLite connection of their own); SQLite is asked of any other file.
// The full PRAGMA quick_check reads every page (about 30 ms for
// the example study, 2 s for a national study of 1.8 million answers), so
// it runs only when damage is likely: when a -wal file with something in it
// lies beside the database (the last peil to use it did not close it, e.g.
// a power cut or a crash during a kiosk session; or another peil has it
// open now; an empty one, left by read-only opens, means nothing). A file
// that was closed cleanly and has its full length is opened at once,
// whatever its size: checking small files on every open took half the time
// to peil's first screen. Should a page of such a file be damaged after all
// (a disk failing, a copy changed outside peil), SQLite reports it
// (SQLITE_CORRUPT) on the first read of that page, before anything is
// written there, and peil shows that as an error. Keep backups or data
// packages for that case.
// Check (peil check) reads everything on request: SQLite's integrity
// check, and every packed copy of answers against the answers;
// RepairPacked makes the packed copies again from the answers.
//
// Where the file is (media.go). A database that exists but cannot be
// written (read-only media such as a locked USB stick, or a read-only file
// or folder; asked of the system, so a read-only mount stops root too) is
// opened for reading only, with or without WithReadOnly: every command
// that only reads works, Backup included, and every change is refused
// saying why. SQLite needs to write a -shm file even to read a WAL
// database, so such a database is opened immutable (no locks, no -shm)
// when its -wal file is missing or empty; one whose last changes are still
// in its -wal file is refused with what to do (copy both files to a
// writable place), never read without them. A change that fails because
// the disk is full wraps ErrDiskFull and says so: SQLITE_FULL, ENOSPC, and
// SQLite's I/O errors when the disk has less than 1 MiB free (SQLite
// reports a -shm file it cannot grow as "disk I/O error (4874)"). A new
// database that cannot be made for want of room is removed again.
//
// A file of 0 bytes is refused, not made into a new database: an empty
// file where a database should be is far more often a copy that failed or
// a disk that was full than a deliberate start, and a new database in its
// place would hide that. The message says to delete the file to start a
// new database under its name. (An empty SQLite database, with a header
// and no tables, still becomes peil's.)
//
// Answers refer to their response by an integer key (responses.nr), not by
// its UUID, and times are INTEGER nanoseconds: a national study of 45,000
// responses and 1.8 million answers takes about 80 MB instead of 274 MB.
// A completed response also keeps its answers packed in one small blob
// (package answerpack), made from its answer rows in the transaction that completes,
// imports or merges it: ScanResponses sorts the responses' keys, then reads
// responses with their blobs by key, 500 at a time, on a goroutine of its
// own while the caller's goroutine unpacks the answers, so a national study
// is 45,000 blobs instead of 1.8 million rows, on both cores.
// ImportResponses stores many responses in one transaction.
// SummarizeResponses answers what a pass over responses without their
// answers learns (count, roles, versions, widths) in one query; export
// uses it for its first pass.
//
// Derived data that is costly to make (analysis datasets) can be kept in a
// cache (Cache, Cached), stamped by the caller with RoundChanges: counters
// that triggers on responses raise with every change to a round's complete
// responses (the only ones a dataset holds), so a stamp never matches once
// anything in it changed. analysis.LoadCached keeps one entry per round,
// so that a change in the open round reloads that round only.
//
// An answer's commit writes one page (the answer's; the response row
// only when the answer brings a new role) to the WAL and syncs it once
// (synchronous=FULL); its statements stay prepared for the life of the
// Store. responses.updated_at changes with the response row (started,
// role, completed, imported); an answer's time is its answered_at. Imports and merges
// insert a response's answers with one multi-row statement.
//
// The schema lives in numbered migrations (migrations/*.sql), applied one
// transaction each; PRAGMA user_version holds the schema version and PRAGMA
// application_id marks the file as peil's.
//
// Errors for the person using peil are survey errors (survey.ENOTFOUND,
// survey.ECONFLICT, survey.EINVALID); no database/sql type leaves the
// package.
package storage
