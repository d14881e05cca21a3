-- peil schema version 6: a round's change counter counts changes to its
-- complete responses only.
--
-- Every cached dataset is made of complete responses (analysis.Load reads
-- nothing else), and a complete response never changes in place: it is
-- completed, imported, merged (a newer copy replaces it: a delete and an
-- insert) or deleted, and each of those is an insert, update or delete of
-- a responses row whose old or new status is complete. Saving an answer of
-- a response in progress changes no dataset, so it no longer counts: that
-- took a third page (the round_changes row) into every answer's commit,
-- beside the answer and its response.
--
-- From this version on, responses.updated_at changes with the response row
-- (started, role set, completed, imported), no longer with every answer:
-- nothing reads it (the merge rule takes a response's time from its
-- answers' answered_at), and leaving the row alone keeps an answer's commit
-- to the answer's own page.
DROP TRIGGER responses_insert_counts;
DROP TRIGGER responses_update_counts;
DROP TRIGGER responses_delete_counts;

CREATE TRIGGER responses_insert_counts AFTER INSERT ON responses
WHEN NEW.status = 'complete' BEGIN
    INSERT OR IGNORE INTO round_changes (round_id, changes) VALUES (NEW.round_id, 0);
    UPDATE round_changes SET changes = changes + 1 WHERE round_id = NEW.round_id;
END;

CREATE TRIGGER responses_update_counts AFTER UPDATE ON responses
WHEN OLD.status = 'complete' OR NEW.status = 'complete' BEGIN
    INSERT OR IGNORE INTO round_changes (round_id, changes) VALUES (NEW.round_id, 0);
    UPDATE round_changes SET changes = changes + 1 WHERE round_id IN (NEW.round_id, OLD.round_id);
END;

CREATE TRIGGER responses_delete_counts AFTER DELETE ON responses
WHEN OLD.status = 'complete' BEGIN
    INSERT OR IGNORE INTO round_changes (round_id, changes) VALUES (OLD.round_id, 0);
    UPDATE round_changes SET changes = changes + 1 WHERE round_id = OLD.round_id;
END;
