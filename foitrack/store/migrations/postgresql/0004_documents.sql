-- 4: where a response's letter is kept. A server ledger has no folder beside
-- it, so the letters themselves are kept here, by the path an event records
-- (12/response.pdf), written in the same transaction as their event.
ALTER TABLE event ADD COLUMN document TEXT;
CREATE TABLE document (path TEXT PRIMARY KEY, data BYTEA NOT NULL)
