// Package answerpack is the stored form of a response's answers that both
// peil stores (SQLite and PostgreSQL) share: the packed blob of a
// completed response, the text of a multiple choice value, and Scan, the
// two stages (read on one core, unpack on the other) of a store's
// ScanResponses.
//
// A completed response no longer changes, so besides its answer rows a
// store keeps its answers packed into one small blob, written in the
// transaction that completes, imports or merges it. Analysis and export
// read a national study (45,000 responses, 1.8 million answers) as 45,000
// blobs instead of 1.8 million rows. The answer rows stay the truth: a
// blob says exactly what the response's rows say, and each store's check
// compares them.
//
// The blob: a format byte (1), the number of answers, then per answer in
// item id order:
//
//	item id        uvarint length, bytes
//	flags          one byte: number, choices, text, don't know
//	number         varint, when flagged
//	choices        uvarint count, varint each, when flagged
//	text           uvarint length, bytes, when flagged
//	answered at    varint nanoseconds after the previous answer's (the
//	               first: after 1970)
//
// About 15 bytes for an agreement item, against 40 as text.
package answerpack
