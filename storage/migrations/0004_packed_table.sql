-- peil schema version 4: packed answers in a table of their own, as
-- compact binary (storage/packed.go describes the format).
--
-- Schema 3 kept a text copy of a completed response's answers in
-- responses.packed: 1.2 KB per response, which made every read of the
-- responses table (and the sort of a scan) walk 54 MB for a national
-- study. Here the copy moves out of responses, into a blob of about a
-- third of the size that is read by key only when answers are wanted. The
-- blobs are made in Go after this script (packAll), in the same
-- transaction.
CREATE TABLE packed_answers (
    response_nr INTEGER PRIMARY KEY REFERENCES responses (nr) ON DELETE CASCADE,
    data        BLOB NOT NULL
) STRICT;

ALTER TABLE responses DROP COLUMN packed;
