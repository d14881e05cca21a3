-- peil schema version 1.
--
-- Identifiers are text UUIDs, so rows made on different laptops never
-- collide and data packages merge by id. The one exception is the link
-- from an answer to its response: answers, by far the most rows (1.8
-- million in a national study), refer to responses.nr, a local integer key,
-- instead of repeating the 36-character UUID. Timestamps are INTEGER
-- nanoseconds since 1970-01-01 UTC (exact, 8 bytes, ordered as time).
-- Tables are STRICT: a value of the wrong type is an error, not a surprise
-- in an export.

CREATE TABLE studies (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE CHECK (code <> ''),
    title          TEXT NOT NULL,
    min_group_size INTEGER NOT NULL CHECK (min_group_size >= 1),
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE workplaces (
    id       TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES studies (id),
    code     TEXT NOT NULL CHECK (code <> ''),
    name     TEXT NOT NULL,
    UNIQUE (study_id, code),
    -- Lets schools refer to (workplace, study) so a school's study is
    -- always its workplace's study.
    UNIQUE (id, study_id)
) STRICT;

CREATE TABLE schools (
    id           TEXT PRIMARY KEY,
    workplace_id TEXT NOT NULL,
    -- study_id repeats the workplace's study so that school codes can be
    -- unique per study.
    study_id     TEXT NOT NULL,
    code         TEXT NOT NULL CHECK (code <> ''),
    name         TEXT NOT NULL,
    UNIQUE (study_id, code),
    FOREIGN KEY (workplace_id, study_id) REFERENCES workplaces (id, study_id)
) STRICT;

CREATE INDEX schools_workplace ON schools (workplace_id);

-- instruments keeps every instrument version a round uses: the definition
-- is the JSON of survey.Instrument, hash its SHA-256, so a version can never
-- silently change under its answers.
CREATE TABLE instruments (
    id         TEXT NOT NULL CHECK (id <> ''),
    version    INTEGER NOT NULL CHECK (version >= 1),
    definition TEXT NOT NULL,
    hash       TEXT NOT NULL,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE rounds (
    id                 TEXT PRIMARY KEY,
    study_id           TEXT NOT NULL REFERENCES studies (id),
    name               TEXT NOT NULL CHECK (name <> ''),
    instrument_id      TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    open               INTEGER NOT NULL CHECK (open IN (0, 1)),
    created_at         INTEGER NOT NULL,
    UNIQUE (study_id, name),
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instruments (id, version)
) STRICT;

CREATE TABLE responses (
    -- nr is this database's key of the response, used only by answers;
    -- id (the UUID) is what peil shows and merges by.
    nr                 INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    round_id           TEXT NOT NULL REFERENCES rounds (id),
    school_id          TEXT NOT NULL REFERENCES schools (id),
    respondent_code    TEXT NOT NULL CHECK (respondent_code <> ''),
    role               TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('in_progress', 'complete')),
    instrument_id      TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    started_at         INTEGER NOT NULL,
    finished_at        INTEGER,
    device_id          TEXT NOT NULL,
    -- updated_at changes with every answer; merging data packages from
    -- several laptops can keep the most recent copy of a response.
    updated_at         INTEGER NOT NULL,
    UNIQUE (round_id, respondent_code),
    FOREIGN KEY (instrument_id, instrument_version) REFERENCES instruments (id, version),
    CHECK ((status = 'complete') = (finished_at IS NOT NULL))
) STRICT;

-- Responses of a round in start order; counts per school and status, and
-- reading a round school by school in start order (ScanResponses).
CREATE INDEX responses_round_started ON responses (round_id, started_at);
CREATE INDEX responses_round_school ON responses (round_id, school_id, status, started_at);
-- Following a respondent across rounds.
CREATE INDEX responses_respondent ON responses (respondent_code);
CREATE INDEX responses_school ON responses (school_id);

-- answers holds one row per answered item. Exactly one of number, choices
-- and text carries the value, or dont_know is 1. choices lists the option
-- codes of a multiple choice answer in ascending order, "1,3".
CREATE TABLE answers (
    response_nr INTEGER NOT NULL REFERENCES responses (nr) ON DELETE CASCADE,
    item_id     TEXT NOT NULL CHECK (item_id <> ''),
    number      INTEGER,
    choices     TEXT,
    text        TEXT,
    dont_know   INTEGER NOT NULL DEFAULT 0 CHECK (dont_know IN (0, 1)),
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (response_nr, item_id)
) STRICT, WITHOUT ROWID;

-- No index on item_id: analysis reads a round's answers through its
-- responses, and at 1.8 million answers such an index would add about a
-- third to the file. A later migration can add it when a query needs it.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
