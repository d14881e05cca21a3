-- peil schema version 7: what a hub (peil serve) keeps besides the study's
-- data. A laptop's database has these tables too, empty.
--
-- hub_tokens holds the SHA-256 of each token's secret, never the secret.
-- hub_audit and hub_conflicts are append-only: triggers refuse UPDATE and
-- DELETE, so not even a bug in peil can rewrite who did what.
CREATE TABLE hub_tokens (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    role         TEXT NOT NULL CHECK (role IN ('device', 'researcher', 'admin')),
    label        TEXT NOT NULL,
    study_id     TEXT NOT NULL,
    school_id    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER
) STRICT;

-- The workplaces a device or researcher token may reach (none for admin).
CREATE TABLE hub_token_workplaces (
    token_id     TEXT NOT NULL REFERENCES hub_tokens (id),
    position     INTEGER NOT NULL,
    workplace_id TEXT NOT NULL,
    PRIMARY KEY (token_id, workplace_id),
    UNIQUE (token_id, position)
) STRICT;

CREATE TABLE hub_audit (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    token_id TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    ok       INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail   TEXT NOT NULL
) STRICT;

CREATE TRIGGER hub_audit_no_update BEFORE UPDATE ON hub_audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER hub_audit_no_delete BEFORE DELETE ON hub_audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE hub_conflicts (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    token_id        TEXT NOT NULL,
    response_id     TEXT NOT NULL,
    existing_id     TEXT NOT NULL,
    round_name      TEXT NOT NULL,
    school_id       TEXT NOT NULL,
    school_code     TEXT NOT NULL,
    respondent_code TEXT NOT NULL,
    kept            TEXT NOT NULL,
    reason          TEXT NOT NULL
) STRICT;

CREATE TRIGGER hub_conflicts_no_update BEFORE UPDATE ON hub_conflicts BEGIN
    SELECT RAISE(ABORT, 'the conflict list is append-only');
END;
CREATE TRIGGER hub_conflicts_no_delete BEFORE DELETE ON hub_conflicts BEGIN
    SELECT RAISE(ABORT, 'the conflict list is append-only');
END;
