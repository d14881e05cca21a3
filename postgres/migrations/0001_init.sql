-- peil PostgreSQL schema version 1: the schema of the SQLite store
-- (storage/migrations 0001-0005) in one step.
--
-- Text columns that peil sorts or compares use COLLATE "C" (byte order),
-- so lists come in the same order as from SQLite whatever the database's
-- locale. Identifiers are text UUIDs; answers refer to their response by
-- responses.nr, a local integer key. Times are bigint nanoseconds since
-- 1970-01-01 UTC, exactly as on SQLite: timestamptz keeps microseconds
-- only, and a response's content hash (survey.ContentHash) covers
-- nanoseconds.

CREATE TABLE studies (
    id             text COLLATE "C" PRIMARY KEY,
    code           text COLLATE "C" NOT NULL UNIQUE CHECK (code <> ''),
    title          text NOT NULL,
    min_group_size integer NOT NULL CHECK (min_group_size >= 1),
    created_at     bigint NOT NULL
);

CREATE TABLE workplaces (
    id       text COLLATE "C" PRIMARY KEY,
    study_id text COLLATE "C" NOT NULL REFERENCES studies (id),
    code     text COLLATE "C" NOT NULL CHECK (code <> ''),
    name     text NOT NULL,
    UNIQUE (study_id, code),
    UNIQUE (id, study_id)
);

CREATE TABLE schools (
    id           text COLLATE "C" PRIMARY KEY,
    workplace_id text COLLATE "C" NOT NULL,
    study_id     text COLLATE "C" NOT NULL,
    code         text COLLATE "C" NOT NULL CHECK (code <> ''),
    name         text NOT NULL,
    UNIQUE (study_id, code),
    FOREIGN KEY (workplace_id, study_id) REFERENCES workplaces (id, study_id)
);

CREATE INDEX schools_workplace ON schools (workplace_id);

-- Every instrument version a round uses: definition is the JSON of
-- survey.Instrument, hash its SHA-256 (hex).
CREATE TABLE instruments (
    id         text COLLATE "C" NOT NULL CHECK (id <> ''),
    version    integer NOT NULL CHECK (version >= 1),
    definition text NOT NULL,
    hash       text NOT NULL,
    saved_at   bigint NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE rounds (
    id                 text COLLATE "C" PRIMARY KEY,
    study_id           text COLLATE "C" NOT NULL REFERENCES studies (id),
    name               text COLLATE "C" NOT NULL CHECK (name <> ''),
    instrument_id      text COLLATE "C" NOT NULL,
    instrument_version integer NOT NULL,
    open               boolean NOT NULL,
    created_at         bigint NOT NULL,
    UNIQUE (study_id, name),
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instruments (id, version)
);

CREATE TABLE responses (
    nr                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                 text COLLATE "C" NOT NULL UNIQUE,
    round_id           text COLLATE "C" NOT NULL REFERENCES rounds (id),
    school_id          text COLLATE "C" NOT NULL REFERENCES schools (id),
    respondent_code    text COLLATE "C" NOT NULL CHECK (respondent_code <> ''),
    role               text COLLATE "C" NOT NULL,
    status             text COLLATE "C" NOT NULL CHECK (status IN ('in_progress', 'complete')),
    instrument_id      text COLLATE "C" NOT NULL,
    instrument_version integer NOT NULL,
    started_at         bigint NOT NULL,
    finished_at        bigint,
    device_id          text COLLATE "C" NOT NULL,
    updated_at         bigint NOT NULL,
    UNIQUE (round_id, respondent_code),
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instruments (id, version),
    CHECK ((status = 'complete') = (finished_at IS NOT NULL))
);

CREATE INDEX responses_round_started ON responses (round_id, started_at);
CREATE INDEX responses_round_school ON responses (round_id, school_id, status, started_at);
CREATE INDEX responses_respondent ON responses (respondent_code);
CREATE INDEX responses_school ON responses (school_id);

-- One row per answered item. response_nr refers to responses.nr without a
-- foreign key: PostgreSQL checks a foreign key with a query per row, which
-- made merging a national study's packages three times slower; answers are
-- only ever added for a response the same transaction has locked or just
-- made, and removed with it (Merge deletes both). Check counts answers and
-- packed answers whose response is missing.
--
-- Exactly one of number, choices and text carries the value, or dont_know
-- is true; choices lists the option codes of a multiple choice answer in
-- ascending order, "1,3".
CREATE TABLE answers (
    response_nr bigint NOT NULL,
    item_id     text COLLATE "C" NOT NULL CHECK (item_id <> ''),
    number      bigint,
    choices     text,
    text        text,
    dont_know   boolean NOT NULL DEFAULT false,
    answered_at bigint NOT NULL,
    PRIMARY KEY (response_nr, item_id)
);

-- The answers of a completed response packed in one blob (packed.go), made
-- from its answer rows in the transaction that completes, imports or
-- merges it; the answers table stays the truth.
CREATE TABLE packed_answers (
    response_nr bigint PRIMARY KEY, -- responses.nr, no foreign key (see answers)
    data        bytea NOT NULL
);

CREATE TABLE settings (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE targets (
    study_id      text COLLATE "C" NOT NULL REFERENCES studies (id),
    instrument_id text COLLATE "C" NOT NULL CHECK (instrument_id <> ''),
    measure_id    text COLLATE "C" NOT NULL CHECK (measure_id <> ''),
    value         double precision NOT NULL,
    PRIMARY KEY (study_id, instrument_id, measure_id)
);

-- A change counter per round, made with the round. Every transaction that
-- changes a round's responses first locks its rounds' rows here (in round
-- id order) and counts them up when it changed something: the row lock
-- orders writers of a round, so they never deadlock, and the counters
-- stamp the cache.
CREATE TABLE round_changes (
    round_id text COLLATE "C" PRIMARY KEY REFERENCES rounds (id) ON DELETE CASCADE,
    changes  bigint NOT NULL
);

CREATE TABLE cache (
    key      text COLLATE "C" PRIMARY KEY,
    stamp    text NOT NULL,
    data     bytea NOT NULL,
    saved_at bigint NOT NULL
);
