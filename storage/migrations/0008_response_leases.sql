-- peil schema version 8: who answers a response now.
--
-- A response is answered in one place at a time: the kiosk (or web form)
-- that shows it holds a lease until a time (nanoseconds, UTC), renews it
-- before each answer it saves, and a kiosk given the respondent's code
-- takes it over. A lease is only about the present: deleting its rows
-- loses no data, and packages, merges and backups need not carry it.
CREATE TABLE response_leases (
    response_id TEXT PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
    holder      TEXT NOT NULL,
    until       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
