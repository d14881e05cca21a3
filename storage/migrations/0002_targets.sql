-- peil schema version 2: targets per study.
--
-- A study can aim for a value on a scale or item of an instrument (the
-- programme's 7.5 average for the appreciation grade); trend charts and
-- tables show it. measure_id is a scale id or an item id of the
-- instrument; it is not checked against a version, so a target holds for
-- every version that has the measure.
CREATE TABLE targets (
    study_id      TEXT NOT NULL REFERENCES studies (id),
    instrument_id TEXT NOT NULL CHECK (instrument_id <> ''),
    measure_id    TEXT NOT NULL CHECK (measure_id <> ''),
    value         REAL NOT NULL,
    PRIMARY KEY (study_id, instrument_id, measure_id)
) STRICT, WITHOUT ROWID;
