-- peil PostgreSQL schema version 2: what a hub (peil serve) keeps besides
-- the study's data (the SQLite store's migration 7). A database that is
-- not a hub has these tables too, empty.
--
-- hub_tokens holds the SHA-256 of each token's secret, never the secret.
-- hub_audit and hub_conflicts are append-only: triggers refuse UPDATE,
-- DELETE and TRUNCATE, so not even a bug in peil (or a slip in psql) can
-- rewrite who did what. Only dropping the trigger (the table's owner) gets
-- past it, and that is itself a change of the schema.
CREATE TABLE hub_tokens (
    id          text COLLATE "C" PRIMARY KEY,
    secret_hash text COLLATE "C" NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    role        text COLLATE "C" NOT NULL CHECK (role IN ('device', 'researcher', 'admin')),
    label       text NOT NULL,
    study_id    text COLLATE "C" NOT NULL,
    school_id   text COLLATE "C" NOT NULL,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL,
    revoked_at  bigint
);

-- The workplaces a device or researcher token may reach (none for admin).
CREATE TABLE hub_token_workplaces (
    token_id     text COLLATE "C" NOT NULL REFERENCES hub_tokens (id),
    position     integer NOT NULL,
    workplace_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (token_id, workplace_id),
    UNIQUE (token_id, position)
);

-- seq is taken under a lock held until commit (see postgres/hub.go), so
-- entries become visible in seq order and paging by seq misses none.
CREATE TABLE hub_audit (
    seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       bigint NOT NULL,
    token_id text NOT NULL,
    actor    text NOT NULL,
    action   text NOT NULL,
    ok       boolean NOT NULL,
    detail   text NOT NULL
);

CREATE TABLE hub_conflicts (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              bigint NOT NULL,
    token_id        text NOT NULL,
    response_id     text NOT NULL,
    existing_id     text NOT NULL,
    round_name      text NOT NULL,
    school_id       text NOT NULL,
    school_code     text NOT NULL,
    respondent_code text NOT NULL,
    kept            text NOT NULL,
    reason          text NOT NULL
);

-- TG_ARGV[0] names the list in the refusal.
CREATE FUNCTION peil_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the % is append-only: % is refused', TG_ARGV[0], TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER hub_audit_append_only BEFORE UPDATE OR DELETE ON hub_audit
    FOR EACH ROW EXECUTE FUNCTION peil_append_only('audit log');
CREATE TRIGGER hub_audit_no_truncate BEFORE TRUNCATE ON hub_audit
    FOR EACH STATEMENT EXECUTE FUNCTION peil_append_only('audit log');
CREATE TRIGGER hub_conflicts_append_only BEFORE UPDATE OR DELETE ON hub_conflicts
    FOR EACH ROW EXECUTE FUNCTION peil_append_only('conflict list');
CREATE TRIGGER hub_conflicts_no_truncate BEFORE TRUNCATE ON hub_conflicts
    FOR EACH STATEMENT EXECUTE FUNCTION peil_append_only('conflict list');
