-- peil PostgreSQL schema version 3: who answers a response now (see
-- storage's migration 8, the same table).
CREATE TABLE response_leases (
    response_id text COLLATE "C" PRIMARY KEY REFERENCES responses (id) ON DELETE CASCADE,
    holder      text NOT NULL,
    until       bigint NOT NULL
);
