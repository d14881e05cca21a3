-- peil schema version 5: a change counter per round, and a cache.
--
-- Reading a national study and building its analysis dataset takes most
-- of a second; the trends screen should open in a fraction of that. So
-- peil caches what it derived from a round's responses (cache), stamped
-- with the rounds' change counters (round_changes): every insert, update
-- or delete of a response (saving an answer updates its response, and
-- completing, importing and merging change responses too) counts one up
-- for its round, so a stamp never matches once anything changed. The
-- cache is only a copy: deleting its rows loses nothing.
CREATE TABLE round_changes (
    round_id TEXT PRIMARY KEY REFERENCES rounds (id) ON DELETE CASCADE,
    changes  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TRIGGER responses_insert_counts AFTER INSERT ON responses BEGIN
    INSERT OR IGNORE INTO round_changes (round_id, changes) VALUES (NEW.round_id, 0);
    UPDATE round_changes SET changes = changes + 1 WHERE round_id = NEW.round_id;
END;

CREATE TRIGGER responses_update_counts AFTER UPDATE ON responses BEGIN
    INSERT OR IGNORE INTO round_changes (round_id, changes) VALUES (NEW.round_id, 0);
    UPDATE round_changes SET changes = changes + 1 WHERE round_id IN (NEW.round_id, OLD.round_id);
END;

CREATE TRIGGER responses_delete_counts AFTER DELETE ON responses BEGIN
    INSERT OR IGNORE INTO round_changes (round_id, changes) VALUES (OLD.round_id, 0);
    UPDATE round_changes SET changes = changes + 1 WHERE round_id = OLD.round_id;
END;

CREATE TABLE cache (
    key      TEXT PRIMARY KEY,
    stamp    TEXT NOT NULL,
    data     BLOB NOT NULL,
    saved_at INTEGER NOT NULL
) STRICT;
