-- peil schema version 3: a packed copy of a completed response's answers.
--
-- Analysis and export read every completed response with its answers; for
-- a national study that is 1.8 million answer rows, which took SQLite
-- seconds to walk. A completed response no longer changes, so its answers
-- are also kept packed in one text (the format of storage/scan.go), written
-- in the transaction that completes or imports the response. The answers
-- table stays the truth; packed is NULL for responses in progress.
ALTER TABLE responses ADD COLUMN packed TEXT;

UPDATE responses SET packed = (
    SELECT group_concat(a.item_id || char(31) || ifnull(a.number, '') || char(31) || ifnull(a.choices, '')
            || char(31) || ifnull(hex(a.text), '') || char(31) || a.dont_know || char(31) || a.answered_at,
        char(30))
    FROM answers a WHERE a.response_nr = responses.nr)
WHERE status = 'complete';
